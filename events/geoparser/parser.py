"""Find the places a news text names and decide where each one is.

Recognition walks the tokens once. At each token the longest phrase among
organisation names that contain places (al-Qaeda in the Islamic Maghreb, Ansar
Bayt al-Maqdis, the newspaper Asharq al-Awsat...), the editors' aliases and the
gazetteer wins; an organisation's tokens are skipped, never placed. A token is tried
with its Arabic proclitics removed only when the bare token is not a name.

Resolution uses the whole document: countries named or implied by nationality
adjectives, the outlet's country, cue words (مدينة, city, ville; ولاية, province;
العاصمة, capital), other places already resolved nearby, and each candidate's size.
Names that are also ordinary words need such evidence before they count.
"""
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from events.geoparser import gazetteer as gz
from events.geoparser.lexicon import (
    LOCATIVE_PREPOSITIONS,
    PhraseIndex,
    adjective_names,
    clitic_variants,
    cues,
    demonyms,
    longest_match,
    merged_starts,
    organisations,
)
from events.geoparser.normalize import is_arabic, strip_marks, tokenize

MAX_ALTERNATIVES = 5
# What a token may start (see Geoparser._starts_something).
_PLACE, _ORG, _DEMONYM, _CAPITAL = 1, 2, 4, 8
# A settlement smaller than this is kept only with evidence (context or a cue).
SMALL_PLACE = 15_000
# Anchors closer than this support a candidate.
NEAR_KM = 350
_NEAR_DEG = NEAR_KM / 111  # a cheap box test before the great-circle distance
# Outside the newsroom's region, a town smaller than this needs its country named.
FOREIGN_TOWN = 1_000_000
# How many tokens after a name may separate it from a country that qualifies it
# («طرابلس شمال لبنان», "Tripoli, in northern Lebanon").
QUALIFIER_WINDOW = 4


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


@dataclass
class _Match:
    i: int            # first token
    length: int       # tokens
    key: str
    alias: dict | None
    candidates: tuple = ()
    cue: str = ""
    demonym_after: str | None = None
    region_prefix: bool = False
    capital_of: str | None = None
    stripped: bool = False  # found after removing Arabic proclitics
    country_after: str | None = None  # a country named right after the place


def _feminine(norm):
    """Arabic feminine ending (teh marbuta, normalised to heh) or feminine plural."""
    return norm.endswith(("ه", "ات", "اء"))


def _haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


class _GazetteerIndex:
    """Adapts the gazetteer's name index to the PhraseIndex lookup protocol."""

    def __init__(self, gazetteer):
        self.keys = gazetteer.index
        self.starts = gazetteer.starts


class Geoparser:
    def __init__(self, gazetteer, aliases=None, extra_organisations=()):
        self.gaz = gazetteer
        self.places = _GazetteerIndex(gazetteer)
        self.aliases = PhraseIndex(aliases or ())
        self.orgs = organisations()
        if extra_organisations:
            self.orgs = PhraseIndex([(k, v) for k, v in self.orgs.keys.items()])
            for name in extra_organisations:
                self.orgs.add(name, name)
        self.demonyms = demonyms()
        self.cues = cues()
        self.adjectives = adjective_names()
        # One pass finds organisations, aliases and places; ties go in this order.
        self._indexes = (self.orgs, self.aliases, self.places)
        self._starts = merged_starts(self._indexes)
        self._demonym_starts = self.demonyms.starts
        self._capital_words = frozenset(w for w, kind in self.cues.items() if kind == "capital")
        self._interesting = lru_cache(maxsize=100_000)(self._starts_something)

    def _starts_something(self, norm):
        """What a token (with or without clitics) may begin: flags _PLACE, _ORG, ..."""
        flags = 0
        for form in (norm, *clitic_variants(norm)):
            if form in self.places.starts or form in self.aliases.starts:
                flags |= _PLACE
            if form in self.orgs.starts:
                flags |= _ORG
            if form in self._demonym_starts:
                flags |= _DEMONYM
            if form in self._capital_words:
                flags |= _CAPITAL
        return flags

    # -- recognition -------------------------------------------------------
    def _cue_before(self, tokens, i):
        """The cue word right before token i (clitics allowed on the cue), if any."""
        if i == 0 or tokens[i].break_before:
            return ""
        norm = tokens[i - 1].norm
        for form in (norm, *clitic_variants(norm)):
            kind = self.cues.get(form)
            if kind:
                return kind
        # "the city of X" / "la ville de X"
        if i >= 2 and norm in ("of", "de", "d") and not tokens[i - 1].break_before:
            return self.cues.get(tokens[i - 2].norm, "")
        return ""

    def _demonym_at(self, tokens, i):
        if i >= len(tokens) or tokens[i].break_before:
            return None
        norm = tokens[i].norm
        if norm not in self._demonym_starts and not any(
                v in self._demonym_starts for v in clitic_variants(norm)):
            return None
        found = longest_match(tokens, i, (self.demonyms,), self._demonym_starts)
        return self.demonyms.keys[found[1]] if found else None

    def _recognise(self, tokens):
        matches, context = [], Counter()
        starts, capital_words = self._starts, self._capital_words
        interesting = self._interesting
        i = 0
        while i < len(tokens):
            token = tokens[i]
            norm = token.norm
            flags = interesting(norm)
            if flags & _PLACE and not token.capitalised and norm.isascii():
                flags &= ~_PLACE  # a Latin-script name starts with a capital letter
            # Fast path: most tokens start no name, phrase or adjective at all.
            if not flags & (_PLACE | _ORG | _CAPITAL) and not (
                    i + 1 < len(tokens) and tokens[i + 1].norm in capital_words):
                if flags & _DEMONYM:
                    demonym = self._demonym_at(tokens, i)
                    if demonym:
                        context[demonym] += 0.5
                i += 1
                continue
            capital = (norm in capital_words or (i + 1 < len(tokens) and tokens[i + 1].norm in capital_words)) \
                and self._capital_phrase(tokens, i)
            if capital:
                matches.append(capital)
                i += capital.length
                continue
            found = longest_match(tokens, i, self._indexes, starts)
            if found and found[3] is self.orgs:
                i += found[0]  # an organisation's name is not a place
                continue
            if not found:
                demonym = self._demonym_at(tokens, i)
                if demonym:
                    context[demonym] += 0.5
                i += 1
                continue
            length, key, stripped, index = found
            if stripped and tokens[i].norm in self.cues:
                i += 1  # «ولاية» is the cue word, not و + a place
                continue
            if length == 1 and index is self.places and self._follows_definite_noun(tokens, i) \
                    and (key in self.demonyms.keys or key in self.adjectives):
                # «السلطات السعودية», «القوة القاهرة»: an adjective agreeing with the noun.
                if key in self.demonyms.keys:
                    context[self.demonyms.keys[key]] += 0.5
                i += 1
                continue
            match = _Match(i, length, key, index.keys[key] if index is self.aliases else None,
                           stripped=stripped)
            match.cue = self._cue_before(tokens, i)
            match.region_prefix = match.cue == "region"
            match.demonym_after = self._demonym_at(tokens, i + length)
            matches.append(match)
            i += length
        return matches, context

    @staticmethod
    def _follows_definite_noun(tokens, i):
        if i == 0 or tokens[i].break_before or not tokens[i].norm.startswith("ال"):
            return False
        previous = tokens[i - 1].norm
        if previous in cues() or any(v in cues() for v in clitic_variants(previous)):
            return False  # «العاصمة القاهرة», «المدينة الجديدة» name the place
        # The written article, not a normalised alef: «إلى القاهرة» is not «الـ...».
        written = strip_marks(tokens[i - 1].text)
        if not any(written.startswith(p) for p in ("ال", "بال", "وال", "فال", "لل", "كال")):
            return False
        # An adjective agrees in gender: «القوة القاهرة», but «زار الوزير القاهرة».
        return _feminine(tokens[i].norm) == _feminine(previous)

    def _capital_phrase(self, tokens, i):
        """«العاصمة الليبية», «la capitale libyenne», «the Libyan capital»."""
        if self.cues.get(tokens[i].norm) == "capital" and i + 1 < len(tokens):
            code = self._demonym_at(tokens, i + 1)
            if code and code in self.gaz.capitals:
                return _Match(i, 2, "", None, capital_of=code)
        if i + 1 < len(tokens) and self.cues.get(tokens[i + 1].norm) == "capital" \
                and not tokens[i + 1].break_before and tokens[i].capitalised:
            code = self.demonyms.keys.get(tokens[i].norm)
            if code and code in self.gaz.capitals:
                return _Match(i, 2, "", None, capital_of=code)
        return None

    # -- resolution --------------------------------------------------------
    def _prior(self, pid):
        kind = self.gaz.kind[pid]
        if kind == gz.COUNTRY:
            return 9.0
        if kind in (gz.REGION, gz.ADMIN):
            return 6.8
        score = math.log10(self.gaz.population[pid] + 10)
        return score + (0.7 if pid in self.gaz.capital else 0.0)

    def _score(self, match, pid, context, outlet_country, anchors):
        gaz = self.gaz
        kind, cc = gaz.kind[pid], gaz.country[pid]
        score = self._prior(pid)
        weight = context.get(cc, 0)
        if weight:
            score += 2.0 + min(weight, 4) * 0.5
        if cc and cc == outlet_country:
            score += 2.0
        for qualifier in (match.demonym_after, match.country_after):
            if qualifier and kind != gz.COUNTRY:
                score += 4.0 if cc == qualifier else -2.0
        if match.cue in ("city", "capital"):
            score += 2.0 if kind in (gz.CITY, gz.LOCALITY) else -6.0 if kind == gz.COUNTRY else 0
            if match.cue == "capital" and pid in gaz.capital:
                score += 2.0
        elif match.cue == "region":
            score += 3.0 if kind in (gz.REGION, gz.ADMIN) else -4.0 if kind == gz.COUNTRY else 0
        if anchors and kind != gz.COUNTRY:
            lat, lon = gaz.lat[pid], gaz.lon[pid]
            if any(abs(lat - a_lat) < _NEAR_DEG and abs(lon - a_lon) < _NEAR_DEG * 2
                   and a_key != match.key and _haversine_km(lat, lon, a_lat, a_lon) < NEAR_KM
                   for a_lat, a_lon, a_key in anchors):
                score += 1.5
        return score

    def _has_evidence(self, match, tokens, context, outlet_country):
        gaz = self.gaz
        level = gaz.ambiguity.get(match.key, gz.PLAIN)
        first = tokens[match.i]
        latin = not is_arabic(first.text)
        if latin and not first.capitalised:
            return False
        ccs = {gaz.country[p] for p in match.candidates}
        if match.cue in ("city", "region", "capital"):
            return True
        if level == gz.NEEDS_CUE:
            return False  # «الحكومة اليمنية» is a government, whatever follows it
        if match.demonym_after in ccs or match.country_after in ccs:
            return True
        in_context = bool(ccs & set(context)) or (outlet_country in ccs)
        broad = any(gaz.kind[p] in (gz.COUNTRY, gz.REGION, gz.ADMIN) for p in match.candidates)
        biggest = max(gaz.population[p] for p in match.candidates)
        home = any(gaz.country[p] in gz.HOME_COUNTRIES for p in match.candidates)
        if not broad and not in_context and (not home and biggest < FOREIGN_TOWN):
            return False  # a small town abroad is named with its country
        if match.stripped and not (in_context or broad or biggest >= 100_000):
            return False  # a clitic reading of an ordinary word needs the text's support
        if level == gz.NEEDS_EVIDENCE:
            if match.cue == "direction":
                return True
            if latin:
                return in_context or (not first.sentence_start and biggest >= 100_000)
            # Arabic has no capitals: the country in context and a word that puts
            # a place here («في عدن», «بعدن»).
            return in_context and (match.stripped or self._preposition_before(tokens, match.i))
        # A plain name: small places still need some support.
        return broad or biggest >= SMALL_PLACE or in_context or match.cue == "direction"

    @staticmethod
    def _preposition_before(tokens, i):
        return i > 0 and not tokens[i].break_before and tokens[i - 1].norm in LOCATIVE_PREPOSITIONS

    def _mention(self, text, tokens, match, choice):
        start, end = tokens[match.i].start, tokens[match.i + match.length - 1].end
        pid, confidence, scored = choice
        if pid is None:
            return Mention(start, end, text[start:end], confidence=1.0, alternatives=[], **match.alias)
        place = self.gaz.place(pid)
        feature, name = place["feature"], place["name"]
        if match.region_prefix and feature in ("city", "locality"):
            feature, name = "region", f"{name} (surrounding region)"
        alternatives = []
        for score, other in scored[1:1 + MAX_ALTERNATIVES]:
            alternative = self.gaz.place(other)
            alternative.pop("population")
            alternatives.append({**alternative, "score": round(score, 2)})
        return Mention(start, end, text[start:end], name, place["lat"], place["lon"],
                       place["country_code"], feature, place["geonames_id"], round(confidence, 3),
                       alternatives)

    def parse(self, text, language=None, outlet_country=None):
        """Mentions of places in `text`, in order of appearance."""
        tokens = tokenize(text)
        if not tokens:
            return []
        matches, context = self._recognise(tokens)
        self._qualify(matches, tokens)
        # Countries named outright are the strongest context.
        for match in matches:
            if match.alias:
                continue
            match.candidates = self.gaz.candidates(match.key) if match.key else ()
            if match.capital_of:
                context[match.capital_of] += 1
            elif self.gaz.ambiguity.get(match.key, gz.PLAIN) == gz.PLAIN:
                named = self._country_named(match.key)
                if named:
                    context[named] += 1
            if match.demonym_after:
                context[match.demonym_after] += 0.5

        chosen = [(match, self._choose(tokens, match, context, outlet_country, None))
                  for match in matches]
        chosen = [(match, choice) for match, choice in chosen if choice]
        if any(len(match.candidates) > 1 for match, _ in chosen):
            # Second round: places resolved with confidence support nearby
            # candidates of the other, ambiguous names.
            anchors = {(self.gaz.lat[c[0]], self.gaz.lon[c[0]], match.key) for match, c in chosen
                       if c[0] is not None and c[1] >= 0.75 and self.gaz.kind[c[0]] != gz.COUNTRY}
            chosen = [
                (match, self._choose(tokens, match, context, outlet_country, anchors)
                 if len(match.candidates) > 1 else choice)
                for match, choice in chosen
            ]
        return [self._mention(text, tokens, match, choice) for match, choice in chosen]

    def _country_named(self, key, regions=False):
        """The country a name stands for: its one country candidate (towns called
        Lebanon in the United States aside), or, with `regions`, the one country of
        a region («شمال لبنان»)."""
        ids = self.gaz.candidates(key) if key else ()
        countries = {self.gaz.country[p] for p in ids if self.gaz.kind[p] == gz.COUNTRY}
        if len(countries) == 1:
            return countries.pop()
        if regions and ids and all(self.gaz.kind[p] in (gz.REGION, gz.ADMIN) for p in ids):
            countries = {self.gaz.country[p] for p in ids}
            if len(countries) == 1:
                return countries.pop()
        return None

    def _qualify(self, matches, tokens):
        """Note a country named just after a place, in the same phrase or sentence."""
        for n, match in enumerate(matches[:-1]):
            following = matches[n + 1]
            end = match.i + match.length
            if following.alias or not following.key or following.i - end > QUALIFIER_WINDOW:
                continue
            if any(t.sentence_start for t in tokens[end:following.i + 1]):
                continue
            match.country_after = self._country_named(following.key, regions=True)

    def _choose(self, tokens, match, context, outlet_country, anchors):
        """(place id, confidence, [(score, place id), ...]) for a match, or None.

        An alias match has no place id: its place comes with it."""
        if match.alias:
            return (None, 1.0, ())
        if match.capital_of:
            return (self.gaz.capitals[match.capital_of], 0.95, ())
        if not match.candidates or not self._has_evidence(match, tokens, context, outlet_country):
            return None
        hedged = self.gaz.ambiguity.get(match.key, gz.PLAIN) and not (match.cue or match.demonym_after)
        if len(match.candidates) == 1:
            return (match.candidates[0], 0.85 if hedged else 1.0, ())
        scored = sorted(((self._score(match, pid, context, outlet_country, anchors), pid)
                         for pid in match.candidates), reverse=True)
        best_score, best = scored[0]
        confidence = 1.0 / sum(math.exp(score - best_score) for score, _ in scored)
        return (best, confidence * (0.85 if hedged else 1.0), scored)
