"""What the characters around a name say about it: invisible marks between
words, a wire story's dateline and its source, quotation marks.

Small functions over the text and its tokens, used by recognise.py's walk; they
know nothing of the gazetteer (the caller says whether a name is big enough for
a dateline with a colon, or whether a token is an agency's short name).
"""

# Invisible direction and joining marks that pasted web text carries between
# words (LRM, RLM, ALM, ZWSP, ZWNJ, ZWJ, BOM): between two words they are no
# punctuation.
INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u200b\u200c\u200d\ufeff"))


def nothing_between(text, start, end):
    """Only spaces and invisible marks between two tokens."""
    return not text[start:end].translate(INVISIBLE).strip()


# What follows the place that opens a wire story: «غزة - », «عمان ـ », 'GAZA (Reuters) -'.
_DATELINE_MARKS = frozenset("-ـ–—(")
_DASHES = frozenset("-ـ–—")
_SOURCE_SPAN = 24  # characters after a dateline's name where its source's colon may stand


_OPENING_QUOTES, _CLOSING_QUOTES = frozenset('«"“'), frozenset('»"”')


def quoted_alone(text, tokens, i, length):
    """The name at tokens[i:i + length] stands alone between quotation marks."""
    if text is None:
        return False
    start, end = tokens[i].start, tokens[i + length - 1].end
    before = text[max(0, start - 4):start].translate(INVISIBLE).rstrip()
    after = text[end:end + 4].translate(INVISIBLE).lstrip()
    return before[-1:] in _OPENING_QUOTES and after[:1] in _CLOSING_QUOTES


def wire_source(text, tokens, i, after_place):
    """Token i stands where a wire story names its source: in brackets («( قنا )»),
    or right after the dateline's place (`after_place`) and a dash, before a
    colon or another dash («الدوحة - قنا :», «إسطنبول - قنا - أ ف ب :»; the
    dateline need not open a line: headlines often run into it)."""
    if text is None or i == 0:
        return False
    before = text[tokens[i - 1].end:tokens[i].start]
    after = text[tokens[i].end:tokens[i + 1].start] if i + 1 < len(tokens) else text[tokens[i].end:]
    if "(" in before and ")" in after:
        return True
    after = after.translate(INVISIBLE).strip()
    return after_place and not _DASHES.isdisjoint(before) and (after[:1] == ":" or after[:1] in _DASHES)


def dateline(text, tokens, i, length, colon=False):
    """A name that opens a line and is followed by a dash or a bracket: the
    dateline of a wire story («غزة ـ من مراسلنا», «عمان - الراية :»), which
    always names a place. With `colon` (a big place's name), an Arabic
    dateline may also give its source before a colon («غزة من مراسلنا :»)."""
    start, end = tokens[i].start, tokens[i + length - 1].end
    if i and not tokens[i].sentence_start and start - tokens[i - 1].end < 80:
        # Read first, it rules out almost every name: no line break since the word
        # before, which the test on `before` below would find.
        return False
    if end - start < 3:
        return False  # letters of an abbreviation cut over lines («إس .»), not a town
    after = text[end:end + 4].translate(INVISIBLE)
    # A space before the mark: 'Honey-bee' is one word, not a dateline. (Read first:
    # it is four characters, and rules out almost every name.)
    if not (after[:1] == " " and after.lstrip(" \t")[:1] in _DATELINE_MARKS) \
            and not (colon and _arabic_source_colon(text, tokens[i], end)):
        return False
    before = text[max(0, start - 80):start].translate(INVISIBLE).rstrip(" \t")
    return not before or before.endswith("\n")


def _arabic_source_colon(text, first, end):
    """«غزة من مراسلنا :», «لندن : الشرق الأوسط», «غزة ا . ش . ا :»: an Arabic
    dateline may give its source before a colon instead of after a dash; the colon
    comes within a few words of the name, on the same line."""
    if first.norm.isascii():
        return False
    rest = text[end:end + _SOURCE_SPAN]
    colon = rest.find(":")
    if colon < 0 or "\n" in rest[:colon]:
        return False
    # A source is a name or an agency's letters: at most three words of two letters or more.
    return sum(len(word) > 1 for word in rest[:colon].split()) <= 3
