"""/healthz: is this instance able to serve? JSON, 200 when every check passes, else 503.

Each check answers {"ok": bool, ...} with a short reason on failure, never a URL,
password or path from the settings (a load balancer or a monitoring service reads
it, and it is public). Checks:

- database: a query on every configured database (the replica included);
- cache: a value written and read back;
- broker: a connection to CELERY_BROKER_URL, only when it is set (Celery is eager
  without it, so there is nothing to reach);
- gazetteer: the built cache file exists and is readable (a missing cache is
  rebuilt on first use, which takes about a minute, so it counts as a failure);
- storage: free disk space where uploads and exports are written, at least
  HEALTHZ_MIN_FREE_MB.
"""
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

import project

BROKER_TIMEOUT_SECONDS = 2


def _reason(exc):
    """The exception's class only: its message may carry a host name or a password."""
    return type(exc).__name__


def check_database():
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:  # noqa: BLE001 (any failure is a failed check)
            return {"ok": False, "error": f"{alias}: {_reason(exc)}"}
    return {"ok": True}


def check_cache():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": _reason(exc)}
    return {"ok": True} if ok else {"ok": False, "error": "value not read back"}


def check_broker():
    url = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if not url or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return {"ok": True, "configured": False}
    try:
        from kombu import Connection
    except ImportError:
        return {"ok": False, "configured": True, "error": "kombu is not installed"}
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
            connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "configured": True, "error": _reason(exc)}
    return {"ok": True, "configured": True}


def check_gazetteer():
    from events.geoparsing import gazetteer_cache_path

    path = gazetteer_cache_path()
    if not path.is_file():
        return {"ok": False, "error": "not built: run manage.py build_gazetteer"}
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        return {"ok": False, "error": _reason(exc)}
    return {"ok": True}


def check_storage():
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(root).free
    except OSError as exc:
        return {"ok": False, "error": _reason(exc)}
    minimum = settings.HEALTHZ_MIN_FREE_BYTES
    result = {"ok": free >= minimum, "free_mb": free // (1024 * 1024)}
    if not result["ok"]:
        result["error"] = f"less than {minimum // (1024 * 1024)} MB free"
    return result


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "gazetteer": check_gazetteer,
    "storage": check_storage,
}


@never_cache
@require_safe
def healthz(request):
    started = time.monotonic()
    results = {name: check() for name, check in CHECKS.items()}
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse({
        "status": "ok" if healthy else "failing",
        "version": project.__version__,
        "checks": results,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }, status=200 if healthy else 503)
