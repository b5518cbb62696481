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
