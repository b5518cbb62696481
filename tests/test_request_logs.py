"""Structured logs: one line per request and per job, each with its request id."""
import json
import logging

import pytest

from events.ops.logs import JsonFormatter, RequestIdFilter, job_context


def json_lines(caplog, logger):
    formatter, request_id = JsonFormatter(), RequestIdFilter()
    lines = []
    for record in caplog.records:
        if record.name == logger:
            request_id.filter(record)
            lines.append(json.loads(formatter.format(record)))
    return lines


@pytest.mark.django_db
def test_each_request_gets_an_id_returned_in_x_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a.9")["X-Request-ID"] == "nginx-4f2a.9"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nInjected: yes")["X-Request-ID"]
    assert replaced != "bad id\nInjected: yes" and len(replaced) == 32


@pytest.mark.django_db
def test_one_json_line_per_request_with_its_id_status_and_user(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="events.request")
    client.force_login(editor)
    response = client.get("/admin/", HTTP_X_REQUEST_ID="req-123")
    [line] = json_lines(caplog, "events.request")
    assert response.status_code == 200
    assert line["request_id"] == "req-123" and line["status"] == 200 and line["method"] == "GET"
    assert line["path"] == "/admin/" and line["view"] == "admin:index" and line["user_id"] == editor.pk
    assert line["level"] == "INFO" and isinstance(line["duration_ms"], float)


@pytest.mark.django_db
def test_lines_logged_while_handling_a_request_carry_its_id(client, caplog, monkeypatch):
    from events.ops import health

    def check_and_log():
        logging.getLogger("events.somewhere").warning("inside the request")
        return {"ok": True}

    monkeypatch.setitem(health.CHECKS, "extra", check_and_log)
    caplog.set_level(logging.INFO)
    client.get("/healthz", HTTP_X_REQUEST_ID="trace-me")
    [line] = json_lines(caplog, "events.somewhere")
    assert line["request_id"] == "trace-me" and line["message"] == "inside the request"


def test_a_job_logs_one_line_with_its_id_outcome_and_duration(caplog):
    caplog.set_level(logging.INFO, logger="events.jobs")
    with job_context("import_acled", job_id="job-7", rows=10):
        logging.getLogger("events.acled").info("working")
    [line] = json_lines(caplog, "events.jobs")
    assert line["job"] == "import_acled" and line["job_id"] == "job-7" and line["request_id"] == "job-7"
    assert line["outcome"] == "ok" and line["rows"] == 10 and "duration_ms" in line


def test_a_failed_job_logs_its_error_and_raises(caplog):
    caplog.set_level(logging.INFO, logger="events.jobs")
    with pytest.raises(ZeroDivisionError), job_context("export_csv"):
        1 / 0
    [line] = json_lines(caplog, "events.jobs")
    assert line["outcome"] == "failed" and line["level"] == "ERROR" and "ZeroDivisionError" in line["exc_info"]


def test_log_format_json_is_the_handlers_formatter_and_bad_values_stop_the_process():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DEBUG": "1", "ENV_FILE": "", "LOG_FORMAT": "json"}
    code = "import logging; logging.getLogger('events.x').warning('hello')"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=root,
                            env=env, capture_output=True, text=True, timeout=60)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello" and line["logger"] == "events.x" and line["request_id"] == "-"
    env["LOG_FORMAT"] = "xml"
    bad = subprocess.run([sys.executable, "manage.py", "check"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "LOG_FORMAT='xml' is not one of: json, text" in bad.stderr


def test_celery_tasks_log_one_line_each_with_the_request_id_that_enqueued_them(caplog):
    celery = pytest.importorskip("celery", reason="Celery is not installed in this branch")
    from events.ops.logs import request_id_var

    app = celery.Celery("logs-test", broker="memory://", backend="cache+memory://")
    app.conf.task_always_eager = True

    @app.task(name="tests.add")
    def add(x, y):
        logging.getLogger("events.acled").info("adding")
        return x + y

    caplog.set_level(logging.INFO)
    token = request_id_var.set("req-from-a-view")
    try:
        assert add.apply_async((2, 3), headers={"request_id": "req-from-a-view"}).get() == 5
    finally:
        request_id_var.reset(token)
    [line] = json_lines(caplog, "events.jobs")
    assert line["job"] == "tests.add" and line["outcome"] == "ok"
