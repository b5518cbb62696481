"""Production start-up: gunicorn with project/gunicorn.conf.py serves with production
settings after collectstatic, and refuses to start on a bad setting or with DEBUG on."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "project/gunicorn.conf.py", "--workers", "1"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    env.update(DEBUG="0", ENV_FILE="", SECRET_KEY="p" * 30 + "-production-test-key-" + "q8" * 10,
               ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               STATIC_ROOT=str(tmp_path / "static"), MEDIA_ROOT=str(tmp_path / "media"),
               SECURE_PROXY_SSL_HEADER="1")
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def start(env, port):
    return subprocess.Popen([*GUNICORN, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def get(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_gunicorn_serves_the_pages_with_production_settings(production_env):
    manage(production_env, "collectstatic", "--noinput", "-v", "0")
    manage(production_env, "migrate", "--noinput", "-v", "0")
    port = free_port()
    server = start(production_env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                get(base + "/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.2)
        for path in ("/", "/embed/", "/admin/login/"):
            status, body = get(base + path)
            assert status == 200, (path, body[:500])
        status, html = get(base + "/")
        assert re.search(r"/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js", html)  # hashed name
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_refuses_to_start_on_a_bad_setting(production_env):
    production_env["MAP_TILES_URL"] = "tiles.example.org/{z}/{x}/{y}.png"
    server = start(production_env, free_port())
    output, _ = server.communicate(timeout=60)
    assert server.returncode != 0
    assert "events.E003" in output and "not starting" in output


def test_gunicorn_refuses_debug_even_from_a_development_env_file(production_env, tmp_path):
    (tmp_path / ".env").write_text("DEBUG=1\n")
    del production_env["DEBUG"]
    production_env["ENV_FILE"] = str(tmp_path / ".env")
    server = start(production_env, free_port())
    output, _ = server.communicate(timeout=60)
    assert server.returncode != 0 and "Refusing to serve with DEBUG on" in output
