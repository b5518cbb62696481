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
from functools import lru_cache
from typing import NamedTuple

# Letters, digits and the combining marks Arabic text carries inside words.
_TOKEN = re.compile(r"[^\W_]+(?:[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+[^\W_]*)*")

# Punctuation that ends a phrase: a name never spans it. Quotes and brackets do
# not end a phrase («أنصار “بيت المقدس”» is still one organisation name).
_BREAK_CHARS = frozenset(".,;:!?\n\r\t،؛؟|/")
_SENTENCE_END_CHARS = frozenset(".!?\n؟")

_ARABIC_MARKS = dict.fromkeys(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
)
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                                 "ؤ": "و", "ئ": "ي"})
# Letters of Persian, Urdu and other scripts written in Arabic letters, never of
# Arabic itself: a gazetteer name using one cannot be an Arabic spelling.
NON_ARABIC_LETTERS = frozenset("پچژگکیہۃےھڈٹںۀڤڭۆۇۈۋێەڵڕ")


_ARABIC_CHAR = re.compile("[\u0600-\u06ff\u0750-\u077f]")


def is_arabic(text):
    """Whether the text holds a letter or mark of the Arabic blocks (a C-level
    search: the parser asks this of every name it weighs)."""
    return _ARABIC_CHAR.search(text) is not None


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
    return stripped.casefold().translate(_LATIN_LETTERS)


# Latin letters that Unicode does not decompose into a base letter and a mark,
# written with their base letters by writers without them on the keyboard
# (Jœuf / Joeuf, Łódź / Lodz, Tromsø / Tromso).
_LATIN_LETTERS = str.maketrans({"ı": "i", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                                "þ": "th"})


class Token(NamedTuple):
    """One token. A NamedTuple built positionally (tuple.__new__, below): the
    tokeniser makes one per word of every text, and this is the cheapest object
    Python builds whose fields read by name (a slotted dataclass costs about half
    as much again per token)."""

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
# Tokens never hold a space, so a text is first cut at its spaces (str.split, in
# C). A piece that is all letters and digits (str.isalnum is exactly the regex's
# [^\W_]+) is one token, and so is one with only punctuation from _EDGE around
# such a core ("Libya.", «(بنغازي)»): most pieces of news text are one of these,
# and need no regex. Any other piece (diacritics, elision, hyphens, newlines,
# abbreviations) is scanned by a regex that finds each token with the gap
# before it: a gap holds no letter or digit ([\W_] is the complement of a
# token's first character), so it is taken whole (the trailing \Z keeps the scan
# linear). Whether a gap ends a phrase or a sentence is a look-up on the gap
# string (a handful of distinct gaps: ", ", ". ", "\n\n", "،"...). The pattern
# that knows abbreviations is slower, so it is used only on a text that has one.
_PAIRS_PLAIN = re.compile(rf"([\W_]*)({_TOKEN.pattern}|\Z)")
_PAIRS = re.compile(rf"([\W_]*)({_ABBREVIATION}|{_TOKEN.pattern}|\Z)")
_HAS_ABBREVIATION = re.compile(r"[A-Z]\.[A-Z]\.")
_EDGE = ".,;:!?()[]{}\"'«»“”‘’„،؛؟…-–—/|*"
_JOINERS = ("'", "’", "-")  # inside a word: never a phrase break, in _EDGE
_GAPS = {"": (False, False)}  # gap -> (break_before, sentence_start)
_MAX_GAPS = 10_000


def _gap_flags(gap):
    flags = _GAPS.get(gap)
    if flags is None:
        chars = set(gap)
        flags = (not chars.isdisjoint(_BREAK_CHARS), not chars.isdisjoint(_SENTENCE_END_CHARS))
        if len(_GAPS) < _MAX_GAPS:
            _GAPS[gap] = flags
    return flags


_new = tuple.__new__


def tokenize(text):
    tokens = []
    append = tokens.append
    gaps = _GAPS
    pairs = _PAIRS if _HAS_ABBREVIATION.search(text) else _PAIRS_PLAIN
    broken = sentence = True  # the first token starts a phrase and a sentence
    pos = 0
    for piece in text.split(" "):
        if piece.isalnum():
            append(_new(Token, (pos, pos + len(piece), piece, normalize_token(piece), broken, piece[0].isupper(),
                                 sentence)))
            broken = sentence = False
        elif piece:
            core = piece.strip(_EDGE)
            words = _joined_words(core)
            if words:
                start = pos + piece.index(core[0])
                if start > pos:
                    lead_broken, lead_sentence = gaps.get(piece[:start - pos]) or _gap_flags(piece[:start - pos])
                    broken, sentence = broken or lead_broken, sentence or lead_sentence
                for word in words:  # joiners end no phrase: the words after the first are not broken
                    append(_new(Token, (start, start + len(word), word, normalize_token(word), broken,
                                              word[0].isupper(), sentence)))
                    broken = sentence = False
                    start += len(word) + 1
                trail = piece[start - 1 - pos:]
                broken, sentence = gaps.get(trail) or _gap_flags(trail)
            else:
                at = pos
                for gap, surface in pairs.findall(piece):
                    if gap:
                        gap_broken, gap_sentence = gaps.get(gap) or _gap_flags(gap)
                        broken, sentence = broken or gap_broken, sentence or gap_sentence
                    if not surface:
                        break  # the end of the piece
                    start = at + len(gap)
                    at = start + len(surface)
                    append(_new(Token, (start, at, surface, normalize_token(surface), broken,
                                              surface[:1].isupper(), sentence)))
                    broken = sentence = False
        pos += len(piece) + 1
    return tokens


def _joined_words(core):
    """The words of a piece's core when it is one word, or words joined by one
    apostrophe or hyphen each ("l'Algérie", "Libya's", "Bir-Lahlou"); else None."""
    if core.isalnum():
        return (core,)
    for joiner in _JOINERS:
        if joiner in core:
            words = core.split(joiner)
            return words if all(word.isalnum() for word in words) else None
    return None


def normalize_name(name):
    """The key under which a gazetteer name is indexed: its tokens' forms, spaced."""
    return " ".join(normalize_token(m.group()) for m in _NAME_TOKEN.finditer(name))
