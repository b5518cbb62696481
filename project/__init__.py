"""The newsroom event map: Django project (settings, URLs, entry points)."""
__version__ = "0.2.0"

# Load the Celery app with Django, so tasks sent from views use its settings.
from project.celery import app as celery_app

__all__ = ["celery_app"]
