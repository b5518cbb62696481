"""Readings changed in the ninth pass of issue 11: a capital phrase and its name,
and the town a dateline names.

«العاصمة الأردنية عمان» ('the Jordanian capital Amman') was one mention, the name,
but the name was then read as if the phrase were not there: «عمان» and «مسقط» were
dropped (both are also words), «القاهرة» after «العاصمة المصرية» was taken for
an adjective agreeing with it, «تونس» was the country. And a phrase set off by
commas ('Ankara, the Turkish capital,', 'the Turkish capital, Ankara,') was a
second mention of the same place; and a dateline named like a country and its capital
(«عمان -», «تونس -») was the country. Every sentence here was written for these tests."""
import pytest


def _places(geoparser, text, language="ar"):
    return [(m.text, m.name, m.country_code, m.feature) for m in geoparser.parse(text, language=language)]


@pytest.mark.parametrize("text, surface, name, country", [
    ("افتتح وزير الثقافة في العاصمة الأردنية عمان معرضا للكتاب .", "عمان", "Amman", "JO"),
    ("وصلت الطائرة الى العاصمة العمانية مسقط مساء امس .", "مسقط", "Muscat", "OM"),
])
def test_the_name_after_a_capital_phrase_is_that_countrys_capital_even_where_it_is_also_a_word(
        geoparser, text, surface, name, country):
    assert _places(geoparser, text) == [(surface, name, country, "city")]


def test_a_capital_named_like_an_adjective_is_not_read_as_agreeing_with_the_phrase(geoparser):
    # «القاهرة» is also "the overwhelming" (feminine), and follows the feminine
    # «المصرية»: after the capital phrase it is the city.
    found = _places(geoparser, "عقد الوزراء اجتماعهم في العاصمة المصرية القاهرة امس .")
    assert found == [("القاهرة", "Cairo", "EG", "city")]


def test_a_capital_named_like_its_country_is_the_city(geoparser):
    # (French already read «la capitale tunisienne Tunis» so.)
    found = _places(geoparser, "اعلنت الحكومة من العاصمة التونسية تونس خطة جديدة .")
    assert found == [("تونس", "Tunis", "TN", "city")]


def test_only_the_name_after_the_phrase_changes_reading(geoparser):
    # The same names without a capital phrase keep their readings: «عمان» after
    # «إلى» is the country; the phrase with no name after it is still the capital.
    assert _places(geoparser, "التقى الوزيران في العاصمة الأردنية عمان ثم سافر الوفد الى عمان .") == [
        ("عمان", "Amman", "JO", "city"), ("عمان", "Oman", "OM", "country")]
    assert _places(geoparser, "وصل الوفد الى العاصمة الأردنية امس .") == [
        ("العاصمة الأردنية", "Amman", "JO", "city")]


# -- a capital phrase set off by commas --------------------------------------
@pytest.mark.parametrize("text, language, surface", [
    ("The embassy in Ankara, the Turkish capital, was closed on Tuesday.", "en", "Ankara"),
    ("L'ambassade à Ankara, la capitale turque, a fermé mardi.", "fr", "Ankara"),
    ("اغلقت السفارة في انقرة ، العاصمة التركية ، يوم الثلاثاء .", "ar", "انقرة"),
    ("Talks opened in the Turkish capital, Ankara, on Tuesday.", "en", "Ankara"),
])
def test_a_capital_phrase_in_apposition_to_the_capitals_name_is_no_second_mention(
        geoparser, text, language, surface):
    assert _places(geoparser, text, language) == [(surface, "Ankara", "TR", "city")]


def test_a_capital_set_off_by_commas_after_the_phrase_is_read_as_the_capital(geoparser):
    # «عمان» alone after a comma would be Oman or a word; after the phrase it is Amman.
    assert _places(geoparser, "تظاهر الالاف في العاصمة الأردنية ، عمان ، امس .") == [
        ("عمان", "Amman", "JO", "city")]


def test_only_a_phrase_restating_the_capital_before_it_is_folded_into_it(geoparser):
    # Tripoli is Libya's capital: one mention. Benghazi is not: the phrase after it
    # names another place, Tripoli.
    found = _places(geoparser, "He flew from Tripoli, the Libyan capital, to Benghazi, the Libyan capital being"
                               " shut to flights.", "en")
    assert [name for _surface, name, _cc, _feature in found] == ["Tripoli", "Benghazi", "Tripoli"]


# -- a dateline names a town ---------------------------------------------------
@pytest.mark.parametrize("text, language, name, country", [
    ("عمان - اعلنت الحكومة امس خطة جديدة للنقل .", "ar", "Amman", "JO"),
    ("الكويت - اعلنت الحكومة امس خطة جديدة للنقل .", "ar", "Kuwait City", "KW"),
    ("تونس - اعلنت الحكومة امس خطة جديدة للنقل .", "ar", "Tunis", "TN"),
    ("الجزائر - اعلنت الحكومة امس خطة جديدة للنقل .", "ar", "Algiers", "DZ"),
])
def test_a_dateline_named_like_a_country_is_the_town_it_is_filed_from(geoparser, text, language, name, country):
    found = geoparser.parse(text, language=language)
    assert [(m.name, m.country_code, m.feature) for m in found][:1] == [(name, country, "city")]


def test_only_the_dateline_is_the_town_and_a_country_with_no_such_town_stays_the_country(geoparser):
    # The same name in the body is the country; «لبنان -» has no town of its own to go to.
    found = geoparser.parse("تونس - قالت الحكومة ان تونس ستستضيف المؤتمر .", language="ar")
    assert [(m.name, m.feature) for m in found] == [("Tunis", "city"), ("Tunisia", "country")]
    assert geoparser.parse("لبنان - قال مسؤول امس .", language="ar")[0].feature == "country"
