"""A batch of checked ACLED rows written with a handful of bulk queries, and its history.

Rows identical to their stored event are not written at all (unchanged(): the
importer counts them as unchanged), so re-importing a file leaves no history
record, no new updated_at and no new version behind.

The importer has already applied the review rules (events.acled.importer); this
module only writes. bulk_create and the raw UPDATE send no signals, so what the
signals would do is done here, per batch:

- the history (django-simple-history): one record per created or updated event,
  many-to-many values included, under the importing user, through
  events.models.history.record_saved;
- the version of each updated event goes up (EventQuerySet.touch), so an editor's
  form opened before the import is told of it instead of undoing it;
- the public data version goes up (MapDataVersion.bump), so the map's caches see
  the new rows at once.
"""
from django.db import connection
from django.utils import timezone

from events.models import Actor, Event, MapDataVersion, Tag
from events.models.history import record_saved

HISTORY_REASON = "ACLED import"
# An ACLED file has no headline: the import derives one (rows.headline_for). An event
# made here (no reference: its row came back as MAP<id>) keeps its own, which an editor
# wrote; an imported event takes the one derived anew, so that it follows the row.
KEPT_ON_UPDATE = frozenset({"headline"})


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
        now = timezone.now()

        def event(record, **extra):
            return Event(reference=record.reference, **record.values, updated_by=self.user,
                         actor1_id=actors[record.actor1[0]] if record.actor1 else None,
                         actor2_id=actors[record.actor2[0]] if record.actor2 else None, **extra)

        Event.objects.bulk_create([
            event(record, status=status, created_by=self.user)
            for reference, record in latest.items() if reference not in existing
        ])
        made_here = {record.reference for _, record, stored in rows if stored is not None and not stored.reference}
        changed = [event(record, pk=existing[reference], updated_at=now)
                   for reference, record in latest.items() if reference in existing]
        for group, kept in (([e for e in changed if e.reference not in made_here], ()),
                            ([e for e in changed if e.reference in made_here], KEPT_ON_UPDATE)):
            if group:
                _update(group, [*(c for c in columns if c not in kept), "actor1", "actor2", "updated_by", "updated_at"])
        # {row's event_id_cnty: pk}; an existing event's reference may differ from its
        # row's (MAP<id> for an event without one: importer._existing).
        ids = dict(existing)
        ids.update(Event.objects.filter(reference__in=[r for r in latest if r not in existing])
                   .values_list("reference", "pk"))
        for relation, lookup in (("assoc_actor_1", actors), ("assoc_actor_2", actors), ("tags", tags)):
            _replace_links(relation, ids, existing.values(), latest.values(), lookup)
        if changed:
            Event.objects.filter(pk__in=list(existing.values())).touch()
        stored = list(Event.objects.filter(pk__in=list(ids.values())))
        updated = set(existing.values())
        record_saved([event for event in stored if event.pk not in updated], self.user, created=True,
                     reason=HISTORY_REASON)
        record_saved([event for event in stored if event.pk in updated], self.user, reason=HISTORY_REASON)
        MapDataVersion.bump()

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


def unchanged(pairs):
    """The event_id_cnty of the records, of [(record, pk of its existing event)], that
    would write nothing new: every value write() would store equals the stored one
    (but an event made here's headline: KEPT_ON_UPDATE), and so do actor 1 and 2 (by
    name), the associated actors and the tags. Four queries, whatever the number of records."""
    if not pairs:
        return set()
    pks = [pk for _, pk in pairs]
    columns = list(pairs[0][0].values)
    stored = {row["pk"]: row for row in Event.objects.filter(pk__in=pks).values(
        "pk", "reference", *columns, "actor1__name", "actor2__name")}
    links = {relation: _names_by_event(relation, pks) for relation in ("assoc_actor_1", "assoc_actor_2", "tags")}
    same = set()
    for record, pk in pairs:
        row = stored.get(pk)
        if (row is None or any(row[name] != record.values[name] for name in columns
                               if row["reference"] or name not in KEPT_ON_UPDATE)
                or row["actor1__name"] != (record.actor1[0] if record.actor1 else None)
                or row["actor2__name"] != (record.actor2[0] if record.actor2 else None)
                or any(sorted(names.get(pk, ())) != sorted(getattr(record, relation))
                       for relation, names in links.items())):
            continue
        same.add(record.reference)
    return same


def _names_by_event(relation, pks):
    """{event pk: [names]} of a many-to-many relation of the events (actors or tags)."""
    m2m = Event._meta.get_field(relation)
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    names = {}
    rows = m2m.remote_field.through.objects.filter(**{f"{source}__in": pks}).values_list(source, f"{target}__name")
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return names


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
