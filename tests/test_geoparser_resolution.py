"""Resolution uses the whole document: countries, cues, capitals, provinces, size."""
import pytest


def test_a_country_named_like_its_capital_is_the_country(places):
    assert places("وصل الوفد إلى الجزائر")[0][1:3] == ("DZ", "country")
    assert places("Une délégation est arrivée en Tunisie puis à Alger.")[0][1:3] == ("TN", "country")


def test_city_cues_make_it_the_capital(places):
    assert places("انفجار في مدينة الجزائر")[0][3] == "Algiers"
    assert places("انفجار في الجزائر العاصمة")[0][3] == "Algiers"
    assert places("احتجاجات في العاصمة تونس")[0][3] == "Tunis"


@pytest.mark.parametrize("text", [
    "هجوم في العاصمة الليبية",
    "Des tirs dans la capitale libyenne",
    "Gunfire in the Libyan capital",
])
def test_the_libyan_capital_is_tripoli_in_libya(places, text):
    (surface, country, feature, name), = places(text)
    assert (country, feature, name) == ("LY", "city", "Tripoli")


def test_document_context_chooses_between_namesakes(places):
    assert places("اشتباكات في طرابلس شمال لبنان")[0][1] == "LB"
    assert places("Clashes in Beirut and later in Tripoli, Lebanon.")[1][1] == "LB"
    assert places("تواصل القتال في ليبيا، وسقطت قذائف على طرابلس")[1][1] == "LY"


def test_an_isis_province_is_the_region_around_its_place(places):
    assert places("تنظيم الدولة بولاية برقة")[0][1:4] == ("LY", "region", "Cyrenaica")
    (surface, country, feature, name), = places("نشر صورة لما أسماها ولاية طرابلس في ليبيا")[:1]
    assert (surface, country, feature) == ("طرابلس", "LY", "region")


def test_each_mention_carries_the_contract_fields_and_alternatives(geoparser):
    mention = geoparser.parse("Protesters gathered in Tripoli.")[0]
    assert mention.country_code == "LY" and mention.geonames_id == 2210247
    assert 0 < mention.confidence <= 1
    assert {alt["country_code"] for alt in mention.alternatives} >= {"LB"}
    assert set(mention.as_dict()) >= {"start", "end", "text", "name", "lat", "lon", "country_code",
                                      "feature", "geonames_id", "confidence", "alternatives"}


def test_the_outlets_country_breaks_ties(geoparser):
    text = "Un rassemblement a eu lieu à Tripoli."
    assert geoparser.parse(text, outlet_country="LB")[0].country_code == "LB"
    assert geoparser.parse(text)[0].country_code == "LY"


def test_a_bigger_place_wins_without_other_evidence(places):
    assert places("Heavy rain flooded Alexandria.")[0][1] == "EG"
