"""Every number the geoparser decides with, in one table, each with its reason.

Scores are on a log-population scale: a town of 10,000 people has a prior of
about 4, a city of a million about 6, so +1 is "ten times bigger". The values
were set by hand on the team's tuned set (data/eval_set.jsonl) and checked on
the held-out sets; change one here and run `manage.py evaluate_geoparser`.
"""
from types import MappingProxyType

# name: (value, why)
TABLE = {
    # -- priors: how likely a candidate is before any context --------------
    "prior_country": (9.0, "a country name means the country far more often than a town named after it"),
    "prior_region": (6.8, "regions, provinces and features rank like a city of several million"),
    "division_town": (10_000, "a division named like a town of its country at least this big is left to the town"),
    "prior_division": (6.7, "an ISO division ranks just below the team's own region of the same name (Sahel)"),
    "prior_capital": (0.7, "a national capital is named more often than a town of its size"),
    "prior_population_offset": (10, "log10(population + offset): keeps a 0-population place finite"),
    "alias_hint": (1.5, "an editor's global alias beats an equal candidate, but not a country named in the text"),
    # -- context ----------------------------------------------------------
    "context_country": (2.0, "a candidate in a country the text names or implies"),
    "context_per_mention": (0.5, "each further mention of that country adds a little"),
    "context_cap": (4, "mentions beyond this many add nothing more"),
    "outlet_country": (2.0, "an outlet mostly reports its own country"),
    "language_country": (1.0, "a town of a country whose press writes the text's language (Rennes in French), less than the outlet's own"),
    "qualifier_match": (4.0, "«طرابلس اللبنانية», 'Tripoli, Lebanon': the text says which country"),
    "qualifier_mismatch": (-2.0, "a candidate in another country than the one the text qualifies it with"),
    "cue_city_match": (2.0, "'the city of X' favours towns"),
    "cue_city_country": (-6.0, "'the city of Algiers' is never the country Algeria"),
    "cue_capital": (2.0, "'the capital X' favours capitals"),
    "cue_region_match": (3.0, "«ولاية برقة», 'province of X' favours regions"),
    "cue_region_country": (-4.0, "a province cue before a country name is a region named after it"),
    "anchor_near": (1.5, "a place resolved with confidence nearby supports a candidate"),
    "anchor_km": (350, "how near an anchor must be (km): about a day's drive"),
    "anchor_confidence": (0.75, "only places resolved at least this surely become anchors"),
    "demonym_context": (0.5, "a nationality adjective implies its country, less than naming it"),
    "named_country_context": (1.0, "a country named outright"),
    "person_country_context": (0.0, "a person's name says nothing about the story's place"),
    "sports_window": (25, "tokens either side of a name searched for sports words (about a sentence)"),
    "sports_words_near": (2, "sports words that make a passage a sports report, where a club prefix or a score makes a town a team"),
    # -- confidence -------------------------------------------------------
    "hedge": (0.85, "confidence of a name that is also a word and had no cue or demonym"),
    "capital_phrase_confidence": (0.95, "«العاصمة الليبية» is almost always the capital itself"),
    "part_offset": (1 / 3, "'eastern Libya' lies this share of the country's span east of its middle"),
    "directional_confidence": (0.9, "'eastern Libya' is a part of the country, placed roughly"),
    "street_confidence": (0.6, "«rue de la Paix» is placed at the town the text names near it, which may not be its own"),
    # -- evidence thresholds (population) ---------------------------------
    "small_place": (15_000, "a settlement smaller than this needs context or a cue to count"),
    "big_city": (100_000, "a city this big may stand on its own (clitic reading, capitalised word)"),
    "preposition_city": (300_000, "an Arabic city-name that is also a word counts after «في» alone from this size («في غزة»; not «في العيون», in the eyes)"),
    "foreign_town": (1_000_000, "outside the home region a town smaller than this needs its country or state named"),
    "foreign_town_latin": (300_000, "the same in Latin script, where Rennes or Nantes are seldom words (tuned on the corpora)"),
    "qualifier_window": (4, "tokens between a name and the country that qualifies it («طرابلس شمال لبنان»)"),
    # -- gazetteer build --------------------------------------------------
    "division_town_km": (400, "how near its namesake town a division's point must be to leave the name to the town (Agadez: 390 km)"),
    "division_big_town": (200_000, "a namesake town this big takes the name from its division wherever it lies (Washington)"),
    "whole_word_list": (100_000, "how many of the commonest Arabic words are checked for clitic misreadings"),
    "whole_word_margin": (0.2, "a token this close to its stem's frequency (Zipf) is a word, not clitic + place"),
    "translated_word_zipf": (4.0, "a division's one-word English other name this common is a translation ('Palace', 'Beach')"),
    "translated_word_margin": (0.5, "... when it is this much commoner than the division's own name"),
    "city_population": (15_000, "GeoNames towns at least this big are 'city', smaller ones 'locality'"),
    "size_country": (10**8, "a stand-in population for countries in the word-frequency check"),
    "size_region": (10**6, "a stand-in population for regions and divisions in the same check"),
    "zipf_intercept": (1.2, "expected Zipf frequency of a place name of population 1"),
    "zipf_slope": (0.55, "per factor ten in population (fitted by eye on Benghazi, Mosul, Homs, Derna, Sirte)"),
    "zipf_drop_synthesized": (0.3, "a name made by adding ال that is this much commoner than expected is a word"),
    "zipf_needs_cue": (1.5, "a name this much commoner than its size predicts is mostly a word"),
    "zipf_possessed": (2.3, "an Arabic town name seen this often with a possessive suffix («بلدهم») is mostly a noun (tuned on NewsFANE's tuned half)"),
    "zipf_both_ways": (2.8, "an Arabic town name this common both with and without the article («سلالة», «السلالة») is mostly a noun (tuned on the Arabic tuned halves)"),
    "zipf_function_word": (6.0, "an Arabic town-only name this common («الي», «ان», «هو», «بين», «بن») is a function word and is not indexed"),
    "zipf_common_word": (4.5, "an Arabic town name this common as a word («العلم», «بلد») counts only after a cue or before its country (tuned on the Arabic tuned halves)"),
    "variant_letters": (5, "an Arabic spelling variant of a foreign name needs this many letters (shorter ones are words)"),
    "article_form_zipf": (4.0, "a French town named with its article is indexed without it («au Mans») unless the rest is a word this common (La Chambre, Le Palais)"),
    "possessed_big_town": (500_000, "a town this big keeps its name even when the word takes possessives (Mashhad, Qom)"),
    "zipf_needs_evidence": (0.5, "a name somewhat commoner than its size predicts needs support"),
}

W = MappingProxyType({name: value for name, (value, _why) in TABLE.items()})


def describe():
    """(name, value, why) rows, for documentation and `evaluate_geoparser --weights`."""
    return [(name, value, why) for name, (value, why) in TABLE.items()]
