"""ACLED files read in batches and written with bulk queries.

100,000 rows must take minutes, so a batch (1,000 rows by default) costs a
handful of queries whatever its size: the events it already has, actors and tags
looked up and created in bulk, events inserted and updated in bulk, and the rows
of the many-to-many tables replaced in bulk. Each batch is atomic: a database
error loses that batch (its rows are reported) and the next one goes on.

Re-importing a row (same event_id_cnty) updates the event and keeps its review
status, so an event an editor retracted stays retracted.
"""
import codecs
import csv
import io
import logging
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from events.acled.columns import AcledFormatError, is_legacy, read_header
from events.acled.geocode import RowGeocoder
from events.acled.rows import RowError, parse_row
from events.models import Actor, Event, Tag
from events.taxonomy import ReviewStatus

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


def detect_encoding(binary):
    """utf-8-sig, utf-8 or (what Excel writes on Windows) cp1252; rewinds the file."""
    binary.seek(0)
    if binary.read(3) == codecs.BOM_UTF8:
        binary.seek(0)
        return "utf-8-sig"
    binary.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := binary.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        binary.seek(0)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    geocoded: int = 0
    seconds: float = 0.0
    errors: list = field(default_factory=list)  # [(row number, reason)]

    def reject(self, number, reason):
        self.rejected += 1
        self.errors.append((number, reason))

    def summary(self):
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "rejected": self.rejected, "geocoded": self.geocoded, "seconds": round(self.seconds, 2)}


class AcledImport:
    """Import one file: AcledImport(status=..., dry_run=...).run(binary_file) -> ImportResult.

    Row numbers are those a spreadsheet shows: the header is row 1.
    `progress(result)` is called about every `progress_every` rows.
    """

    def __init__(self, *, status=ReviewStatus.PUBLISHED, dry_run=False, user=None, geocoder=None,
                 batch_size=BATCH_SIZE, progress=None, progress_every=10000):
        self.status, self.dry_run, self.user = status, dry_run, user
        self.batch_size, self.progress, self.progress_every = batch_size, progress, progress_every
        self.places = RowGeocoder(geocoder)
        self._ids = {"actors": {}, "tags": {}}  # name -> pk, across batches
        self._seen = set()  # references met earlier in this file

    def run(self, binary):
        started = time.perf_counter()
        result = ImportResult()
        text = io.TextIOWrapper(binary, encoding=detect_encoding(binary), errors="replace", newline="")
        try:
            reader = csv.reader(text)
            header = next(reader, None)
            if header is None:
                raise AcledFormatError("The file is empty.")
            index = read_header(header)
            legacy = is_legacy(index)
            batch = []
            for number, cells in enumerate(self._rows(reader), start=2):
                if any(cell.strip() for cell in cells):
                    batch.append((number, cells))
                if len(batch) >= self.batch_size:
                    self._import_batch(batch, index, legacy, result, started)
                    batch = []
            if batch:
                self._import_batch(batch, index, legacy, result, started)
        finally:
            text.detach()  # the caller owns the binary file
        result.seconds = time.perf_counter() - started
        return result

    @staticmethod
    def _rows(reader):
        try:
            yield from reader
        except csv.Error as exc:
            raise AcledFormatError(f"The file is not valid CSV near line {reader.line_num}: {exc}") from exc

    def _import_batch(self, batch, index, legacy, result, started):
        before = result.rows
        result.rows += len(batch)
        records = []
        for number, cells in batch:
            try:
                records.append((number, parse_row(cells, index, legacy)))
            except RowError as exc:
                result.reject(number, str(exc))
        for _, record in records:
            if record.needs_place:
                place = self.places.locate(record.values)
                if place:
                    record.values.update(zip(("latitude", "longitude", "geo_precision"), place))
                    result.geocoded += 1
        if records:
            self._store(records, result)
        if self.progress and result.rows // self.progress_every > before // self.progress_every:
            result.seconds = time.perf_counter() - started
            self.progress(result)

    def _store(self, records, result):
        latest = {record.reference: record for _, record in records}  # a repeated row: the last wins
        existing = dict(Event.objects.filter(reference__in=list(latest)).values_list("reference", "pk"))
        created = updated = 0
        for _, record in records:
            if record.reference in existing or record.reference in self._seen:
                updated += 1
            else:
                created += 1
            self._seen.add(record.reference)
        if not self.dry_run:
            try:
                with transaction.atomic():
                    self._write(latest, existing)
            except DatabaseError as exc:
                logger.exception("An ACLED batch could not be stored")
                self._ids = {"actors": {}, "tags": {}}  # ids created in the lost batch are gone
                for number, _ in records:
                    result.reject(number, f"the batch of this row was not stored: {exc}")
                return
        result.created += created
        result.updated += updated

    def _write(self, latest, existing):
        types = _actor_types(latest.values())
        actors = self._lookup(Actor, "actors", types, lambda name: Actor(name=name, actor_type=types[name]))
        tags = self._lookup(Tag, "tags", {name for r in latest.values() for name in r.tags}, Tag)
        now = timezone.now()

        def event(record, **extra):
            return Event(reference=record.reference, **record.values, updated_by=self.user,
                         actor1_id=actors[record.actor1[0]] if record.actor1 else None,
                         actor2_id=actors[record.actor2[0]] if record.actor2 else None, **extra)

        Event.objects.bulk_create([
            event(record, status=self.status, created_by=self.user)
            for reference, record in latest.items() if reference not in existing
        ])
        changed = [event(record, pk=existing[reference], updated_at=now)
                   for reference, record in latest.items() if reference in existing]
        if changed:
            columns = next(iter(latest.values())).values
            _update(changed, [*columns, "actor1", "actor2", "updated_by", "updated_at"])
        ids = dict(Event.objects.filter(reference__in=list(latest)).values_list("reference", "pk"))
        for relation, lookup in (("assoc_actor_1", actors), ("assoc_actor_2", actors), ("tags", tags)):
            _replace_links(relation, ids, existing.values(), latest.values(), lookup)

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
