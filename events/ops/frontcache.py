"""A front cache at the WSGI layer: the public data answers without the Django stack.

Why: a cached answer of the map's data paths cost about 2 ms of CPU in Django, and
almost none of it was the answer. Profiled through the test client, a cached
``/map/blocks/...`` request spent about 40% building the filter form (django-filter
deep-copies every field and its choice lists), about 25% in the ORM reading the data
version, and the rest in fifteen middleware, URL resolving and the view, to send
bytes already in the cache. An embed on a front page sends the same few URLs
thousands of times a minute, so this module answers them before Django:

- eligible requests are anonymous GET/HEAD for the views in ``EXACT_VIEWS`` and
  ``PREFIX_VIEWS`` (the map page, the embed, the map's script, point data, blocks and
  cells, event pages, the feeds, the read API), without a session cookie or an Authorization
  header, and never while ``EVENT_MAP["REQUIRE_LOGIN"]`` is on. The public pages
  carry no CSRF token (the language switcher needs none: project/urls.py), so they
  set no cookie and are as cacheable as the data;
- the key is the scheme (and the proxy's scheme header), the host, the path, the
  query string, the negotiated encoding (gzip or not) and the negotiated language
  (the same choice LocaleMiddleware makes from the language cookie and
  Accept-Language); with the data version, that is everything the stored answers
  vary on, and an answer whose ``Vary`` names anything else is never stored;
- an entry holds Django's own answer (status, every header, body) as Django sent it
  for that key, and the data version it was made under; an entry of another version
  is a miss. The version comes from the shared cache when it lives there
  (events.public.caching), so a hit costs one small cache read and no database
  query; with a per-process memory cache it is one primary-key read. Each process
  keeps the answers it served last (``Recent``, 96 MB), so the answer itself is read
  from Redis once per process and version, not on every hit;
- a miss goes to Django unchanged; its answer is stored when it is a 200 without
  ``Set-Cookie``, not private or ``no-store``, and not streamed. Django's own cache
  (events.public.caching) still makes the refill once across workers;
- a hit answers ``If-None-Match`` (then ``If-Modified-Since``) with 304 as
  events.public.caching does, with the headers Django sends on its 304; the request
  id is the request's own (``X-Request-ID`` kept when valid) and one log line per
  request is written, as events.ops.middleware writes it, with ``"cache": "front"``.

Anything unexpected in the cache (Redis down, a damaged entry) sends the request to
Django, never to an error page: the front cache can only make an answer faster.
``FRONT_CACHE=0`` turns it off (project/wsgi.py). docs/operations.md has the figures.
"""
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.http.cookie import parse_cookie
from django.urls import NoReverseMatch, get_script_prefix, resolve, reverse
from django.utils.http import parse_http_date_safe
from django.utils.translation import trans_real

from events.ops.logs import request_id_var
from events.ops.middleware import HEADER, log_request, request_id_for
from events.public import caching

logger = logging.getLogger(__name__)

ENTRY_SECONDS = 600
MAX_BYTES = 32 * 1024 * 1024
RECENT_BYTES = 96 * 1024 * 1024  # per process
# URL names answered from the front cache: the exact paths, and the prefixes of the
# block and cell paths (their tail is the tile's z/x/y).
EXACT_VIEWS = ("events:map", "events:embed", "events:map-script", "events:map-data", "events:feed-atom",
               "events:feed-rss", "events:api-list", "events:api-geojson")
PREFIX_VIEWS = ("events:map-block", "events:map-cell", "events:detail", "events:api-detail")
STORABLE_VARY = {"accept-encoding", "accept-language"}
# Django's 304 (HttpResponseNotModified, then CommonMiddleware) has no body, no
# Content-Type or Content-Encoding, and Content-Length 0.
NOT_MODIFIED_DROPS = {"content-type", "content-length", "content-encoding"}
_REASONS = {200: "200 OK", 304: "304 Not Modified"}


class Recent:
    """The answers this process served last, bounded in bytes, each with its version.

    A hit then costs the version check alone: no transfer of the answer from Redis and
    no unpickling. It matters for the large ones: the point data of 100,000 events is
    megabytes, and fetching it from Redis on every request would make Redis, not the
    workers, the limit. A version that no longer holds drops the entry."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gunicorn's threaded workers share one instance

    @staticmethod
    def _cost(entry):
        return len(entry["body"]) + 2048

    def get(self, key, version):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry["version"] != version:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        if self._cost(entry) > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = entry
            self.size += self._cost(entry)
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key):
        self.size -= self._cost(self.entries.pop(key))


class _Negotiation:
    """What Django's language negotiation reads from a request, from the WSGI environ."""

    def __init__(self, environ, cookies):
        self.META = environ
        self.COOKIES = cookies
        self.path_info = environ.get("PATH_INFO", "")


class FrontCache:
    """WSGI middleware around Django's application; see the module's docstring."""

    def __init__(self, app, recent_bytes=RECENT_BYTES):
        self.app = app
        self.recent = Recent(recent_bytes)
        self._paths = None
        self._deployment = None

    def deployment(self):
        """What the stored answers depend on that is fixed for the life of a process:
        the release, the collected static files (the embed names their hashed URLs),
        and the settings that shape headers and pages. It is part of every key, so an
        upgrade, a collectstatic or a changed setting never meets the answers that an
        earlier deployment left in Redis."""
        if self._deployment is None:
            from django.contrib.staticfiles.storage import staticfiles_storage

            import project

            shaping = [getattr(settings, name, None) for name in (
                "ALLOWED_HOSTS", "MIDDLEWARE", "CONTENT_SECURITY_POLICY", "EVENT_MAP", "LANGUAGES",
                "LANGUAGE_CODE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT", "SECURE_REFERRER_POLICY",
                "SECURE_CROSS_ORIGIN_OPENER_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS",
                "STATIC_URL")]
            fingerprint = repr([project.__version__, getattr(staticfiles_storage, "manifest_hash", ""), shaping])
            self._deployment = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
        return self._deployment

    # -- which requests -------------------------------------------------------------

    def _cacheable_paths(self):
        if self._paths is None:
            prefix = get_script_prefix()
            exact = {"/" + reverse(name).removeprefix(prefix) for name in EXACT_VIEWS}
            prefixes = tuple("/" + self._prefix(name).removeprefix(prefix) for name in PREFIX_VIEWS)
            self._paths = (exact, prefixes)
        return self._paths

    @staticmethod
    def _prefix(name):
        """The fixed start of a view's paths: its URL up to its first argument."""
        for args in ([0, 0, 0], [0]):
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
            return url[:url.index("/0") + 1]
        raise NoReverseMatch(name)

    def _cookies(self, environ):
        raw = environ.get("HTTP_COOKIE")
        return parse_cookie(raw) if raw else {}

    def eligible(self, environ):
        """The request's cookies when the front cache may answer it, else None."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if settings.EVENT_MAP["REQUIRE_LOGIN"] or "HTTP_AUTHORIZATION" in environ:
            return None
        path = environ.get("PATH_INFO", "")
        exact, prefixes = self._cacheable_paths()
        if path not in exact and not path.startswith(prefixes):
            return None
        cookies = self._cookies(environ)
        if settings.SESSION_COOKIE_NAME in cookies:
            return None  # a logged-in user (or one who was): Django decides
        return cookies

    def key(self, environ, cookies):
        """The cache key: everything the stored answer may depend on besides the version."""
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        language = trans_real.get_language_from_request(_Negotiation(environ, cookies), check_path=False)
        parts = (
            self.deployment(),
            environ.get("wsgi.url_scheme", "http"),
            environ.get(proxy[0], "") if proxy else "",
            environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}",
            environ.get("HTTP_X_FORWARDED_HOST", "") if settings.USE_X_FORWARDED_HOST else "",
            environ.get("HTTP_X_FORWARDED_PORT", "") if settings.USE_X_FORWARDED_PORT else "",
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            "gzip" if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") else "identity",
            language,
        )
        return "front:" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:40]

    # -- the WSGI call --------------------------------------------------------------

    def __call__(self, environ, start_response):
        cookies = self.eligible(environ)
        if cookies is None:
            return self.app(environ, start_response)
        started = time.monotonic()
        try:
            key = self.key(environ, cookies)
            version, entry = self._lookup(key, environ)
        except Exception:  # noqa: BLE001  (never worse than without the front cache)
            logger.warning("front cache unavailable; answering through Django", exc_info=True)
            return self.app(environ, start_response)
        if entry is not None and entry.get("version") == version:
            return self._answer(entry, environ, start_response, started)
        return self._fill(key, version, environ, start_response)

    def _lookup(self, key, environ):
        """(the current data version token, the stored entry or None)."""
        if caching.version_in_cache():
            current = cache.get(caching.DATA_VERSION_KEY)
            version = current[0] if current is not None else self._version_from_db(environ)[0]
        else:
            version = self._version_from_db(environ)[0]
        entry = self.recent.get(key, version)
        if entry is None:
            entry = cache.get(key)
            if entry is not None and entry.get("version") == version:
                self.recent.put(key, entry)
        return version, entry

    @staticmethod
    def _version_from_db(environ):
        # Django opens and closes database connections around a request through these
        # signals (CONN_MAX_AGE); a read made here follows the same rules.
        signals.request_started.send(sender=FrontCache, environ=environ)
        try:
            return caching.data_version()
        finally:
            signals.request_finished.send(sender=FrontCache)

    def _answer(self, entry, environ, start_response, started):
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        token = request_id_var.set(request_id)
        try:
            status = 304 if self._not_modified(entry, environ) else entry["status"]
            headers = [(name, request_id if name.lower() == HEADER.lower() else value)
                       for name, value in entry["headers"]
                       if status != 304 or name.lower() not in NOT_MODIFIED_DROPS]
            if status == 304 and entry.get("not_modified_length"):
                headers.append(("Content-Length", "0"))
            start_response(_REASONS.get(status, str(status)), headers)
            body = [] if status == 304 or environ["REQUEST_METHOD"] == "HEAD" else [entry["body"]]
            log_request(environ["REQUEST_METHOD"], self._path(environ), entry.get("view"), status, started,
                        cache="front")
            return body
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _path(environ):
        return (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"

    @staticmethod
    def _not_modified(entry, environ):
        """As events.public.caching decides it, from the stored ETag and Last-Modified."""
        etag, last_modified = entry.get("etag"), entry.get("last_modified")
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match:
            if not etag:
                return False
            return etag in [tag.strip().removeprefix("W/") for tag in match.split(",")] or match.strip() == "*"
        since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
        changed = parse_http_date_safe(last_modified or "")
        return since is not None and changed is not None and changed <= since

    def _fill(self, key, version, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, capture)
        if environ["REQUEST_METHOD"] != "GET" or not self._storable(result, captured):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) <= MAX_BYTES:
            self._store(key, version, environ, captured["headers"], body)
        return [body]

    @staticmethod
    def _storable(result, captured):
        if not captured.get("status", "").startswith("200 ") or getattr(result, "streaming", True):
            return False
        for name, value in captured["headers"]:
            lowered = name.lower()
            if lowered == "set-cookie":
                return False
            if lowered == "vary" and {v.strip().lower() for v in value.split(",")} - STORABLE_VARY:
                return False
            if lowered == "cache-control" and ("private" in value or "no-store" in value):
                return False
        return True

    def _store(self, key, version, environ, headers, body):
        found = {name.lower(): value for name, value in headers}
        try:
            view = resolve(environ.get("PATH_INFO", "")).view_name
        except Exception:  # noqa: BLE001
            view = None
        entry = {"version": version, "status": 200, "headers": list(headers), "body": body, "view": view,
                 "etag": found.get("etag"), "last_modified": found.get("last-modified"),
                 "not_modified_length": "content-length" in found}
        self.recent.put(key, entry)
        try:
            cache.set(key, entry, ENTRY_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("front cache could not store an answer", exc_info=True)
