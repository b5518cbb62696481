"""Any text gives an answer, never a crash, with spans that point into the text."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from(["\u200f", "\u200e", "\u061c", "\u202b", "\u202c", "\x00", "\x07", "\n",
                         "\t", "é", "ـ", "«", "»", "’", "\ufeff", "\U0001F600"]),
        st.characters(),
    ),
    max_size=400,
)
PLACES = st.lists(st.sampled_from(["ليبيا", "بليبيا", "درنة", "Tripoli", "l'Algérie", "Libya's",
                                   "الدار البيضاء", "مدينة صور", "\u200fطرابلس\u200f", "Nice"]))


def check(geoparser, text):
    mentions = geoparser.parse(text)
    assert isinstance(mentions, list)
    previous_end = 0
    for m in mentions:
        assert previous_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert -90 <= m.lat <= 90 and -180 <= m.lon <= 180
        previous_end = m.end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MIXED)
def test_any_text_gives_ordered_valid_spans(geoparser, text):
    check(geoparser, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noise=MIXED, names=PLACES)
def test_names_inside_noise_keep_valid_spans(geoparser, noise, names):
    check(geoparser, noise.join(names) + noise)


def test_empty_and_blank_texts(geoparser):
    assert geoparser.parse("") == []
    assert geoparser.parse(" \n\t\u200f ") == []


def test_a_megabyte_of_text(geoparser):
    text = ("مع استمرار توتر الأوضاع في ليبيا سقطت مدينة درنة. " * 20_000)[:1_000_000]
    mentions = geoparser.parse(text)
    assert len(mentions) > 10_000
    assert mentions[-1].end <= len(text)
