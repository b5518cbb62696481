"""The change history as the newsroom reads it (django-simple-history underneath).

Saves are recorded by simple-history itself, and bulk writes through the helpers in
events.models.history (re-exported here for scripts). This module adds
``entries_for(obj)``: the history an editor reads on the event and article forms,
each record with its user, time and "field: old → new" list.
"""
import json
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from events.models.history import (  # noqa: F401  (the bulk helpers, for scripts)
    LEGACY_PREFIX, bulk_create_events, bulk_update_events, record_saved, tracked_history,
)

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Fields every save changes, which say nothing to a reader.
QUIET_FIELDS = {"updated_at", "version"}
# How many records the forms show (the full list is on the History page).
SHOWN = 50


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
