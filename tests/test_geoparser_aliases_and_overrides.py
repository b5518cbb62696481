"""Editors' corrections: global aliases are hints that context can outweigh;
article-scoped overrides touch one parse only."""
from events.geoparser import Geoparser

LEBANON_TRIPOLI = {"name": "Tripoli, Lebanon", "lat": 34.43, "lon": 35.84, "country_code": "LB",
                   "feature": "city", "geonames_id": 266826}


def test_a_global_alias_wins_when_the_text_says_nothing(geoparser):
    parser = Geoparser(geoparser.gaz, aliases=[("Tripoli", LEBANON_TRIPOLI)])
    assert parser.parse("Clashes in Tripoli.", language="en")[0].country_code == "LB"


def test_context_outweighs_a_global_alias(geoparser):
    parser = Geoparser(geoparser.gaz, aliases=[("Tripoli", LEBANON_TRIPOLI)])
    text = "À Tripoli, la capitale libyenne, des tirs ont visé un hôtel en Libye."
    tripoli = next(m for m in parser.parse(text, language="fr") if m.text == "Tripoli")
    assert tripoli.country_code == "LY"


def test_an_article_override_applies_to_that_parse_only(geoparser):
    text = "Clashes in Tripoli."
    span = (text.index("Tripoli"), text.index("Tripoli") + len("Tripoli"))
    corrected = geoparser.parse(text, language="en", overrides={span: LEBANON_TRIPOLI})
    assert (corrected[0].country_code, corrected[0].confidence) == ("LB", 1.0)
    assert geoparser.parse(text, language="en")[0].country_code == "LY"


def test_an_override_by_surface_form_covers_every_occurrence_and_can_remove(geoparser):
    square = {"name": "Sahaba Square", "lat": 32.766, "lon": 22.639, "country_code": "LY",
              "feature": "poi", "geonames_id": None}
    text = "تجمع في ساحة الصحابة ثم عاد إلى ساحة الصحابة قرب درنة"
    mentions = geoparser.parse(text, language="ar", overrides={"ساحة الصحابة": square, "درنة": None})
    assert [m.name for m in mentions] == ["Sahaba Square", "Sahaba Square"]
