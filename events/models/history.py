"""The change history of events and articles, kept by django-simple-history.

Every save of an Event or an Article leaves a historical record (the whole row as it
was saved, its many-to-many values with it), with the user who made it: the request's
user (simple-history's HistoryRequestMiddleware), or ``obj._history_user`` set by the
model's own rule methods (Event.publish(by)...) outside a request, or nobody (the
system) for a management command. Deleted and retracted objects keep their history.

Two things simple-history does not do on its own are added here:

- reverse many-to-many changes (``article.events.add(event)``) are recorded on the
  events, as a forward change (``event.sources.add(article)``) is;
- ``one_record(obj)`` makes a form save or a merge one record (fields and
  many-to-many together) instead of one per step.

Records written before simple-history (the hand-written ChangeRecord of migration
0003) were converted by migration 0006; their original "field: old → new" list is
kept in the record's change reason under ``LEGACY_PREFIX``.
"""
from contextlib import contextmanager

from django.db import models
from simple_history.models import HistoricalRecords

LEGACY_PREFIX = "legacy-changes:"


class TrackedHistory(HistoricalRecords):
    """HistoricalRecords that also records reverse many-to-many changes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) == self.manager_name:
            sender._tracked_history = self

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        # `instance` is the other side (an article, a tag); pk_set holds our objects.
        model = self.cls
        if action == "pre_clear":
            instance.__dict__.setdefault("_history_reverse_clear", {})[attr] = list(
                model._default_manager.filter(**{attr: instance}).values_list("pk", flat=True))
            return
        if action == "post_clear":
            pk_set = instance.__dict__.get("_history_reverse_clear", {}).pop(attr, [])
        elif action not in ("post_add", "post_remove"):
            return
        for obj in model._default_manager.filter(pk__in=pk_set or []):
            user = getattr(instance, "_history_user", None)
            if user is not None:
                obj._history_user = user
            self.create_historical_record(obj, "~")

    def record(self, instance, history_type="~", by=None, reason=None):
        """Write one historical record of `instance` as it is now."""
        if by is not None:
            instance._history_user = by
        if reason:
            instance._change_reason = reason
        self.create_historical_record(instance, history_type)
        instance.__dict__.pop("_change_reason", None)


def tracked_history(model):
    return model._tracked_history


@contextmanager
def one_record(instance, history_type="~", by=None, reason=None):
    """Record everything the block does to `instance` (saves, many-to-many) as one record."""
    already = hasattr(instance, "skip_history_when_saving")
    instance.skip_history_when_saving = True
    try:
        yield
    finally:
        if not already:
            del instance.skip_history_when_saving
    if not already:
        tracked_history(type(instance)).record(instance, history_type, by, reason)
