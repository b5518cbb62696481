"""Exports of any filtered set of published events: ACLED CSV, GeoJSON and KML.

The map links here with its own query string, so an export holds what the map
shows. Responses are streamed: events are read with .iterator(chunk_size=2000),
which also fetches actors, tags and sources once per chunk, so memory stays flat
however many events match.

Escaping, per format:
- CSV is written by the csv module. A text cell a spreadsheet would run as a
  formula (starting with = + - @, a tab or a carriage return) gets a leading
  apostrophe, which spreadsheets hide; numbers such as a negative longitude are
  written as numbers and left alone. The importer removes that apostrophe again,
  so an export re-imports unchanged.
- GeoJSON is written by the json module.
- KML is XML-escaped. KML readers render <description> and <name> as HTML, so
  their plain text is HTML-escaped first and shows as text.
"""
import csv
import html
import json
import re
from xml.sax.saxutils import escape, quoteattr

from django.http import StreamingHttpResponse
from django.utils.translation import get_language, override

from events.acled.columns import COLUMNS, SEPARATOR
from events.acled.countries import numeric_for
from events.acled.rows import FORMULA_STARTS, inter_labels
from events.public.api import RELATED, with_filtered_events
from events.countries import country_name
from events.public.serializers import event_to_feature

CHUNK_SIZE = 2000
# Rows joined into one piece of the response, so the server sends few large writes.
ROWS_PER_WRITE = 200
CIVILIAN_TARGETING = "Civilian targeting"
# An event without an ACLED reference is exported as MAP<id>.
REFERENCE_PREFIX = "MAP"

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def events_for_export(events):
    return (events.select_related("actor1", "actor2").prefetch_related(*RELATED)
            .iterator(chunk_size=CHUNK_SIZE))


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


def _streamed(pieces, content_type, filename):
    response = StreamingHttpResponse(_grouped(_in_language(pieces, get_language())),
                                     content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    """An event as the values of ACLED's 31 columns (region is left empty: the map
    does not keep ACLED's regions)."""
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
        "region": "",
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


def csv_lines(events):
    writer = csv.writer(_Echo())
    # The BOM lets Excel read the file as UTF-8 (Arabic names stay legible).
    yield "\ufeff" + writer.writerow(COLUMNS)
    for event in events:
        row = acled_row(event)
        yield writer.writerow([safe_cell(row[column]) for column in COLUMNS])


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


def _placemark(event, request):
    data = "".join(
        f"<Data name={quoteattr(name)}><value>{_xml(value)}</value></Data>"
        for name, value in (("reference", event.reference or ""), ("event_type", event.event_type),
                            ("sub_event_type", event.sub_event_type),
                            ("fatalities", "" if event.fatalities is None else event.fatalities),
                            ("url", request.build_absolute_uri(event.get_absolute_url())))
    )
    return (
        f'<Placemark id="event-{event.pk}"><name>{_xml(html.escape(event.headline))}</name>'
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


@with_filtered_events
def export_csv(request, events):
    return _streamed(csv_lines(events_for_export(events)), "text/csv; charset=utf-8", "events.csv")


@with_filtered_events
def export_geojson(request, events):
    return _streamed(geojson_pieces(events_for_export(events), request),
                     "application/geo+json; charset=utf-8", "events.geojson")


@with_filtered_events
def export_kml(request, events):
    return _streamed(kml_pieces(events_for_export(events), request),
                     "application/vnd.google-earth.kml+xml; charset=utf-8", "events.kml")
