"""Readings changed in the tenth pass: the team's named sites, and royal titles.

The team's sites (places.json, feature "poi") named in several words were weighed
by the word-frequency check as the run of their words against a population of
nought, so «مطار بيروت الدولي», 'Beirut airport' or «l'aéroport de Beyrouth» needed a
cue, and, being the longest match, hid the city inside them; and with no
population a site needed its country named to count ('Mitiga airport' alone was
dropped). After a royal title, an Arabic name that is also a capital was read as the
capital («الملكة صوفيا» as Sofia); a French street named after a titled person
(«boulevard Duchesse-Anne») was refused as «la place du Premier ministre» is.
Every sentence here was written for these tests. Four tests guard what must not
change (a minister's object, 'High Dam', «مطار الملك خالد», places named with a
title: Prince George's County, Queen Anne's County) and pass without the change too."""
import pytest


def _places(geoparser, text, language):
    return [(m.text, m.name, m.country_code, m.feature) for m in geoparser.parse(text, language=language)]


@pytest.mark.parametrize("text, language, surface", [
    ("هبطت طائرة الركاب في مطار بيروت الدولي بعد ظهر أمس .", "ar", "مطار بيروت الدولي"),
    ("Les vols ont repris lundi à l'aéroport de Beyrouth.", "fr", "aéroport de Beyrouth"),
    ("Flights resumed at Beirut airport on Monday.", "en", "Beirut airport"),
])
def test_a_site_named_after_its_city_is_found_as_the_site(geoparser, text, language, surface):
    found = _places(geoparser, text, language)
    assert found == [(surface, "Beirut Rafic Hariri International Airport", "LB", "poi")]


@pytest.mark.parametrize("text, language, surface", [
    ("Mitiga airport was closed after the shelling.", "en", "Mitiga airport"),
    ("L'aéroport de Mitiga a été fermé après des tirs de roquettes.", "fr", "aéroport de Mitiga"),
])
def test_a_site_written_with_its_site_word_counts_without_its_country_named(geoparser, text, language, surface):
    found = _places(geoparser, text, language)
    assert found == [(surface, "Mitiga International Airport", "LY", "poi")]


def test_a_site_is_placed_at_its_own_point_not_the_citys(geoparser):
    (mention,) = geoparser.parse("أعيد فتح مطار القاهرة الدولي أمام الرحلات .", language="ar")
    assert (mention.name, mention.feature) == ("Cairo International Airport", "poi")


def test_a_site_after_its_cue_word_keeps_the_cues_evidence(geoparser):
    # «مخيم جنين» was read as the cue «مخيم» and Jenin; kept whole as the team's
    # site, the cue inside it still vouches for the name.
    found = _places(geoparser, "داهمت القوات مخيم جنين فجر اليوم .", "ar")
    assert [(f[0], f[3]) for f in found] == [("مخيم جنين", "poi")]


def test_a_site_named_by_common_words_still_needs_a_cue(geoparser):
    # 'High Dam' holds no name of a place of its country: its words are words.
    assert _places(geoparser, "The high dam story was told again.", "en") == []


@pytest.mark.parametrize("title", ["الملكة", "الملك", "الأمير", "الأميرة", "والملكة", "للأميرة"])
def test_a_capital_after_an_arabic_royal_title_is_the_persons_name(geoparser, title):
    assert _places(geoparser, f"وحضرت {title} صوفيا حفل الافتتاح مساء أمس .", "ar") == []


def test_a_capital_after_an_arabic_minister_is_still_the_place(geoparser):
    # «زار الوزير القاهرة»: an office standing as the subject; the capital is the object.
    found = _places(geoparser, "زار الوزير القاهرة الأسبوع الماضي .", "ar")
    assert [(f[1], f[2]) for f in found] == [("Cairo", "EG")]


@pytest.mark.parametrize("text, language", [
    ("La princesse Victoria a inauguré le musée.", "fr"),
    ("La duchesse Victoria a inauguré le musée.", "fr"),
])
def test_a_capital_after_a_french_noble_title_is_the_persons_name(geoparser, text, language):
    assert _places(geoparser, text, language) == []


def test_a_royal_title_inside_a_site_name_masks_nothing_else(geoparser):
    # «مطار الملك خالد» is not in the gazetteer: the person's name is masked, the
    # city named after it is found.
    found = _places(geoparser, "هبطت الطائرة في مطار الملك خالد الدولي في الرياض .", "ar")
    assert [(f[1], f[2]) for f in found] == [("Riyadh", "SA")]


@pytest.mark.parametrize("text, surface", [
    ("Police in Prince George's County, Maryland, said the road was closed.", "Prince George"),
    ("Flooding closed roads near Queen Anne's County, Maryland.", "Queen Anne"),
])
def test_a_place_whose_name_opens_with_a_title_is_still_found(geoparser, text, surface):
    assert surface in [m.text for m in geoparser.parse(text, language="en")]


@pytest.mark.parametrize("street", ["boulevard Duchesse-Anne", "avenue du Président-Wilson"])
def test_a_french_street_named_after_a_titled_person_is_a_street(geoparser, street):
    found = _places(geoparser, f"Un incendie a éclaté {street} à Rennes.", "fr")
    assert found[0] == (street, f"Rennes ({street})", "FR", "city")
