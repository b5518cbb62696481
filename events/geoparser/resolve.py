"""Resolution: which place a recognised name stands for, and whether it counts.

Uses the whole document: countries named or implied by nationality adjectives,
the outlet's country, cue words (مدينة, city, ville; ولاية, province; العاصمة,
capital), other places already resolved nearby, each candidate's size, and the
editors' global aliases, which are one more candidate with a bonus that context
can outweigh. Names that are also ordinary words need such evidence before they
count; the evidence rules are small named functions tried in order.
"""
import math
from functools import lru_cache
from typing import NamedTuple

from events.geoparser import gazetteer as gz
from events.geoparser.data import HOME_COUNTRIES
from events.geoparser.lexicon import LOCATIVE_PREPOSITIONS
from events.geoparser.normalize import is_arabic
from events.geoparser.weights import W

_NEAR_DEG = W["anchor_km"] / 111  # a cheap box test before the great-circle distance


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


class Facts(NamedTuple):
    """What the evidence rules look at, computed once per match (a tuple: the
    rules' verdict is cached on it)."""

    level: int
    latin: bool
    capitalised: bool
    sentence_start: bool
    qualified: bool     # a demonym or a country right after names a candidate's country
    in_context: bool    # a candidate's country is named in the text or is the outlet's
    broad: bool         # a candidate is a country, region or division
    biggest: int
    home: bool
    stripped: bool
    cue: str
    preposition: bool
    after_preposition: bool  # a name taken after a locative preposition alone («في مالي»)
    article: bool = False  # an Arabic name that starts with the article («الوان»)
    capital: bool = False  # a candidate is a national capital of ``big_city`` people
    language_home: bool = False  # a candidate is in a country whose press writes the text's language
    listed: bool = False  # an Arabic name in a list of places («حيفا وعكا», recognise.Match.listed)
    site: bool = False  # a team's site named in two words or more («مطار بيروت الدولي», 'Mitiga airport')


# -- evidence rules: each returns True (counts), False (does not) or None (no say)
def _lower_case_latin(f):
    return False if f.latin and not f.capitalised else None


def _strong_cue(f):
    # A dateline («غزة - », 'GAZA (Reuters) -') names the place the story is filed from.
    return True if f.cue in ("city", "region", "capital", "dateline") else None


def _word_needing_cue(f):
    return False if f.level == gz.NEEDS_CUE else None  # «الحكومة اليمنية» is a government


def _qualified(f):
    return True if f.qualified else None


def _named_site(f):
    # «مطار بيروت الدولي», 'Mitiga airport', «l'aéroport de Mitiga»: a site the
    # team lists, written with its site word, says what it is; it has no
    # population to make it count, and needs no more than a town of some size.
    return True if f.site and f.level == gz.PLAIN else None


def _city_abroad_after_preposition(f):
    # «في لشبونة», «من زيورخ»: the Arabic spelling of a city abroad of 300,000+
    # people, no ordinary word, right after a locative preposition is the city
    # even where the text does not name its country. Not with the article: Arabic
    # writes foreign cities bare, and «الوان» after «بين» is "the colours", not Van.
    if not f.latin and f.preposition and not f.article and f.level == gz.PLAIN and not f.broad \
            and f.biggest >= W["preposition_city"]:
        return True
    return None


def _small_town_abroad(f):
    # (A national capital is no small town: «واشنطن», 'Ottawa' are named
    # without their country, for their governments as much as for the towns.)
    if not f.broad and not f.capital and not f.in_context and not f.home and not f.language_home \
            and f.biggest < (W["foreign_town_latin"] if f.latin else W["foreign_town"]):
        return False  # a small town abroad is named with its country or state
    return None


def _small_town_abroad_in_arabic(f):
    # Arabic spellings of small towns abroad («كلينتون», «الراي») are mostly
    # people and words: such a town needs a cue or its country right after it.
    # A list of places with a country of the text in it («شيروان وسرخس وطبس» in a
    # story about Iran) vouches for its members.
    if not f.latin and not f.broad and not f.home and f.biggest < W["big_city"] and f.cue != "city" \
            and not (f.listed and f.in_context):
        return False
    return None


def _word_like_small_town(f):
    # 'Center', 'Lakes', 'Murphy': a small town whose name is mostly a word or a
    # surname needs its state or country right after it, or a cue; the country
    # being named somewhere in the text is not enough. (The team's sites have no
    # population and are not concerned.)
    if f.level == gz.NEEDS_EVIDENCE and f.latin and not f.broad and 0 < f.biggest < W["big_city"] \
            and f.cue not in ("city", "region") and not f.qualified:
        return False
    return None


def _clitic_reading(f):
    if f.stripped and not (f.in_context or f.broad or f.biggest >= W["big_city"] or f.listed and f.home):
        return False  # a clitic reading of an ordinary word needs the text's support
    return None


def _word_needing_evidence(f):
    if f.level != gz.NEEDS_EVIDENCE:
        return None
    if f.cue == "direction":
        return True
    if f.latin:
        return f.in_context or (not f.sentence_start and f.biggest >= W["big_city"])
    # Arabic has no capitals: the country in context and a word that puts a
    # place here («في عدن», «بعدن»); or a locative preposition alone before a
    # listed word-name («في مالي»), a country or division («في جورجيا»), or a
    # big city («في غزة», «من الرباط»), whose word readings seldom follow «في».
    # A name listed with another place name («حيفا وعكا», «جنين ورام الله») is one
    # too, where it is a town of some size or its country is in the text.
    return f.in_context and (f.stripped or f.preposition) or f.preposition and (
        f.after_preposition or f.broad or f.biggest >= W["preposition_city"]) or f.listed and (
        f.in_context or f.biggest >= W["small_place"])


def _plain_name(f):
    # A plain name: small places still need some support.
    return f.broad or f.biggest >= W["small_place"] or f.in_context or f.cue == "direction" \
        or f.language_home


EVIDENCE_RULES = (_lower_case_latin, _strong_cue, _word_needing_cue, _qualified, _named_site,
                  _city_abroad_after_preposition,
                  _small_town_abroad,
                  _small_town_abroad_in_arabic, _word_like_small_town,
                  _clitic_reading, _word_needing_evidence, _plain_name)


def _verdict(facts):
    """The first say of the evidence rules, in order (False if none has one)."""
    for rule in EVIDENCE_RULES:
        verdict = rule(facts)
        if verdict is not None:
            return verdict
    return False


# Whether a token's first character is Arabic (asked of every name weighed).
_arabic_initial = lru_cache(maxsize=4096)(is_arabic)
_new_facts = tuple.__new__


class Resolver:
    def __init__(self, gazetteer):
        self.gaz = gazetteer
        self._key_facts = lru_cache(maxsize=50_000)(self._facts_of_key)
        # The rules read only the facts: their verdict is worked out once per set of facts.
        self._verdict = lru_cache(maxsize=100_000)(_verdict)
        self.prior = lru_cache(maxsize=200_000)(self.prior)
        self._names_country = lru_cache(maxsize=50_000)(
            lambda key: any(gazetteer.kind[p] == gz.COUNTRY for p in gazetteer.candidates(key)))

    def _facts_of_key(self, key):
        """What does not depend on the text: (countries, broad, biggest, home, capital,
        level, may start in lower case, after_preposition, article, site)."""
        gaz = self.gaz
        ids = gaz.candidates(key)
        return (frozenset(gaz.country[p] for p in ids),
                any(gaz.kind[p] in gz.BROAD for p in ids),
                max((gaz.population[p] for p in ids), default=0),
                any(gaz.country[p] in HOME_COUNTRIES for p in ids),
                any(p in gaz.capital and gaz.population[p] >= W["big_city"] for p in ids),
                gaz.ambiguity.get(key, gz.PLAIN), key in gaz.lowercase,
                key in getattr(gaz, "after_preposition", ()), key.startswith("ال"),
                key in getattr(gaz, "sites", ()))

    def prior(self, pid):
        kind = self.gaz.kind[pid]
        if kind == gz.COUNTRY:
            return W["prior_country"]
        if kind == gz.REGION:
            return W["prior_region"]
        if kind == gz.ADMIN:
            return W["prior_division"]
        score = math.log10(self.gaz.population[pid] + W["prior_population_offset"])
        return score + (W["prior_capital"] if pid in self.gaz.capital else 0.0)

    def _context_score(self, cc, context, outlet_country):
        score = 0.0
        weight = context.get(cc, 0)
        if weight:
            score += W["context_country"] + min(weight, W["context_cap"]) * W["context_per_mention"]
        if cc and cc == outlet_country:
            score += W["outlet_country"]
        return score

    def _qualifier_score(self, match, cc, kind):
        """A demonym or a country/division right after the name («طرابلس اللبنانية»,
        'Rockville, Maryland'), or a town right before a division ('Rockville,
        Maryland' favours the Maryland that has a Rockville)."""
        score = 0.0
        for qualifiers in ({match.demonym_after} - {None}, match.country_after, match.qualifies):
            if qualifiers and kind != gz.COUNTRY:
                score += W["qualifier_match"] if cc in qualifiers else W["qualifier_mismatch"]
        return score

    @staticmethod
    def _cue_score(match, kind, capital):
        if match.cue in ("city", "capital"):
            score = W["cue_city_match"] if kind in (gz.CITY, gz.LOCALITY) else \
                W["cue_city_country"] if kind == gz.COUNTRY else 0.0
            if match.cue == "capital" and capital:
                score += W["cue_capital"]
            return score
        if match.cue == "dateline":
            # A dateline names the town a story is filed from («عمان -» is Amman,
            # «تونس -» Tunis, 'KUWAIT CITY (Reuters)'), rarely a country: a town, and
            # the more so a capital, is preferred to the country of the same name.
            return W["cue_city_match"] + (W["cue_capital"] if capital else 0.0) \
                if kind in (gz.CITY, gz.LOCALITY) else 0.0
        if match.cue == "region":
            return W["cue_region_match"] if kind in (gz.REGION, gz.ADMIN) else \
                W["cue_region_country"] if kind == gz.COUNTRY else 0.0
        return 0.0

    @staticmethod
    def _near_anchor(match, lat, lon, anchors):
        near_km = W["anchor_km"]
        for a_lat, a_lon, a_key in anchors:
            if abs(lat - a_lat) < _NEAR_DEG and abs(lon - a_lon) < _NEAR_DEG * 2 and a_key != match.key \
                    and haversine_km(lat, lon, a_lat, a_lon) < near_km:
                return True
        return False

    def score(self, match, pid, context, outlet_country, anchors, language_countries=()):
        gaz = self.gaz
        kind, cc = gaz.kind[pid], gaz.country[pid]
        score = self.prior(pid) + self._context_score(cc, context, outlet_country)
        if cc in language_countries and cc != outlet_country:
            score += W["language_country"]
        score += self._qualifier_score(match, cc, kind)
        score += self._cue_score(match, kind, pid in gaz.capital)
        if anchors and self.near_anchor(match, pid, anchors):
            score += W["anchor_near"]
        return score

    def near_anchor(self, match, pid, anchors):
        """Whether a candidate gets the bonus of a place resolved nearby. Nearby
        places support a town, but never against the country the same name
        stands for ('Mexico' near Mexican towns is still Mexico)."""
        gaz = self.gaz
        return gaz.kind[pid] != gz.COUNTRY and not self._names_country(match.key) \
            and self._near_anchor(match, gaz.lat[pid], gaz.lon[pid], anchors)

    def alias_score(self, match, alias, context, outlet_country):
        """An editor's global alias: as likely as the best gazetteer candidate, plus a
        hint, and weighed with the same context."""
        base = max((self.prior(p) for p in match.candidates), default=W["prior_region"])
        kind = gz.KINDS.index(alias["feature"]) if alias.get("feature") in gz.KINDS else gz.CITY
        cc = alias.get("country_code") or ""
        return (base + W["alias_hint"] + self._context_score(cc, context, outlet_country)
                + self._qualifier_score(match, cc, kind) + self._cue_score(match, kind, False))

    def facts(self, match, tokens, context, outlet_country, language_countries=()):
        first = tokens[match.i]
        ccs, broad, biggest, home, capital, level, lowercase, after_preposition, article, site = \
            self._key_facts(match.key)
        if match.cue == "compound":
            level = gz.PLAIN  # 'Bar-le-Duc' written as one word (names.compounds)
        # Every field, in Facts' order (tuple.__new__ skips NamedTuple's slower
        # keyword constructor; this is the hot path of resolution).
        return _new_facts(Facts, (
            level,
            not _arabic_initial(first.text[:1]),  # latin
            first.capitalised or lowercase,  # capitalised
            first.sentence_start,
            # qualified
            bool(ccs & ({match.demonym_after} | set(match.country_after or ())) - {None})
            if match.demonym_after is not None or match.country_after else False,
            outlet_country in ccs or not ccs.isdisjoint(context),  # in_context
            broad,
            biggest,
            home,
            match.stripped,
            match.cue,
            # preposition
            match.i > 0 and not first.break_before and tokens[match.i - 1].norm in LOCATIVE_PREPOSITIONS,
            after_preposition,
            article,
            capital,
            bool(language_countries) and not ccs.isdisjoint(language_countries),  # language_home
            match.listed,
            site,
        ))

    def has_evidence(self, match, tokens, context, outlet_country, language_countries=()):
        # Most names are countries, regions and divisions that need nothing more
        # (the rules below would all agree): answer those without the facts.
        if match.key not in self.gaz.ambiguity and self._key_facts(match.key)[1] \
                and (tokens[match.i].capitalised or _arabic_initial(tokens[match.i].text[:1])):
            return True
        return self._verdict(self.facts(match, tokens, context, outlet_country, language_countries))

    def part_of_country(self, code, direction):
        """A point in the named part of a country, from where its towns lie."""
        south, north, west, east = self.gaz.bounds[code]
        ns, we = direction
        share = W["part_offset"]
        lat = (south + north) / 2 + ns * (north - south) * share
        lon = (west + east) / 2 + we * (east - west) * share
        return round(lat, 4), round(lon, 4)
