from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Event map")

    def ready(self):
        # The admin lives in a package of the newsroom's; registering it here keeps
        # admin.autodiscover()'s "events.admin" convention out of the way.
        from events import checks  # noqa: F401  (registers the system checks)
        from events.newsroom import admin  # noqa: F401
        from events.public import search, versioning  # noqa: F401  (SQLite search function, cache version)
        from events.ops.logs import connect_celery_signals

        connect_celery_signals()  # one log line per background job, when Celery is installed
