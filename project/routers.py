"""Read-only public pages may read from a PostgreSQL replica (DATABASE_REPLICA_URL).

ReplicaMiddleware marks a request as replica-safe when it is a GET or HEAD to a
public view (the map, its data, event pages, exports, feeds, the API: the views in
events.public) and the replica is configured; ReplicaRouter then sends that
request's reads to "replica". Everything else (the admin, imports, logins, every
write, management commands, background jobs) uses "default". A replica lags its
primary by a little: a publish shows on the public pages once the replica has it,
which is the usual trade; the admin always reads the primary.
"""
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)
PUBLIC_VIEW_MODULE = "events.public."


def replica_configured():
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def is_public_read(request, view_func):
    return request.method in ("GET", "HEAD") and getattr(view_func, "__module__", "").startswith(
        PUBLIC_VIEW_MODULE
    )


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading_from_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _reading_from_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_configured() and is_public_read(request, view_func):
            _reading_from_replica.set(True)
        return None
