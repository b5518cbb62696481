"""How exported events are written: ACLED CSV, GeoJSON and KML, as streams of text pieces.

Both the streamed responses (events.public.exports) and the export jobs
(events.jobs.exports) write through these functions, so a file is the same
whichever way it is made.

The CSV is the large one (researchers take a million rows). On PostgreSQL the
database writes it with COPY (events.public.export_copy); elsewhere it is
written from plain tuples (python_csv_pieces): one values_list() query read with
.iterator(), the names of associated actors, tags and outlets fetched per chunk
of CSV_CHUNK events with one query per relation, and rows written by the csv
module into a buffer that is handed on every ROWS_PER_WRITE rows. Both give the
same bytes; neither builds a model instance per row, and memory stays flat
however many events match. GeoJSON and KML go through model instances
(events.public.serializers); GeoJSON fetches related objects per chunk, KML
needs none. The instance-based CSV stays as the benchmark's baseline (bench export).

Escaping, per format:
- CSV is written by the csv module. A text cell a spreadsheet would run as a
  formula (starting with = + - @, a tab or a carriage return) gets a leading
  apostrophe, which spreadsheets hide; numbers such as a negative longitude are
  written as numbers and left alone. The importer removes that apostrophe again,
  so an export re-imports unchanged.
- GeoJSON is written by the json module.
- KML is XML-escaped. <name> is a string, but viewers put it into their HTML
  balloons, so its <, > and & are HTML-escaped first (as_title, as the feeds'
  titles): markup shows as text, quotes and apostrophes read as they are; readers
  render <description> as HTML, so its plain text is HTML-escaped first and shows
  as text.

(A little over 300 lines: the three formats share their escaping and chunking.)
"""
import csv
import html
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

from django.db import connection, connections
from django.utils.translation import override

from events.acled.columns import (
    CIVILIAN_TARGETING,
    COLUMNS,
    FORMULA_STARTS,
    REFERENCE_PREFIX,
    SEPARATOR,
    inter_labels,
)
from events.acled.countries import numeric_for
from events.countries import country_name
from events.models import Event, Job
from events.public.export_copy import can_copy, copy_pieces
from events.public.serializers import event_to_feature

CHUNK_SIZE = 2000
CSV_CHUNK = 5000
# Rows joined into one piece of the response, so the server sends few large writes.
ROWS_PER_WRITE = 200

# A plain number, in ASCII digits only (as a spreadsheet reads one, and as the
# PostgreSQL writer tests it: export_copy._NUMBER_SQL).
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def events_for_export(events):
    return (events.with_related()
            .iterator(chunk_size=CHUNK_SIZE))


def events_for_kml(events):
    """KML reads no related object (no actor, tag or source): nothing to prefetch."""
    return events.iterator(chunk_size=CHUNK_SIZE)


def _grouped(pieces):
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _in_language(pieces, language):
    # The body is produced after the view returns: keep the request's language for it.
    with override(language):
        yield from pieces


def safe_cell(value):
    """A CSV cell a spreadsheet will not execute (see the module docstring)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _names(actors):
    return SEPARATOR.join(actor.name for actor in actors)


def _interaction(first, second):
    if first and second:
        return f"{first}-{second}"
    return f"{first} only" if first else ""


def acled_row(event):
    """An event as the values of ACLED's 31 columns (region: as the imported row gave
    it, empty for an event made here)."""
    labels = inter_labels()
    inter1 = labels[event.actor1.actor_type] if event.actor1 else ""
    inter2 = labels[event.actor2.actor_type] if event.actor2 else ""
    sources = event.source_text or SEPARATOR.join(
        dict.fromkeys(a.outlet.name for a in event.sources.all() if a.outlet))
    return {
        "event_id_cnty": event.reference or f"{REFERENCE_PREFIX}{event.pk}",
        "event_date": event.event_date.isoformat(),
        "year": event.event_date.year,
        "time_precision": event.time_precision,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else "",
        "assoc_actor_1": _names(event.assoc_actor_1.all()),
        "inter1": inter1,
        "actor2": event.actor2.name if event.actor2 else "",
        "assoc_actor_2": _names(event.assoc_actor_2.all()),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": CIVILIAN_TARGETING if event.civilian_targeting else "",
        "iso": numeric_for(event.country),
        "region": event.region,
        "country": country_name(event.country, "en"),
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": event.admin3,
        "location": event.location,
        "latitude": "" if event.latitude is None else event.latitude,
        "longitude": "" if event.longitude is None else event.longitude,
        "geo_precision": event.geo_precision,
        "source": sources,
        "source_scale": event.source_scale,
        "notes": event.notes,
        "fatalities": "" if event.fatalities is None else event.fatalities,
        "tags": SEPARATOR.join(tag.name for tag in event.tags.all()),
        "timestamp": event.acled_timestamp or int(event.updated_at.timestamp()),
    }


class _Echo:
    """A file for csv.writer that hands each line back instead of storing it."""

    def write(self, text):
        return text


def csv_lines_from_instances(events):
    """The CSV from model instances, one acled_row() each: the path before the
    tuple-based csv_pieces(), kept for the export benchmark's baseline."""
    writer = csv.writer(_Echo())
    # The BOM lets Excel read the file as UTF-8 (Arabic names stay legible).
    yield "\ufeff" + writer.writerow(COLUMNS)
    for event in events:
        row = acled_row(event)
        yield writer.writerow([safe_cell(row[column]) for column in COLUMNS])


# What one CSV row reads, in this order (see csv_pieces).
_CSV_FIELDS = ("pk", "reference", "event_date", "time_precision", "disorder_type", "event_type",
               "sub_event_type", "actor1__name", "actor1__actor_type", "actor2__name",
               "actor2__actor_type", "civilian_targeting", "country", "admin1", "admin2", "admin3",
               "location", "latitude", "longitude", "geo_precision", "source_text", "source_scale",
               "notes", "fatalities", "acled_timestamp", "updated_at", "region")


def _pairs(sql, pks):
    """Rows of `sql` (with one {} for the test on the event ids) for the event ids `pks`.

    Plain SQL because QuerySet.filter(event_id__in=pks) spends more time preparing
    5,000 ids per chunk than the database spends answering; on PostgreSQL the ids go
    as one array (= ANY), which it plans far faster than a list of 5,000 values."""
    if not pks:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql.format("= ANY(%s)"), [list(pks)])
        else:
            cursor.execute(sql.format("IN ({})".format(", ".join(["%s"] * len(pks)))), pks)
        return cursor.fetchall()


def _joined(pairs, unique=False):
    """{pk: "name; name"} from (pk, name) pairs, in their order; `unique` drops repeats."""
    grouped = {}
    for pk, name in pairs:
        grouped.setdefault(pk, []).append(name)
    return {pk: SEPARATOR.join(dict.fromkeys(names) if unique else names) for pk, names in grouped.items()}


def _names_of(relation, pks):
    """{event pk: "name; name"} for a many-to-many relation of the events `pks`, one query."""
    m2m = Event._meta.get_field(relation)
    through, target = m2m.remote_field.through, m2m.related_model
    quote = connection.ops.quote_name
    sql = "SELECT t.{source}, r.{name} FROM {through} t JOIN {table} r ON r.{pk} = t.{target} " \
          "WHERE t.{source} {{}} ORDER BY r.{name}".format(
              source=quote(through._meta.get_field(m2m.m2m_field_name()).column),
              target=quote(through._meta.get_field(m2m.m2m_reverse_field_name()).column),
              through=quote(through._meta.db_table), table=quote(target._meta.db_table),
              pk=quote(target._meta.pk.column), name=quote(target._meta.get_field("name").column))
    return _joined(_pairs(sql, pks))


def _outlets_of(pks):
    """{event pk: "outlet; outlet"} from the source articles, for events without source text
    (newest article first, each outlet once)."""
    pairs = (Event.sources.through.objects.filter(event_id__in=pks, article__outlet__isnull=False)
             .order_by("-article__published_on", "-article_id")
             .values_list("event_id", "article__outlet__name")) if pks else []
    return _joined(pairs, unique=True)


def _csv_chunk(rows, buffer, writer, countries, numerics):
    """Write one chunk of value tuples, handing the buffer on every ROWS_PER_WRITE rows."""
    pks = [row[0] for row in rows]
    assoc1, assoc2 = _names_of("assoc_actor_1", pks), _names_of("assoc_actor_2", pks)
    tags = _names_of("tags", pks)
    outlets = _outlets_of([row[0] for row in rows if not row[20]])
    labels = inter_labels()
    for count, (pk, reference, day, time_precision, disorder, event_type, sub_type, actor1, type1,
                actor2, type2, civilians, country, admin1, admin2, admin3, location, latitude,
                longitude, geo_precision, source, scale, notes, fatalities, timestamp,
                updated_at, region) in enumerate(rows, start=1):
        # An event has an actor when it has its type (never null): as acled_row() tests.
        inter1 = labels[type1] if type1 is not None else ""
        inter2 = labels[type2] if type2 is not None else ""
        if country not in countries:
            countries[country], numerics[country] = country_name(country, "en"), numeric_for(country)
        writer.writerow([
            safe_cell(reference) if reference else f"{REFERENCE_PREFIX}{pk}", day.isoformat(), day.year,
            time_precision, disorder, event_type, sub_type, safe_cell(actor1 or ""),
            safe_cell(assoc1.get(pk, "")), inter1, safe_cell(actor2 or ""), safe_cell(assoc2.get(pk, "")),
            inter2, _interaction(inter1, inter2), CIVILIAN_TARGETING if civilians else "",
            numerics[country], safe_cell(region), countries[country], safe_cell(admin1), safe_cell(admin2),
            safe_cell(admin3), safe_cell(location), "" if latitude is None else latitude,
            "" if longitude is None else longitude, geo_precision,
            safe_cell(source or outlets.get(pk, "")), safe_cell(scale), safe_cell(notes),
            "" if fatalities is None else fatalities, safe_cell(tags.get(pk, "")),
            timestamp or int(updated_at.timestamp()),
        ])
        if count % ROWS_PER_WRITE == 0:
            yield _take(buffer)


def _take(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _header():
    buffer = io.StringIO()
    # The BOM lets Excel read the file as UTF-8 (Arabic names stay legible).
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(COLUMNS)
    return buffer.getvalue()


def csv_pieces(events):
    """The ACLED CSV of `events` (a queryset), in pieces: written by PostgreSQL itself
    where the events are there and in the export's order (events.public.export_copy),
    else by python_csv_pieces(). Both give the same bytes."""
    if connections[events.db].vendor == "postgresql" and can_copy(events):
        yield _header()
        yield from copy_pieces(events)
    else:
        yield from python_csv_pieces(events)


def python_csv_pieces(events):
    """The ACLED CSV of `events` written in Python, in pieces of about ROWS_PER_WRITE rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The BOM lets Excel read the file as UTF-8 (Arabic names stay legible).
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    countries, numerics = {}, {}
    rows = []
    for row in events.values_list(*_CSV_FIELDS).iterator(chunk_size=CSV_CHUNK):
        rows.append(row)
        if len(rows) >= CSV_CHUNK:
            yield from _csv_chunk(rows, buffer, writer, countries, numerics)
            rows = []
    if rows:
        yield from _csv_chunk(rows, buffer, writer, countries, numerics)
    if buffer.tell():
        yield buffer.getvalue()


def geojson_pieces(events, request):
    yield '{"type": "FeatureCollection", "features": ['
    separator = ""
    for event in events:
        yield separator + json.dumps(event_to_feature(event, request), ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


def _xml(text):
    return escape(_XML_FORBIDDEN.sub("", str(text)))


def _kml_description(event):
    parts = [event.date_display(), event.place_display(), f"{event.event_type} / {event.sub_event_type}"]
    if event.fatalities is not None:
        parts.append(f"Fatalities: {event.fatalities}")
    parts.append(event.notes)
    return html.escape("\n".join(str(part) for part in parts if part))


def as_title(text):
    """A headline as a feed title or a KML name: its <, > and & HTML-escaped, its
    quotes left alone (the XML writer escapes the result once more)."""
    return html.escape(str(text), quote=False)


def _placemark(event, request):
    data = "".join(
        f"<Data name={quoteattr(name)}><value>{_xml(value)}</value></Data>"
        for name, value in (("reference", event.reference or ""), ("event_type", event.event_type),
                            ("sub_event_type", event.sub_event_type),
                            ("fatalities", "" if event.fatalities is None else event.fatalities),
                            ("url", request.build_absolute_uri(event.get_absolute_url())))
    )
    return (
        f'<Placemark id="event-{event.pk}"><name>{_xml(as_title(event.headline))}</name>'
        f"<description>{_xml(_kml_description(event))}</description>"
        f"<TimeStamp><when>{event.event_date.isoformat()}</when></TimeStamp>"
        f"<ExtendedData>{data}</ExtendedData>"
        f"<Point><coordinates>{event.longitude},{event.latitude}</coordinates></Point></Placemark>\n"
    )


def kml_pieces(events, request):
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
           "<Document><name>Events</name>\n")
    for event in events:
        if event.has_point:  # a placemark needs a point
            yield _placemark(event, request)
    yield "</Document></kml>\n"


# GeoJSON and KML are written through model instances, about ten times slower than
# the CSV: they stream up to this fraction of EXPORT_STREAM_LIMIT.
# What a job of each kind writes: (pieces(events, site), file extension, the text that
# ends one row, for its progress: the CSV's line end (the header's too), a feature's
# "type" key or a placemark's end tag, neither of which escaped text can contain).
FORMATS = {
    Job.Kind.EXPORT_CSV: (lambda events, site: csv_pieces(events), "csv", "\r\n"),
    Job.Kind.EXPORT_GEOJSON: (lambda events, site: _grouped(geojson_pieces(events_for_export(events), site)),
                              "geojson", '{"type": "Feature"'),
    Job.Kind.EXPORT_KML: (lambda events, site: _grouped(kml_pieces(events_for_kml(events), site)), "kml",
                          "</Placemark>"),
}
