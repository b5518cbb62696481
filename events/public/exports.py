"""Exports of any filtered set of published events: ACLED CSV, GeoJSON and KML.

The map links here with its own query string, so an export holds what the map
shows. Up to EXPORT_STREAM_LIMIT events (a setting) the file is streamed at once;
a larger selection becomes a background job (events.jobs) whose page shows its
progress and offers the file when it is ready, so no export is cut by the web
server's timeout or holds a web worker for minutes. Anonymous readers share a
bounded number of jobs (EXPORT_ANONYMOUS_JOBS): one more gets a 429 page asking
them to try again later or narrow the filters. How each format is written:
events.public.export_formats.
"""
from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from events.jobs.exports import ExportsBusy, start_export
from events.models import Job
from events.public.export_formats import (
    _grouped, _in_language, csv_pieces, events_for_export, events_for_kml, geojson_pieces, kml_pieces,
)
from events.public.filters import with_filtered_events

INSTANCE_FORMAT_SHARE = 10
BUSY_RETRY_SECONDS = 120


def _streamed_or_job(request, events, kind, pieces, content_type, filename):
    """Stream a selection of at most EXPORT_STREAM_LIMIT events (GeoJSON, KML: a tenth
    of it); a larger one becomes a job (reused while the same export is still waiting
    or running) and the reader is sent to its page."""
    limit = settings.EXPORT_STREAM_LIMIT
    if kind != Job.Kind.EXPORT_CSV:
        limit //= INSTANCE_FORMAT_SHARE
    if events[: limit + 1].count() <= limit:
        response = StreamingHttpResponse(pieces(events), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    try:
        return redirect(start_export(request, kind))
    except ExportsBusy:
        response = render(request, "events/exports_busy.html", {"query": request.GET.urlencode()}, status=429)
        response["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response


def _grouped_pieces(pieces_of):
    def pieces(events):
        return _grouped(_in_language(pieces_of(events), get_language()))
    return pieces


@with_filtered_events
def export_csv(request, events):
    return _streamed_or_job(request, events, Job.Kind.EXPORT_CSV, csv_pieces,
                            "text/csv; charset=utf-8", "events.csv")


@with_filtered_events
def export_geojson(request, events):
    pieces = _grouped_pieces(lambda qs: geojson_pieces(events_for_export(qs), request))
    return _streamed_or_job(request, events, Job.Kind.EXPORT_GEOJSON, pieces,
                            "application/geo+json; charset=utf-8", "events.geojson")


@with_filtered_events
def export_kml(request, events):
    pieces = _grouped_pieces(lambda qs: kml_pieces(events_for_kml(qs), request))
    return _streamed_or_job(request, events, Job.Kind.EXPORT_KML, pieces,
                            "application/vnd.google-earth.kml+xml; charset=utf-8", "events.kml")


