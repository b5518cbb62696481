"""Readings changed in the ninth pass of issue 11: a capital phrase's own name.

«العاصمة الأردنية عمان» ('the Jordanian capital Amman') was one mention, the name,
but the name was then read as if the phrase were not there: «عمان» went to Oman
(or to nothing: it is also a word), «القاهرة» after «العاصمة المصرية» was taken for
an adjective agreeing with it, «تونس» was the country. Every sentence here was
written for these tests."""
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
