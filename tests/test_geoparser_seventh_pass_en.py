"""Readings added in the seventh pass of issue 11, English: names written into codes,
streets and institutions named after places, clubs and given names. Every sentence
here was written for these tests."""


def _names(geoparser, text):
    return [m.name for m in geoparser.parse(text, language="en")]


def test_a_country_glued_to_a_currency_sign_is_the_currency(geoparser):
    names = _names(geoparser, "The deal, worth US$40 million, was signed in Tripoli.")
    assert "United States" not in names and "Tripoli" in names
    assert "United States" not in _names(geoparser, "Exports reached $US 3 billion last year.")


def test_the_same_country_written_apart_from_the_sign_is_still_the_country(geoparser):
    assert "United States" in _names(geoparser, "The US paid $40 million to Libya.")


def test_a_name_inside_an_influenza_strain_is_not_a_place(geoparser):
    names = _names(geoparser, "The A/Texas/50/2012 strain was also found in Ohio.")
    assert "Texas" not in names and "Ohio" in names


def test_a_street_or_an_institution_named_after_a_place_is_not_the_place(geoparser):
    assert _names(geoparser, "Shots were fired on Felixstowe Road in Leeds.") == ["Leeds"]
    assert "Pittsburgh" not in _names(geoparser, "She joined the University of Pittsburgh in Boston.")
    assert "Ohio" not in _names(geoparser, "He teaches at Ohio State University.")
    assert "Toronto" not in _names(geoparser, "Nurses at Toronto Hospital went on strike.")


def test_a_state_named_on_its_own_is_still_the_state(geoparser):
    assert "Ohio" in _names(geoparser, "Floods hit towns in Ohio.")
    assert "Iowa" in _names(geoparser, "The University moved its campus to Iowa.")


def test_a_word_that_opens_only_a_club_name_is_decisive_outside_a_sports_passage(geoparser):
    names = _names(geoparser, "Protesters gathered as Atletico Madrid fans left, police in Madrid said.")
    assert names.count("Madrid") == 1


def test_a_given_name_that_is_also_a_town_before_a_surname_is_the_person(geoparser):
    assert "Sidney" not in " ".join(_names(geoparser, "Sidney Crosby spoke to reporters in Halifax."))
    assert "Basel" not in _names(geoparser, "Gareth Bale scored twice in Cardiff.")


def test_a_capital_introduced_with_of_is_one_mention(geoparser):
    mentions = [m.text for m in geoparser.parse("He landed in the Turkish capital of Ankara on Monday.",
                                                 language="en")]
    assert mentions == ["Ankara"]
