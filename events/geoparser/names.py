"""What the gazetteer's names mean: which are mostly ordinary words, which
Arabic tokens are words rather than clitic + place, which divisions leave their
name to a town, and which lexicon words are never places.

Run by build.py on the builder after every source has been added.
"""
import math
import re

from events.geoparser import gazetteer as gz
from events.geoparser.data import ARABIC_SPEAKING
from events.geoparser.normalize import NON_ARABIC_LETTERS, is_arabic, normalize_name
from events.geoparser.weights import W

# GeoNames names whose Latin spelling is shorter than this are codes or noise.
MIN_LATIN_NAME = 3


def usable_name(name):
    if is_arabic(name):
        return not (set(name) & NON_ARABIC_LETTERS)
    if not name[:1].isupper() or len(name) < MIN_LATIN_NAME:
        return False  # GeoNames' lower-case romanisations and short codes
    if name.isupper() and len(name) <= 4:
        return False  # airport and other codes (ALG, TIP, BEN)
    return all(ord(ch) < 0x0250 or not ch.isalpha() for ch in name)  # Latin letters only


def expected_zipf(population):
    """How often a place's name appears in text, on the Zipf scale, given its size.

    A name used much more often than this is mostly an ordinary word.
    """
    return W["zipf_intercept"] + W["zipf_slope"] * math.log10(max(population, 1) + 1)


def _arabic_spellings(word):
    """The word as usually written with hamza and teh marbuta, for frequency look-ups
    (the gazetteer stores names normalised: «بانه» is also «بأنه»)."""
    variants = {word}
    if word.endswith("ه"):
        variants.add(word[:-1] + "ة")
    if word.endswith("ي"):
        variants.add(word[:-1] + "ى")
    for i, ch in enumerate(word):
        if ch == "ا" and i < 3:
            for hamza in "أإآ":
                variants.update(v[:i] + hamza + v[i + 1:] for v in list(variants) if v[i:i + 1] == "ا")
    return variants


def _size(builder, pid):
    """Population, or a stand-in for countries and regions, which have none here."""
    kind = builder.kind[pid]
    if kind == gz.COUNTRY:
        return W["size_country"]
    if kind in (gz.REGION, gz.ADMIN):
        return W["size_region"]
    return builder.population[pid]


def _zipf(key, spellings):
    from wordfreq import zipf_frequency

    if is_arabic(key):
        return max(zipf_frequency(v, "ar") for s in spellings for v in _arabic_spellings(s))
    return max(zipf_frequency(s, lang) for s in spellings for lang in ("en", "fr"))


# Arabic possessive suffixes: "his", "her", "their", "our", "your".
_POSSESSIVES = ("ه", "ها", "هم", "نا", "كم")


def possessed_zipf(key):
    """How often an Arabic word is written with a possessive suffix («بلدهم»,
    «مشهده», «عقبته»), on the Zipf scale, its article dropped.

    Common nouns take possessives; place names almost never do (no one writes
    «بغدادها»). So a town name that is often seen possessed is mostly a word
    (بلد, قوم, المشهد, الباب, البرج), whatever its size predicts."""
    from wordfreq import zipf_frequency

    if " " in key or not is_arabic(key):
        return 0.0
    stem = key[2:] if key.startswith("ال") and len(key) > 4 else key
    if stem.endswith("ه"):
        stem = stem[:-1] + "ت"  # teh marbuta is written open before a suffix
    return max(zipf_frequency(stem + suffix, "ar") for suffix in _POSSESSIVES)


def _possessed_noun(builder, key, ids, capital_ids):
    """A single-word Arabic name of towns only (no capital, no big city, nothing
    the team curated) that is often seen with a possessive suffix."""
    if " " in key or not is_arabic(key) or capital_ids & set(ids):
        return False
    if any(i in builder.curated or builder.kind[i] not in (gz.CITY, gz.LOCALITY) for i in ids):
        return False
    if max(builder.population[i] for i in ids) >= W["possessed_big_town"]:
        return False  # «مشهد», «قم»: a city this big is named more often than the word is used
    return possessed_zipf(key) >= W["zipf_possessed"]


def article_counterpart(key):
    """The same Arabic word with its article dropped, or with one added:
    «السلالة» → «سلالة», «حرير» → «الحرير»."""
    if key.startswith("ال") and len(key) > 4:
        return key[2:]
    return "ال" + key


def _team_spellings():
    """Normalised spellings the team wrote in places.json (with the article added,
    as the build adds it)."""
    from events.geoparser.data import DATA_DIR, read_json

    keys = set()
    for entry in read_json("places.json", DATA_DIR):
        for spellings in entry.get("names", {}).values():
            for name in spellings:
                key = normalize_name(name)
                keys.update((key, "ال" + key))
    return keys


def _both_ways_noun(builder, key, ids, capital_ids, team_spellings):
    """A single-word Arabic name of towns only (no capital, no big city, no
    spelling the team wrote) that is common both with and without the article.

    An Arabic place name carries its article or not as part of the name
    («القاهرة», «بغداد»: no one writes «قاهرة» or «البغداد»); a common noun is
    written both ways («سلالة» and «السلالة», «حرير» and «الحرير»). So a town
    name whose other form is about as common as itself is mostly a word."""
    if " " in key or not is_arabic(key) or capital_ids & set(ids):
        return False
    if key in team_spellings or any(builder.kind[i] not in (gz.CITY, gz.LOCALITY) for i in ids):
        return False  # (a GeoNames spelling of a town the team also lists is checked)
    if max(builder.population[i] for i in ids) >= W["possessed_big_town"]:
        return False
    own = _zipf(key, {key})
    if own < W["zipf_both_ways"]:
        return False
    return _zipf(key, {article_counterpart(key)}) >= W["zipf_both_ways"]


def _common_word_town(builder, key, ids, capital_ids):
    """A single-word Arabic name of towns only (no capital, no city of
    ``preposition_city`` people, nothing the team curated) that is one of the
    language's commonest words: «العلم» (science, the flag) before Al-Alam,
    «بلد» (a country) before Balad, «الحي» (the quarter) before al-Hayy. Such a
    word turns up in every article; the country being named and a preposition
    before it («في العلم») are not evidence enough, so it counts after a cue
    («مدينة بلد», «بلدة العلم») or with its country right after it."""
    if " " in key or not is_arabic(key) or capital_ids & set(ids):
        return False
    if any(i in builder.curated or builder.kind[i] not in (gz.CITY, gz.LOCALITY) for i in ids):
        return False
    if max(builder.population[i] for i in ids) >= W["preposition_city"]:
        return False
    return _zipf(key, {key}) >= W["zipf_common_word"]


def _function_word(builder, key, ids, capital_ids):
    """«الي», «ان», «هو», «بين»: a single-word Arabic name of towns only (no
    capital, nothing the team curated) that is one of the language's commonest
    words (prepositions, pronouns) is never the town, whatever cue comes before
    it («وجهه الى» read as a region cue and Ely); it is not indexed."""
    if " " in key or not is_arabic(key) or capital_ids & set(ids):
        return False
    if any(i in builder.curated or builder.kind[i] not in (gz.CITY, gz.LOCALITY) for i in ids):
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "ar") >= W["zipf_function_word"] or \
        _zipf(key, builder.surfaces[key] | {key}) >= W["zipf_function_word"]


def ambiguity(builder, explicit_cue, explicit_evidence):
    levels, dropped = {}, []
    capital_ids = set(builder.capitals.values())
    for key, ids in builder.index.items():
        if _function_word(builder, key, ids, capital_ids):
            dropped.append(key)
            continue
        if key in explicit_cue:
            levels[key] = gz.NEEDS_CUE
            continue
        if all(i in builder.curated and builder.kind[i] in gz.BROAD for i in ids):
            if key in explicit_evidence:
                levels[key] = gz.NEEDS_EVIDENCE
            continue
        zipf = _zipf(key, builder.surfaces[key] | {key})
        if zipf == 0:
            if key in explicit_evidence:
                levels[key] = gz.NEEDS_EVIDENCE
            continue
        excess = zipf - expected_zipf(max(_size(builder, i) for i in ids))
        if key in builder.synthesized and excess > W["zipf_drop_synthesized"]:
            dropped.append(key)  # «السلطات» is a word, not Settat with an article
        elif excess > W["zipf_needs_cue"]:
            levels[key] = gz.NEEDS_CUE
        elif key in explicit_evidence:
            levels[key] = gz.NEEDS_EVIDENCE
        elif excess > W["zipf_needs_evidence"] and not capital_ids & set(ids):
            # National capitals are named far more often than their size
            # predicts (Washington, Moscow) without being words.
            levels[key] = gz.NEEDS_EVIDENCE
    for key in dropped:
        del builder.index[key]
    team_spellings = _team_spellings()
    for key, ids in builder.index.items():
        if levels.get(key) != gz.NEEDS_CUE and key not in explicit_evidence \
                and _common_word_town(builder, key, ids, capital_ids):
            levels[key] = gz.NEEDS_CUE
            continue
        if key not in levels and (_possessed_noun(builder, key, ids, capital_ids)
                                  or _both_ways_noun(builder, key, ids, capital_ids, team_spellings)):
            levels[key] = gz.NEEDS_EVIDENCE
    _weigh_sites_by_their_names(builder, levels, explicit_cue | explicit_evidence)
    return levels


def _place_cue_words():
    """The words that announce a place after them («مدينة», «مطار», «مخيم»)."""
    from events.geoparser.lexicon import cues

    return {word for word, kind in cues().items() if kind in ("city", "region", "capital")}


def _only_team_sites(builder, ids):
    """Whether every place of `ids` is one of the team's sites (places.json entries
    of feature "poi": airports, ports, bases, crossings, camps, dams)."""
    return all(i in builder.curated and builder.kind[i] == gz.POI for i in ids)


def team_sites(builder):
    """Keys of two words or more that name only the team's sites: «مطار بيروت
    الدولي», 'Mitiga airport', «aéroport de Mitiga»."""
    return frozenset(key for key, ids in builder.index.items() if " " in key and ids and _only_team_sites(builder, ids))


def _inner_names(key, index):
    """The shorter index keys a multi-word key is made of: «بيروت» in «مطار بيروت
    الدولي», 'mitiga' in 'mitiga airport'."""
    words = key.split(" ")
    return [inner for n in range(1, len(words)) for s in range(len(words) - n + 1)
            if (inner := " ".join(words[s:s + n])) in index]


def _weigh_sites_by_their_names(builder, levels, explicit):
    """A team's site named with its site word («مطار بيروت الدولي», 'Beirut
    airport', «aéroport de Beyrouth») is as much a word as the place name inside
    it, no more. wordfreq scores such a phrase as the run of its words, as common
    as «بيروت» or 'Beirut', while a site has no population to make a name that
    common expected: every airport named after its city came out "needs a cue"
    and, being the longest match, hid the city too. So a site's multi-word key
    whose words hold another name of the index takes the level of the least
    ambiguous such name («بيروت»: none) where that is less than its own; a phrase
    of common words ('High Dam', 'Renaissance Dam') keeps its own. Names the team
    listed as ambiguous keep theirs."""
    cue_words = _place_cue_words()
    for key in team_sites(builder):
        if key in explicit:
            continue
        first, _, rest = key.partition(" ")
        if first in cue_words and rest in builder.index:
            # «مخيم جنين», «مطار عدن»: kept whole by drop_lexicon_words, the cue
            # word inside still vouches for the name after it, as it did when the
            # two were read apart.
            levels.pop(key, None)
            continue
        countries = {builder.country[i] for i in builder.index[key]}
        # (A name of a place in the site's own country: a site is named after its
        # town, its region or itself, not after Dome because 'Dam' spells it.)
        inner = [name for name in _inner_names(key, builder.index)
                 if any(builder.country[i] in countries for i in builder.index[name])]
        if not inner:
            continue
        level = min(levels.get(key, gz.PLAIN), *(levels.get(name, gz.PLAIN) for name in inner))
        if level == gz.PLAIN:
            levels.pop(key, None)
        else:
            levels[key] = level


_HYPHEN_JOIN = re.compile(r"[^\W\d_]-[^\W\d_]")
_SAINTS = frozenset(("saint", "sainte", "st", "ste"))


def compounds(builder, levels, explicit):
    """Keys of Latin names that the frequency check flagged only because their
    parts are words, and that are spelled as one hyphenated compound: Bar-le-Duc,
    Mont-Saint-Martin, Bouxières-aux-Dames. wordfreq scores «bar le duc» as the
    run of its words (as common as «duc»); written with its hyphens in a text,
    the name is one word and no phrase of common words, and the recogniser
    takes it as a plain name (cue "compound"). Left out: a saint's name of two
    words (Saint-Jean, Sainte-Anne: feasts, churches and persons as much as
    villages), names made of compass words only (South-West), and names the team
    listed as ambiguous (`explicit`)."""
    from events.geoparser.lexicon import directions

    compass = directions()
    found = set()
    for key in levels:
        words = key.split(" ")
        if len(words) < 2 or not key.isascii() or key in explicit:
            continue
        if words[0] in _SAINTS and len(words) == 2 or all(w in compass for w in words):
            continue
        if any(_HYPHEN_JOIN.search(s) for s in builder.surfaces.get(key, ())):
            found.add(key)
    return frozenset(found)


def _spelling_variants(key):
    """Other ways Arabic news spells the same foreign name: /g/ written «غ» or
    «ج» (Egyptian papers write «بيونج يانج», Levantine ones «بيونغ يانغ»), one
    long «ا» inside a word left out («كراكاس» for «كاراكاس», «تايلند» for
    «تايلاند»), and a two-word name written as one («ساوباولو»)."""
    found = set()
    if "غ" in key:
        found.add(key.replace("غ", "ج"))
    if "ج" in key:
        found.add(key.replace("ج", "غ"))
    for n, letter in enumerate(key):
        if letter == " " or letter == "ا" and 0 < n < len(key) - 1 and " " not in (key[n - 1], key[n + 1]):
            found.add(key[:n] + key[n + 1:])
    found.discard(key)
    return found


def add_spelling_variants(builder):
    """Index the spelling variants of Arabic names of foreign countries, capitals
    and cities of ``big_city`` people (not of the Arab world, whose own names are
    written one way). A variant is added only where no name is spelled so already,
    and only when it is long enough not to be a short word; the frequency check
    that follows weighs it as a name made by the build (ambiguity(): one much
    commoner than the place's size predicts is dropped as a word)."""
    capital_ids = set(builder.capitals.values())
    added = {}
    for key, ids in list(builder.index.items()):
        if not is_arabic(key) or key in builder.synthesized:
            continue
        ids = [i for i in ids if builder.country[i] not in ARABIC_SPEAKING and (
            builder.kind[i] == gz.COUNTRY or i in capital_ids or builder.kind[i] == gz.CITY
            and builder.population[i] >= W["big_city"])]
        if not ids:
            continue
        for variant in _spelling_variants(key):
            if variant in builder.index or len(variant.replace(" ", "")) < W["variant_letters"]:
                continue
            added.setdefault(variant, set()).update(ids)
    for variant, ids in added.items():
        builder.index[variant] = sorted(ids)
        builder.surfaces[variant] = {variant}
        builder.synthesized.add(variant)
    return len(added)


def leave_divisions_to_towns(builder):
    """«بنغازي», 'Kidal': a division named after its own main town is read as the
    town (news names the town; the division's point is near it anyway). The town
    must not be a longer name that merely lists this one ('Maryland City' for
    Maryland), must be of the same country, of some size, and lie within a
    Saharan wilaya's reach of the division's point, or be a big city anywhere in
    it (Washington)."""
    from events.geoparser.resolve import haversine_km

    for key, ids in builder.index.items():
        if len(ids) < 2:
            continue
        towns = [i for i in ids if builder.kind[i] in (gz.CITY, gz.LOCALITY)
                 and builder.population[i] >= W["division_town"]
                 and not normalize_name(builder.names[i]).startswith(key + " ")]
        if not towns:
            continue

        def named_after_town(d):
            return builder.kind[d] == gz.ADMIN and d not in builder.curated and any(
                builder.country[t] == builder.country[d]
                and (builder.population[t] >= W["division_big_town"] or haversine_km(
                    builder.lat[t], builder.lon[t], builder.lat[d], builder.lon[d]) < W["division_town_km"])
                for t in towns)

        ids[:] = [i for i in ids if not named_after_town(i)]


def whole_words(builder):
    """Arabic tokens that are words in their own right although a proclitic reading
    of them is a place: «فرقة» is not ف + Raqqa, «كريم» not ك + Rim. A token is
    such a word when it is about as frequent as (or more than) the stem its
    clitic reading leaves; «بليبيا» is far rarer than «ليبيا», so it is read."""
    from wordfreq import top_n_list

    from events.geoparser.phrases import clitic_variants

    found = set()
    for word in top_n_list("ar", W["whole_word_list"]):
        norm = normalize_name(word)
        if " " in norm or norm in builder.index:
            continue
        stems = [v for v in clitic_variants(norm) if v in builder.index]
        if not stems:
            continue
        if _zipf(norm, {word}) > max(_zipf(v, builder.surfaces.get(v, {v})) for v in stems) - W["whole_word_margin"]:
            found.add(norm)
    return frozenset(found)


def lowercase_starts(builder):
    """Keys of the team's features whose written form starts in lower case (French
    'lac Tchad', 'mer Rouge', 'golfe d'Aden'): they may start with a lower-case word."""
    keys = set()
    for key, names in builder.surfaces.items():
        if " " in key and any(n[:1].islower() and not is_arabic(n) for n in names):
            keys.add(key)
    return frozenset(keys)


def drop_lexicon_words(builder):
    """Cue words (مدينة, ولاية, city), compass words, nationality adjectives
    (ليبي, Libyan) and the words that open only a club's name («فيردر»,
    «الوداد»: metonymy.json's club_names) are not places, even where GeoNames
    has a village or a division spelled so."""
    from events.geoparser.lexicon import cues, demonyms, directions, person_titles
    from events.geoparser.metonymy import lexicon as metonymy_words

    club_names = metonymy_words().get("club_names", ())
    for key in [*cues(), *demonyms().keys, *directions(), *person_titles(), *club_names]:
        ids = builder.index.get(key)
        if ids:
            kept = [i for i in ids if builder.kind[i] == gz.COUNTRY or i in builder.curated
                    and builder.kind[i] == gz.REGION]
            if kept:
                builder.index[key] = kept
            else:
                del builder.index[key]
    # «مدينة صور», "city of Tyre": the cue is read as a cue, and what follows is
    # resolved with it (so «مدينة الجزائر» is Algiers, not the country). Not a
    # team's site named after another place: «مطار دمشق» is the airport, not
    # the city (while «مطار معيتيقة», the site's own name after the cue, goes).
    cue_words = _place_cue_words()
    # Arabic only: in Latin script the cue is part of real names (Port Sudan,
    # Camp David, Ville-Marie).
    for key in [k for k in builder.index if " " in k and is_arabic(k)]:
        first, rest = key.split(" ", 1)
        if first in cue_words and rest in builder.index and not (
                _only_team_sites(builder, builder.index[key])
                and builder.index[rest] and set(builder.index[key]).isdisjoint(builder.index[rest])):
            del builder.index[key]


# French articles that open a town's name, and the words that stand for them
# after a preposition: «au Mans», «du Creusot», «aux Sables-d'Olonne», «de la Courneuve».
ARTICLE_FORMS = {"le": frozenset(("au", "du", "le")), "les": frozenset(("aux", "des", "les")),
                 "la": frozenset(("la",))}


def add_article_forms(builder):
    """Index a French town whose name opens with an article (Le Mans, Les
    Sables-d'Olonne, La Courneuve) under its name without it, for the forms
    written after a preposition or with the article in lower case. Returns
    {bare key: article}: the recogniser takes a bare key only after one of its
    ARTICLE_FORMS. A bare key that already names something, or whose words are
    a common French word (La Chambre, Le Palais, La Garde), is left alone."""
    from wordfreq import zipf_frequency

    contracted = {}
    for key, ids in list(builder.index.items()):
        article, _, bare = key.partition(" ")
        if article not in ARTICLE_FORMS or not bare or bare in builder.index or not key.isascii() \
                or not any(n.split(" ", 1)[0] in ("Le", "La", "Les") for n in builder.surfaces.get(key, ())):
            continue
        towns = [i for i in ids if builder.kind[i] in (gz.CITY, gz.LOCALITY)]
        spellings = [n.split(" ", 1)[1] for n in builder.surfaces.get(key, ()) if " " in n]
        if towns and max(zipf_frequency(n, "fr") for n in spellings) < W["article_form_zipf"]:
            builder.index[bare] = towns
            contracted[bare] = article
    return contracted

