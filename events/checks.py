"""System checks for the app's own settings, with ids and hints.

They run with every management command (and `check --deploy` at production
start-up, see project/gunicorn.conf.py), so a bad setting stops the process with a
message that says what to change instead of failing on the first request.

| id | what |
| --- | --- |
| events.E001 | GEOCODER's backend cannot be imported or is not a geopy geocoder |
| events.E002 | GEOCODER's options are refused by the backend |
| events.E003 | MAP_TILES_URL is not a URL template with {z}, {x} and {y} |
| events.E004 | the gazetteer cache directory cannot be created or written |
| events.I005 | (deploy) the gazetteer cache is not built yet (it will be, on first use: slow) |
| events.W006 | (deploy) the static files manifest is missing: run collectstatic |
"""
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


@register(Tags.compatibility)
def check_geocoder(app_configs=None, **kwargs):
    from events.geocoding import load_backend

    config = getattr(settings, "GEOCODER", {}) or {}
    path = config.get("BACKEND") or "events.geocoding.OfflineGeocoder"
    try:
        load_backend(config)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="events.E001", hint=(
            "Set GEOCODER_BACKEND to a geopy geocoder class, e.g. geopy.geocoders.Nominatim, "
            "or leave it unset for the offline gazetteer."))]
    except (TypeError, ValueError) as exc:
        return [Error(f"GEOCODER backend {path!r} refuses its options: {exc}", id="events.E002",
                      hint=("Check GEOCODER_DOMAIN, GEOCODER_API_KEY, GEOCODER_USER_AGENT and "
                            "GEOCODER_TIMEOUT against the service's geopy class: e.g. Nominatim "
                            "needs GEOCODER_USER_AGENT and takes no API key."))]
    return []


def _tiles_url_problem(url):
    if not url:
        return "is empty"
    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "is not an http(s) URL"
    missing = [p for p in TILE_PLACEHOLDERS if p not in url]
    if missing:
        return "lacks " + ", ".join(missing)
    try:
        url.format(s="a", z=0, x=0, y=0, r="")
    except (KeyError, IndexError, ValueError) as exc:
        return f"has a placeholder the map cannot fill ({exc})"
    return None


@register(Tags.compatibility)
def check_tiles_url(app_configs=None, **kwargs):
    url = settings.EVENT_MAP.get("TILES_URL", "")
    problem = _tiles_url_problem(url)
    if problem is None:
        return []
    return [Error(f"MAP_TILES_URL {problem}: {url!r}.", id="events.E003", hint=(
        "Use a tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png "
        "({s} for subdomains and {r} for retina are allowed)."))]


@register(Tags.compatibility)
def check_gazetteer_cache(app_configs=None, **kwargs):
    directory = Path(getattr(settings, "GAZETTEER_CACHE_DIR", ""))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".check-"):
            pass
    except OSError as exc:
        return [Error(f"The gazetteer cache directory {directory} is not writable: {exc.strerror}.",
                      id="events.E004", hint=(
                          "Set GAZETTEER_CACHE_DIR to a directory the app's user may write, "
                          "or give that user write access to it."))]
    return []


def check_gazetteer_built(app_configs=None, **kwargs):
    from events.geoparsing import gazetteer_cache_path

    if not gazetteer_cache_path().is_file():
        return [Info("The gazetteer cache is not built yet; the first geoparsing request "
                     "will build it, which takes about a minute.", id="events.I005",
                     hint="Run `manage.py build_gazetteer` once after installing or upgrading.")]
    return []


def check_static_manifest(app_configs=None, **kwargs):
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    if os.path.isfile(manifest):
        return []
    return [Warning(f"The static files manifest {manifest} is missing: every page would "
                    "answer 500.", id="events.W006",
                    hint="Run `manage.py collectstatic --noinput` (STATIC_ROOT must be the same).")]


register(check_gazetteer_built, Tags.compatibility, deploy=True)
register(check_static_manifest, Tags.staticfiles, deploy=True)
