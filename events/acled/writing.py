"""A batch of checked ACLED rows written with a handful of bulk queries, and its history.

The importer has already applied the review rules (events.acled.importer); this
module only writes. bulk_create sends no signals, so the history the admin keeps
(events.models.ChangeRecord) is written here in bulk too: one "created" record per
new event and one "changed" record, with the fields that changed, per updated
event, under the importing user. (The signal-based recorder in
events.newsroom.history would cost a snapshot query per row.)
"""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from events.models import Actor, ChangeRecord, Event, Tag

# Which imported values the history compares: the event's own columns and its actors.
_ACTORS = ("actor1", "actor2")


class BatchWriter:
    def __init__(self, user):
        self.user = user
        self._ids = {"actors": {}, "tags": {}}  # name -> pk, across batches

    def forget(self):
        """Drop the ids cached from a write that was rolled back."""
        self._ids = {"actors": {}, "tags": {}}

    def write(self, rows, status):
        """Store [(number, record, existing event or None)]; new events get `status`."""
        latest = {record.reference: record for _, record, _ in rows}
        existing = {record.reference: event.pk for _, record, event in rows if event is not None}
        types = _actor_types(latest.values())
        actors = self._lookup(Actor, "actors", types, lambda name: Actor(name=name, actor_type=types[name]))
        tags = self._lookup(Tag, "tags", {name for r in latest.values() for name in r.tags}, Tag)
        columns = list(next(iter(latest.values())).values)
        before = _stored_values(existing.values(), columns)
        now = timezone.now()

        def event(record, **extra):
            return Event(reference=record.reference, **record.values, updated_by=self.user,
                         actor1_id=actors[record.actor1[0]] if record.actor1 else None,
                         actor2_id=actors[record.actor2[0]] if record.actor2 else None, **extra)

        Event.objects.bulk_create([
            event(record, status=status, created_by=self.user)
            for reference, record in latest.items() if reference not in existing
        ])
        changed = [event(record, pk=existing[reference], updated_at=now)
                   for reference, record in latest.items() if reference in existing]
        if changed:
            _update(changed, [*columns, "actor1", "actor2", "updated_by", "updated_at"])
        ids = dict(Event.objects.filter(reference__in=list(latest)).values_list("reference", "pk"))
        for relation, lookup in (("assoc_actor_1", actors), ("assoc_actor_2", actors), ("tags", tags)):
            _replace_links(relation, ids, existing.values(), latest.values(), lookup)
        self._record_history(latest, ids, existing, before, now)

    def _record_history(self, latest, ids, existing, before, now):
        content_type = ContentType.objects.get_for_model(Event)
        records = []
        for reference, record in latest.items():
            after = _plain_values(record)
            if reference in existing:
                old = before.get(existing[reference], {})
                changes = {k: [old.get(k), v] for k, v in after.items() if old.get(k) != v}
                if not changes:
                    continue
                action = ChangeRecord.Action.CHANGED
            else:
                changes = {k: [None, v] for k, v in after.items() if v not in (None, "", False)}
                action = ChangeRecord.Action.CREATED
            changes["import"] = [None, "ACLED file"]
            records.append(ChangeRecord(content_type=content_type, object_id=ids[reference],
                                        object_repr=record.values["headline"][:300], action=action,
                                        changes=changes, user=self.user, at=now))
        ChangeRecord.objects.bulk_create(records)

    def _lookup(self, model, kind, names, build):
        """{name: pk} covering `names`, creating the missing rows with build(name=...);
        an existing row is left as it is (an actor keeps its type)."""
        known = self._ids[kind]
        missing = [name for name in names if name not in known]
        if missing:
            found = dict(model.objects.filter(name__in=missing).values_list("name", "pk"))
            new = [name for name in missing if name not in found]
            if new:
                # ignore_conflicts: another import may create the same name meanwhile.
                model.objects.bulk_create([build(name=name) for name in new], ignore_conflicts=True)
                found.update(model.objects.filter(name__in=new).values_list("name", "pk"))
            known.update(found)
        return known


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _plain_values(record):
    values = {k: _plain(v) for k, v in record.values.items()}
    values["actor1"] = record.actor1[0] if record.actor1 else None
    values["actor2"] = record.actor2[0] if record.actor2 else None
    return values


def _stored_values(pks, columns):
    """{pk: {column: value}} of events about to be updated, for their history."""
    if not pks:
        return {}
    rows = Event.objects.filter(pk__in=list(pks)).values("pk", *columns, *(f"{a}__name" for a in _ACTORS))
    stored = {}
    for row in rows:
        values = {k: _plain(row[k]) for k in columns}
        values.update({a: row[f"{a}__name"] for a in _ACTORS})
        stored[row["pk"]] = values
    return stored


def _update(events, names):
    """Save the fields `names` of existing events, one UPDATE per event through
    executemany. (QuerySet.bulk_update builds CASE expressions whose cost grows with
    rows x fields: 20 seconds for 2,000 events here, against a fraction of one.)"""
    quote = connection.ops.quote_name
    fields = [Event._meta.get_field(name) for name in names]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(Event._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(Event._meta.pk.column),
    )
    rows = [[field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields]
            + [event.pk] for event in events]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _actor_types(records):
    types = {}
    for record in records:
        for name, code in record.actor_types().items():
            types.setdefault(name, code)
    return types


def _replace_links(relation, ids, old_ids, records, lookup):
    """Set an M2M relation of every record's event with two queries."""
    m2m = Event._meta.get_field(relation)
    through = m2m.remote_field.through
    source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
    through.objects.filter(**{f"{source}__in": list(old_ids)}).delete()
    through.objects.bulk_create([
        through(**{source: ids[record.reference], target: lookup[name]})
        for record in records for name in getattr(record, relation)
    ])
