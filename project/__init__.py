# Load the Celery app with Django, so tasks sent from views use its settings.
from project.celery import app as celery_app

__all__ = ["celery_app"]
