"""/healthz: 200 with every check passing, 503 naming the one that fails, no secrets."""
import pytest
from django.db import OperationalError

from events.ops import health


@pytest.fixture
def healthy(settings, geoparser, tmp_path):
    """A built gazetteer (the session fixture builds it), room for exports, no broker."""
    settings.MEDIA_ROOT = tmp_path
    settings.HEALTHZ_MIN_FREE_BYTES = 1
    settings.CELERY_BROKER_URL = ""


def failing(response):
    body = response.json()
    return response.status_code, body["status"], sorted(
        name for name, result in body["checks"].items() if not result["ok"])


@pytest.mark.django_db
def test_a_healthy_instance_answers_200_with_every_check(client, healthy):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok" and set(body["checks"]) == {
        "database", "cache", "broker", "gazetteer", "storage"}
    assert body["checks"]["broker"] == {"ok": True, "configured": False}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_database_that_fails_is_503(client, healthy, monkeypatch):
    def broken_cursor(self, *args, **kwargs):
        raise OperationalError("could not connect to server at db.internal:5432 as admin")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken_cursor)
    response = client.get("/healthz")
    assert failing(response) == (503, "failing", ["database"])
    assert "db.internal" not in response.content.decode()  # the reason, not the message


@pytest.mark.django_db
def test_a_cache_that_does_not_keep_values_is_503(client, healthy, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert failing(client.get("/healthz")) == (503, "failing", ["cache"])


@pytest.mark.django_db
def test_an_unreachable_broker_is_503_without_its_password(client, healthy, settings):
    settings.CELERY_BROKER_URL = "amqp://guest:s3cret-password@127.0.0.1:1//"
    response = client.get("/healthz")
    assert failing(response) == (503, "failing", ["broker"])
    assert response.json()["checks"]["broker"]["configured"] is True
    assert "s3cret" not in response.content.decode() and "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_a_missing_gazetteer_cache_is_503(client, healthy, settings, tmp_path):
    settings.GAZETTEER_CACHE_DIR = tmp_path / "empty"
    response = client.get("/healthz")
    assert failing(response) == (503, "failing", ["gazetteer"])
    assert "build_gazetteer" in response.json()["checks"]["gazetteer"]["error"]


@pytest.mark.django_db
def test_too_little_disk_space_for_exports_is_503(client, healthy, settings):
    settings.HEALTHZ_MIN_FREE_BYTES = 1 << 60
    response = client.get("/healthz")
    assert failing(response) == (503, "failing", ["storage"])
    assert "MB free" in response.json()["checks"]["storage"]["error"]


@pytest.mark.django_db
def test_healthz_says_nothing_secret(client, healthy, settings):
    body = client.get("/healthz").content.decode()
    for secret in (settings.SECRET_KEY, str(settings.MEDIA_ROOT), str(settings.GAZETTEER_CACHE_DIR)):
        assert secret not in body


def test_a_reachable_broker_passes_when_one_is_configured(settings):
    import os

    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        if os.environ.get("REQUIRE_BROKER") == "1":
            pytest.fail("REQUIRE_BROKER=1 but CELERY_BROKER_URL is not set")
        pytest.skip("CELERY_BROKER_URL not set: no broker to reach")
    pytest.importorskip("kombu", reason="kombu (Celery) not installed")
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert health.check_broker() == {"ok": True, "configured": True}
