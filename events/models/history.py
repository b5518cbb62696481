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
  many-to-many together) instead of one per step;
- **bulk writes with history**, for importers and scripts that must not save row by
  row: ``bulk_create_events(events, by)``, ``bulk_update_events(events, fields, by)``
  and, for objects already written (e.g. sources set afterwards through the through
  table), ``record_saved(objs, by, created=False)``. Each writes one historical record
  per object, under user ``by`` (None: the system), in a constant number of queries,
  many-to-many values (sources, tags, associated actors) included.

Records written before simple-history (the hand-written ChangeRecord of migration
0003) were converted by migration 0006; their original "field: old → new" list is
kept in the record's change reason under ``LEGACY_PREFIX``.
"""
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db import models, transaction
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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


def bulk_create_events(events, by=None, reason="", batch_size=500):
    """Event.objects.bulk_create(events) with a historical record per event, under `by`.

    Many-to-many values cannot be set before the rows exist: set them, then call
    record_saved(events, by) if their values must be in the history too."""
    return bulk_create_with_history(list(events), apps.get_model("events", "Event"), batch_size=batch_size,
                                    default_user=by, default_change_reason=reason or None)


def bulk_update_events(events, fields, by=None, reason="", batch_size=500):
    """Event.objects.bulk_update(events, fields) with a historical record per event; each
    event's version goes up, so a form opened before the update is told of it."""
    events = list(events)
    for event in events:
        event.version += 1
    return bulk_update_with_history(events, apps.get_model("events", "Event"), [*fields, "version"],
                                    batch_size=batch_size,
                                    default_user=by, default_change_reason=reason or None)


@transaction.atomic
def record_saved(objs, by=None, created=False, reason=""):
    """Record objects already in the database (events or articles), as they are now,
    many-to-many values included; one record each, in a few queries."""
    objs = [obj for obj in objs if obj.pk is not None]
    if not objs:
        return []
    model = type(objs[0])
    history = tracked_history(model)
    records = model.history.bulk_history_create(
        objs, update=not created, default_user=by, default_change_reason=reason or None)
    by_pk = {record.id: record for record in records}
    for field, m2m_model in history.m2m_models.items():
        if field.model is not model:
            continue
        through = field.remote_field.through
        source = field.m2m_field_name()
        rows = defaultdict(list)
        for row in through.objects.filter(**{f"{source}__in": list(by_pk)}):
            rows[getattr(row, f"{source}_id")].append(row)
        m2m_model.objects.bulk_create([
            m2m_model(history=record, **{f.attname: getattr(row, f.attname)
                                         for f in through._meta.fields})
            for pk, record in by_pk.items() for row in rows[pk]
        ])
    return records
