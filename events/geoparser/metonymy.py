"""Place names that stand for a team or an organisation, not for the place.

Sports reports name clubs and national sides by their town or country
(«فاز منتخب مصر», «دينامو كييف», «ليون الفرنسي», 'Liverpool beat Chelsea');
newspapers, universities and companies carry place names («صحيفة نيويورك
تايمز», «جامعة القاهرة»). An event map wants neither: the match was not played
"in Spain" because Spain won it.

Two strengths of evidence, from data/metonymy.json:
- decisive, whatever the passage: a team word, a word that opens only a
  club's name («دينامو», «أولمبيك», «حسنية», «الوداد») or an organisation head
  right before the name («منتخب», «نادي», «جامعة», «صحيفة»), or an
  organisation's last word right after it ('Aberystwyth University');
- a hint, that counts only inside a sports passage (at least `sports_words_near`
  sports words within `sports_window` tokens): a club prefix («دينامو», 'Real'),
  a sports verb or «أمام» before the name, a score or a bracketed country right
  after it («برشلونة ( اسبانيا )», «النيجر 2 - صفر»), or a masculine nationality
  adjective after a town («ليون الفرنسي»: a town is feminine in Arabic, a club
  masculine). A name listed right after a team with «و» is a team too.
"""
from bisect import bisect_left
from functools import lru_cache

from events.geoparser.data import read_cached
from events.geoparser.normalize import normalize_name
from events.geoparser.weights import W

DECISIVE, HINT = 2, 1


@lru_cache(maxsize=1)
def lexicon():
    """{list name: frozenset of normalised words} from data/metonymy.json."""
    data = read_cached("metonymy.json")
    return {name: frozenset(normalize_name(w) for words in languages.values() for w in words)
            for name, languages in data.items() if not name.startswith("_")}


@lru_cache(maxsize=1)
def _org_tails():
    return lexicon().get("org_tails", frozenset())


def _org_tail_at(tokens, j):
    """An organisation's last word at tokens[j] ('University'), or a two-word one
    ('State University', where 'State' alone may still be part of a place)."""
    tails = _org_tails()
    if tokens[j].norm in tails:
        return True
    return j + 1 < len(tokens) and not tokens[j + 1].break_before \
        and f"{tokens[j].norm} {tokens[j + 1].norm}" in tails


def _score_token(token):
    return token.norm.isdigit() or token.norm == "صفر"


@lru_cache(maxsize=1)
def before_words():
    """{normalised word: DECISIVE or HINT} for the word right before a name."""
    words = lexicon()
    table = dict.fromkeys(words["club_prefixes"] | words["sport_verbs"], HINT)
    table.update(dict.fromkeys(words["team_words"] | words["org_heads"] | words.get("vessel_words", frozenset())
                               | words.get("club_names", frozenset()), DECISIVE))
    return table


def team_hint(tokens, i, length, text, before, demonym_after, towns_only):
    """DECISIVE, HINT or 0 for a place name at tokens[i:i + length]; `before` is
    the strength the word before it gives (from before_words)."""
    if before == DECISIVE:
        return DECISIVE
    hint = before
    j = i + length
    if j < len(tokens):
        after = tokens[j]
        gap = text[tokens[j - 1].end:after.start] if text is not None else " "
        if after.capitalised and not after.break_before and _org_tail_at(tokens, j):
            return DECISIVE  # 'Aberystwyth University', 'Ohio State University'
        if _score_token(after) and ")" not in gap and (j + 1 >= len(tokens) or _score_token(tokens[j + 1])):
            return HINT  # «النيجر 2 - صفر»; not the bracketed country of a team before the score
        if "(" in gap and demonym_after is None and j + 1 < len(tokens) \
                and ")" in text[after.end:tokens[j + 1].start + 1]:
            return HINT  # «برشلونة ( اسبانيا )»
        if demonym_after and towns_only and after.norm.endswith("ي"):
            return HINT  # «ليون الفرنسي», «قطر القطري»: masculine, a club
    return hint


def in_sports_passage(positions, i):
    """At least `sports_words_near` sports words within `sports_window` tokens of i."""
    window = W["sports_window"]
    lo = bisect_left(positions, i - window)
    hi = bisect_left(positions, i + window + 1)
    return hi - lo >= W["sports_words_near"]


def _coordinated(tokens, previous_end, i):
    """Token i follows a name ending at previous_end with only «و» or «et»
    between («فرنسا و سويسرا», «فرنسا وسويسرا», «entre Lens et Lille»)."""
    between = tokens[previous_end:i]
    if not between:
        return previous_end == i and tokens[i].norm.startswith("و")
    return len(between) == 1 and between[0].norm in _AND


_AND = frozenset(("و", "et"))


def drop_teams(matches, tokens, sports_positions):
    """Matches without the team readings: decisive ones always, hints inside a
    sports passage, and names coordinated with a dropped team («و سويسرا»)."""
    kept, dropped_end = [], None
    for match in matches:
        hint = match.team
        sports = hint == HINT or dropped_end is not None
        sports = sports and in_sports_passage(sports_positions, match.i)
        drop = hint == DECISIVE or hint == HINT and sports or (
            sports and dropped_end is not None and _coordinated(tokens, dropped_end, match.i))
        if drop:
            dropped_end = match.i + match.length
            continue
        dropped_end = None
        kept.append(match)
    return kept
