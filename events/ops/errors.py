"""Error reports to Sentry, only when SENTRY_DSN is set.

sentry-sdk is not a requirement: installing it is part of choosing Sentry. Reports
carry the request (without cookies, bodies or personal data: send_default_pii is
off), the release version, and the request id as a tag, so a report and the log
lines of its request can be matched.
"""
from django.core.exceptions import ImproperlyConfigured


def _tag_request_id(event, hint):
    from events.ops.logs import request_id_var

    event.setdefault("tags", {})["request_id"] = request_id_var.get()
    return event


def init_sentry(dsn, *, release, environment):
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install sentry-sdk"
        ) from None
    sentry_sdk.init(dsn=dsn, release=f"eventmap@{release}", environment=environment,
                    integrations=[DjangoIntegration()], send_default_pii=False,
                    before_send=_tag_request_id)
