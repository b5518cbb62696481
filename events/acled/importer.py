"""ACLED files read in batches and written with bulk queries, under the review rules.

100,000 rows must take minutes, so a batch (1,000 rows by default) costs a
handful of queries whatever its size: the events it already has, actors and tags
looked up and created in bulk, events inserted and updated in bulk, and the rows
of the many-to-many tables replaced in bulk.

Nothing good is lost to a bad row:
- a row whose cells cannot be stored is rejected with its number and the reason
  (events.acled.rows), before anything is written, and so is a row whose shape is
  broken (a cell count other than the header's, a quote never closed: the rule is
  in events.acled.reading, and the reason names the row's lines);
- a batch the database still refuses is retried one row at a time, each in its
  own savepoint, so only the row the database refuses is rejected;
- a file that stops being CSV part-way keeps the rows before that line, and the
  report says where reading stopped.

The review rules of events.models.Event apply to every row, as to any other
write: the importing user may only give new events a status Event.statuses_for
allows them, and a row that would change an event they may not change
(Event.check_write) is rejected, nothing of it written. `user=None` is the
system itself (the management command).

Re-importing a row (same event_id_cnty) updates the event and keeps its review
status, so an event an editor retracted stays retracted. MAP<id>, what the exports
write for an event without a reference, is the event with that id (if it still has
no reference), so an export imported back updates the events it came from. A file that repeats an
event_id_cnty keeps its first row; the later ones are reported as duplicates. A
row identical to its stored event (events.acled.writing.unchanged) is counted as
unchanged and not written: no history record, no new updated_at, nothing moved up
the feeds. It needs no review rule either, as it changes nothing.
"""
import logging
import re
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext

from events.acled.columns import REFERENCE_PREFIX, AcledFormatError, is_legacy, read_header
from events.acled.geocode import RowGeocoder
from events.acled.reading import CsvStopped, Records
from events.acled.rows import RowError, check_cells, parse_row
from events.acled.writing import BatchWriter, unchanged
from events.models import Event
from events.roles import WorkflowError
from events.taxonomy import ReviewStatus

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# The event_id_cnty the exports write for an event without a reference (writing.py: MAP<id>).
# (At most 18 digits: a larger number is no id of any database's, SQLite's included.)
_OWN_ID = re.compile(re.escape(REFERENCE_PREFIX) + r"([1-9][0-9]{0,17})")


@dataclass
class ImportResult:
    """What an import did; rows == created + updated + unchanged + rejected + duplicates."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # rows identical to their stored event: nothing written
    rejected: int = 0
    duplicates: int = 0
    geocoded: int = 0
    seconds: float = 0.0
    errors: list = field(default_factory=list)  # [(row number, reason)], rejections and duplicates
    stopped: str = ""  # why reading ended before the end of the file

    def reject(self, number, reason):
        self.rejected += 1
        self.errors.append((number, reason))

    def summary(self):
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected, "duplicates": self.duplicates,
                "geocoded": self.geocoded, "seconds": round(self.seconds, 2), "stopped": self.stopped}


class AcledImport:
    """Import one file: AcledImport(status=..., user=..., dry_run=...).run(binary_file).

    Raises WorkflowError at once if `user` may not give new events `status`, and
    AcledFormatError if the file as a whole cannot be read.
    `progress(result)` is called about every `progress_every` rows.
    """

    def __init__(self, *, status=None, dry_run=False, user=None, geocoder=None,
                 batch_size=BATCH_SIZE, progress=None, progress_every=10000):
        allowed = Event().statuses_for(user)
        if not allowed:
            Event().check_write(user)  # raises: "You may not add events."
        status = status or (ReviewStatus.PUBLISHED if ReviewStatus.PUBLISHED in allowed else allowed[0])
        if status not in allowed:
            Event(status=status).check_write(user, status)  # raises with the model's reason
            raise WorkflowError(gettext("You may not give new events the status %(status)s.")
                                % {"status": repr(status)})
        self.status, self.dry_run, self.user = status, dry_run, user
        self.batch_size, self.progress, self.progress_every = batch_size, progress, progress_every
        self.places = RowGeocoder(geocoder)
        self.writer = BatchWriter(user)
        self._first_row = {}  # event_id_cnty -> the row number that brought it, in this file
        self._decimal_comma = False  # coordinates as 32,7 (a file separated by semicolons)

    def run(self, binary):
        started = time.perf_counter()
        result = ImportResult()
        records = Records(binary)
        try:
            index = read_header(records.header)
            legacy = is_legacy(index)
            self._decimal_comma = records.delimiter != ","
            batch = []
            try:
                for number, cells, lines, problem in records:
                    if problem or any(cell.strip() for cell in cells):
                        batch.append((number, cells, lines, problem))
                    if len(batch) >= self.batch_size:
                        self._import_batch(batch, records.header, index, legacy, result, started)
                        batch = []
            except CsvStopped as exc:
                result.stopped = gettext("Reading stopped at line %(line)s: %(reason)s. The rows before were imported "
                                         "as reported.") % {"line": exc.line, "reason": exc}
                logger.warning("ACLED import: %s", result.stopped)
            if batch:
                self._import_batch(batch, records.header, index, legacy, result, started)
        finally:
            records.close()
        result.errors.sort(key=lambda error: error[0])  # by row, whichever check found it
        result.seconds = time.perf_counter() - started
        return result

    def _import_batch(self, batch, header, index, legacy, result, started):
        before = result.rows
        result.rows += len(batch)
        parsed = []
        for number, cells, (first_line, last_line), problem in batch:
            if problem:  # the record's shape is broken (events.acled.reading)
                result.reject(number, problem)
                continue
            try:
                check_cells(cells, header)
                record = parse_row(cells, index, legacy, decimal_comma=self._decimal_comma)
            except RowError as exc:
                spread = last_line - first_line
                hint = (gettext(" (this row runs over lines %(first)s-%(last)s of the file: "
                                "is a quote missing its closing pair?)") % {"first": first_line, "last": last_line}
                        ) if spread > 1 else ""
                result.reject(number, f"{exc}{hint}")
                continue
            first = self._first_row.setdefault(record.reference, number)
            if first != number:
                result.duplicates += 1
                result.errors.append((number, gettext("duplicate of row %(first)s (same event_id_cnty "
                                                      "%(reference)s); the first row was kept")
                                      % {"first": first, "reference": record.reference}))
                continue
            parsed.append((number, record))
        for _, record in parsed:
            if record.needs_place:
                place = self.places.locate(record.values)
                if place:
                    record.values.update(zip(("latitude", "longitude", "geo_precision"), place))
                    result.geocoded += 1
        allowed = self._allowed(parsed, result)
        if allowed:
            self._store(allowed, result)
        if self.progress and result.rows // self.progress_every > before // self.progress_every:
            result.seconds = time.perf_counter() - started
            self.progress(result)

    @staticmethod
    def _existing(records):
        """{event_id_cnty: the event a row updates} for a batch's records.

        A row's event is the one with its event_id_cnty as reference, except for an
        id the exports write themselves: MAP<id> (events.acled.columns.REFERENCE_PREFIX)
        is the event with that id when it has no reference, as the exports write that
        id for an event without one. So an export imported back updates its events.
        An id means something only in the database that wrote it, so the row must also
        be about that event: the same country, and the same date or the same place (a
        correction of one of the two in the file still updates it). Another newsroom's
        MAP5 is an ordinary reference here, not our event 5.
        """
        fields = ("pk", "reference", "status", "created_by", "country", "event_date", "location")
        references = [record.reference for record in records]
        existing = {event.reference: event for event in
                    Event.objects.filter(reference__in=references).only(*fields)}
        by_reference = {record.reference: record for record in records}
        own = {int(match[1]): reference for reference in references if (match := _OWN_ID.fullmatch(reference))}
        if own:
            for event in Event.objects.filter(pk__in=list(own)).filter(
                    Q(reference__isnull=True) | Q(reference="")).only(*fields):
                values = by_reference[own[event.pk]].values
                if event.country == values.get("country") and (
                        event.event_date == values.get("event_date") or event.location == values.get("location")):
                    existing[own[event.pk]] = event
        return existing

    def _allowed(self, parsed, result):
        """[(number, record, existing event or None)] of the rows the user may write;
        the others are rejected with the model's reason."""
        existing = self._existing([record for _, record in parsed])
        same = unchanged([(record, existing[record.reference].pk) for _, record in parsed
                          if record.reference in existing])
        allowed = []
        for number, record in parsed:
            event = existing.get(record.reference)
            if record.reference in same:  # nothing to write, so nothing to allow
                result.unchanged += 1
                continue
            try:
                if event is None:
                    Event(status=self.status).check_write(
                        self.user, self.status, has_point=record.values["latitude"] is not None,
                        has_sources=bool(record.values["source_text"]))
                else:
                    event.check_write(self.user)
            except WorkflowError as exc:
                what = gettext("event %(reference)s exists: ") % {"reference": record.reference} if event else ""
                result.reject(number, f"{what}{exc}")
                continue
            allowed.append((number, record, event))
        return allowed

    def _store(self, rows, result):
        if self.dry_run:
            self._count(rows, result)
            return
        try:
            with transaction.atomic():
                self.writer.write(rows, self.status)
        except (DatabaseError, ValueError):
            # Which row? Each alone, in its own savepoint: only the refused one is lost.
            logger.warning("An ACLED batch was refused by the database; retrying its rows one by one")
            self.writer.forget()
            kept = []
            for row in rows:
                try:
                    with transaction.atomic():
                        self.writer.write([row], self.status)
                except (DatabaseError, ValueError) as exc:
                    self.writer.forget()
                    result.reject(row[0], (gettext("the database refused this row: %(reason)s")
                                           % {"reason": exc}).strip())
                else:
                    kept.append(row)
            rows = kept
        self._count(rows, result)

    @staticmethod
    def _count(rows, result):
        for _, _, event in rows:
            if event is None:
                result.created += 1
            else:
                result.updated += 1


__all__ = ["AcledFormatError", "AcledImport", "ImportResult"]
