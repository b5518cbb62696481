"""Secrets from files (X_FILE) and the development .env that makes README commands work."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from project.env import envbool, envstr, load_env_file

ROOT = Path(__file__).resolve().parent.parent
UNSET = ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "ENV_FILE", "ALLOWED_HOSTS")


def manage(*args, env, cwd=ROOT):
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    clean.update(env)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=cwd, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_a_value_can_come_from_a_file_named_by_x_file(tmp_path, monkeypatch):
    (tmp_path / "key").write_text("s3cret-from-a-file\n")
    monkeypatch.delenv("SOME_SECRET", raising=False)
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "key"))
    assert envstr("SOME_SECRET", "") == "s3cret-from-a-file"


def test_x_and_x_file_together_are_refused(tmp_path, monkeypatch):
    (tmp_path / "flag").write_text("1")
    monkeypatch.setenv("SOME_FLAG", "0")
    monkeypatch.setenv("SOME_FLAG_FILE", str(tmp_path / "flag"))
    with pytest.raises(ImproperlyConfigured, match="Set SOME_FLAG or SOME_FLAG_FILE, not both"):
        envbool("SOME_FLAG", False)


def test_an_unreadable_x_file_is_refused_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET_FILE=.* cannot be read"):
        envstr("SOME_SECRET", "")


def test_production_reads_secret_key_and_database_url_from_files(tmp_path):
    (tmp_path / "secret_key").write_text("f" * 60 + "\n")
    (tmp_path / "database_url").write_text(f"sqlite:///{tmp_path / 'db.sqlite3'}\n")
    result = manage("shell", "-v", "0", "-c",
                    "from django.conf import settings as s; print(s.SECRET_KEY == 'f' * 60, s.DATABASES['default']['NAME'])",
                    env={"DEBUG": "0", "ENV_FILE": "", "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
                         "DATABASE_URL_FILE": str(tmp_path / "database_url")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", str(tmp_path / "db.sqlite3")]


def test_the_env_file_fills_in_but_never_overrides(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nOPS_TEST_A=from-file\nexport OPS_TEST_B='quoted'\n")
    monkeypatch.setenv("OPS_TEST_A", "from-environment")
    monkeypatch.delenv("OPS_TEST_B", raising=False)
    try:
        assert load_env_file(str(env_file)) == ["OPS_TEST_B"]
        assert os.environ["OPS_TEST_A"] == "from-environment" and os.environ["OPS_TEST_B"] == "quoted"
    finally:
        os.environ.pop("OPS_TEST_B", None)


def test_a_malformed_env_file_line_is_refused_with_its_number(tmp_path):
    (tmp_path / ".env").write_text("DEBUG=1\nthis is not an assignment\n")
    with pytest.raises(ImproperlyConfigured, match="line 2"):
        load_env_file(str(tmp_path / ".env"))


def test_readme_commands_work_after_make_writes_the_development_env(tmp_path):
    """`make run` writes .env; then `manage.py <command>` needs no DEBUG=1 typed in."""
    without = manage("check", env={"ENV_FILE": str(tmp_path / ".env")})
    assert without.returncode != 0 and "SECRET_KEY must be set" in without.stderr
    made = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), ".env"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert "DEBUG=1" in (tmp_path / ".env").read_text()
    with_env = manage("check", env={"ENV_FILE": str(tmp_path / ".env")})
    assert with_env.returncode == 0, with_env.stderr


def test_the_environment_wins_over_the_development_env(tmp_path):
    (tmp_path / ".env").write_text("DEBUG=1\n")
    result = manage("check", env={"ENV_FILE": str(tmp_path / ".env"), "DEBUG": "0"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
