"""Kinds of places the independent samples showed missing, and readings that are not places."""
import pytest

from events.geoparser.resolve import haversine_km


@pytest.mark.parametrize("text, language, name, feature", [
    ("Fighting spread across Borno state in Nigeria.", "en", "Borno", "admin"),
    ("Wildfires burned in California on Monday.", "en", "California", "admin"),
    ("Migrants crossed the Mediterranean overnight.", "en", "Mediterranean Sea", "region"),
    ("قصف قرب نهر الفرات", "ar", "Euphrates", "region"),
    ("Les pêcheurs du lac Tchad ont fui.", "fr", "Lake Chad region", "region"),
    ("Leaders from Europe and Africa met.", "en", "Europe", "region"),
    ("تصاعد التوتر في الشرق الأوسط", "ar", "Middle East", "region"),
])
def test_divisions_features_and_macro_regions_are_found(geoparser, text, language, name, feature):
    assert (name, feature) in [(m.name, m.feature) for m in geoparser.parse(text, language=language)]


@pytest.mark.parametrize("text, language, code, east_of_centroid", [
    ("Clashes broke out in eastern Libya.", "en", "LY", True),
    ("اشتباكات في شرق ليبيا", "ar", "LY", True),
    ("Des combats dans le nord du Mali.", "fr", "ML", None),
])
def test_a_directional_part_is_a_region_point_inside_that_part(geoparser, text, language, code, east_of_centroid):
    (m,) = geoparser.parse(text, language=language)
    assert (m.country_code, m.feature) == (code, "region")
    if east_of_centroid:
        assert m.lon > 19.5
    else:
        assert m.lat > 17.0  # north of Mali's towns' middle


@pytest.mark.parametrize("text, language, code", [
    ("Talks with the U.S. resumed.", "en", "US"),
    ("The UK and the UAE signed.", "en", "GB"),
    ("Un accord avec l'UE est proche.", "fr", None),
    ("زار وفد من الإمارات", "ar", "AE"),
])
def test_short_forms_are_found(geoparser, text, language, code):
    mentions = geoparser.parse(text, language=language)
    assert mentions and mentions[0].country_code == code


def test_us_the_pronoun_is_not_the_united_states(geoparser):
    assert geoparser.parse("Let us go home.", language="en") == []


@pytest.mark.parametrize("text", [
    "François Hollande met the press. Hollande said little.",
    "President Hollande spoke.",
    "Michael Jordan scored 40 points.",
    "M. Hollande a parlé.",
])
def test_person_names_are_not_places(geoparser, text):
    assert geoparser.parse(text) == []


def test_a_country_is_not_masked_as_a_given_name(geoparser):
    assert [m.country_code for m in geoparser.parse("Jordan Valley farmers and Jordan officials met.",
                                                    language="en")][-1:] == ["JO"]


@pytest.mark.parametrize("word", ["وكالة", "سلطات", "هوية", "فرقة", "كان", "ليل", "سالم", "كريم", "نايف",
                                  "الطرف", "بداخله", "للمعسكر", "والميدان", "والأمان", "المائة", "ميادين"])
def test_arabic_ordinary_words_are_not_places(geoparser, word):
    assert geoparser.parse(f"قال مصدر إن {word} شيء آخر", language="ar") == []


def test_english_towns_abroad_are_found_with_their_state(geoparser):
    mentions = geoparser.parse("The shooting happened in Rockville, Maryland.", language="en")
    rockville = next(m for m in mentions if m.text == "Rockville")
    assert haversine_km(rockville.lat, rockville.lon, 39.08, -77.15) < 20


def test_mali_is_a_place_after_a_preposition_and_a_word_after_a_noun(geoparser):
    assert [m.country_code for m in geoparser.parse("انتشرت القوات في مالي", language="ar")] == ["ML"]
    assert geoparser.parse("قدمت الحكومة دعم مالي للمزارعين", language="ar") == []
