"""Readings added in the French pass of issue 11 (French news: towns of
French-speaking countries, contractions, compounds, French names of places
abroad). Every sentence here was written for these tests."""


def _mentions(geoparser, text, language="fr"):
    return [(m.text, m.name, m.country_code) for m in geoparser.parse(text, language=language)]


# -- towns of the countries whose press writes French --------------------------
def test_a_french_town_counts_in_a_french_text_without_its_country(geoparser):
    # Lorient (about 58,000 people) is no big city abroad, but a French text
    # names French towns without saying "France".
    text = "Un incendie a détruit un entrepôt du port de commerce à Lorient dans la nuit."
    assert ("Lorient", "Lorient", "FR") in _mentions(geoparser, text)


def test_a_belgian_town_counts_in_a_french_text(geoparser):
    text = "La grève des mineurs s'étend maintenant autour de Charleroi et de Mons."
    found = {(m[0], m[2]) for m in _mentions(geoparser, text)}
    assert {("Charleroi", "BE"), ("Mons", "BE")} <= found


def test_the_same_town_needs_its_country_in_an_english_text(geoparser):
    # The language of the text is what makes Lorient likely: in English the
    # town still needs France named nearby.
    text = "A fire destroyed a warehouse in Lorient overnight."
    assert not _mentions(geoparser, text, "en")
