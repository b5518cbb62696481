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
# that knows abbreviations is slower, so it is used only on a piece that has one.
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
# What each space-separated piece of text tokenises to, kept across texts: news
# repeats its words, and a piece's tokens do not depend on the rest of the text
# (see _piece_tokens). _WORDS holds the pieces that are one plain word (most of
# them): piece -> (length, norm, capitalised). _PIECES holds the others: piece ->
# (((offset, word, norm, capitalised, breaks, starts a sentence), ...), (breaks,
# starts a sentence) after the last word). Each is emptied when it reaches its
# bound, so a long-running process keeps at most that many entries (a few tens
# of MB) whatever it reads.
_WORDS = {}
_PIECES = {}
_MAX_WORDS = 100_000
_MAX_PIECES = 50_000
# A piece is what lies between two spaces: in a text that separates its words with
# tabs or no-break spaces it can be a whole paragraph, so only pieces up to this long
# are remembered (the bound on entries is then a bound on memory).
_MAX_PIECE_CHARS = 64


def _piece_tokens(piece):
    """The _PIECES entry of a piece that is not one plain word. A dotted
    abbreviation lies inside one piece ("U.S."), so reading a piece with the
    pattern that knows abbreviations only when it holds one tokenises it as a
    scan of the whole text with that pattern would."""
    words = _joined_words(piece.strip(_EDGE)) if piece else None
    parts = []
    if words:
        core = piece.strip(_EDGE)
        start = piece.index(core[0])
        broken, sentence = _gap_flags(piece[:start])
        for word in words:  # joiners end no phrase: the words after the first are not broken
            parts.append((start, word, normalize_token(word), word[0].isupper(), broken, sentence))
            broken = sentence = False
            start += len(word) + 1
        return tuple(parts), _gap_flags(piece[start - 1:])
    pairs = _PAIRS if _HAS_ABBREVIATION.search(piece) else _PAIRS_PLAIN
    broken = sentence = False
    at = 0
    for gap, surface in pairs.findall(piece):
        if gap:
            gap_broken, gap_sentence = _gap_flags(gap)
            broken, sentence = broken or gap_broken, sentence or gap_sentence
        if not surface:
            break  # the end of the piece
        start = at + len(gap)
        at = start + len(surface)
        parts.append((start, surface, normalize_token(surface), surface[:1].isupper(), broken, sentence))
        broken = sentence = False
    return tuple(parts), (broken, sentence)


def tokenize(text):
    tokens = []
    append = tokens.append
    known_words, known_pieces = _WORDS, _PIECES
    broken = sentence = True  # the first token starts a phrase and a sentence
    pos = 0
    for piece in text.split(" "):
        word = known_words.get(piece)
        if word is None and piece.isalnum() and len(piece) <= _MAX_PIECE_CHARS:
            if len(known_words) >= _MAX_WORDS:
                known_words.clear()
            word = known_words[piece] = (len(piece), normalize_token(piece), piece[0].isupper())
        if word is not None:
            append(_new(Token, (pos, pos + word[0], piece, word[1], broken, word[2], sentence)))
            broken = sentence = False
        else:
            known = known_pieces.get(piece)
            if known is None:
                known = _piece_tokens(piece)
                if len(piece) <= _MAX_PIECE_CHARS:
                    if len(known_pieces) >= _MAX_PIECES:
                        known_pieces.clear()
                    known_pieces[piece] = known
            parts, (trail_broken, trail_sentence) = known
            for start, surface, norm, capitalised, gap_broken, gap_sentence in parts:
                append(_new(Token, (pos + start, pos + start + len(surface), surface, norm, broken or gap_broken,
                                    capitalised, sentence or gap_sentence)))
                broken = sentence = False
            broken, sentence = broken or trail_broken, sentence or trail_sentence
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
