"""Today's ChangeRecord rows become simple-history records: who, when and what are kept.

A ChangeRecord held only the fields that changed ({field: [old, new]}, related
objects by name); a historical record holds the whole row. Each object's rows are
rebuilt backwards from what it is now (or, once deleted, from its deletion record):
the state before a change is the state after it with the old values put back.
Related objects named in a record are found again by name where they still exist.
The original list of changes is kept verbatim in the record's change reason (after
events.models.history.LEGACY_PREFIX), so nothing a record said is lost even where
a name no longer matches anything.
"""
import datetime
import json

from django.db import migrations, models

LEGACY_PREFIX = "legacy-changes:"  # events.models.history.LEGACY_PREFIX, frozen here
HISTORY_TYPE = {"created": "+", "changed": "~", "deleted": "-"}
# How a related object was written in a record (its __str__), per model.
NAME_FIELD = {"actor": "name", "outlet": "name", "article": "title", "tag": "name"}


def _by_name(apps, field, value):
    model = apps.get_model("events", field.related_model._meta.model_name)
    name_field = NAME_FIELD.get(model._meta.model_name)
    if value in (None, "") or name_field is None:
        return None
    return model.objects.filter(**{name_field: value}).values_list("pk", flat=True).first()


def _from_record(apps, field, value):
    """A ChangeRecord's plain value as the field's attname value."""
    if value is None:
        return None
    if field.is_relation:
        return _by_name(apps, field, value)
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value[:10])
    return value


def _blank(field, at):
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return at
    if isinstance(field, models.DateField):
        return at.date()
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 0
    if isinstance(field, models.BooleanField):
        return False
    return ""


def _apply(apps, model, state, m2m, values):
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue  # a field that no longer exists; the reason keeps it
        if field.many_to_many:
            related = apps.get_model("events", field.related_model._meta.model_name)
            name_field = NAME_FIELD.get(related._meta.model_name, "pk")
            names = value or []
            m2m[name] = list(related.objects.filter(**{f"{name_field}__in": names})
                             .values_list("pk", flat=True))
        elif field.concrete and not field.primary_key:
            state[field.attname] = _from_record(apps, field, value)


def _current(model, obj):
    state = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    m2m = {f.name: list(getattr(obj, f.name).values_list("pk", flat=True))
           for f in model._meta.many_to_many}
    return state, m2m


def convert(apps, schema_editor):
    ChangeRecord = apps.get_model("events", "ChangeRecord")
    groups = {}
    for record in ChangeRecord.objects.select_related("content_type").order_by("at", "id"):
        groups.setdefault((record.content_type.model, record.object_id), []).append(record)
    for (model_name, object_id), records in groups.items():
        if model_name not in ("event", "article"):
            continue
        model = apps.get_model("events", model_name)
        historical = apps.get_model("events", f"historical{model_name}")
        obj = model.objects.filter(pk=object_id).first()
        last = records[-1]
        if obj is not None:
            state, m2m = _current(model, obj)
        else:
            state = {f.attname: _blank(f, last.at) for f in model._meta.concrete_fields}
            m2m = {f.name: [] for f in model._meta.many_to_many}
            if last.action == "deleted":
                _apply(apps, model, state, m2m, {k: v[0] for k, v in last.changes.items()})
            else:
                for record in records:
                    _apply(apps, model, state, m2m, {k: v[1] for k, v in record.changes.items()})
        state[model._meta.pk.attname] = object_id
        # Walk back: each record's row is the state after it (a deletion: the state it
        # removed); the state before it is that with the old values put back.
        rows = []
        for record in reversed(records):
            rows.append((record, dict(state), {k: list(v) for k, v in m2m.items()}))
            if record.action != "deleted":
                _apply(apps, model, state, m2m, {k: v[0] for k, v in record.changes.items()})
        for record, row_state, row_m2m in reversed(rows):
            row = historical.objects.create(
                history_date=record.at, history_user_id=record.user_id,
                history_type=HISTORY_TYPE[record.action],
                history_change_reason=LEGACY_PREFIX + json.dumps(record.changes, ensure_ascii=False),
                **{name: value for name, value in row_state.items()
                   if name in {f.attname for f in historical._meta.concrete_fields}},
            )
            for field in model._meta.many_to_many:
                through = apps.get_model("events", f"historical{model_name}_{field.name}")
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                # The through row's id where it still exists (0 where it is gone).
                link_ids = dict(field.remote_field.through.objects.filter(
                    **{f"{source}_id": object_id}).values_list(f"{target}_id", "id"))
                through.objects.bulk_create([
                    through(history=row, id=link_ids.get(pk, 0),
                            **{f"{source}_id": object_id, f"{target}_id": pk})
                    for pk in row_m2m.get(field.name, [])
                ])


def drop_converted(apps, schema_editor):
    for name in ("historicalevent", "historicalarticle"):
        apps.get_model("events", name).objects.filter(
            history_change_reason__startswith=LEGACY_PREFIX).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_simple_history"),
    ]

    operations = [
        migrations.RunPython(convert, drop_converted),
    ]
