"""Operations settings read from the environment: admin URL, session idle timeout,
HSTS, Redis cache and sessions, replica, geocoder options, version."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import project

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "o" * 30 + "-operations-settings-test-" + "x7" * 10}
READ = """
import json
from django.conf import settings as s
from django.urls import reverse
print(json.dumps({
    "admin": reverse("admin:index"), "age": s.SESSION_COOKIE_AGE, "every": s.SESSION_SAVE_EVERY_REQUEST,
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "cache": s.CACHES["default"]["BACKEND"], "sessions": s.SESSION_ENGINE,
    "databases": sorted(s.DATABASES), "geocoder": s.GEOCODER["OPTIONS"],
}))
"""


def read_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in (
        "DEBUG", "SECRET_KEY", "REDIS_URL", "DATABASE_REPLICA_URL", "ADMIN_URL", "SESSION_IDLE_TIMEOUT")}
    clean.update(ENV_FILE="", **env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", READ], cwd=ROOT, env=clean,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_safe_for_a_newsroom():
    values = read_settings(**PRODUCTION)
    assert values["hsts"] == [31536000, False, False]  # subdomains and preload only by choice
    assert values["admin"] == "/admin/" and values["age"] == 8 * 3600 and values["every"] is True
    assert values["cache"].endswith("LocMemCache") and values["sessions"].endswith("backends.db")
    assert values["databases"] == ["default"] and values["geocoder"] == {}


def test_the_operator_can_move_the_admin_shorten_sessions_and_opt_into_hsts_preload():
    values = read_settings(**PRODUCTION, ADMIN_URL="/desk-7f3/", SESSION_IDLE_TIMEOUT="900",
                           SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
    assert values["admin"] == "/desk-7f3/" and values["age"] == 900 and values["hsts"][1:] == [True, True]


def test_redis_url_shares_the_cache_and_sessions_and_a_replica_is_added():
    values = read_settings(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/4",
                           DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/eventmap")
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert values["databases"] == ["default", "replica"]


def test_the_geocoders_domain_timeout_key_and_agent_come_from_the_environment():
    values = read_settings(**PRODUCTION, GEOCODER_DOMAIN="nominatim.newsroom.example", GEOCODER_TIMEOUT="2.5",
                           GEOCODER_API_KEY="key-123", GEOCODER_USER_AGENT="newsroom-map")
    assert values["geocoder"] == {"domain": "nominatim.newsroom.example", "timeout": 2.5,
                                  "api_key": "key-123", "user_agent": "newsroom-map"}


def test_a_nonsense_timeout_stops_the_process():
    clean = {**os.environ, **PRODUCTION, "ENV_FILE": "", "GEOCODER_TIMEOUT": "soon"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=clean,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "GEOCODER_TIMEOUT='soon' is not a number" in result.stderr


@pytest.mark.django_db
def test_each_request_pushes_the_idle_timeout_forward(client, editor, settings):
    client.force_login(editor)
    from django.contrib.sessions.models import Session

    first = Session.objects.get().expire_date
    client.get("/admin/")
    assert Session.objects.get().expire_date > first


def test_the_version_is_0_2_0_and_in_the_changelog():
    assert project.__version__ == "0.2.0"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 0.2.0" in changelog and "## 0.1.0" in changelog
