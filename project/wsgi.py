"""WSGI entry point, e.g. `gunicorn project.wsgi`.

Django's application is wrapped in the front cache (events.ops.frontcache), which
answers the anonymous requests of the map's data paths and the embed from the shared
cache without the Django stack; FRONT_CACHE=0 serves every request through Django.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
application = get_wsgi_application()

from project.env import envbool  # noqa: E402  (after Django's setup: it reads the .env)

if envbool("FRONT_CACHE", True):
    from events.ops.frontcache import FrontCache  # noqa: E402

    application = FrontCache(application)
