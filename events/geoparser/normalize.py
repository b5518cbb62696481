"""Text normalisation and tokenising for matching place names.

Matching works on tokens: runs of letters, digits and combining marks. Each token
keeps its offsets into the original text, so normalisation (which removes Arabic
diacritics and tatweel, unifies alef, yeh and teh marbuta forms, strips Latin
accents and case) never disturbs the spans reported to the user. Apostrophes,
hyphens and punctuation separate tokens, which is how French elision (l'Algérie),
English possessives (Libya's) and hyphenated names (Deir ez-Zor) line up with the
gazetteer's names, tokenised the same way.
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters, digits and the combining marks Arabic text carries inside words.
_TOKEN = re.compile(r"[^\W_]+(?:[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+[^\W_]*)*")

# Punctuation that ends a phrase: a name never spans it. Quotes and brackets do
# not end a phrase («أنصار “بيت المقدس”» is still one organisation name).
_BREAK = re.compile(r"[.,;:!?\n\r\t،؛؟|/]")
_SENTENCE_END = re.compile(r"[.!?\n؟]")

_ARABIC_MARKS = dict.fromkeys(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
)
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                                 "ؤ": "و", "ئ": "ي"})
# Letters of Persian, Urdu and other scripts written in Arabic letters, never of
# Arabic itself: a gazetteer name using one cannot be an Arabic spelling.
NON_ARABIC_LETTERS = frozenset("پچژگکیہۃےھڈٹںۀڤڭۆۇۈۋێەڵڕ")


def is_arabic(text):
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def strip_marks(token):
    """The token without Arabic diacritics and tatweel, letters untouched."""
    return token.translate(_ARABIC_MARKS)


@lru_cache(maxsize=200_000)
def normalize_token(token):
    """The matching form of one token (Arabic or Latin script)."""
    if is_arabic(token):
        return token.translate(_ARABIC_MARKS).translate(_ARABIC_LETTERS)
    if "." in token:
        token = token.replace(".", "")  # U.S. -> us
    decomposed = unicodedata.normalize("NFKD", token)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().replace("ı", "i")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    norm: str
    break_before: bool  # phrase-ending punctuation between this token and the previous one
    capitalised: bool
    sentence_start: bool  # first token of the text or of a sentence


# Dotted abbreviations (U.S., U.A.E.) are one token, and their dots end nothing.
_ABBREVIATION = r"(?:[A-Z]\.){2,}"
_NAME_TOKEN = re.compile(rf"{_ABBREVIATION}|{_TOKEN.pattern}")
# One scan finds tokens, sentence ends and other phrase breaks, in order. The
# scan that knows abbreviations is slower, so it is used only on a text that has one.
_SCAN_PLAIN = re.compile(rf"(?P<t>{_TOKEN.pattern})|(?P<e>[.!?\n؟])|(?P<b>[,;:\r\t،؛|/])")
_SCAN = re.compile(rf"(?P<t>{_ABBREVIATION}|{_TOKEN.pattern})|(?P<e>[.!?\n؟])|(?P<b>[,;:\r\t،؛|/])")
_HAS_ABBREVIATION = re.compile(r"[A-Z]\.[A-Z]\.")


def tokenize(text):
    tokens = []
    append = tokens.append
    broken = sentence = True
    scan = _SCAN if _HAS_ABBREVIATION.search(text) else _SCAN_PLAIN
    for match in scan.finditer(text):
        kind = match.lastgroup
        if kind == "t":
            surface = match.group()
            append(Token(match.start(), match.end(), surface, normalize_token(surface), broken,
                         surface[:1].isupper(), sentence))
            broken = sentence = False
        elif kind == "e":
            broken = sentence = True
        else:
            broken = True
    return tokens


def normalize_name(name):
    """The key under which a gazetteer name is indexed: its tokens' forms, spaced."""
    return " ".join(normalize_token(m.group()) for m in _NAME_TOKEN.finditer(name))
