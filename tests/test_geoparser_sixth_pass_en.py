"""Readings added in the sixth pass of issue 11, English. Every sentence here was
written for these tests."""


def _names(geoparser, text):
    return [m.name for m in geoparser.parse(text, language="en")]


def test_a_degree_after_a_name_is_not_a_state_abbreviation(geoparser):
    # AP writes Maryland «Md.»; «M.D.» in capitals after a name is the doctor's degree.
    assert "Maryland" not in _names(geoparser, "Dr. Ellen Moss, M.D., said the clinic in Pittsburgh would close.")
    assert "Maryland" not in _names(geoparser, "JAMES ORR, M.D. wrote the letter.")


def test_an_ap_state_abbreviation_after_a_town_still_names_the_state(geoparser):
    assert "Maryland" in _names(geoparser, "Police in Laurel, Md., said two men were held.")
    assert "Kentucky" in _names(geoparser, "A barn fire near Hazard, Ky., killed forty cows.")
