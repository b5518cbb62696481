"""Structured logs: the request id on every record, and a JSON formatter.

The request id lives in a context variable set by RequestLogMiddleware (and by
``job_context`` for background work), so every line a request or a job writes,
from any module, carries it. python-json-logger does the JSON encoding.
"""
import contextlib
import contextvars
import logging
import time
import uuid

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var = contextvars.ContextVar("request_id", default="-")
job_logger = logging.getLogger("events.jobs")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time, level, logger, message, request id, extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"})
        kwargs.setdefault("timestamp", False)
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                         *args, **kwargs)


@contextlib.contextmanager
def job_context(name, *, job_id=None, **fields):
    """Run a background job with its own id in the logs; log one line at its end.

    The line says the job's name, id, outcome (ok/failed) and duration; an
    exception is logged with its traceback and raised again.
    """
    job_id = job_id or uuid.uuid4().hex
    token = request_id_var.set(job_id)
    started = time.monotonic()
    outcome = "failed"
    try:
        yield job_id
        outcome = "ok"
    finally:
        extra = {"job": name, "job_id": job_id, "outcome": outcome,
                 "duration_ms": round((time.monotonic() - started) * 1000, 1), **fields}
        if outcome == "ok":
            job_logger.info("job %s %s", name, outcome, extra=extra)
        else:
            job_logger.error("job %s %s", name, outcome, extra=extra, exc_info=True)
        request_id_var.reset(token)


_started = {}


def connect_celery_signals():
    """One log line per Celery task, as job_context writes, when Celery is installed.

    A task enqueued during a request carries that request's id in its headers, so
    the job's lines can be followed back to the request that started it. Returns
    False when Celery is not installed (jobs then run eagerly inside the request,
    under its id).
    """
    try:
        from celery import signals
    except ImportError:
        return False

    @signals.before_task_publish.connect(weak=False, dispatch_uid="eventmap-request-id")
    def _carry_request_id(headers=None, **kwargs):
        if headers is not None and request_id_var.get() != "-":
            headers.setdefault("request_id", request_id_var.get())

    @signals.task_prerun.connect(weak=False, dispatch_uid="eventmap-job-start")
    def _job_start(task_id=None, task=None, **kwargs):
        parent = getattr(task.request, "request_id", None) if task is not None else None
        _started[task_id] = (time.monotonic(), request_id_var.set(parent or task_id))

    @signals.task_postrun.connect(weak=False, dispatch_uid="eventmap-job-end")
    def _job_end(task_id=None, task=None, state=None, **kwargs):
        started, token = _started.pop(task_id, (time.monotonic(), None))
        outcome = "ok" if state == "SUCCESS" else "failed"
        log = job_logger.info if outcome == "ok" else job_logger.error
        log("job %s %s", getattr(task, "name", "?"), outcome, extra={
            "job": getattr(task, "name", None), "job_id": task_id, "outcome": outcome, "state": state,
            "duration_ms": round((time.monotonic() - started) * 1000, 1)})
        if token is not None:
            request_id_var.reset(token)

    return True
