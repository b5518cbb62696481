"""Cached, conditional, compressed answers for the public data paths.

Every answer is keyed by the data version (events.models.mapdata.MapDataVersion),
the path and the query string:
- a request whose If-None-Match / If-Modified-Since still holds is answered 304
  after reading that one row, the event table untouched;
- otherwise the body comes from Django's cache (Redis when the deployment sets it,
  so every worker shares it), stored once with its gzip form, so a hit costs no
  compression either;
- on a miss, one worker refills the entry while the others wait a moment for it
  (a short lock through cache.add), so a publish costs one refill, not one per
  worker.
Django's GZipMiddleware would recompress the same bytes on every hit; storing the
gzip form next to the body is why this module compresses by itself.
"""
import gzip
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from events.models import MapDataVersion
from events.models.mapdata import data_version_changed

CACHE_SECONDS = 600
LOCK_SECONDS = 20
WAIT_SECONDS = 5.0
MIN_GZIP_BYTES = 200


# The current data version, kept in the cache when that cache is shared by every process
# (Redis, memcached; settings.DATA_VERSION_IN_CACHE overrides the guess): a cached
# answer then costs no database query at all. Only a cache
# every process shares may hold it: with one memory cache per gunicorn worker, a
# publish through one worker would stay unseen by the others. MapDataVersion.bump()
# drops it at once and sets the committed value after the commit (_follow_data_version),
# so a reader that read the old row just before the commit cannot put it back; the
# timeout bounds what anything outside bump() (a restore, a raw UPDATE) leaves stale.
DATA_VERSION_KEY = "public:data-version"
DATA_VERSION_SECONDS = 30
_SHARED_BACKENDS = ("RedisCache", "PyMemcacheCache", "PyLibMCCache")


def version_in_cache():
    """Whether the data version is read from the cache rather than the database."""
    setting = getattr(settings, "DATA_VERSION_IN_CACHE", None)
    if setting is not None:
        return setting
    return settings.CACHES["default"]["BACKEND"].endswith(_SHARED_BACKENDS)


def _data_version_from_db():
    version, changed_at = MapDataVersion.current()
    return f"{version}.{int(changed_at.timestamp() * 1_000_000):x}", changed_at


def data_version():
    """(token, changed_at). The token carries the row's time as well as its counter: a
    database flushed or restored from a backup starts the counter again, and must not
    meet answers cached for the counter's earlier life."""
    if not version_in_cache():
        return _data_version_from_db()
    found = cache.get(DATA_VERSION_KEY)
    if found is None:
        found = _data_version_from_db()
        cache.add(DATA_VERSION_KEY, found, DATA_VERSION_SECONDS)
    return found


def _follow_data_version(sender, committed, **kwargs):
    """MapDataVersion.bump(): inside the writer's transaction the cached token is
    dropped; once the bump is committed it becomes the committed one."""
    if not version_in_cache():
        return
    if committed:
        cache.set(DATA_VERSION_KEY, _data_version_from_db(), DATA_VERSION_SECONDS)
    else:
        cache.delete(DATA_VERSION_KEY)


data_version_changed.connect(_follow_data_version, dispatch_uid="public-caching-data-version")


def _etag(version, request, variant):
    digest = hashlib.sha256(f"{request.path}?{request.GET.urlencode()}|{variant}".encode()).hexdigest()[:20]
    return f'"{version}-{digest}"'


def _not_modified(request, etag, changed_at):
    match = request.headers.get("If-None-Match")
    if match:
        return etag in [tag.strip().removeprefix("W/") for tag in match.split(",")] or match.strip() == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(changed_at.timestamp()) <= since


def _fill(key, compute):
    """The cached (body, gzip body) for key, computed once across workers."""
    entry = cache.get(key)
    if entry is not None:
        return entry
    lock = key + ":refill"
    if not cache.add(lock, 1, LOCK_SECONDS):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            entry = cache.get(key)
            if entry is not None:
                return entry
    try:
        body = compute()
        if isinstance(body, str):
            body = body.encode()
        entry = (body, gzip.compress(body, compresslevel=6) if len(body) >= MIN_GZIP_BYTES else None)
        cache.set(key, entry, CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return entry


def cached_response(request, compute, content_type, variant=""):
    """compute() -> bytes or str, answered with caching, conditional requests and gzip."""
    version, changed_at = data_version()
    etag = _etag(version, request, variant)
    private = settings.EVENT_MAP["REQUIRE_LOGIN"]
    if _not_modified(request, etag, changed_at):
        response = HttpResponseNotModified()
    else:
        key = "public:" + etag.strip('"')
        body, compressed = _fill(key, compute)
        response = HttpResponse(content_type=content_type)
        if compressed is not None and "gzip" in request.headers.get("Accept-Encoding", ""):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
        else:
            response.content = body
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    response["Cache-Control"] = ("private" if private else "public") + ", no-cache"
    patch_vary_headers(response, ["Accept-Encoding"] + (["Cookie"] if private else []))
    return response


def cached_value(request_key, compute, version=None):
    """A Python value cached under the data version (e.g. the map's summary); a caller
    that already read the version's token passes it, saving a second read."""
    if version is None:
        version, _changed = data_version()
    key = "public-value:%s:%s" % (version, hashlib.sha256(request_key.encode()).hexdigest()[:24])
    value = cache.get(key)
    if value is None:
        lock = key + ":refill"
        if not cache.add(lock, 1, LOCK_SECONDS):
            deadline = time.monotonic() + WAIT_SECONDS
            while value is None and time.monotonic() < deadline:
                time.sleep(0.05)
                value = cache.get(key)
            if value is not None:
                return value
        try:
            value = compute()
            cache.set(key, value, CACHE_SECONDS)
        finally:
            cache.delete(lock)
    return value
