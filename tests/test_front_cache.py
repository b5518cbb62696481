"""The WSGI front cache (events.ops.frontcache): the same answers as Django, faster.

Each test calls the WSGI application gunicorn runs (project.wsgi's wrapping of
Django's handler) with a request built by Django's RequestFactory, and compares with
Django's own answer to the same request. Runs on SQLite and PostgreSQL.
"""
import datetime
import gzip
import json
import logging

import pytest
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from events.models import MapDataVersion
from events.ops.frontcache import FrontCache
from events.taxonomy import ReviewStatus

BLOCK = "/map/blocks/3/1/0.json"
CACHEABLE = (BLOCK, "/map/data.json", "/embed/?event_type=Battles", "/map/script.js",
             "/map/cells/2/1/0.json", "/", "/?event_type=Battles&page=1", "/feeds/events.rss",
             "/feeds/events.atom", "/api/events/?page=1", "/api/events.geojson?country=LY")


class Answer:
    def __init__(self, status, headers, body):
        self.status = int(status.split()[0])
        self.header_list = headers
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def comparable_headers(self):
        """Every header but the request id (each request has its own), in any order."""
        return sorted((name.lower(), value) for name, value in self.header_list if name.lower() != "x-request-id")

    def json(self):
        body = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return json.loads(body)


def call(app, path, method="get", **headers):
    environ = getattr(RequestFactory(), method)(path, **headers).environ
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, list(response_headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(captured["status"], captured["headers"], body)


@pytest.fixture
def apps(db):
    """(the front-cached application, Django's alone), around an empty cache.

    Django's test client keeps the test's database connection open across requests by
    disconnecting close_old_connections from the request signals; so does this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    cache.clear()
    django_app = WSGIHandler()
    try:
        yield FrontCache(django_app), django_app
    finally:
        cache.clear()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def version_in_cache(settings):
    settings.DATA_VERSION_IN_CACHE = True


def front_lines(caplog):
    return [r for r in caplog.records if r.name == "events.request" and getattr(r, "cache", None) == "front"]


@pytest.fixture
def events(make_event):
    return [make_event(latitude=30 + i * 0.5, longitude=10 + i * 0.5) for i in range(3)]


@pytest.mark.parametrize("path", CACHEABLE)
@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_a_hit_is_the_answer_django_gives_with_every_header(apps, events, caplog, path, encoding):
    front, django_app = apps
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    headers = {"HTTP_ACCEPT_ENCODING": encoding, "HTTP_ACCEPT_LANGUAGE": "fr"}
    first = call(front, path, **headers)
    assert first.status == 200 and not front_lines(caplog)  # a miss: Django answered

    hit = call(front, path, HTTP_X_REQUEST_ID="req-front-1", **headers)
    fresh = call(django_app, path, **headers)

    assert [line.getMessage() for line in front_lines(caplog)] == [f"GET {path.split('?')[0]} 200"]
    assert hit.status == fresh.status == 200
    assert hit.comparable_headers() == fresh.comparable_headers()
    assert hit.body == fresh.body
    assert hit.headers["x-request-id"] == "req-front-1"
    assert hit.headers["content-language"] == "fr"
    assert ("content-encoding" in hit.headers) == (encoding == "gzip" and len(hit.body) > 0 and
                                                   fresh.headers.get("content-encoding") == "gzip")


def test_the_embed_keeps_its_own_framing_policy_from_the_front_cache(apps, events):
    front, _ = apps
    call(front, "/embed/")
    hit = call(front, "/embed/")
    assert "frame-ancestors *" in hit.headers["content-security-policy"]
    assert "x-frame-options" not in hit.headers
    data = call(front, BLOCK)
    data = call(front, BLOCK)
    assert "frame-ancestors 'none'" in data.headers["content-security-policy"]
    assert data.headers["x-frame-options"] == "DENY"


def test_a_hit_writes_one_log_line_with_its_request_id_and_view(apps, events, caplog):
    front, _ = apps
    call(front, BLOCK)
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    call(front, BLOCK, HTTP_X_REQUEST_ID="trace-42")
    [line] = [r for r in caplog.records if r.name == "events.request"]
    assert line.request_id == "trace-42" and line.status == 200 and line.view == "events:map-block"
    assert line.path == BLOCK and line.method == "GET" and line.user_id is None and line.cache == "front"
    assert isinstance(line.duration_ms, float)


def test_an_invalid_request_id_is_replaced_as_django_does(apps, events):
    front, _ = apps
    call(front, BLOCK)
    hit = call(front, BLOCK, HTTP_X_REQUEST_ID="bad id\nInjected: yes")
    assert len(hit.headers["x-request-id"]) == 32 and "\n" not in hit.headers["x-request-id"]


def test_if_none_match_is_answered_304_with_djangos_304_headers(apps, events, caplog):
    front, django_app = apps
    first = call(front, BLOCK, HTTP_ACCEPT_ENCODING="gzip")
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    with CaptureQueriesContext(connection) as queries:
        hit = call(front, BLOCK, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first.headers["etag"])
    fresh = call(django_app, BLOCK, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first.headers["etag"])

    assert hit.status == fresh.status == 304 and hit.body == fresh.body == b""
    assert hit.comparable_headers() == fresh.comparable_headers()
    assert [r.status for r in front_lines(caplog)] == [304]
    assert all("events_event" not in q["sql"] for q in queries)


def test_if_modified_since_is_answered_304_and_an_old_date_is_not(apps, events):
    front, _ = apps
    first = call(front, "/embed/")
    assert call(front, "/embed/", HTTP_IF_MODIFIED_SINCE=first.headers["last-modified"]).status == 304
    old = http_date((datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)).timestamp())
    assert call(front, "/embed/", HTTP_IF_MODIFIED_SINCE=old).status == 200


def test_head_gets_the_headers_without_the_body(apps, events):
    front, django_app = apps
    call(front, BLOCK)
    hit = call(front, BLOCK, method="head")
    assert hit.status == 200 and hit.body == b""
    assert hit.headers["content-length"] == call(django_app, BLOCK).headers["content-length"]


def test_with_the_version_in_the_cache_a_hit_makes_no_query(apps, events, version_in_cache):
    front, _ = apps
    call(front, BLOCK)
    with CaptureQueriesContext(connection) as queries:
        hit = call(front, BLOCK)
    assert hit.status == 200 and len(queries) == 0


def test_without_it_a_hit_reads_only_the_version_row(apps, events, settings):
    settings.DATA_VERSION_IN_CACHE = False
    front, _ = apps
    call(front, BLOCK)
    with CaptureQueriesContext(connection) as queries:
        call(front, BLOCK)
    assert len(queries) == 1 and "events_mapdataversion" in queries[0]["sql"]


@pytest.mark.parametrize("in_cache", [False, True])
def test_a_publish_is_served_at_once(apps, make_event, editor, article, settings, in_cache):
    settings.DATA_VERSION_IN_CACHE = in_cache
    front, _ = apps
    make_event(latitude=30.0, longitude=10.0)
    draft = make_event(latitude=31.0, longitude=11.0, status=ReviewStatus.IN_REVIEW, sources=[article])
    before = call(front, BLOCK)
    assert sum(cell[2] for cell in before.json()["cells"]) == 1
    assert call(front, BLOCK).json() == before.json()  # from the front cache

    draft.publish(editor)

    after = call(front, BLOCK, HTTP_IF_NONE_MATCH=before.headers["etag"])
    assert after.status == 200 and after.headers["etag"] != before.headers["etag"]
    assert sum(cell[2] for cell in after.json()["cells"]) == 2


@pytest.mark.parametrize("in_cache", [False, True])
def test_a_retracted_event_leaves_the_front_cache_at_once(apps, make_event, editor, settings, in_cache):
    settings.DATA_VERSION_IN_CACHE = in_cache
    front, _ = apps
    keep, gone = make_event(), make_event(latitude=30.0, longitude=10.0)
    first = call(front, BLOCK)
    call(front, BLOCK)
    embed = call(front, "/embed/")
    assert embed.headers.get("etag") and b'data-count="2"' in embed.body

    gone.retract(editor)

    again = call(front, BLOCK, HTTP_IF_NONE_MATCH=first.headers["etag"])
    assert again.status == 200 and [cell[3] for cell in again.json()["cells"]] == [keep.pk]
    assert b'data-count="1"' in call(front, "/embed/").body


def test_never_for_a_request_with_a_session_cookie(apps, events, caplog, client, editor):
    front, _ = apps
    call(front, BLOCK)
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    answer = call(front, BLOCK, HTTP_COOKIE=f"sessionid={session}")
    assert answer.status == 200 and not front_lines(caplog)
    [line] = [r for r in caplog.records if r.name == "events.request"]
    assert line.user_id == editor.pk  # Django answered, and knew the user


def test_never_while_the_map_requires_a_login(apps, events, settings, caplog):
    front, _ = apps
    call(front, BLOCK)
    call(front, "/embed/")
    settings.EVENT_MAP = {**settings.EVENT_MAP, "REQUIRE_LOGIN": True}
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    for path in (BLOCK, "/embed/"):
        answer = call(front, path)
        assert answer.status == 302 and "/login/" in answer.headers["location"]
    assert not front_lines(caplog)


def test_a_language_cookie_or_header_selects_its_own_entry(apps, events):
    front, django_app = apps
    for language in ("ar", "fr", "en"):
        call(front, "/map/script.js", HTTP_ACCEPT_LANGUAGE=language)
    for language in ("ar", "fr", "en"):
        hit = call(front, "/map/script.js", HTTP_ACCEPT_LANGUAGE=language)
        assert hit.headers["content-language"] == language
        assert hit.body == call(django_app, "/map/script.js", HTTP_ACCEPT_LANGUAGE=language).body
    by_cookie = call(front, "/map/script.js", HTTP_ACCEPT_LANGUAGE="fr", HTTP_COOKIE="django_language=ar")
    assert by_cookie.headers["content-language"] == "ar"


def test_answers_that_are_not_shareable_are_not_stored(apps, events, caplog):
    front, _ = apps
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    for path in ("/map/blocks/30/0/0.json", "/map/data.json?date_from=nonsense", "/events/999999/",
                 "/api/events/?page=99", "/api/events/999999/", "/exports/events.csv"):
        call(front, path)
        call(front, path)
    assert not front_lines(caplog)  # 404s, a 400 and uncached paths go to Django every time


def test_a_query_string_is_part_of_the_key(apps, make_event):
    front, _ = apps
    make_event(event_type="Protests", sub_event_type="Peaceful protest", latitude=34.0, longitude=-6.8)
    make_event(latitude=30.0, longitude=10.0)
    all_of_them = call(front, "/embed/")
    protests = call(front, "/embed/?event_type=Protests")
    assert b'data-count="2"' in call(front, "/embed/").body and b'data-count="2"' in all_of_them.body
    assert b'data-count="1"' in call(front, "/embed/?event_type=Protests").body
    assert b'data-count="1"' in protests.body


def test_a_failing_cache_read_sends_the_request_to_django(apps, events, monkeypatch, version_in_cache):
    front, _ = apps
    call(front, BLOCK)
    front.recent.entries.clear()
    real_get = cache.get

    def failing(key, *args, **kwargs):
        if key.startswith("front:"):
            raise ConnectionError("the entry could not be read")
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", failing)
    answer = call(front, BLOCK)
    assert answer.status == 200 and answer.json()["cells"]


def test_project_wsgi_wraps_django_in_the_front_cache_unless_turned_off(monkeypatch):
    import importlib

    import project.wsgi

    assert isinstance(project.wsgi.application, FrontCache)
    monkeypatch.setenv("FRONT_CACHE", "0")
    try:
        assert isinstance(importlib.reload(project.wsgi).application, WSGIHandler)
    finally:
        monkeypatch.delenv("FRONT_CACHE")
        importlib.reload(project.wsgi)


class TestDataVersionInTheCache:
    """events.public.caching.data_version with a shared cache: one cache read."""

    def test_it_is_read_from_the_cache_after_the_first_time(self, db, version_in_cache):
        from events.public.caching import data_version

        cache.clear()
        MapDataVersion.bump()
        first = data_version()
        with CaptureQueriesContext(connection) as queries:
            assert data_version() == first
        assert len(queries) == 0

    def test_a_bump_drops_it_at_once_and_sets_the_committed_one_after_the_commit(
            self, db, version_in_cache, django_capture_on_commit_callbacks):
        from events.public.caching import DATA_VERSION_KEY, data_version

        cache.clear()
        MapDataVersion.bump()
        old = data_version()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            MapDataVersion.bump()
            assert cache.get(DATA_VERSION_KEY) is None  # nobody reads the old one meanwhile
        assert len(callbacks) == 1
        assert cache.get(DATA_VERSION_KEY) != old and cache.get(DATA_VERSION_KEY)[0] == data_version()[0]
        assert data_version()[0] == "%d.%x" % (MapDataVersion.current()[0],
                                               int(MapDataVersion.current()[1].timestamp() * 1_000_000))


def test_another_deployment_never_meets_the_answers_of_an_earlier_one(apps, events, settings, caplog):
    front, django_app = apps
    call(front, BLOCK)
    assert call(front, BLOCK).headers["content-security-policy"] == call(django_app, BLOCK).headers[
        "content-security-policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                                                       "img-src": ["'self'", "https://tiles.example.org"]}}
    restarted = FrontCache(django_app)  # a process started with the new setting
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    answer = call(restarted, BLOCK)
    assert not front_lines(caplog) and "https://tiles.example.org" in answer.headers["content-security-policy"]
    assert "https://tiles.example.org" in call(restarted, BLOCK).headers["content-security-policy"]


def test_a_hit_reads_only_the_version_from_the_shared_cache(apps, events, version_in_cache, monkeypatch):
    front, _ = apps
    call(front, BLOCK)
    call(front, "/map/data.json")
    read = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: read.append(key) or real_get(key, *args, **kwargs))
    for path in (BLOCK, "/map/data.json", BLOCK):
        assert call(front, path).status == 200
    from events.public.caching import DATA_VERSION_KEY

    assert read == [DATA_VERSION_KEY] * 3


def test_another_process_takes_the_answer_from_the_shared_cache(apps, events, version_in_cache, caplog):
    front, django_app = apps
    call(front, BLOCK)
    other_worker = FrontCache(django_app)  # its own recent answers: none yet
    caplog.set_level(logging.INFO, logger="events.request")
    caplog.clear()
    assert call(other_worker, BLOCK).status == 200
    assert [r.status for r in front_lines(caplog)] == [200]


def test_the_recent_answers_stay_within_their_bytes():
    from events.ops.frontcache import Recent

    recent = Recent(max_bytes=40_000)
    for i in range(10):
        recent.put(f"k{i}", {"version": "v1", "body": b"x" * 5000})
    assert recent.size <= 40_000 and "k9" in recent.entries and "k0" not in recent.entries
    assert recent.get("k9", "v1") is not None and recent.get("k9", "v2") is None and "k9" not in recent.entries
    recent.put("huge", {"version": "v1", "body": b"x" * 20_000})  # over a quarter: not kept
    assert "huge" not in recent.entries


def test_after_a_publish_the_refill_is_paid_once_across_workers(apps, make_event, editor, article, monkeypatch,
                                                                version_in_cache):
    from events.public import grid

    front, django_app = apps
    workers = [front, FrontCache(django_app), FrontCache(django_app)]
    make_event()
    draft = make_event(latitude=30.0, longitude=10.0, status=ReviewStatus.IN_REVIEW, sources=[article])
    for worker in workers:
        call(worker, BLOCK)
    computed = []
    real = grid.block_cells
    monkeypatch.setattr(grid, "block_cells", lambda *a, **k: computed.append(a[1:]) or real(*a, **k))

    draft.publish(editor)
    answers = [call(worker, BLOCK) for worker in workers for _ in range(2)]

    assert len(computed) == 1
    assert all(sum(cell[2] for cell in answer.json()["cells"]) == 2 for answer in answers)


def test_an_event_page_is_served_from_the_front_cache_until_its_event_changes(apps, make_event, editor, caplog):
    front, django_app = apps
    event = make_event(headline="Clashes near the port")
    path = event.get_absolute_url()
    caplog.set_level(logging.INFO, logger="events.request")
    call(front, path, HTTP_ACCEPT_ENCODING="gzip")
    caplog.clear()
    hit = call(front, path, HTTP_ACCEPT_ENCODING="gzip")
    assert len(front_lines(caplog)) == 1
    assert hit.comparable_headers() == call(django_app, path, HTTP_ACCEPT_ENCODING="gzip").comparable_headers()

    event.headline = "Clashes near the old port"
    event.save()
    changed = call(front, path)
    assert b"Clashes near the old port" in changed.body

    event.retract(editor)
    assert call(front, path).status == 404


def test_the_map_page_lists_a_publish_at_once_and_drops_a_retraction(apps, make_event, editor, article):
    front, _ = apps
    shown = make_event(headline="Shown from the start")
    draft = make_event(headline="Published later", status=ReviewStatus.IN_REVIEW, sources=[article])
    first = call(front, "/")
    assert b"Shown from the start" in first.body and b"Published later" not in first.body
    assert call(front, "/").body == first.body

    draft.publish(editor)
    assert b"Published later" in call(front, "/", HTTP_IF_NONE_MATCH=first.headers["etag"]).body

    shown.retract(editor)
    assert b"Shown from the start" not in call(front, "/").body


def test_public_pages_set_no_cookie_and_the_language_switch_needs_no_token(db, make_event):
    from django.test import Client

    event = make_event()
    client = Client(enforce_csrf_checks=True)
    for path in ("/", "/embed/", event.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers and not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content
    switched = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "ar"
    assert client.get("/").headers["Content-Language"] == "ar"
