"""The gazetteer cache is rebuilt when an input changes, and loaded when it has not."""
import shutil

from events.geoparser import build, cache, gazetteer
from events.geoparsing import gazetteer_cache_path


def test_the_cache_name_changes_when_a_data_file_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(cache.DATA_DIR, data)
    before = cache.cache_path(tmp_path, data_dir=data)
    (data / "regions.json").write_text((data / "regions.json").read_text() + "\n", encoding="utf-8")
    after = cache.cache_path(tmp_path, data_dir=data)
    assert after != before and after.parent == before.parent


def test_the_app_keeps_its_cache_in_the_configured_directory(settings, tmp_path):
    settings.GAZETTEER_CACHE_DIR = tmp_path / "gaz"
    assert gazetteer_cache_path().parent == tmp_path / "gaz"


def test_an_existing_cache_is_loaded_without_building(geoparser, monkeypatch):
    calls = []
    monkeypatch.setattr(cache, "build_cache", lambda path: calls.append(path))
    path = gazetteer_cache_path()
    assert path.exists()  # built for the geoparser fixture
    loaded = cache.load(path)
    assert calls == [] and loaded.names


def test_a_missing_cache_is_built(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(cache, "build_cache", lambda path: built.append(path) or "built")
    assert cache.load(tmp_path / "absent.pickle") == "built"
    assert built == [tmp_path / "absent.pickle"]


def test_building_a_cache_removes_stale_ones(tmp_path, monkeypatch):
    stale = tmp_path / "gazetteer-0000000000000000.pickle"
    stale.write_bytes(b"old")
    monkeypatch.setattr(build, "build", lambda: gazetteer.Gazetteer(
        names=[], lat=[], lon=[], country=[], kind=b"", population=[], geonames_id=[],
        capital=set(), index={}, starts=set(), ambiguity={}, capitals={}))
    fresh = tmp_path / "gazetteer-1111111111111111.pickle"
    cache.build_cache(fresh)
    assert fresh.exists() and not stale.exists()
