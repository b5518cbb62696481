"""gunicorn's configuration for production: `gunicorn -c project/gunicorn.conf.py project.wsgi`.

on_starting runs once in the master before any worker starts: it refuses DEBUG,
then runs `check --deploy` with Django's and the app's own system checks
(events/checks.py) and stops gunicorn on any warning or error, so a bad setting
fails the deploy at once instead of on the first request. The settings are the
usual environment variables (docs/operations.md); GUNICORN_* below tune the server.
"""
import os
import sys

from project.env import envint, envstr

bind = envstr("GUNICORN_BIND", "127.0.0.1:8000")
workers = envint("GUNICORN_WORKERS", 3, minimum=1)
threads = envint("GUNICORN_THREADS", 1, minimum=1)
# Streamed exports may take minutes; the worker timeout only bounds a silent
# worker (sync workers heartbeat between requests, so keep the work in the
# background jobs and the streams chunked).
timeout = envint("GUNICORN_TIMEOUT", 60, minimum=1)
graceful_timeout = envint("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
max_requests = envint("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = envint("GUNICORN_MAX_REQUESTS_JITTER", 200, minimum=0)
forwarded_allow_ips = envstr("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs each request itself (one JSON line with LOG_FORMAT=json).
accesslog = None
errorlog = "-"
wsgi_app = "project.wsgi:application"


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    django.setup()
    if settings.DEBUG:
        server.log.error("Refusing to serve with DEBUG on: set DEBUG=0 (is a development .env present?).")
        sys.exit(3)
    try:
        call_command("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as exc:
        server.log.error("The deploy checks failed; not starting.\n%s", exc)
        sys.exit(3)
