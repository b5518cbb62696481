"""The gazetteer cache is rebuilt when an input changes, and loaded when it has not."""
import shutil

from events.geoparser import gazetteer


def test_the_cache_name_changes_when_a_data_file_changes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(gazetteer.DATA_DIR, data)
    monkeypatch.setattr(gazetteer, "DATA_DIR", data)
    before = gazetteer.cache_path()
    (data / "regions.json").write_text((data / "regions.json").read_text() + "\n", encoding="utf-8")
    assert gazetteer.cache_path() != before
    assert gazetteer.cache_path().parent == before.parent


def test_an_existing_cache_is_loaded_without_building(geoparser, monkeypatch):
    calls = []
    monkeypatch.setattr(gazetteer, "build_cache", lambda path: calls.append(path))
    path = gazetteer.cache_path()
    assert path.exists()  # built for the geoparser fixture
    loaded = gazetteer.load()
    assert calls == [] and loaded.names


def test_a_missing_cache_is_built(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(gazetteer, "build_cache", lambda path: built.append(path) or "built")
    assert gazetteer.load(tmp_path / "absent.pickle") == "built"
    assert built == [tmp_path / "absent.pickle"]


def test_building_a_cache_removes_stale_ones(tmp_path, monkeypatch):
    stale = tmp_path / "gazetteer-0000000000000000.pickle"
    stale.write_bytes(b"old")
    monkeypatch.setattr(gazetteer, "build", lambda: gazetteer.Gazetteer(
        names=[], lat=[], lon=[], country=[], kind=b"", population=[], geonames_id=[],
        capital=set(), index={}, starts=set(), ambiguity={}, capitals={}))
    fresh = tmp_path / "gazetteer-1111111111111111.pickle"
    gazetteer.build_cache(fresh)
    assert fresh.exists() and not stale.exists()
