"""One log line per request, with a request id that follows the request.

An incoming ``X-Request-ID`` (from a proxy such as nginx's $request_id) is kept when
it looks like an id (letters, digits, ``.-_:``, up to 128 characters), so a
request can be followed from the proxy's log into ours; otherwise a new one is
made. It is returned in the response's ``X-Request-ID`` and set on
``request.request_id``. Errors reach the log through Django's own
``django.request`` logger, which carries the id too.
"""
import logging
import re
import time
import uuid

from events.ops.logs import request_id_var

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
logger = logging.getLogger("events.request")


def request_id_from(request):
    return request_id_for(request.headers.get(HEADER, ""))


def request_id_for(incoming):
    """The incoming id when it looks like one, else a new one."""
    return incoming if _VALID.match(incoming) else uuid.uuid4().hex


def log_request(method, path, view, status, started, user_id=None, **fields):
    """The one line a request writes (also by events.ops.frontcache for its answers)."""
    logger.info("%s %s %s", method, path, status, extra={
        "method": method,
        "path": path,
        "view": view,
        "status": status,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
        "user_id": user_id,
        **fields,
    })


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request)
        token = request_id_var.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            self._log(request, response.status_code, started)
            return response
        except Exception:
            self._log(request, 500, started)
            raise
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _log(request, status, started):
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        log_request(request.method, request.path, match.view_name if match else None, status, started,
                    user.pk if user is not None and user.is_authenticated else None)
