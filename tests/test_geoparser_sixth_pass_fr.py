"""Readings added in the sixth pass of issue 11, French (modern French news:
hyphenated town names, letters written two ways, street names, organisations
and teams named after places, given names that name countries, dotted
abbreviations). Every sentence here was written for these tests."""
from events.geoparser.normalize import normalize_name


def _mentions(geoparser, text, language="fr"):
    return [(m.text, m.name, m.country_code) for m in geoparser.parse(text, language=language)]


def _texts(geoparser, text, language="fr"):
    return [m.text for m in geoparser.parse(text, language=language)]


# -- hyphenated town names whose parts are common words ------------------------
def test_a_hyphenated_town_whose_parts_are_common_words_counts_alone(geoparser):
    # «bar», «le», «duc» are words; Bar-le-Duc written with its hyphens is a name.
    text = "Le conseil départemental s'est réuni lundi à Bar-le-Duc pour voter le budget."
    assert ("Bar-le-Duc", "Bar-le-Duc", "FR") in _mentions(geoparser, text)


def test_the_same_words_written_apart_are_no_compound(geoparser):
    # «l'Hôtel de Ville» (a town hall) is a phrase; Paris's Hôtel-de-Ville quarter,
    # written with its hyphens, is a compound.
    assert _texts(geoparser, "Le maire a reçu les lauréats à l'Hôtel de Ville lundi.") == []


def test_a_hyphenated_small_town_counts_after_a_preposition(geoparser):
    text = "Les pompiers ont été appelés vers 22 heures à Mont-Saint-Martin."
    assert ("Mont-Saint-Martin", "Mont-Saint-Martin", "FR") in _mentions(geoparser, text)


def test_a_hyphenated_name_is_no_compound_in_english(geoparser):
    # English text keeps the frequency check: 'Mont-Royal Avenue' is a street.
    assert _texts(geoparser, "She worked at the store on Mont-Royal Avenue.", "en") == []


# -- villages under 1,000 people -----------------------------------------------
def test_a_village_counts_after_a_word_that_puts_a_place_there(geoparser):
    text = "Deux habitants, l'un de Retzwiller et l'autre de Foussemagne, ont été blessés."
    assert _texts(geoparser, text) == ["Retzwiller", "Foussemagne"]


def test_a_village_named_like_a_surname_alone_is_the_person(geoparser):
    # Lavergne (Lot, about 500 people) is also a common surname.
    assert _texts(geoparser, "Au dîner, Lavergne chanta sa chanson préférée.") == []


# -- letters that Unicode does not decompose -----------------------------------
def test_ligatures_and_barred_letters_match_their_plain_spellings():
    assert normalize_name("Jœuf") == normalize_name("Joeuf") == "joeuf"
    assert normalize_name("Łódź") == "lodz"
    assert normalize_name("Tromsø") == "tromso"


def test_a_town_written_without_its_ligature_is_found(geoparser):
    text = "Un habitant de Joeuf a été blessé dans l'accident."
    assert ("Joeuf", "Jœuf", "FR") in _mentions(geoparser, text)


# -- street names --------------------------------------------------------------
def test_a_street_is_placed_at_the_town_named_right_after_it(geoparser):
    text = "Un incendie s'est déclaré dans la nuit rue du Château à Saint-Malo."
    mentions = geoparser.parse(text, language="fr")
    street = next(m for m in mentions if m.text == "rue du Château")
    town = next(m for m in mentions if m.text == "Saint-Malo")
    assert (street.lat, street.lon, street.country_code) == (town.lat, town.lon, "FR")
    assert street.name == "Saint-Malo (rue du Château)"


def test_a_street_without_a_town_after_it_takes_the_town_named_before(geoparser):
    text = ("La manifestation est partie de la gare de Nantes. Les cortèges se sont retrouvés "
            "place du Commerce puis boulevard Victor-Hugo.")
    found = {m.text: m.name for m in geoparser.parse(text, language="fr")}
    assert found["place du Commerce"].startswith("Nantes")
    assert found["boulevard Victor-Hugo"].startswith("Nantes")


def test_a_link_between_capitalised_words_stays_in_the_street_but_a_town_does_not(geoparser):
    text = "Le rassemblement a eu lieu place de l'Hôtel de Ville, puis rue Nationale de Lille."
    assert _texts(geoparser, text) == ["place de l'Hôtel de Ville", "rue Nationale", "Lille"]


def test_a_street_in_a_text_that_names_no_town_is_left_out(geoparser):
    assert _texts(geoparser, "Les travaux de la rue des Écoles reprendront lundi.") == []


def test_a_street_placed_at_its_town_hides_the_place_in_its_name(geoparser):
    # «rue de Provence» in Marseille is no mention of Provence; where no town is
    # named, the name inside the street is read as before.
    placed = geoparser.parse("Une fuite de gaz rue de Provence, à Marseille, a forcé l'évacuation.", language="fr")
    assert [m.text for m in placed] == ["rue de Provence", "Marseille"]
    assert _texts(geoparser, "Une fuite de gaz rue de Provence a forcé l'évacuation.") == ["Provence"]


def test_place_as_a_common_noun_is_no_square(geoparser):
    # «la place de la France dans le monde» (its rank), «sur place», «à la place
    # de» (instead of), «la place de Macron» (his seat) name no square.
    text = ("Le rapport s'inquiète de la place de la France dans le monde. Les secours sont arrivés "
            "sur place à Toulouse. Il a parlé à la place de Macron, puis la place du Premier ministre fut vide.")
    assert _texts(geoparser, text) == ["France", "Toulouse"]


def test_streets_are_read_only_in_french(geoparser):
    text = "The crowd gathered in Paris, first place Liverpool fans, then the others."
    assert "place Liverpool" not in _texts(geoparser, text, "en")


# -- organisations and offices named after places ------------------------------
def test_french_offices_named_after_places_are_not_the_places(geoparser):
    text = ("Le garde des Sceaux et le Quai d'Orsay ont répondu à la Douma, "
            "tandis que Matignon, Bercy et la place Beauvau se taisaient.")
    assert _mentions(geoparser, text) == []


def test_companies_and_media_named_after_france_are_not_the_country(geoparser):
    text = "Selon Météo-France et Radio France, les vols d'Air France sont annulés à Roissy."
    assert "France" not in [m[0] for m in _mentions(geoparser, text)]


def test_the_syrian_town_douma_without_the_article_is_still_the_town(geoparser):
    text = "Des frappes ont visé Douma, dans la Ghouta orientale, près de Damas en Syrie."
    assert ("Douma", "SY") in {(m[0], m[2]) for m in _mentions(geoparser, text)}


def test_the_cycle_race_is_not_tours(geoparser):
    text = "Le Tour de France partira cette année de Lille."
    assert _texts(geoparser, text) == ["Lille"]


# -- teams in French sports reports ---------------------------------------------
def test_a_team_word_with_de_makes_the_place_a_team(geoparser):
    text = "L'équipe de France et les joueurs de Lyon se retrouvent à Clairefontaine."
    assert "France" not in _texts(geoparser, text) and "Lyon" not in _texts(geoparser, text)


def test_towns_after_sports_verbs_and_et_in_a_sports_passage_are_teams(geoparser):
    text = ("Le tournoi de handball a tourné court : en finale, Nancy a dominé Metz, "
            "puis la rencontre entre Épinal et Verdun a été reportée.")
    texts = _texts(geoparser, text)
    assert "Metz" not in texts and "Épinal" not in texts and "Verdun" not in texts


def test_the_same_verbs_outside_sports_leave_the_towns(geoparser):
    text = "La nouvelle ligne de bus circule entre Épinal et Verdun depuis lundi."
    assert _texts(geoparser, text) == ["Épinal", "Verdun"]


# -- given names that name a country, or a big city ----------------------------
def test_a_given_name_that_names_a_country_before_a_surname_is_a_person(geoparser):
    text = "Maurice Dupont, le maire, a rencontré Jordan Lefèvre à Dijon."
    assert _texts(geoparser, text) == ["Dijon"]


def test_the_country_before_a_lower_case_word_or_a_place_is_still_the_country(geoparser):
    assert "Maurice" in _texts(geoparser, "Le cyclone a touché Maurice mardi, puis La Réunion.")
    assert "Maurice" in _texts(geoparser, "Les touristes de Maurice Rodrigues comprise reviennent.")


def test_a_country_before_a_title_is_the_country(geoparser):
    text = "The envoy met Jordan King Abdullah in Amman."
    assert "Jordan" in _texts(geoparser, text, "en")


def test_milan_before_a_surname_is_a_person_and_alone_the_city(geoparser):
    assert "Milan" not in _texts(geoparser, "L'ancien président serbe Milan Milutinovic a été libéré.")
    assert "Milan" in _texts(geoparser, "Le salon du meuble ouvre mardi à Milan.")


# -- dotted abbreviations ------------------------------------------------------
def test_a_dotted_state_abbreviation_needs_its_dots_or_a_comma_in_french(geoparser):
    assert _texts(geoparser, "Le soldat du 35e RI a été décoré.") == []
    assert "R.I." in _texts(geoparser, "Il a grandi à Newport, R.I. avant de partir pour Boston.")
    assert "RI" in _texts(geoparser, "Il a grandi à Providence, RI, puis à Boston.")


def test_english_still_writes_state_abbreviations_without_dots(geoparser):
    assert "NY" in _texts(geoparser, "Samples went to the NY Plum Island laboratory.", "en")
