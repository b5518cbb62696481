"""Recognition: which spans of a text are place names, in one walk over the tokens.

At each token the longest phrase among organisation names that contain places
(al-Qaeda in the Islamic Maghreb, Ansar Bayt al-Maqdis, the newspaper Asharq
al-Awsat...), non-place names the app passes in, editors' aliases and the
gazetteer wins; an organisation's tokens are skipped, never placed. A token is
tried with its Arabic proclitics removed only when the bare token is not a name.

Before a name is kept, three readings that are not places are ruled out: an
adjective agreeing with the noun before it («السلطات السعودية»), a person's name
(after a title, after a known given name, or a surname the text already used for
a person; in Arabic, a known given name and the word after it), an acronym
written in lower case ("us") or a state abbreviation not written as one ('Mo
said'), and a team or organisation named after the place (metonymy.py: «منتخب
مصر», «جامعة القاهرة», 'Aberystwyth University'). A compass word before a
country («شرق ليبيا», 'eastern Libya', 'le nord du Mali') makes one match for the
part of the country. In French texts, a street name («rue du Château») makes a
match that the parser places at its town (streets.py), a one-word name of small
villages only counts after a place word («de Retzwiller»), and a word-like
compound written with its hyphens (Bar-le-Duc) is a plain name.

A name's textual surroundings (datelines, wire sources, quotation marks,
invisible marks) are read by textmarks.py. The module is long (about 800 lines):
the walk and its readings share state (the surnames seen so far, the context
counter, the indexes), and splitting the readings into another module would hand
that state back and forth for no gain.
"""
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter

from events.geoparser import gazetteer as gz
from events.geoparser import metonymy, streets
from events.geoparser.data import HOME_COUNTRIES
from events.geoparser.lexicon import (
    LOCATIVE_PREPOSITIONS,
    adjective_names,
    cues,
    demonyms,
    directions,
    french_given_names,
    given_names,
    organisations,
    quoted_media,
    royal_titles,
    wire_acronyms,
)
from events.geoparser.lexicon import person_titles as titles
from events.geoparser.names import ARTICLE_FORMS
from events.geoparser.normalize import normalize_name, normalize_token, strip_marks
from events.geoparser.phrases import (
    PhraseIndex,
    PhraseMatcher,
    clitic_variants,
    longest_match,
    merged_starts,
    short_clitic_variants,
)
from events.geoparser.textmarks import INVISIBLE as _INVISIBLE
from events.geoparser.textmarks import dateline as _dateline
from events.geoparser.textmarks import nothing_between as _nothing_between
from events.geoparser.textmarks import quoted_alone as _quoted_alone
from events.geoparser.textmarks import wire_source as _wire_source
from events.geoparser.weights import W

# What a token may start (see Recogniser._starts_something).
_PLACE, _ORG, _DEMONYM, _CAPITAL, _DIRECTION, _SPORT, _GIVEN, _STREET = 1, 2, 4, 8, 16, 32, 64, 128
# Words between a compass word and its country: 'north of', 'le nord du', 'l'est de la'.
_DIRECTION_LINKS = frozenset("of the du de la l d des".split())
# «أبو أيوب», «أبي طالب», «ابن خلدون»: the words that open an Arabic kunya or
# patronymic. The word itself and the word after it belong to a person's name,
# not to a place (Aba, Nigeria; «مصعب»). «بنت» is left out («بنت جبيل»), and a
# longer place name that starts with one of them («أبو ظبي», «بن عروس») still wins.
_KUNYA = frozenset(normalize_name(w) for w in ("أبو", "أبا", "أبي", "ابن", "إبن", "بن"))
# «هذه الظاهرة», «تلك المدينة»: a definite word after a demonstrative is a common
# noun ("this phenomenon"); Arabic does not put a demonstrative before a place name.
_DEMONSTRATIVES = frozenset(normalize_name(w) for w in (
    "هذا", "هذه", "ذلك", "تلك", "هذان", "هذين", "هاتان", "هاتين", "هؤلاء", "أولئك", "ذاك"))
# The same with a proclitic: «بهذا المتوسط», «وهذه الظاهرة», «لتلك المدينة». Not
# «ذلك» with one: «لذلك», «كذلك», «بذلك», «وذلك» are "therefore", "also", "thereby",
# "and that is", after which a place may follow («كذلك الأردن»).
_DEMONSTRATIVES_WITH_CLITIC = frozenset(normalize_name(c + w) for c in ("و", "ف", "ب", "ل", "وب", "ول", "فب")
                                        for w in ("هذا", "هذه", "تلك", "هؤلاء", "هذين", "هاتين"))
# Capitalised words after which a name is a feature, not a person: 'Victoria Falls'.
_FEATURE_WORDS = frozenset("falls river lake valley mountains mountain desert sea ocean gulf bay "
                           "island islands peninsula strait canal province state county district "
                           "city region basin delta".split())
# Titles written as abbreviations are followed by a full stop: 'M. Hollande', 'Dr. Evans'.
_MAX_NAME_TOKENS = 3
# Words that put a place right after them, in French: a village too small to be
# named alone («Lavergne a dit» is a man) counts after one («de Retzwiller»,
# «à Crépol», «près de Foussemagne»).
VILLAGE_WORDS = frozenset(normalize_name(w) for w in (
    "à", "au", "aux", "en", "vers", "dans", "depuis", "de", "d", "pour", "sur", "près", "par"))


# Titles after which «de» + a capitalised word is a person's name, not a place:
# «M. de Lécluse», «le général de Saint-Germain», «le vicomte de Marigny».
_PARTICLE_TITLES = frozenset(normalize_name(w) for w in (
    "M", "MM", "Mme", "Mlle", "comte", "vicomte", "marquis", "baron", "duc", "comtesse", "vicomtesse",
    "marquise", "baronne", "duchesse", "général", "amiral"))
# «دي» (de, di) between a club word and its town in Arabic transliteration.
_ARABIC_DE = normalize_name("دي")
# The words between a French organisation head and its place: «tribunal de la Seine».
_FRENCH_LINKS = frozenset("de d du des la l".split())
# The links between an organisation's head and the place it is named after.
_HEAD_LINKS = _FRENCH_LINKS | {"of"}
# The Arabic article as Latin-script names write it before a hyphen ('al-Tabbaneh').
_LATIN_ARTICLES = frozenset("al el ad adh ar as ash at ath az ed en er es et ez".split())
# Words after a hyphen that do not make a place name part of another name:
# 'Longwy-Bas', 'Paris-Nord'.
_HYPHEN_SUFFIXES = frozenset("haute haut hautes basse bas basses grand grande petit petite nord sud est ouest "
                             "centre plage ville".split())


def _inside_a_code(text, start, end):
    """A name written into a code rather than naming a place: glued to a currency
    sign ('US$460 million', '$US 15 billion', 'HK$'), or between slashes before a
    number, as influenza strains are named ('A/California/7/2009')."""
    before, after = text[start - 1:start], text[end:end + 2]
    if before == "$" or after[:1] == "$":
        return True
    return before == "/" and after[:1] == "/" and after[1:2].isdigit()


def _hyphen_compound(text, tokens, i, length, starts_a_place):
    """'Lamy-Quantin', 'Opéra-Comique', 'Léon-Poirier': a Latin name followed by a
    hyphen and a capitalised word that starts no place is the first part of a
    longer name (a double surname, a theatre, a firm), not the place.
    ('Autriche-Hongrie' names both; a name after the hyphen is left alone: the
    corpora mark 'Bouches-du-Rhône' or 'Haute-Alsace' whole.)"""
    j = i + length
    if j >= len(tokens) or text[tokens[j - 1].end:tokens[j].start] != "-":
        return False
    after = tokens[j]
    return after.capitalised and after.norm.isascii() and after.norm not in _HYPHEN_SUFFIXES \
        and not starts_a_place(after.norm)


def _written_hyphenated(text, tokens, i, length):
    """Whether the tokens of a name are joined by hyphens in the text (Bar-le-Duc,
    not «bar le duc»)."""
    return text is not None and length > 1 and all(
        text[tokens[k - 1].end:tokens[k].start] == "-" for k in range(i + 1, i + length))



# Masculine past-tense verbs of saying, with و/ف: «قال», «وأضاف», «فأكد».
_MASCULINE_SPEECH = frozenset(normalize_name(c + w) for c in ("", "و", "ف") for w in (
    "قال", "أضاف", "أكد", "أوضح", "رفض", "صرح", "أعلن", "اعتبر", "أشار", "شدد",
    "حذر", "نفى", "دعا"))
# Words after which «لـ» + a name is whom one speaks to («قال لـ الشرق الأوسط», «في
# تصريح للشرق الأوسط»): a newspaper or a person, not the place.
_TOLD = frozenset(normalize_name(c + w) for c in ("", "و", "ف") for w in (
    "قال", "قالت", "يقول", "تقول", "صرح", "صرحت", "أكد", "أكدت", "أوضح", "أوضحت", "أضاف", "أضافت",
    "كشف", "كشفت", "وصف", "يصف", "أعلن", "أعلنت", "تصريح", "تصريحات", "حديث", "مقابلة"))
_TO = normalize_name("ل")
_AND = normalize_name("و")
# A news agency's name is often followed by its acronym («وكالة الأنباء القطرية قنا»).
_AGENCY = normalize_name("وكالة") + " "
# Possessive suffixes written as a token of their own, where a text splits clitics
# off («بلد هم», «قوم ه», «عاصمة ها»; the nisba's «ي» in «ال قطر ي»): the word before
# is a noun with its possessive (or an adjective), not a place. Not «هما», «كما»,
# «كم», «ك»: those stand alone as words ("they both", "as", "how many", "like").
_DETACHED_SUFFIXES = frozenset(normalize_name(w) for w in ("ه", "ها", "هم", "هن", "نا", "ي"))

# The article before a capital phrase set off by commas ('Ankara, the Turkish capital').
_APPOSITION_ARTICLES = frozenset(("the", "la", "le", "l"))


def _comma_between(text, tokens, j):
    """Whether only a comma (Latin or Arabic) stands between tokens j - 1 and j."""
    return 0 < j < len(tokens) and text[tokens[j - 1].end:tokens[j].start].strip() in (",", "،")


def _member_with_proclitics(words):
    """A cached test of a token's norm: in `words`, or, in Arabic script, in them
    once its proclitics are taken off («للسفير», «والأمير», «وبول»)."""
    return lru_cache(maxsize=50_000)(
        lambda norm: norm in words or not norm.isascii() and any(v in words for v in clitic_variants(norm)))


@dataclass(slots=True)
class Match:
    i: int            # first token
    length: int       # tokens
    key: str
    alias: dict | None = None
    candidates: tuple = ()
    cue: str = ""
    demonym_after: str | None = None
    region_prefix: bool = False
    capital_of: str | None = None
    stripped: bool = False  # found after removing Arabic proclitics
    country_after: frozenset | None = None  # countries a name right after the place may be in
    qualifies: frozenset | None = None  # countries of a town named right before this division
    part_of: str | None = None  # a country code: 'eastern Libya'
    direction: tuple | None = None  # (north-south, west-east) offsets for part_of
    override: object = None  # an article-scoped correction: a place dict, or False
    team: int = 0  # metonymy.DECISIVE / HINT: the name may stand for a team or an organisation
    street: bool = False  # a French street name (streets.py), placed at its town
    listed: bool = False  # an Arabic name joined by «و» or a comma to the place name before or after it


_surface = itemgetter(2)  # Token.text


def _feminine(norm):
    """Arabic feminine ending (teh marbuta, normalised to heh) or feminine plural."""
    return norm.endswith(("ه", "ات", "اء"))


class GazetteerIndex:
    """Adapts the gazetteer's name index to the PhraseIndex lookup protocol."""

    def __init__(self, gazetteer):
        self.keys = gazetteer.index
        self.starts = gazetteer.starts


class Recogniser:
    def __init__(self, gazetteer, aliases=None, non_places=()):
        self.gaz = gazetteer
        self.places = GazetteerIndex(gazetteer)
        self.aliases = aliases if isinstance(aliases, PhraseIndex) else PhraseIndex(aliases or ())
        self.orgs = organisations()
        if non_places:
            self.orgs = PhraseIndex(list(self.orgs.keys.items()))
            for name in non_places:
                self.orgs.add(name, name)
        self.demonyms = demonyms()
        self.cues = cues()
        self.adjectives = adjective_names()
        self.directions = directions()
        self.titles = titles()
        self.given = given_names()
        self._french_given = french_given_names()
        self._wire = wire_acronyms()
        self._quoted_media = quoted_media()
        # One pass finds organisations, aliases and places; ties go in this order.
        self._indexes = (self.orgs, self.aliases, self.places)
        self._starts = merged_starts(self._indexes)
        self._demonym_starts = self.demonyms.starts
        # The same longest matches, with what each token form starts cached.
        self._matcher = PhraseMatcher(self._indexes, self._starts)
        self._demonym_matcher = PhraseMatcher((self.demonyms,), self._demonym_starts)
        self._place_matcher = PhraseMatcher((self.places,), self.places.starts)
        self._capital_words = frozenset(w for w, kind in self.cues.items() if kind == "capital")
        self._interesting = lru_cache(maxsize=100_000)(self._starts_something)
        # The same, keyed by the written token, which also tells its capital.
        self._walk_flags = lru_cache(maxsize=100_000)(self._walk_flags_of)
        # «للسفير», «والرئيس»: an Arabic title with its proclitics is still a title.
        self._major_place = lru_cache(maxsize=50_000)(self._major_place_of)
        self._town_of_its_own = lru_cache(maxsize=50_000)(self._town_of_its_own_name)
        self._dateline_place = lru_cache(maxsize=50_000)(self._dateline_place_of)
        self._is_title = _member_with_proclitics(self.titles)
        # «للملكة», «والأمير»: a royal title with its proclitics is still one.
        self._is_royal_title = _member_with_proclitics(royal_titles())
        # «وبول», «لجون»: an Arabic given name with its proclitics is still one.
        self._given_of = _member_with_proclitics(self.given)
        # First words of the names that may start in lower case ('lac Tchad').
        self._lower_starts = frozenset(key.split(" ")[0] for key in getattr(gazetteer, "lowercase", ()))
        self._whole_words = getattr(gazetteer, "whole_words", frozenset())
        self._abbreviations = getattr(gazetteer, "abbreviations", frozenset())
        self._dotted = getattr(gazetteer, "dotted", frozenset())
        self._compounds = getattr(gazetteer, "compounds", frozenset())
        self._villages = getattr(gazetteer, "villages", frozenset())
        self._contracted = getattr(gazetteer, "contracted", None) or {}
        words = metonymy.lexicon()
        self._sport_words = words["sport_words"] | words["team_words"] | words.get("club_names", frozenset())
        self._before_team = metonymy.before_words()
        self._org_heads = words["org_heads"]
        self._located_heads = words.get("located_heads", frozenset())
        self._name_heads = words.get("name_heads", frozenset())
        self._team_words = words["team_words"]
        # Per-word answers that do not depend on the text, computed once.
        self._cue_of = lru_cache(maxsize=100_000)(self._cue_kind)
        self._team_word_of = lru_cache(maxsize=100_000)(self._team_word)
        self._towns = lru_cache(maxsize=50_000)(
            lambda key: all(gazetteer.kind[p] in (gz.CITY, gz.LOCALITY) for p in gazetteer.candidates(key)))
        # (These read a key's candidates, a tuple that may be long: 'Libya' and the
        # towns so named. Asked of most names found, and again and again of the
        # same few, so each key's answer is kept.)
        self.country_of_key = lru_cache(maxsize=50_000)(self.country_of_key)
        self._names_a_country = lru_cache(maxsize=50_000)(self._names_a_country)
        self._names_a_region = lru_cache(maxsize=50_000)(self._names_a_region)
        self._direction_of = lru_cache(maxsize=50_000)(self._direction_of_norm)

    def _starts_something(self, norm):
        """What a token (with or without clitics) may begin: flags _PLACE, _ORG, ...
        (_GIVEN: the token itself is a given name). A token with no flag is
        passed over by the walk."""
        flags = _GIVEN if norm in self.given else 0
        for form in short_clitic_variants(norm):  # «وتل» of «وتل أبيب»
            if form in self.places.starts or form in self.aliases.starts:
                flags |= _PLACE
        if norm in streets.STREET_WORDS:
            flags |= _STREET
        for form in (norm, *clitic_variants(norm)):
            if form in self.places.starts or form in self.aliases.starts:
                flags |= _PLACE
            if form in self.orgs.starts:
                flags |= _ORG
            if form in self._demonym_starts:
                flags |= _DEMONYM
            if form in self._capital_words:
                flags |= _CAPITAL
            if form in self.directions:
                flags |= _DIRECTION
            if form in self._sport_words:
                flags |= _SPORT
        return flags

    def _walk_flags_of(self, surface):
        """What the walk reads of a token written `surface` (as tokenize makes it:
        its norm is normalize_token(surface), capitalised its first letter's
        case): _starts_something of its norm, without _PLACE for a Latin word in
        lower case that starts no lower-case name, which the walk never places.
        Most such words ('a', 'de', 'in') then start nothing and are passed over."""
        norm = normalize_token(surface)
        flags = self._interesting(norm)
        if flags & _PLACE and not surface[:1].isupper() and norm.isascii() and norm not in self._lower_starts:
            flags &= ~_PLACE  # a Latin-script name starts with a capital letter
        return flags

    # -- small readings ----------------------------------------------------
    def cue_before(self, tokens, i):
        """The cue word right before token i (clitics allowed on the cue), if any."""
        if i == 0 or tokens[i].break_before:
            return ""
        norm = tokens[i - 1].norm
        # A capitalised Latin cue right before a name is part of another name
        # ('State Police', 'City Hall'), not a cue.
        if not (tokens[i - 1].capitalised and norm.isascii()):
            kind = self._cue_of(norm)
            if kind:
                return kind
        # "the city of X" / "la ville de X"
        if i >= 2 and norm in ("of", "de", "d") and not tokens[i - 1].break_before:
            return self.cues.get(tokens[i - 2].norm, "")
        return ""

    def _cue_kind(self, norm):
        """The cue kind of a word or of its clitic-less forms, first found."""
        for form in (norm, *clitic_variants(norm)):
            kind = self.cues.get(form)
            if kind:
                return kind
        return ""

    def _team_word(self, norm):
        """What a word (or its clitic-less form) before a name says of a team:
        metonymy.DECISIVE, HINT or 0."""
        before = self._before_team.get(norm, 0)
        if not before:
            for form in clitic_variants(norm):
                before = self._before_team.get(form, 0)
                if before:
                    break
        return before

    def demonym_at(self, tokens, i):
        if i >= len(tokens) or tokens[i].break_before:
            return None
        found = self._demonym_matcher.longest(tokens, i)
        return self.demonyms.keys[found[1]] if found else None

    def _follows_definite_noun(self, tokens, i):
        if i == 0 or tokens[i].break_before or not tokens[i].norm.startswith("ال"):
            return False
        previous = tokens[i - 1].norm
        if previous in self.cues or not self.cues.keys().isdisjoint(clitic_variants(previous)):
            return False  # «العاصمة القاهرة», «المدينة الجديدة» name the place
        # The written article, not a normalised alef: «إلى القاهرة» is not «الـ...».
        written = strip_marks(tokens[i - 1].text)
        if not written.startswith(("ال", "بال", "وال", "فال", "لل", "كال")):
            return False
        # An adjective agrees in gender: «القوة القاهرة», but «زار الوزير القاهرة».
        return _feminine(tokens[i].norm) == _feminine(previous)

    def _place_key(self, norm):
        """The index key a one-word token names (itself, or without its clitics), or ""."""
        if norm in self.gaz.index:
            return norm
        return next((v for v in clitic_variants(norm) if v in self.gaz.index), "")

    def _masculine_nisba(self, tokens, i, key, text):
        """A one-word town name «ال...ي» right after a definite noun, with nothing
        between: a masculine nisba adjective («الوجه القبلي», «الغذاء البحري»,
        «المدى الشرقي»), not the town. (The gender test of _follows_definite_noun
        cannot be used: a normalised masculine noun may end like a feminine one,
        «الوجه», «الغذاء»; a town after a definite noun is feminine anyway.)
        Not after a cue word or a country name («العراق الجديد» is the country
        and an adjective), nor where the name is a demonym, which has its own
        reading, nor with a proclitic on the name itself: an adjective takes none,
        a listed town does («الفلوجة والرمادي»). A noun that is also a town
        («الوجه», Al Wajh) still counts as a noun."""
        if not tokens[i].norm.startswith("ال") or len(key) < 5 or not self._towns(key) \
                or key in self.demonyms.keys:
            return False  # («الفلوجة والرمادي»: with «و» the name is listed, not an adjective)
        if i == 0 or tokens[i].break_before or (
                text is not None and not _nothing_between(text, tokens[i - 1].end, tokens[i].start)):
            return False
        previous = tokens[i - 1]
        if not strip_marks(previous.text).startswith(("ال", "بال", "وال", "فال", "لل", "كال")):
            return False
        if previous.norm in self.cues or not self.cues.keys().isdisjoint(clitic_variants(previous.norm)):
            return False
        return not (self._starts_a_place(previous.norm) and any(
            self._names_a_country(form) for form in (previous.norm, *clitic_variants(previous.norm))))

    def _starts_a_place(self, norm):
        return bool(self._interesting(norm) & _PLACE)

    @staticmethod
    def _in_a_person_or_noun_phrase(tokens, i):
        """An Arabic one-word name that opens a kunya («أبا أيوب»), follows one
        («أبي طالب»), or follows a demonstrative («هذه الظاهرة»)."""
        token = tokens[i]
        if token.norm.isascii():
            return False
        if token.norm in _KUNYA and i + 1 < len(tokens) and not tokens[i + 1].break_before:
            return True
        if i == 0 or token.break_before:
            return False
        previous = tokens[i - 1].norm
        return previous in _KUNYA or token.norm.startswith("ال") and (
            previous in _DEMONSTRATIVES or previous in _DEMONSTRATIVES_WITH_CLITIC)

    def capital_phrase(self, tokens, i):
        """«العاصمة الليبية», «la capitale libyenne», «the Libyan capital»."""
        if self.cues.get(tokens[i].norm) == "capital" and i + 1 < len(tokens):
            code = self.demonym_at(tokens, i + 1)
            if code and code in self.gaz.capitals:
                return Match(i, 2, "", capital_of=code)
        if i + 1 < len(tokens) and self.cues.get(tokens[i + 1].norm) == "capital" \
                and not tokens[i + 1].break_before and tokens[i].capitalised:
            code = self.demonyms.keys.get(tokens[i].norm)
            if code and code in self.gaz.capitals:
                return Match(i, 2, "", capital_of=code)
        return None

    def _after_country_name(self, tokens, i, text):
        """Token i follows, with nothing between, a one-word country name («روسيا»)."""
        if i == 0 or tokens[i].break_before or (
                text is not None and not _nothing_between(text, tokens[i - 1].end, tokens[i].start)):
            return False
        previous = tokens[i - 1].norm
        return self._starts_a_place(previous) and any(
            self._names_a_country(form) for form in (previous, *clitic_variants(previous)))

    def _notable(self, key, home, abroad):
        """Whether `key` names a country, a national capital, a town of the home region
        of `home` people or more, or one abroad of `abroad` (weights, by name)."""
        gaz = self.gaz
        return any(gaz.kind[p] == gz.COUNTRY or p in gaz.capital or gaz.population[p] >= W[abroad]
                   or gaz.country[p] in HOME_COUNTRIES and gaz.population[p] >= W[home]
                   for p in gaz.candidates(key))

    def _dateline_place_of(self, key):
        """A name big enough to open a dateline with only a colon after its source
        («غزة من مراسلنا :»); a line opening with a person («رايس : ...») or a day
        («الأحد :») is no dateline."""
        return self.gaz.ambiguity.get(key, gz.PLAIN) != gz.NEEDS_CUE and self._notable(
            key, "big_city", "foreign_town")

    def _town_of_its_own_name(self, key):
        """A name of two words or more that is a notable place's whole name, given name
        first ('Abu Kamal'), is the place, not a person."""
        return self._notable(key, "small_place", "foreign_town_latin")

    def _major_place_of(self, key):
        """A country, a national capital or a city of 1,000,000+ people."""
        return self._notable(key, "foreign_town", "foreign_town")

    def _capital_named_at(self, tokens, j, code, comma=False):
        """Whether token j starts the name of the capital of `code` ('the Turkish
        capital Ankara'; English may put 'of' between: 'the Turkish capital of Ankara').
        `comma`: a comma stands before token j, and the name may follow it."""
        if j + 1 < len(tokens) and tokens[j].norm == "of" and not tokens[j].break_before:
            j += 1
        if j >= len(tokens) or tokens[j].break_before and not comma or not self._starts_a_place(tokens[j].norm):
            return False
        found = longest_match(tokens, j, (self.places,), self.places.starts)
        return bool(found) and self.gaz.capitals.get(code) in self.gaz.candidates(found[1])

    def _capital_before(self, previous, tokens, i, code, text):
        """Whether the match `previous` is the capital of `code` and stands right
        before the capital phrase at token i, a comma between (and an article:
        'Ankara, the Turkish capital', «Tripoli, la capitale libyenne»)."""
        start = i
        if start > 0 and tokens[start - 1].norm in _APPOSITION_ARTICLES and not tokens[start].break_before:
            start -= 1
        return previous.key != "" and previous.i + previous.length == start and _comma_between(text, tokens, start) \
            and self.gaz.capitals.get(code) in self.gaz.candidates(previous.key)

    def country_of_key(self, key):
        ids = self.gaz.candidates(key)
        countries = {self.gaz.country[p] for p in ids if self.gaz.kind[p] == gz.COUNTRY}
        return countries.pop() if len(countries) == 1 else None

    def _not_written_as_a_town(self, tokens, i, length, key):
        """'FAO' is an acronym, not Al Faw; 'The village' is not The Village, Oklahoma:
        a town's Latin name is not written in short capitals nor with a lower-case
        word inside (countries and the team's names may be: 'République
        démocratique du Congo')."""
        first = tokens[i]
        if not first.norm.isascii() or key in self.gaz.acronyms:
            return False
        if length == 1:
            return first.text.isupper() and len(first.text) <= 3
        if not self._towns(key):
            return False
        return any(not t.capitalised and len(t.text) > 3 for t in tokens[i + 1:i + length])

    @staticmethod
    def _abbreviated(tokens, i, text):
        """An AP state abbreviation as written after a town: ', Ky.', ', Md.'. Written
        in capitals it is something else: ', M.D.' after a name is a degree."""
        if text is None or i == 0 or not tokens[i].capitalised or tokens[i].text.isupper():
            return False
        token = tokens[i]
        return "," in text[tokens[i - 1].end:token.start] and (
            token.text.endswith(".") or text[token.end:token.end + 1] == ".")

    def _placed_village(self, tokens, i):
        """A village's name after a word that puts a place there (VILLAGE_WORDS)
        or a cue («la commune de»)."""
        return i > 0 and not tokens[i].break_before and (
            tokens[i - 1].norm in VILLAGE_WORDS or bool(self.cue_before(tokens, i)))

    def _org_at(self, tokens, k):
        """Whether an organisation's name (or a non-place name) opens at token k."""
        found = self._matcher.longest(tokens, k)
        return bool(found) and found[3] is self.orgs

    def _place_at(self, tokens, k):
        """Whether a gazetteer name opens at token k."""
        return self._starts_a_place(tokens[k].norm) and bool(self._place_matcher.longest(tokens, k))

    def _names_a_region(self, key):
        """A country, a region or a division is named so (whatever else is)."""
        return any(self.gaz.kind[p] in gz.BROAD for p in self.gaz.candidates(key))

    def _names_a_country(self, key):
        return any(self.gaz.kind[p] == gz.COUNTRY for p in self.gaz.candidates(key))

    def _direction_word(self, token):
        return self._direction_of(token.norm)

    def _direction_of_norm(self, norm):
        for form in (norm, *clitic_variants(norm)):
            offsets = self.directions.get(form)
            if offsets:
                return offsets
        return None

    def directional_part(self, tokens, i):
        """«شرق ليبيا», «شمال شرق ليبيا», «الجنوب اليمني», 'eastern Libya', 'le nord du Mali'."""
        offsets = self._direction_word(tokens[i])
        if not offsets:
            return None
        ns, we = offsets
        j = i + 1
        if j < len(tokens) and not tokens[j].break_before:
            second = self._direction_word(tokens[j])
            if second:  # «شمال شرق», 'north-eastern'
                ns, we = ns or second[0], we or second[1]
                j += 1
        while j < len(tokens) and j - i < 5 and not tokens[j].break_before and tokens[j].norm in _DIRECTION_LINKS:
            j += 1
        if j >= len(tokens) or tokens[j].break_before:
            return None
        code = self.demonym_at(tokens, j) if tokens[i].norm.startswith("ال") or tokens[j].norm.startswith("ال") \
            else None
        length = None
        if code:
            found = self._demonym_matcher.longest(tokens, j)
            length = found[0] if found else None
        else:
            found = self._place_matcher.longest(tokens, j)
            if not found:
                return None
            code = self.country_of_key(found[1])
            length = found[0]
            if tokens[j].norm.isascii() and not tokens[j].capitalised:
                return None
        if not code or code not in self.gaz.bounds or not length:
            return None
        return Match(i, j + length - i, "", part_of=code, direction=(ns, we))

    def _title_before(self, tokens, i):
        """A person's title right before token i: 'President', 'M.', «السيد»."""
        if i == 0:
            return False
        previous = tokens[i - 1]
        if not self._is_title(previous.norm):
            return False
        # Abbreviated titles stand before a full stop ('M. Hollande'); others
        # must not be separated from the name.
        return not tokens[i].break_before or len(previous.norm) <= 3

    def person_at(self, tokens, i, surnames):
        """(tokens of a person's name starting at token i, how it was told), or (0, "").

        Latin script: a surname the text already gave to a person, a title
        ('President', 'M.') before capitalised words, or a known given name
        followed by a capitalised word. Arabic: the one word after «السيد»."""
        token = tokens[i]
        if not token.norm.isascii():
            return self._arabic_person_at(tokens, i, surnames)
        if not token.capitalised:
            return 0, ""
        if token.norm in surnames:
            return 1, "surname"
        if self._title_before(tokens, i):
            return self._name_run(tokens, i), "title"
        if token.norm in self.given and i + 1 < len(tokens) and not tokens[i + 1].break_before \
                and tokens[i + 1].capitalised and tokens[i + 1].norm.isascii() \
                and tokens[i + 1].norm not in _FEATURE_WORDS:
            return self._name_run(tokens, i), "given"
        return 0, ""

    def _surname_after(self, tokens, i):
        """«Maurice Ravel», 'Jordan Bardella': a Latin given name that also names a
        country, followed by a capitalised word that starts no place name and is
        no title ('Jordan King Abdullah' is the country's king), is a person."""
        following = tokens[i + 1]
        return tokens[i].norm.isascii() and not self._starts_a_place(following.norm) \
            and not self._is_title(following.norm)

    def _arabic_person_at(self, tokens, i, surnames=()):
        """Arabic has no capitals: the word after a title («الرئيس»), a known
        given name and the word after it («جون بولتون», «فلاديمير بوتين», with a
        proclitic too: «وبول سكولز»), or a surname the text already gave to a
        person («خافيير سولانا» ... «سولانا»)."""
        if self._title_before(tokens, i):
            return 1, "title"
        if i and not tokens[i].break_before and self._given_of(tokens[i - 1].norm):
            return 1, "given"
        if self._given_of(tokens[i].norm) and i + 1 < len(tokens) and not tokens[i + 1].break_before \
                and not self.cue_before(tokens, i):
            return 2, "given"
        if tokens[i].norm in surnames:
            return 1, "surname"
        return 0, ""

    def _lone_given_name(self, tokens, i, key):
        """«murmura César», «par Léon»: a French given name standing alone is the
        person, unless a locative word or a cue before it puts a place there
        («à Florence», «la ville de Florence») or it names a country or a city of
        100,000+ people."""
        if i and not tokens[i].break_before and (
                tokens[i - 1].norm in LOCATIVE_PREPOSITIONS or self.cue_before(tokens, i)):
            return False
        gaz = self.gaz
        return not any(gaz.kind[p] == gz.COUNTRY or gaz.population[p] >= W["big_city"]
                       for p in gaz.candidates(key))

    @staticmethod
    def _particle_after_title(tokens, i):
        """«M. de Lécluse», «le général de Saint-Germain»: a title, «de» or «d'»,
        then the name: the person's name with its particle."""
        if i < 2 or tokens[i].break_before or tokens[i - 1].norm not in ("de", "d"):
            return False
        title = tokens[i - 2].norm
        return title in _PARTICLE_TITLES and (not tokens[i - 1].break_before or len(title) <= 3)

    def _name_run(self, tokens, i):
        n = 1
        while n < _MAX_NAME_TOKENS and i + n < len(tokens) and not tokens[i + n].break_before \
                and tokens[i + n].capitalised and tokens[i + n].norm not in _FEATURE_WORDS:
            n += 1
        return n

    # -- the walk ------------------------------------------------------------
    def _team_hint(self, tokens, i, length, key, demonym_after, text, brackets=True):
        """Whether the name at i may stand for a team or an organisation (metonymy.py).
        Most names have neither a team word before them nor a score, a bracket, a
        capital word or an adjective after them: those are answered here.
        `brackets`: False when the text has no «(» (its gaps are then not read)."""
        before = 0
        if i and not tokens[i].break_before and (
                not brackets or text is None or "(" not in text[tokens[i - 1].end:tokens[i].start]):
            # (A bracket between: «أولمبياكوس ( اليونان )» gives the club's country.)
            before = self._team_word_of(tokens[i - 1].norm)
            if not before and tokens[i - 1].norm in _HEAD_LINKS:
                before = self._head_of_before(tokens, i)
            elif not before and tokens[i - 1].norm == _ARABIC_DE and i > 1 and not tokens[i - 1].break_before:
                # «غريميو دي بورتو أليغري»: a club word, «دي», the club's town.
                before = self._team_word_of(tokens[i - 2].norm)
        j = i + length
        if before == metonymy.DECISIVE or j >= len(tokens):
            return before
        after = tokens[j]
        if demonym_after is None and after.norm.startswith("ال") and after.norm.endswith("ي") \
                and not after.break_before and self._town_nisba_after_country(key, after.norm):
            return metonymy.DECISIVE  # «المغرب الفاسي», «المغرب التطواني»: a club
        if demonym_after is None and not after.capitalised and not after.norm[:1].isdigit() \
                and after.norm != "صفر" and (not brackets or text is None
                                              or "(" not in text[tokens[j - 1].end:after.start]):
            return before
        towns_only = demonym_after is not None and (
            self._towns(key) or demonym_after == self.country_of_key(key))
        return metonymy.team_hint(tokens, i, length, text, before, demonym_after, towns_only)

    @staticmethod
    def _told(tokens, i, stripped):
        """The name at i is whom a verb of saying addresses: «قال لـ X», «قال ل X»
        (a detached «ل»), «في تصريح للشرق الأوسط» (the «ل» on the name)."""
        if tokens[i].break_before:
            return False
        previous = tokens[i - 1].norm
        if previous == _TO:
            return i > 1 and not tokens[i - 1].break_before and tokens[i - 2].norm in _TOLD
        return stripped and tokens[i].norm.startswith("ل") and previous in _TOLD

    def _listed_after(self, previous, match, tokens):
        """«حيفا وعكا», «جنين و رام الله»: the name follows another place name with
        only «و» between (its clitic or a token of its own). A list of places
        vouches for its members (resolve.py, `listed`). Not a list of colours or
        other adjectives («الخضراء والبيضاء»), nor of persons («كريستوفر والكين»);
        not across a comma either, after which a sentence may go on
        («... وسوريا ، ينقل ...»)."""
        if not previous.key or previous.street or tokens[match.i].break_before:
            return False
        end, i = previous.i + previous.length, match.i
        if end == i:
            listed = match.stripped and tokens[i].norm.startswith("و")
        else:
            listed = end == i - 1 and tokens[i - 1].norm == _AND and not tokens[i - 1].break_before
        return listed and not any(
            key in self.adjectives or key in self.demonyms.keys or self._given_of(tokens[m.i].norm)
            for m, key in ((previous, previous.key), (match, match.key)))

    @staticmethod
    def _paper_reading(tokens, i, length, text, after_place):
        """A newspaper named like a region («الشرق الأوسط») where only the paper
        fits: as the source of a dateline, right after its place and a colon
        («لندن : الشرق الأوسط»), or before a feminine adjective, which agrees with
        «صحيفة» and not with the masculine region («الشرق الأوسط اللندنية»; the
        region's adjectives are masculine: «الشرق الأوسط الجديد»)."""
        if text is None:
            return False
        if after_place and i and text[tokens[i - 1].end:tokens[i].start].translate(_INVISIBLE).strip() == ":":
            return True
        j = i + length
        if j >= len(tokens) or tokens[j].break_before or not _nothing_between(text, tokens[j - 1].end, tokens[j].start):
            return False
        after = tokens[j].norm
        return after.startswith("ال") and after.endswith("يه") and len(after) > 5

    def _town_nisba_after_country(self, key, adjective):
        """A country's name followed by a masculine nisba adjective of one of its
        own cities («المغرب الفاسي», «المغرب التطواني»: Maghreb of Fes, of Tetouan)
        is a club's name: nothing else puts a town's adjective after its
        country. The city must be of ``big_city`` people, so that an adjective
        of a common word («المغرب العربي») is not read as a town's."""
        code = self.country_of_key(key)
        if not code:
            return False
        stem = adjective[2:-1]
        gaz = self.gaz
        return len(stem) >= 3 and any(
            gaz.kind[p] == gz.CITY and gaz.country[p] == code and gaz.population[p] >= W["big_city"]
            for form in (stem, "ال" + stem) for p in gaz.candidates(form))

    @staticmethod
    def _name_goes_on(tokens, i, text):
        """Where the name ends (the index after it) if a Latin-script name head at
        tokens[i] ('Bab') has the rest of a name right after it: a capitalised word,
        or al-/el- and one ('Bab al-Tabbaneh'); else 0."""
        j = i + 1
        if j < len(tokens) and tokens[j].norm in _LATIN_ARTICLES and not tokens[j].break_before:
            j += 1
        if j < len(tokens) and tokens[j].capitalised and tokens[j].norm.isascii() \
                and not tokens[i + 1].break_before and not tokens[j].break_before \
                and (text is None or _nothing_between(text, tokens[i].end, tokens[i + 1].start)):
            return j + 1
        return 0

    def _head_of_before(self, tokens, i):
        """«tribunal de la Seine», «Banque de Paris», «Collège de France»: an
        organisation head, then «de», «du», «de la», «de l'», then the name; and
        so a team word («l'équipe de France», «les joueurs de Lyon»). English
        says 'the University of Iowa' the same way."""
        j = i - 1
        while j > 0 and i - j <= 2 and tokens[j].norm in _HEAD_LINKS and not tokens[j].break_before:
            j -= 1
        return metonymy.DECISIVE if j < i - 1 and (
            tokens[j].norm in self._org_heads or tokens[j].norm in self._team_words) and tokens[j + 1].norm in (
            "de", "d", "du", "des", "of") else 0

    def recognise(self, tokens, text=None, language=None):
        """(matches, context): the place names of a text in order, and the
        countries its adjectives name. French street names are read only when
        `language` is "fr"."""
        matches, context, surnames, sports = [], Counter(), set(), []
        french = language == "fr"
        capital_words = self._capital_words
        given = self.given
        # _inside_a_code needs a «$» or a «/» beside the name: most texts have neither.
        codes = text is not None and ("$" in text or "/" in text)
        brackets = text is not None and "(" in text  # (the same for _team_hint's brackets)
        i, count = 0, len(tokens)
        # The token where a capital phrase's own name starts («العاصمة الأردنية عمان»):
        # that name is the capital, whatever else its words may be (an adjective,
        # «القاهرة»; a country, Oman).
        named_capital = -1
        flags_of = list(map(self._walk_flags, map(_surface, tokens)))
        # Most tokens start nothing (see _walk_flags_of): the walk visits only the
        # others, in order, each unless a name, phrase or person read before it
        # covers it (i, the next token to read, is then past it).
        for start in compress(range(count), flags_of):
            if start < i:
                continue
            i = start
            flags = flags_of[i]
            token = tokens[i]
            norm = token.norm
            if flags & _SPORT:
                sports.append(i)
            if flags & _STREET and french and not (flags & _ORG and self._org_at(tokens, i)):
                # «rue du Château», placed at its town (streets.py); an organisation
                # named by its address («Quai d'Orsay») stays an organisation.
                length = streets.street_at(tokens, i, text, self._names_a_region, self._place_at, self._is_title)
                if length:
                    # The walk goes on inside the street's name: where the text names
                    # no town, the parser keeps what it finds there («rue de Provence»).
                    matches.append(Match(i, length, "", street=True))
                    i += 1
                    continue
            # Fast path: most tokens start no name, phrase or adjective at all.
            # (A capital word after this one matters only after a demonym: 'the Libyan capital'.)
            if not flags & (_PLACE | _ORG | _CAPITAL | _DIRECTION) and not (
                    flags & _DEMONYM and i + 1 < count and tokens[i + 1].norm in capital_words):
                if flags & _DEMONYM:
                    demonym = self.demonym_at(tokens, i)
                    if demonym:
                        context[demonym] += W["demonym_context"]
                if token.capitalised and norm in given:
                    person, _how = self.person_at(tokens, i, surnames)
                    if person > 1:
                        surnames.add(tokens[i + person - 1].norm)
                        i += person
                        continue
                i += 1
                continue
            if flags & _DIRECTION:
                part = self.directional_part(tokens, i)
                if part:
                    matches.append(part)
                    context[part.part_of] += W["named_country_context"]
                    i += part.length
                    continue
            capital = (norm in capital_words or (i + 1 < count and tokens[i + 1].norm in capital_words)) \
                and self.capital_phrase(tokens, i)
            if capital:
                # «العاصمة السورية دمشق», 'the Syrian capital Damascus': the phrase
                # introduces the name that follows; that name is the mention.
                code, after = capital.capital_of, i + capital.length
                if self._capital_named_at(tokens, after, code,
                                          comma=text is not None and _comma_between(text, tokens, after)):
                    named_capital = after  # (also set off by commas: 'the Turkish capital, Ankara,')
                elif matches and text is not None and self._capital_before(matches[-1], tokens, i, code, text):
                    # 'Ankara, the Turkish capital,', «انقرة ، العاصمة التركية»: the
                    # phrase restates the name before it, which is the capital.
                    matches[-1].cue = "capital"
                    context[code] += W["named_country_context"]
                else:
                    matches.append(capital)
                i += capital.length
                continue
            found = self._matcher.longest(tokens, i)
            if found and found[3] is self.orgs:
                i += found[0]  # an organisation's name is not a place
                if found[1].startswith(_AGENCY) and i < count and not tokens[i].norm.isascii() \
                        and self._starts_a_place(tokens[i].norm) and (not tokens[i].break_before or (
                            text is not None and text[tokens[i - 1].end:tokens[i].start].strip() == "(")):
                    i += 1  # «وكالة الأنباء القطرية قنا»: the agency's acronym, not Qena
                continue
            if found and found[3] is self.places and (
                    token.capitalised and norm.isascii() or norm in given or norm in surnames
                    or i and (self._is_title(tokens[i - 1].norm) or self._given_of(tokens[i - 1].norm))
                    or not norm.isascii() and self._given_of(norm)):
                person, how = self.person_at(tokens, i, surnames)
                # (A given name's country reading through a clitic, «كلاوس» as ك + Laos,
                # is no country named; nor is 'Jordan' before a surname.)
                if person and not (how == "given" and found and self._names_a_country(found[1])
                                   and not (person == 2 and found[2]) and not self._surname_after(tokens, i)) \
                        and not (how == "given" and found[0] >= person >= 2 and token.norm.isascii()
                                 and self._town_of_its_own(found[1])) \
                        and not (how == "title" and not norm.isascii() and not found[2]
                                 and self._major_place(found[1])
                                 and not self._is_royal_title(tokens[i - 1].norm)):
                    # («زار الوزير القاهرة»: after an Arabic title standing as the
                    # subject, a country, a capital or a city of a million is the object;
                    # not after a royal title, which a given name follows: «الملكة
                    # صوفيا» is Queen Sofia, not Bulgaria's capital.
                    # A given name that opens the whole name of a capital or a big town,
                    # 'Abu Dhabi', 'Abu Kamal', is that place, not a person.)
                    if token.norm.isascii():
                        surnames.add(tokens[i + person - 1].norm)
                    elif how == "given" and not self._major_place(
                            self._place_key(tokens[i + person - 1].norm)):
                        # «خافيير سولانا» ... «قال سولانا»: in Arabic too, a surname once
                        # given to a person is the person's later in the text (not a
                        # capital's or a big city's name: «جورج واشنطن» leaves Washington).
                        surnames.add(tokens[i + person - 1].norm)
                    i += person
                    continue
            if not found:
                demonym = self.demonym_at(tokens, i) if flags & _DEMONYM else None
                if demonym:
                    context[demonym] += W["demonym_context"]
                if token.capitalised and norm in given and norm.isascii():
                    # «Henri Morvan»: a given name that only starts longer place
                    # names (Henri-Chapelle) still opens a person's name, which
                    # ends at a bracket ('Peter Croes (Belgium)').
                    person, _how = self.person_at(tokens, i, surnames)
                    while person > 1 and text is not None and "(" in text[tokens[i].end:tokens[i + person - 1].start]:
                        person -= 1
                    if person > 1:
                        surnames.add(tokens[i + person - 1].norm)
                        i += person
                        continue
                i += 1
                continue
            length, key, stripped, index = found
            if index is self.places and token.capitalised and norm.isascii() and text is not None and (
                    length == 1 and norm in self._french_given and self._lone_given_name(tokens, i, key)
                    or _hyphen_compound(text, tokens, i, length, self._starts_a_place)
                    or self._particle_after_title(tokens, i)):
                i += length
                continue
            if stripped and tokens[i].norm in self.cues:
                i += 1  # «ولاية» is the cue word, not و + a place
                continue
            if length == 1 and key in self._located_heads and i + 1 < count and not tokens[i + 1].break_before \
                    and not flags_of[i + 1] & _DEMONYM and not self.cue_before(tokens, i) \
                    and (text is None or _nothing_between(text, tokens[i].end, tokens[i + 1].start)):
                # «بورصة لندن», «بورصة نايمكس»: the exchange, not Bursa («بورصة التركية»,
                # «مدينة بورصة ( في تركيا )» are the town)
                i += 1
                continue
            if length == 1 and key in self._name_heads and token.capitalised:
                rest = self._name_goes_on(tokens, i, text)
                if rest:
                    i = rest  # 'Bab al-Tabbaneh', 'Bab Amr': a longer name than Al Bab's, not in the gazetteer
                    continue
            if index is self.places and (
                    stripped and tokens[i].norm in self._whole_words  # «فرقة» is a word, not ف + Raqqa
                    or not token.capitalised and norm.isascii() and key not in self.gaz.lowercase):
                i += 1
                continue
            abbreviated = index is self.places and key in self._abbreviations and self._abbreviated(tokens, i, text)
            if index is self.places and key in self.gaz.acronyms and not tokens[i].text.isupper() \
                    and not abbreviated:
                i += 1  # 'us' the pronoun, not the US
                continue
            if french and index is self.places and key in self._dotted and "." not in tokens[i].text and not (
                    i and text is not None and "," in text[tokens[i - 1].end:tokens[i].start]):
                # In French, 'R.I.' and 'Providence, RI' are Rhode Island; the 'RI' of
                # «35e RI» is a regiment. (English writes 'the NY office' for the state.)
                i += 1
                continue
            if index is self.places and key in self._abbreviations and not abbreviated:
                i += 1  # 'mass', 'Wash' the words; 'Laurel County, Ky.' the state
                continue
            if index is self.places and key in self._contracted and not (
                    i and tokens[i - 1].norm in ARTICLE_FORMS[self._contracted[key]]):
                i += 1  # 'Mans' is Le Mans only after «au», «du», «le»
                continue
            if index is self.places and norm.isascii() and self._not_written_as_a_town(tokens, i, length, key):
                i += 1
                continue
            if french and length == 1 and index is self.places and key in self._villages \
                    and not self._placed_village(tokens, i):
                i += 1  # «Lasserre fut suffisant»: a surname, not the village
                continue
            if length == 1 and index is self.places and self._in_a_person_or_noun_phrase(tokens, i):
                i += 1
                continue
            if length == 1 and index is self.places and key.endswith("يه") and key.startswith("ال") \
                    and self._towns(key) and self._after_country_name(tokens, i, text):
                # «روسيا القيصرية», «مصر الفرعونية»: a nisba adjective after a country
                # (feminine, as countries are), not a town.
                i += 1
                continue
            definite = length == 1 and index is self.places and i != named_capital \
                and self._follows_definite_noun(tokens, i)
            if definite and key.endswith("يه") and self._towns(key) \
                    and not self._starts_a_place(tokens[i - 1].norm) \
                    and (text is None or _nothing_between(text, tokens[i - 1].end, tokens[i].start)):
                # «الإمبراطورية العثمانية», «الدولة العباسية»: a nisba adjective agreeing
                # with the noun right before it, not a town; a list of towns («اللطيفية - المحمودية»)
                # is not.
                i += 1
                continue
            if length == 1 and index is self.places and not definite and key.endswith("ي") \
                    and self._masculine_nisba(tokens, i, key, text):
                # «الوجه القبلي», «الغذاء البحري»: a masculine nisba adjective after a
                # definite noun, not a town (Kebili, Khartoum North).
                i += 1
                continue
            if definite and (key in self.demonyms.keys or key in self.adjectives):
                # «السلطات السعودية», «القوة القاهرة»: an adjective agreeing with the noun.
                if key in self.demonyms.keys:
                    context[self.demonyms.keys[key]] += W["demonym_context"]
                i += 1
                continue
            if index is self.places and i and not tokens[i].break_before and not norm.isascii() \
                    and tokens[i - 1].norm in _MASCULINE_SPEECH and self._towns(key):
                # «وقال بولتون»: a town is feminine («قالت واشنطن»); after a masculine
                # verb of saying the name is a man's.
                i += length
                continue
            if index is self.places and i and not norm.isascii() and self._told(tokens, i, stripped) \
                    and not self._names_a_country(key):
                i += length  # «وقال ل الشرق الأوسط»: told a newspaper or a person
                continue
            if index is self.places and codes and _inside_a_code(text, tokens[i].start, tokens[i + length - 1].end):
                i += length
                continue
            if key in self._quoted_media and (_quoted_alone(text, tokens, i, length) or self._paper_reading(
                    tokens, i, length, text, bool(matches) and matches[-1].i + matches[-1].length == i)):
                i += length  # «قال لـ« الشرق الأوسط »», «لندن : الشرق الأوسط»: the newspaper
                continue
            if index is self.places and not norm.isascii() and i + length < count \
                    and tokens[i + length].norm in _DETACHED_SUFFIXES and not tokens[i + length].break_before \
                    and (text is None or _nothing_between(text, tokens[i + length - 1].end, tokens[i + length].start)):
                i += length  # «داخل بلد هم», «عاصمة ها»: a noun and its possessive, split apart
                continue
            if length == 1 and key in self._wire and _wire_source(
                    text, tokens, i, bool(matches) and matches[-1].i + matches[-1].length == i):
                i += 1  # «الدوحة - قنا :», «( بترا )»: the agency, not Qena or Petra
                continue
            match = Match(i, length, key, index.keys[key] if index is self.aliases else None,
                          stripped=stripped)
            match.cue = "capital" if i == named_capital else self.cue_before(tokens, i) or (
                "dateline" if text is not None and _dateline(
                    text, tokens, i, length, colon=index is self.places and self._dateline_place(key)) else "") or (
                "compound" if french and key in self._compounds and _written_hyphenated(text, tokens, i, length)
                else "")
            match.region_prefix = match.cue == "region"
            # (demonym_at, asked only of a token that may start a demonym.)
            match.demonym_after = self.demonym_at(tokens, i + length) \
                if i + length < count and flags_of[i + length] & _DEMONYM else None
            if index is self.places:
                match.team = self._team_hint(tokens, i, length, key, match.demonym_after, text, brackets)
                if matches and not norm.isascii() and self._listed_after(matches[-1], match, tokens):
                    matches[-1].listed = match.listed = True
            matches.append(match)
            i += length
        if any(m.team for m in matches):
            matches = metonymy.drop_teams(matches, tokens, sports)
        return matches, context
