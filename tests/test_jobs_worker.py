"""A real Celery worker runs an ACLED import job end to end, through the machine's broker.

The worker is `celery -A project worker` in a subprocess, on a queue of its own,
against the test database (so the database must be one two processes share:
PostgreSQL). The broker is CELERY_BROKER_URL if set, else Redis (db 3) or
RabbitMQ on this machine, whichever answers. Without a reachable broker the test
is skipped with the reason, unless REQUIRE_BROKER=1 (CI), where it fails. On
SQLite (an in-memory test database) it is skipped with the reason.
"""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from kombu import Connection

from events.jobs.tasks import run_job
from events.models import Event, Job
from events.taxonomy import ReviewStatus
from project.celery import app

ROOT = Path(__file__).resolve().parent.parent
CURRENT = Path(__file__).parent / "data" / "acled_current.csv"
CANDIDATES = ["redis://127.0.0.1:6379/3", "amqp://guest:guest@127.0.0.1:5672//"]


def reachable_broker():
    for url in [os.environ["CELERY_BROKER_URL"]] if os.environ.get("CELERY_BROKER_URL") else CANDIDATES:
        try:
            with Connection(url, connect_timeout=2) as conn:
                conn.ensure_connection(max_retries=1)
            return url
        except Exception as exc:  # any failure to connect means: not this one
            print(f"broker {url} not reachable: {exc}")
    return None


def skip_or_fail(reason):
    print(reason)
    if os.environ.get("REQUIRE_BROKER") == "1":
        pytest.fail(f"REQUIRE_BROKER=1: {reason}")
    pytest.skip(reason)


def database_url():
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        reason = "the worker test needs a database two processes share: it runs with DATABASE_URL=postgres://..."
        print(reason)
        pytest.skip(reason)
    broker = reachable_broker()
    if broker is None:
        skip_or_fail(f"no Celery broker reachable (tried {os.environ.get('CELERY_BROKER_URL') or CANDIDATES})")
    queue = f"h_imp_test_{uuid.uuid4().hex[:8]}"
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url(), "CELERY_BROKER_URL": broker,
           "CELERY_TASK_DEFAULT_QUEUE": queue, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "GAZETTEER_CACHE_DIR": str(settings.GAZETTEER_CACHE_DIR)}
    log = open(tmp_path / "worker.log", "w+")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "project", "worker", "--loglevel=INFO",
         "--concurrency=1", "--queues", queue, "--without-gossip", "--without-mingle", "--hostname",
         f"{queue}@%h"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=broker, task_always_eager=False, task_default_queue=queue)
    try:
        yield process, log
    finally:
        app.conf.update(saved)
        app.close()  # drop the connections made to this broker
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for(job, process, log, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        if process.poll() is not None:
            break
        time.sleep(0.5)
    log.seek(0)
    pytest.fail(f"job {job.pk} is {job.state} after {timeout} s; worker log:\n{log.read()[-4000:]}")


def test_a_real_worker_runs_an_uploaded_import_and_its_report_is_downloadable(worker, client, editor):
    process, log = worker
    client.force_login(editor)
    upload = SimpleUploadedFile("acled.csv", CURRENT.read_bytes(), content_type="text/csv")

    response = client.post("/imports/acled/", {"file": upload, "status": ReviewStatus.PUBLISHED})

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page or job.finished  # the page refreshes until done
    wait_for(job, process, log)
    assert job.state == Job.State.DONE, job.error
    assert (job.report["created"], job.report["rejected"]) == (5, 4)
    assert set(Event.objects.values_list("created_by", flat=True)) == {editor.pk}
    report = b"".join(client.get(job.result_url()).streaming_content).decode("utf-8-sig")
    assert "created,5" in report
    log.seek(0)
    assert "run_job" in log.read()  # it was this worker that ran it


def test_the_task_is_acknowledged_late_and_requeued_when_its_worker_is_lost():
    assert run_job.acks_late and run_job.reject_on_worker_lost
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


@pytest.mark.django_db
def test_a_job_delivered_again_after_it_finished_is_not_run_twice(tmp_path, settings, editor):
    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(kind=Job.Kind.IMPORT_ACLED, user=editor, state=Job.State.DONE,
                             report={"created": 5})

    run_job.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.report == {"created": 5} and job.started_at is None
