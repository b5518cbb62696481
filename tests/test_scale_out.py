"""Two gunicorn instances, one PostgreSQL, one Redis: the web tier keeps no state.

A login on instance A is valid on instance B (sessions in the database, read
through the shared cache); a publish through B's admin is on A's API and map data
at once, although A had just cached them (the cache is shared and keyed on the
data's version). Needs PostgreSQL (DATABASE_URL) and Redis (SCALEOUT_REDIS_URL,
default redis://127.0.0.1:6379/4); CI sets REQUIRE_SERVICES=1, where a missing one
fails instead of skipping.
"""
import datetime
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from events.models import Article, Event, Outlet
from events.roles import EDITORS
from events.taxonomy import ReviewStatus
from tests.helpers import member

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/4")
PASSWORD = "a-long-scale-out-password"


def _unavailable(reason):
    if os.environ.get("REQUIRE_SERVICES") == "1" and "PostgreSQL" not in reason:
        pytest.fail(f"REQUIRE_SERVICES=1: {reason}")
    pytest.skip(reason)


@pytest.fixture
def services(transactional_db):
    if connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL: run with DATABASE_URL=postgres://...")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"Redis at {REDIS_URL} unreachable: {exc}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser: one cookie jar sent to every instance, as behind one proxy."""

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None, referer=None):
        headers = {"X-Forwarded-Proto": "https", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if referer:  # the proxy's side is https: so is the page the form came from
            headers["Referer"] = referer.replace("http://", "https://", 1)
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_instances(services, tmp_path):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "CELERY_BROKER_URL")}
    env.update(
        DEBUG="0", ENV_FILE="", SECRET_KEY="s" * 30 + "-shared-by-both-instances-" + "k3" * 10,
        ALLOWED_HOSTS="127.0.0.1", SECURE_PROXY_SSL_HEADER="1", REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"scaleout-{uuid.uuid4().hex}", STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    )
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stderr
    servers, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            servers.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "project/gunicorn.conf.py", "--workers", "1",
                 "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                stdout=open(tmp_path / f"gunicorn-{port}.log", "w"), stderr=subprocess.STDOUT))
            bases.append(f"http://127.0.0.1:{port}")
        for server, base in zip(servers, bases):
            for _ in range(150):
                assert server.poll() is None, "gunicorn stopped"
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=5)
                    break
                except urllib.error.HTTPError:
                    break  # answering, even if unhealthy
                except OSError:
                    time.sleep(0.2)
        yield bases
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def api_headlines(browser, base):
    status, _, body = browser.request(base + "/api/events/?page_size=500")
    assert status == 200, body[:300]
    import json

    return {event["headline"] for event in json.loads(body)["results"]}


def test_a_login_and_a_publish_on_one_instance_hold_on_the_other(two_instances):
    a, b = two_instances
    editor = member("chief", EDITORS)
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt", iterations=1000)
    editor.save()
    draft = Event.objects.create(headline="Port Sudan strike", event_date=datetime.date(2024, 5, 1),
                                 event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                                 location="Port Sudan", country="SD", latitude=19.6, longitude=37.2,
                                 status=ReviewStatus.IN_REVIEW)
    draft.sources.add(Article.objects.create(
        outlet=Outlet.objects.create(name="Sudan Tribune", country="SD", language="en"),
        title="Drone strike on Port Sudan", body="Drones struck Port Sudan.", language="en"))
    reader = Browser()
    assert "Port Sudan strike" not in api_headlines(reader, a)  # A caches its answer now
    reader.request(a + "/map/data.json")

    browser = Browser()
    status, _, html = browser.request(a + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, headers, _ = browser.request(a + "/admin/login/?next=/admin/", referer=a + "/admin/login/",
                                         data={"csrfmiddlewaretoken": token, "username": "chief",
                                               "password": PASSWORD, "next": "/admin/"})
    assert status == 302 and headers["Location"] == "/admin/"
    assert browser.request(a + "/admin/")[0] == 200

    status, _, html = browser.request(b + "/admin/events/event/")  # the login from A
    assert status == 200, "the session made on A is not valid on B"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, _, _ = browser.request(b + "/admin/events/event/", referer=b + "/admin/events/event/", data={
        "csrfmiddlewaretoken": token, "action": "publish", "_selected_action": [draft.pk], "index": "0",
        "select_across": "0"})
    assert status == 302
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.PUBLISHED

    assert "Port Sudan strike" in api_headlines(reader, a)  # at once, on the other instance
    status, _, body = reader.request(a + "/map/data.json")
    assert status == 200 and str(draft.pk) in body
