"""Settings come from the environment and refuse nonsense at start-up."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from project.env import envbool, envint, envlist

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "z9" * 10,
    "ALLOWED_HOSTS": "map.example.org",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("raw,expected", [("1", True), ("true", True), ("YES", True), ("on", True),
                                          ("0", False), ("false", False), ("no", False), ("", False)])
def test_envbool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert envbool("SOME_FLAG", not expected) is expected


def test_envbool_refuses_maybe(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        envbool("DEBUG", False)


def test_envint_refuses_words_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("SOME_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        envint("SOME_INT", 1)
    monkeypatch.setenv("SOME_INT", "-5")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        envint("SOME_INT", 1, minimum=0)


def test_envlist_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, b.example ,,")
    assert envlist("HOSTS", []) == ["a.example", "b.example"]


def test_debug_maybe_stops_the_process():
    result = run_manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_without_a_secret_key_stops_the_process():
    result = run_manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_passes_with_production_settings_after_collectstatic(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "static")}
    collected = run_manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS:" not in result.stdout + result.stderr
    assert "ERRORS:" not in result.stdout + result.stderr


def test_database_url_selects_postgresql():
    script = ("from django.conf import settings; d = settings.DATABASES['default']; "
              "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])")
    result = run_manage("shell", "-c", script,
                        env={**PRODUCTION_ENV, "DATABASE_URL": "postgres://newsroom@db.example:5433/eventmap"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["django.db.backends.postgresql", "eventmap", "db.example", "5433"]


def test_without_database_url_the_database_is_sqlite_in_the_checkout():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
                        env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == str(ROOT / "db.sqlite3")
