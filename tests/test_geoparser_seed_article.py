"""The first real input: a Moroccan outlet's Arabic article on ISIS in Libya."""
from collections import Counter
from pathlib import Path

import pytest

from events.geoparser.resolve import haversine_km as _haversine_km

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_902848ff8bd023e5.txt"
JERUSALEM = (31.778, 35.235)
TRIPOLI_LEBANON = (34.434, 35.844)
BURQA_PALESTINE = (32.30, 35.19)
ALGIERS = (36.732, 3.087)


@pytest.fixture(scope="module")
def mentions(geoparser):
    return geoparser.parse(SEED.read_text(encoding="utf-8"), language="ar")


def test_the_seed_file_is_there():
    assert SEED.exists(), f"missing {SEED}"


def test_every_libya_mention_is_found_including_clitics(mentions):
    libya = [m for m in mentions if m.feature == "country" and m.country_code == "LY"]
    assert len(libya) == 8
    assert "بليبيا" in [m.text for m in libya]


def test_derna_is_found_five_times_including_wa_derna(mentions):
    derna = [m for m in mentions if m.name == "Darnah"]
    assert len(derna) == 5
    assert "ودرنة" in [m.text for m in derna]
    assert all(m.country_code == "LY" for m in derna)


def test_tripoli_and_the_libyan_capital_are_in_libya(mentions):
    tripoli = [m for m in mentions if "Tripoli" in m.name]
    assert {m.text for m in tripoli} >= {"العاصمة الليبية", "طرابلس"}
    assert len(tripoli) == 3
    assert all(m.country_code == "LY" for m in tripoli)


def test_benghazi_barqa_algeria_egypt_and_the_title_morocco(mentions):
    found = {(m.text, m.name, m.country_code, m.feature) for m in mentions}
    assert ("بنغازي", "Benghazi", "LY", "city") in found
    assert ("برقة", "Cyrenaica", "LY", "region") in found
    assert ("الجزائر", "Algeria", "DZ", "country") in found
    assert ("مصر", "Egypt", "EG", "country") in found
    title = [m for m in mentions if m.start < 50]
    assert [(m.text, m.country_code) for m in title] == [("المغرب", "MA")]


def test_nothing_is_placed_at_the_traps(mentions):
    for trap in (JERUSALEM, TRIPOLI_LEBANON, BURQA_PALESTINE, ALGIERS):
        assert all(_haversine_km(m.lat, m.lon, *trap) > 50 for m in mentions), trap


def test_al_qaeda_in_the_islamic_maghreb_is_not_morocco(mentions):
    morocco = [m for m in mentions if m.country_code == "MA"]
    assert len(morocco) == 1 and morocco[0].start < 50


def test_no_ordinary_word_is_mapped(mentions):
    expected = Counter({"LY": 18, "DZ": 1, "EG": 1, "MA": 1})
    assert Counter(m.country_code for m in mentions) == expected
    assert all(m.text == SEED.read_text(encoding="utf-8")[m.start:m.end] for m in mentions)
