"""Phrase matching over tokens: the one lookup every lexicon and the gazetteer share.

This module knows nothing of data files or of the gazetteer, which is what lets
both the gazetteer builder and the lexicons import it without importing each
other (the old gazetteer <-> lexicon circle).
"""
from functools import lru_cache

from events.geoparser.normalize import normalize_name

# Arabic proclitics that may stand before a name (و ف ب ل ك and their combinations).
_CLITICS = ["وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك",
            "و", "ف", "ب", "ل", "ك", "لل"]
MIN_STEM = 3
_CLITIC_LETTERS = frozenset("وفبلك")


@lru_cache(maxsize=100_000)
def clitic_variants(norm):
    """Forms of an Arabic token with proclitics removed, longest clitic first.

    لل+X is read as ال+X (للجزائر -> الجزائر) and a clitic before ال keeps the
    article (بالموصل -> الموصل); ال itself is never removed.
    """
    variants = []
    if norm[:1] not in _CLITIC_LETTERS:
        return ()
    for clitic in _CLITICS:
        if norm.startswith(clitic):
            rest = norm[len(clitic):]
            if clitic.endswith(("ال", "لل")):
                rest = "ال" + rest
            if len(rest) >= MIN_STEM and rest not in variants:
                variants.append(rest)
    return tuple(variants)


@lru_cache(maxsize=100_000)
def stems_longest_first(norm):
    """clitic_variants, the longest stem first: where two readings of a token are
    names, the one that strips less is meant («ولبنان» is و + Lebanon, not ول +
    Banan; «وبغداد» و + Baghdad)."""
    return tuple(sorted(clitic_variants(norm), key=len, reverse=True))


@lru_cache(maxsize=100_000)
def short_clitic_variants(norm):
    """Two-letter stems an Arabic token leaves without its proclitic («وتل» → «تل»,
    «بام» → «ام»), which clitic_variants does not give (a two-letter word alone is
    too often a clitic reading of another word). They may only open a longer
    name: «وتل أبيب», «بأم درمان», never a one-word one."""
    if norm[:1] not in _CLITIC_LETTERS:
        return ()
    return tuple(norm[len(clitic):] for clitic in _CLITICS
                 if norm.startswith(clitic) and not clitic.endswith(("ال", "لل")) and len(norm) - len(clitic) == 2)


def phrase_starts(key):
    """'a b c' -> ['a', 'a b', 'a b c']: what a left-to-right matcher may extend."""
    tokens = key.split(" ")
    return [" ".join(tokens[:n]) for n in range(1, len(tokens) + 1)]


class PhraseIndex:
    """Normalised phrases -> values, with longest-match lookup over tokens."""

    def __init__(self, phrases=()):
        self.keys = {}
        self.starts = set()
        for phrase, value in phrases:
            self.add(phrase, value)

    def add(self, phrase, value):
        key = normalize_name(phrase)
        if not key:
            return
        self.keys.setdefault(key, value)
        self.starts.update(phrase_starts(key))

    def __contains__(self, key):
        return key in self.keys


def merged_starts(indexes):
    merged = set()
    for index in indexes:
        merged |= index.starts
    return merged


def longest_match(tokens, i, indexes, starts=None):
    """The longest key of any index starting at token i.

    Returns (length, key, stripped, index) or None. An earlier index wins ties, an
    unstripped first token wins over a stripped one, and a longer stem over a
    shorter one. The phrase grows a token at
    a time while it is the start of some key (`starts`, by default the union of
    the indexes' starts), so most tokens cost one set look-up.
    """
    if starts is None:
        starts = merged_starts(indexes)
    first = tokens[i].norm
    best = None
    short = short_clitic_variants(first)
    for form, stripped in ((first, False), *((v, True) for v in (*stems_longest_first(first), *short))):
        phrase, length = form, 1
        while phrase in starts:
            if (not best or length > best[0]) and (length > 1 or form not in short):
                for index in indexes:
                    if phrase in index.keys:
                        best = (length, phrase, stripped, index)
                        break
            if i + length >= len(tokens) or tokens[i + length].break_before:
                break
            phrase = phrase + " " + tokens[i + length].norm
            length += 1
    return best


class PhraseMatcher:
    """longest_match over fixed indexes, with what each first token can start
    worked out once per token form.

    Most tokens a text holds are common words: what their bare and clitic-less
    forms start, and which index has them as a whole key, is the same at every
    occurrence, so it is cached (by normalised token) and only the extension over
    the following tokens is done per occurrence. Same answers as longest_match;
    the indexes must not change after the matcher is made.
    """

    def __init__(self, indexes, starts=None, cache_size=100_000):
        self.indexes = tuple(indexes)
        self.starts = merged_starts(self.indexes) if starts is None else starts
        self.first_forms = lru_cache(maxsize=cache_size)(self._first_forms)

    def _first_forms(self, norm):
        """((form, stripped, index having the form as a key, or None), ...) for the
        forms of a token that start some key, bare form first."""
        found = []
        for form, stripped in ((norm, False), *((v, True) for v in stems_longest_first(norm))):
            if form in self.starts:
                owner = next((index for index in self.indexes if form in index.keys), None)
                found.append((form, stripped, owner))
        for form in short_clitic_variants(norm):
            if form in self.starts:
                found.append((form, True, None))  # only the start of a longer name
        return tuple(found)

    def longest(self, tokens, i):
        """What longest_match(tokens, i, indexes, starts) returns."""
        forms = self.first_forms(tokens[i].norm)
        if not forms:
            return None
        best = None
        count, starts, indexes = len(tokens), self.starts, self.indexes
        for form, stripped, owner in forms:
            if owner is not None and best is None:
                best = (1, form, stripped, owner)
            phrase, length = form, 1
            while i + length < count:
                token = tokens[i + length]
                if token.break_before:
                    break
                phrase = phrase + " " + token.norm
                if phrase not in starts:
                    break
                length += 1
                if best is None or length > best[0]:
                    for index in indexes:
                        if phrase in index.keys:
                            best = (length, phrase, stripped, index)
                            break
        return best
