"""A small language guess for news text: Arabic, French or English.

The script decides Arabic; between French and English, counts of very common
function words decide. Good enough to pick matching rules, not a general detector.
"""
import re

_WORDS = re.compile(r"[a-zà-ÿ']+")
_FRENCH = frozenset("le la les des du de un une et est dans pour que qui sur par avec au aux ont été selon cette".split())
_ENGLISH = frozenset("the of and to in is was for that on with by as at from were have has said this".split())


def detect_language(text):
    """'ar', 'fr', 'en', or None when the text gives nothing to go on."""
    if not text:
        return None
    sample = text[:5000]
    arabic = sum(1 for ch in sample if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if arabic and arabic >= latin:
        return "ar"
    words = _WORDS.findall(sample.lower())
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if not french and not english:
        return None
    return "fr" if french > english else "en"
