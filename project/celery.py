"""The Celery application: background jobs (events.jobs) for imports and large exports.

Configured from Django's settings (the CELERY_* names in project/settings.py).
Without CELERY_BROKER_URL every task runs at once in the process that sends it
("eager"), so `make run` needs no broker; with one, start a worker:

    celery -A project worker --loglevel=INFO
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

app = Celery("project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["events.jobs"], related_name="tasks")
