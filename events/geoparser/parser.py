"""The geoparser: recognise place names in a text, then resolve each one.

    parser = Geoparser(gazetteer, aliases=[(name, place), ...], non_places=[...])
    parser.parse(text, language="ar", outlet_country="MA", overrides={...})

`aliases` are the editors' global hints (a place each: name, lat, lon,
country_code, feature, geonames_id): a candidate with a bonus, which the
article's context can outweigh. `overrides` apply to one parse only: a mapping
from a character span (start, end) or a surface form to a place (that span or
every occurrence of that form is that place) or to None (it is not a place).
Recognition is in recognise.py, resolution in resolve.py, the weights in
weights.py.
"""
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from operator import attrgetter

from events.geoparser import gazetteer as gz
from events.geoparser import streets
from events.geoparser.data import LANGUAGE_COUNTRIES
from events.geoparser.normalize import normalize_name, tokenize
from events.geoparser.phrases import PhraseIndex, clitic_variants
from events.geoparser.recognise import Match, Recogniser
from events.geoparser.resolve import Resolver, haversine_km
from events.geoparser.weights import W

MAX_ALTERNATIVES = 5
_PART_NAMES = {(1, 0): "northern", (-1, 0): "southern", (0, 1): "eastern", (0, -1): "western",
               (0, 0): "central", (1, 1): "north-eastern", (1, -1): "north-western",
               (-1, 1): "south-eastern", (-1, -1): "south-western"}

__all__ = ["Geoparser", "Mention", "haversine_km"]

_haversine_km = haversine_km  # the name older callers import
_sentence_start = attrgetter("sentence_start")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature: str
    geonames_id: int | None
    confidence: float
    alternatives: list = field(default_factory=list)

    def as_dict(self, alternatives=True):
        data = asdict(self)
        if not alternatives:
            data.pop("alternatives")
        return data


class Geoparser:
    def __init__(self, gazetteer, aliases=None, non_places=(), extra_organisations=()):
        self.gaz = gazetteer
        self.aliases = PhraseIndex(aliases or ())
        self.recogniser = Recogniser(gazetteer, self.aliases, [*non_places, *extra_organisations])
        self.resolver = Resolver(gazetteer)
        # Per-name answers that do not depend on the text, computed once.
        self._country_named = lru_cache(maxsize=50_000)(self._country_named)
        self._countries_named = lru_cache(maxsize=50_000)(self._countries_named)
        self._town_countries = lru_cache(maxsize=50_000)(self._town_countries)
        self._place_row = lru_cache(maxsize=50_000)(self._place_row)

    def prior(self, pid):
        return self.resolver.prior(pid)

    _prior = prior  # the offline geocoder's name for it

    # -- parse ---------------------------------------------------------------
    def parse(self, text, language=None, outlet_country=None, overrides=None):
        """Mentions of places in `text`, in order of appearance."""
        tokens = tokenize(text)
        if not tokens:
            return []
        matches, context = self.recogniser.recognise(tokens, text, language)
        if overrides:
            matches = _apply_overrides(matches, tokens, overrides)
        street_matches = [m for m in matches if m.street]
        if street_matches:  # placed at their towns once the towns are resolved (streets.py)
            matches = [m for m in matches if not m.street]
        self._qualify(matches, tokens)
        self._gather_context(matches, context)
        home = LANGUAGE_COUNTRIES.get(language, ())

        first_scores = {}  # id(match) -> (scores of its candidates, hedge) of the first round
        chosen = [(match, self._choose(tokens, match, context, outlet_country, None, first_scores, home))
                  for match in matches]
        chosen = [(match, choice) for match, choice in chosen if choice]
        if any(len(match.candidates) > 1 for match, _ in chosen):
            # Second round: places resolved with confidence support nearby
            # candidates of the other, ambiguous names.
            anchors = {(self.gaz.lat[c[0]], self.gaz.lon[c[0]], match.key) for match, c in chosen
                       if isinstance(c[0], int) and c[1] >= W["anchor_confidence"]
                       and self.gaz.kind[c[0]] != gz.COUNTRY}
            # Only the anchors' bonus differs from the first round: a name none of
            # whose candidates is near an anchor keeps its first answer, which the
            # same sums would give again; the others add the bonus (the last term
            # of resolver.score) to their first-round scores.
            if anchors:
                near = self._near_flags(anchors)
                chosen = [(match, self._rescore(match, choice, first_scores.get(id(match)), near, context,
                                                outlet_country))
                          for match, choice in chosen]
        chosen = [(match, choice) for match, choice in chosen if choice]
        if street_matches:
            chosen = self._place_streets(street_matches, chosen, tokens, text)
        return [self._mention(text, tokens, match, choice) for match, choice in chosen]

    def _place_streets(self, street_matches, chosen, tokens, text):
        """The resolved matches with each street placed at its town (streets.town_of),
        in text order, in place of the names inside it («rue de Provence» in Paris
        is not Provence); a street in a text that names no town is left out, and
        the names inside it are kept."""
        spans = [(street.i, street.i + street.length) for street in street_matches]
        placed = [(match, choice[0]) for match, choice in chosen if isinstance(choice[0], int)
                  and not _inside(match, spans)]
        added, covered = [], []
        for street in street_matches:
            found = streets.town_of(street, placed, self.gaz, tokens)
            if found:
                covered.append((street.i, street.i + street.length))
                _town_match, pid = found
                name, lat, lon, country_code, feature, geonames_id = self._place_row(pid)
                words = text[tokens[street.i].start:tokens[street.i + street.length - 1].end]
                added.append((street, ({"name": f"{name} ({words})", "lat": lat, "lon": lon,
                                        "country_code": country_code, "feature": feature,
                                        "geonames_id": geonames_id}, W["street_confidence"], ())))
        if covered:
            chosen = [(match, choice) for match, choice in chosen if not _inside(match, covered)]
        return sorted([*chosen, *added], key=lambda pair: pair[0].i)

    def _near_flags(self, anchors):
        """For a match, which of its candidates get an anchor's bonus
        (resolver.near_anchor), or None when none does. Candidates far outside the
        box around all anchors (twice the bonus's reach, a margin for rounding)
        are ruled out without it."""
        reach = W["anchor_km"] / 111 * 2
        south, north = min(a[0] for a in anchors) - reach, max(a[0] for a in anchors) + reach
        west, east = min(a[1] for a in anchors) - 2 * reach, max(a[1] for a in anchors) + 2 * reach
        lat, lon, near = self.gaz.lat, self.gaz.lon, self.resolver.near_anchor

        def near_flags(match):
            flags = [south < lat[pid] < north and west < lon[pid] < east and near(match, pid, anchors)
                     for pid in match.candidates]
            return flags if any(flags) else None
        return near_flags

    def _rescore(self, match, choice, first, near_flags, context, outlet_country):
        """The second-round choice of a match: its first-round candidate scores
        (`first`, None when it was not scored) plus the anchors' bonus where it
        applies; what _choose with the anchors returns."""
        if first is None or len(match.candidates) < 2:
            return choice
        flags = near_flags(match)
        if flags is None:
            return choice
        scores, hedge = first
        bonus = W["anchor_near"]
        scored = [(score + bonus if near else score, pid)
                  for score, near, pid in zip(scores, flags, match.candidates)]
        return self._ranked(match, scored, hedge, context, outlet_country)

    def _gather_context(self, matches, context):
        """Countries named outright, by a capital phrase, or by their one division."""
        for match in matches:
            match.candidates = self.gaz.candidates(match.key) if match.key else ()
            if match.override is not None or match.part_of:
                continue
            if match.capital_of:
                context[match.capital_of] += W["named_country_context"]
            elif self.gaz.ambiguity.get(match.key, gz.PLAIN) == gz.PLAIN:
                named = self._country_named(match.key, True)  # (regions: positional, the cache's cheaper key)
                if named:
                    context[named] += W["named_country_context"]
            if match.demonym_after:
                context[match.demonym_after] += W["demonym_context"]

    def _country_named(self, key, regions=False):
        """The country a name stands for: its one country candidate (towns called
        Lebanon in the United States aside), or, with `regions`, the one country of
        a region or division («شمال لبنان», 'Borno')."""
        ids = self.gaz.candidates(key) if key else ()
        countries = {self.gaz.country[p] for p in ids if self.gaz.kind[p] == gz.COUNTRY}
        if len(countries) == 1:
            return countries.pop()
        if regions and ids and all(self.gaz.kind[p] in (gz.REGION, gz.ADMIN) for p in ids):
            countries = {self.gaz.country[p] for p in ids}
            if len(countries) == 1:
                return countries.pop() or None
        return None

    def _qualify(self, matches, tokens):
        """Note the countries a name just after a place may be in (in the same
        phrase or sentence): a country, or the countries of a division or region
        of that name; and, on that division, the countries of the town before it."""
        window = W["qualifier_window"]
        for n, match in enumerate(matches[:-1]):
            following = matches[n + 1]
            end = match.i + match.length
            if following.alias or not (following.key or following.part_of) \
                    or following.i - end > window:
                continue
            if any(map(_sentence_start, tokens[end:following.i + 1])):
                continue
            if following.part_of:  # 'Tripoli, dans le nord du Liban'
                match.country_after = frozenset((following.part_of,))
                continue
            qualifiers = self._countries_named(following.key)
            if qualifiers:
                match.country_after = qualifiers
                towns = self._town_countries(match.key) if match.key else frozenset()
                if towns & qualifiers and len(qualifiers) > 1:
                    following.qualifies = frozenset(towns & qualifiers)

    def _town_countries(self, key):
        return frozenset(self.gaz.country[p] for p in self.gaz.candidates(key)
                         if self.gaz.kind[p] in (gz.CITY, gz.LOCALITY))

    def _countries_named(self, key):
        """The countries a name may stand for: its country, or the countries of its
        regions and divisions when it names nothing else."""
        named = self._country_named(key)
        if named:
            return frozenset((named,))
        ids = self.gaz.candidates(key)
        return frozenset(self.gaz.country[p] for p in ids
                         if self.gaz.kind[p] in (gz.REGION, gz.ADMIN) and self.gaz.country[p]) or None

    def _choose(self, tokens, match, context, outlet_country, anchors, first_scores=None, home=()):
        """(place id or place dict, confidence, [(score, place id), ...]) for a match, or None.
        `first_scores` (a dict), when given, receives the candidates' scores under id(match);
        `home`: the countries whose press writes the text's language (data.LANGUAGE_COUNTRIES)."""
        if match.override is not None:
            return (match.override, 1.0, ()) if match.override else None
        if match.part_of:
            return (self._part_place(match), W["directional_confidence"], ())
        if match.capital_of:
            return (self.gaz.capitals[match.capital_of], W["capital_phrase_confidence"], ())
        if match.alias and not match.candidates:
            return (match.alias, 1.0, ())
        if not match.candidates or not self.resolver.has_evidence(match, tokens, context, outlet_country, home):
            return (match.alias, 1.0, ()) if match.alias else None
        hedged = self.gaz.ambiguity.get(match.key, gz.PLAIN) and not (match.cue or match.demonym_after)
        hedge = W["hedge"] if hedged else 1.0
        if len(match.candidates) == 1 and not match.alias:
            return (match.candidates[0], hedge, ())
        scored = [(self.resolver.score(match, pid, context, outlet_country, anchors, home), pid)
                  for pid in match.candidates]
        if first_scores is not None:
            first_scores[id(match)] = ([score for score, _ in scored], hedge)
        return self._ranked(match, scored, hedge, context, outlet_country)

    def _ranked(self, match, scored, hedge, context, outlet_country):
        """The choice among scored candidates (and the match's alias, if any)."""
        if match.alias:
            scored.append((self.resolver.alias_score(match, match.alias, context, outlet_country), -1))
        scored.sort(reverse=True)
        best_score, best = scored[0]
        confidence = 1.0 / sum([math.exp(score - best_score) for score, _ in scored])  # (a list: faster, same order)
        scored = [(s, p) for s, p in scored if p >= 0]
        if best < 0:
            return (match.alias, round(confidence, 3), scored)
        return (best, confidence * hedge, scored)

    def _part_place(self, match):
        lat, lon = self.resolver.part_of_country(match.part_of, match.direction)
        signs = tuple(int(math.copysign(1, v)) if v else 0 for v in match.direction)
        return {"name": f"{_PART_NAMES[signs]} {_country_label(self.gaz, match.part_of)}", "lat": lat,
                "lon": lon, "country_code": match.part_of, "feature": "region", "geonames_id": None}

    def _mention(self, text, tokens, match, choice):
        start, end = tokens[match.i].start, tokens[match.i + match.length - 1].end
        place_ref, confidence, scored = choice
        if isinstance(place_ref, dict):
            place = place_ref
            return Mention(start, end, text[start:end], place["name"], place["lat"], place["lon"],
                           place.get("country_code"), place.get("feature", "city"), place.get("geonames_id"),
                           round(confidence, 3), [])
        name, lat, lon, country_code, feature, geonames_id = self._place_row(place_ref)
        if match.region_prefix and feature in ("city", "locality"):
            feature, name = "region", f"{name} (surrounding region)"
        alternatives = []
        for score, other in scored[1:1 + MAX_ALTERNATIVES]:
            o_name, o_lat, o_lon, o_cc, o_feature, o_id = self._place_row(other)
            alternatives.append({"name": o_name, "lat": o_lat, "lon": o_lon, "country_code": o_cc,
                                 "feature": o_feature, "geonames_id": o_id, "score": round(score, 2)})
        return Mention(start, end, text[start:end], name, lat, lon, country_code, feature, geonames_id,
                       round(confidence, 3), alternatives)

    def _place_row(self, pid):
        """What a mention shows of a place, as gazetteer.place() gives it (without
        the population), computed once per place."""
        place = self.gaz.place(pid)
        return (place["name"], place["lat"], place["lon"], place["country_code"], place["feature"],
                place["geonames_id"])


_COUNTRY_LABELS = {}


def _country_label(gaz, code):
    """The English name of a country code, looked up once per gazetteer."""
    labels = _COUNTRY_LABELS.get(id(gaz))
    if labels is None:
        labels = {gaz.country[p]: gaz.names[p] for p in range(len(gaz.names)) if gaz.kind[p] == gz.COUNTRY}
        _COUNTRY_LABELS[id(gaz)] = labels
    return labels.get(code, code)


def _inside(match, spans):
    """Whether a match lies within one of the (start, end) token spans."""
    return any(start <= match.i and match.i + match.length <= end for start, end in spans)


def _token_range(tokens, start, end):
    inside = [n for n, t in enumerate(tokens) if t.start >= start and t.end <= end]
    return (inside[0], inside[-1] + 1) if inside else None


def _occurrences(tokens, key):
    """Token ranges where a normalised surface form occurs (clitics allowed on its first word)."""
    words = key.split(" ")
    found = []
    for i, token in enumerate(tokens):
        if token.norm != words[0] and words[0] not in clitic_variants(token.norm):
            continue
        j = i + len(words)
        if j <= len(tokens) and all(tokens[i + k].norm == w for k, w in enumerate(words[1:], 1)) \
                and not any(tokens[i + k].break_before for k in range(1, len(words))):
            found.append((i, j))
    return found


def _apply_overrides(matches, tokens, overrides):
    """An article's own corrections: they replace whatever was recognised there."""
    forced = []
    for target, place in overrides.items():
        if isinstance(target, tuple):
            span = _token_range(tokens, *target)
            ranges = [span] if span else []
        else:
            ranges = _occurrences(tokens, normalize_name(target))
        for i, j in ranges:
            forced.append(Match(i, j - i, "", override=place or False))
    if not forced:
        return matches
    kept = [m for m in matches
            if not any(m.i < f.i + f.length and f.i < m.i + m.length for f in forced)]
    return sorted(kept + forced, key=lambda m: m.i)

