"""The app's system checks (events/checks.py): each bad setting gives its id and a hint."""
import pytest

from events import checks


def ids(messages):
    return [message.id for message in messages]


def test_the_default_geocoder_passes(settings):
    assert checks.check_geocoder() == []


@pytest.mark.parametrize("backend", ["no.such.Module", "events.models.Event"])
def test_a_geocoder_that_cannot_be_imported_or_is_not_geopy_is_e001(settings, backend):
    settings.GEOCODER = {"BACKEND": backend, "OPTIONS": {}}
    messages = checks.check_geocoder()
    assert ids(messages) == ["events.E001"] and "GEOCODER_BACKEND" in messages[0].hint


def test_options_the_geocoder_refuses_are_e002(settings):
    settings.GEOCODER = {"BACKEND": "geopy.geocoders.Nominatim",
                         "OPTIONS": {"user_agent": "newsroom-test", "api_key": "k"}}
    assert ids(checks.check_geocoder()) == ["events.E002"]


def test_a_configured_online_geocoder_passes(settings):
    settings.GEOCODER = {"BACKEND": "geopy.geocoders.Nominatim",
                         "OPTIONS": {"user_agent": "newsroom-test", "domain": "nominatim.example.org",
                                     "timeout": 3.0}}
    assert checks.check_geocoder() == []


@pytest.mark.parametrize("url", ["https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                 "https://{s}.tile.example.org/{z}/{x}/{y}{r}.png"])
def test_tile_url_templates_pass(settings, url):
    settings.EVENT_MAP = {**settings.EVENT_MAP, "TILES_URL": url}
    assert checks.check_tiles_url() == []


@pytest.mark.parametrize("url", ["", "tiles/{z}/{x}/{y}.png", "ftp://t.example/{z}/{x}/{y}.png",
                                 "https://t.example/{z}/{x}.png", "https://t.example/{z}/{x}/{y}/{key}.png"])
def test_a_bad_tile_url_is_e003(settings, url):
    settings.EVENT_MAP = {**settings.EVENT_MAP, "TILES_URL": url}
    messages = checks.check_tiles_url()
    assert ids(messages) == ["events.E003"] and "{z}/{x}/{y}" in messages[0].hint


def test_a_gazetteer_directory_that_cannot_be_created_is_e004(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.GAZETTEER_CACHE_DIR = blocker / "gazetteer"
    messages = checks.check_gazetteer_cache()
    assert ids(messages) == ["events.E004"] and "GAZETTEER_CACHE_DIR" in messages[0].hint


def test_an_unbuilt_gazetteer_is_reported_by_the_deploy_check(settings, tmp_path):
    settings.GAZETTEER_CACHE_DIR = tmp_path
    assert checks.check_gazetteer_cache() == []
    assert ids(checks.check_gazetteer_built()) == ["events.I005"]


def test_a_built_gazetteer_passes(settings, geoparser):
    assert checks.check_gazetteer_built() == []


def test_a_missing_static_manifest_is_w006_in_production(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "project.storage.StaticFilesStorage"}}
    settings.STATIC_ROOT = tmp_path
    messages = checks.check_static_manifest()
    assert ids(messages) == ["events.W006"] and "collectstatic" in messages[0].hint
    (tmp_path / "staticfiles.json").write_text("{}")
    assert checks.check_static_manifest() == []


def test_the_checks_are_registered_for_manage_py(settings):
    from django.core.checks.registry import registry

    names = {check.__name__ for check in registry.get_checks(include_deployment_checks=True)}
    assert {"check_geocoder", "check_tiles_url", "check_gazetteer_cache", "check_gazetteer_built",
            "check_static_manifest"} <= names
