"""Readings added in the seventh pass of issue 11, French: named sites inside a
town placed like its streets, and common French words that GeoNames lists as other
names of towns. Every sentence here was written for these tests."""


def _texts(geoparser, text):
    return [m.text for m in geoparser.parse(text, language="fr")]


def test_a_named_site_inside_a_town_is_placed_at_the_town(geoparser):
    mentions = geoparser.parse("Des heurts ont éclaté dans le quartier de la Villette à Paris.", language="fr")
    site = next(m for m in mentions if m.text == "quartier de la Villette")
    town = next(m for m in mentions if m.text == "Paris")
    assert (site.lat, site.lon, site.country_code) == (town.lat, town.lon, "FR")


def test_a_park_and_a_castle_take_the_town_named_before_them(geoparser):
    text = "Le cortège a quitté le centre de Marseille. Il s'est dispersé au parc Borély."
    found = {m.text: m.name for m in geoparser.parse(text, language="fr")}
    assert found["parc Borély"].startswith("Marseille")


def test_a_named_site_in_a_text_without_a_town_keeps_the_place_in_its_name(geoparser):
    # As with streets: with no town to place it at, the site is not a mention and
    # the town inside its name is read as usual.
    assert _texts(geoparser, "Les visiteurs se pressaient devant le château de Fontenoy.") == ["Fontenoy"]


def test_a_common_french_word_that_names_a_town_abroad_is_a_word(geoparser):
    # GeoNames lists «Tour», «Seul», «Gaz» and «Opéra» as other names of towns.
    text = "Tour après tour, les coureurs approchent de Lyon. Seul le prix du Gaz inquiète. Un soir à l'Opéra."
    assert _texts(geoparser, text) == ["Lyon"]


def test_a_french_common_word_after_a_cue_is_still_the_place(geoparser):
    # «Sucre» needs evidence, as «Aden» does: the capital of Bolivia after «à».
    assert "Sucre" in _texts(geoparser, "Le président s'est rendu à Sucre, en Bolivie.")
