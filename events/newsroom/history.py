"""The change history as the newsroom reads and writes it (django-simple-history underneath).

Saves through the model (admin forms, bulk actions, merges, the rule methods) are
recorded by simple-history itself (see events.models.history). This module adds:

- **bulk writes with history**, for importers and scripts that must not save row by
  row: ``bulk_create_events(events, by)``, ``bulk_update_events(events, fields, by)``
  and, for objects already written (e.g. sources set afterwards through the through
  table), ``record_saved(objs, by, created=False)``. Each writes one historical record
  per object, under user ``by`` (None: the system), in a constant number of queries,
  many-to-many values (sources, tags, associated actors) included;
- ``entries_for(obj)``: the history an editor reads on the event and article forms,
  each record with its user, time and "field: old → new" list.
"""
import json
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from events.models import Event
from events.models.history import LEGACY_PREFIX, tracked_history

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Fields every save changes, which say nothing to a reader.
QUIET_FIELDS = {"updated_at", "version"}
# How many records the forms show (the full list is on the History page).
SHOWN = 50


def bulk_create_events(events, by=None, reason="", batch_size=500):
    """Event.objects.bulk_create(events) with a historical record per event, under `by`.

    Many-to-many values cannot be set before the rows exist: set them, then call
    record_saved(events, by) if their values must be in the history too."""
    return bulk_create_with_history(list(events), Event, batch_size=batch_size,
                                    default_user=by, default_change_reason=reason or None)


def bulk_update_events(events, fields, by=None, reason="", batch_size=500):
    """Event.objects.bulk_update(events, fields) with a historical record per event; each
    event's version goes up, so a form opened before the update is told of it."""
    events = list(events)
    for event in events:
        event.version += 1
    return bulk_update_with_history(events, Event, [*fields, "version"], batch_size=batch_size,
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


def _legacy_changes(reason):
    try:
        changes = json.loads(reason[len(LEGACY_PREFIX):])
    except ValueError:
        return []
    return [(field, old, new) for field, (old, new) in changes.items()]


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists
        return name


def _m2m_values(model, records):
    """{field name: {history id: sorted related ids}} for the records, one query a field."""
    values = {}
    for field, m2m_model in tracked_history(model).m2m_models.items():
        if field.model is not model:
            continue
        target = field.m2m_reverse_field_name() + "_id"
        rows = defaultdict(list)
        for history_id, related_id in m2m_model.objects.filter(
                history__in=records).values_list("history_id", target):
            rows[history_id].append(related_id)
        values[field.name] = {record.pk: sorted(rows[record.pk]) for record in records}
    return values


def _diffs(model, records, m2m):
    """[(record, previous, [(field, old, new)])], values as ids, newest first."""
    fields = [f for f in model.history.model.tracked_fields
              if f.name not in QUIET_FIELDS and not f.primary_key and not f.auto_created]
    result = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            for field in fields:
                old, new = getattr(previous, field.attname), getattr(record, field.attname)
                if old != new:
                    changes.append((field, old, new))
            for name, by_record in m2m.items():
                if by_record[previous.pk] != by_record[record.pk]:
                    changes.append((model._meta.get_field(name), by_record[previous.pk], by_record[record.pk]))
        result.append((record, changes))
    return result


def _namer(diffs):
    """shown(field, value): a related object's name for an id (one query a related model)."""
    wanted = defaultdict(set)
    for _record, changes in diffs:
        for field, old, new in changes:
            if field.is_relation:
                for value in (old, new):
                    wanted[field.related_model].update(value if isinstance(value, list) else [value])
    names = {related: related._default_manager.in_bulk([i for i in ids if i is not None])
             for related, ids in wanted.items()}

    def shown(field, value):
        if field.many_to_many:
            return ", ".join(sorted(str(names[field.related_model].get(i, f"#{i}")) for i in value)) or None
        if field.is_relation:
            return None if value is None else str(names[field.related_model].get(value, f"#{value}"))
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value
    return shown


def entries_for(obj, limit=SHOWN):
    """The latest `limit` records of obj, newest first, each as a dict a template reads
    (a constant number of queries whatever the number of records)."""
    model = type(obj)
    records = list(obj.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[:limit + 1])
    diffs = _diffs(model, records, _m2m_values(model, records))[:limit]
    shown = _namer(diffs)
    entries = []
    for record, changes in diffs:
        reason = record.history_change_reason or ""
        legacy = reason.startswith(LEGACY_PREFIX)
        entries.append({
            "at": record.history_date, "user": record.history_user,
            "action": ACTIONS.get(record.history_type, record.history_type),
            "reason": "" if legacy else reason,
            "changes": [(_label(model, f), old, new) for f, old, new in _legacy_changes(reason)]
            if legacy else [(str(field.verbose_name), shown(field, old), shown(field, new))
                            for field, old, new in changes],
        })
    return entries
