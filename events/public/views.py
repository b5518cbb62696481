"""Public pages: the map, its embeddable twin, an event's page, and the map's data.
Published events only.

The map's data is aggregated on the server (events.public.grid): the page and its
script carry the filtered summary (count, bounds, per-month counts, cached by data
version), and map.js fetches blocks of clusters for the view. Every data answer
goes through events.public.caching (ETag/304, shared cache, gzip).
"""
import datetime
import hashlib
import json
import re

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

import project
from events.models import Event
from events.public import grid, rollup
from events.public.access import map_access
from events.public.caching import cached_response, cached_value
from events.public.filters import filtered_events, valid_query
from events.public.maps import ROW_FIELDS, build_event_map, encode_rows, map_parts, script_json
from events.public.serializers import event_to_dict, safe_link

# The element folium's script draws into (map_script points the map at this id).
MAP_CONTAINER = '<div class="folium-map" id="event-map"></div>'
# How many matching events one page of the list beside the map shows.
LIST_PAGE_SIZE = 50
_ID = re.compile(r"[0-9]{1,18}")


def _url_template(name, *args):
    return reverse(name, args=args or [0]).replace("/0/", "/{id}/")


def _labels():
    return {
        "date": _("Date"), "type": _("Type"), "actors": _("Actors"),
        "fatalities": _("Fatalities"), "unknown": _("unknown"), "place": _("Place"),
        "sources": _("Sources"), "details": _("Event page"), "loading": _("Loading…"),
        "failed": _("Could not load this event."), "events": _("Events"),
        "heatmap": _("Heatmap"), "legend": _("Legend"), "precision": _("Geo precision"),
        "play": _("Play"), "pause": _("Pause"), "fullscreen": _("Full screen"),
        "period": _("Period"), "all": _("All dates"), "shown": _("shown"),
        "dataFailed": _("The events could not be loaded."), "base": _("Base map"),
        "more": _("More"), "eventsHere": _("events at this place"),
        "hideLegend": _("Hide the legend"), "showLegend": _("Legend"),
    }


def _focus_id(request):
    focus = request.GET.get("focus", "")
    return int(focus) if _ID.fullmatch(focus) else None


def _published_detail(pk):
    return get_object_or_404(Event.objects.published().with_related(), pk=pk)


def map_summary(form, events, query):
    """The filtered events' count, bounds and per-month counts, cached by data version
    (from the rollup where the filters allow: events.public.rollup)."""
    return cached_value(f"summary?{query}", lambda: grid.summary(rollup.select(form.cleaned_data, events)))


def _filtered(request):
    form, events = filtered_events(request.GET, Event.objects.published())
    return form, events, valid_query(request.GET, form, drop=("page", "focus"))


def _list_page(request, events, count):
    pages = max(1, -(-count // LIST_PAGE_SIZE))
    number = request.GET.get("page", "1")
    number = min(int(number), pages) if _ID.fullmatch(number) and int(number) >= 1 else 1
    start = (number - 1) * LIST_PAGE_SIZE
    rows = events.located().order_by("-event_date", "-id").page(start, start + LIST_PAGE_SIZE)
    return {"number": number, "pages": pages, "rows": rows, "first": start + 1,
            "last": min(count, start + LIST_PAGE_SIZE)}


def _container(summary):
    """The map's element, carrying the filtered summary for map.js (a data attribute:
    no inline script), so the map script itself needs no query over the events."""
    return format_html('<div class="folium-map" id="event-map" data-summary="{}"></div>', _json(summary))


def _page_variant(request, *, absolute=False):
    """What a public page varies on besides its path, query and the data version: the
    language, the collected static files (it names their hashed URLs: a collectstatic
    must not meet pages naming the old ones) and, for a page holding absolute URLs,
    the scheme and host."""
    variant = f"{get_language()}|{getattr(staticfiles_storage, 'manifest_hash', '')}"
    if absolute:
        variant += f"|{request.scheme}://{request.get_host()}"
    return variant


def _filters_key(request):
    """The rendered filter form's cache key: it shows the query as given (errors
    included) in the page's language, whatever the data; the release and the
    collected static files are in it so an upgrade never meets an older form."""
    raw = f"{project.__version__}|{_page_variant(request)}|{request.GET.urlencode()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _map_context(request):
    """(the context the map page and the embed share, the filtered events)."""
    form, events, query = _filtered(request)
    summary = map_summary(form, events, query)
    return {"form": form, "count": summary["count"], "query": query, "map_html": _container(summary)}, events


def _map_page_html(request):
    context, events = _map_context(request)
    query = context["query"]
    return render_to_string("events/map.html", {
        **context, "filters_key": _filters_key(request),
        "embed_url": request.build_absolute_uri(reverse("events:embed") + (f"?{query}" if query else "")),
        "list_page": _list_page(request, events, context["count"]),
    }, request)


@require_safe
@map_access
def event_map(request):
    """The journalists' map. Like the embed, it is answered from the shared cache by
    data version, with ETag and Last-Modified (events.public.caching): the page holds
    nothing of the visitor's (no CSRF token, no user), so the front cache can serve it."""
    return cached_response(request, lambda: _map_page_html(request), "text/html; charset=utf-8",
                           variant=_page_variant(request, absolute=True))


def _embed_html(request):
    return render_to_string("events/embed.html", _map_context(request)[0], request)


# Outermost, so no answer of this URL (a 405 to HEAD or POST too) sends X-Frame-Options
# DENY beside the frame-ancestors * its policy has (events.ops.csp, by view name).
@xframe_options_exempt
@require_safe
@map_access
def embed(request):
    """The map alone, for other sites' pages. It is what a viral story's readers all
    load, so it is answered like the map's data (events.public.caching): an ETag and
    Last-Modified from the data version, 304 when they still hold, the page from the
    shared cache with its gzip form. Its links are relative, so its variants besides
    the path and the query are the language and the collected static files (it names
    their hashed URLs: a new collectstatic must not meet pages naming the old ones)."""
    return cached_response(request, lambda: _embed_html(request), "text/html; charset=utf-8",
                           variant=_page_variant(request))


def _script(request, query, focus_id):
    if focus_id is not None:
        event = Event.objects.published().located().filter(pk=focus_id).values(
            "latitude", "longitude").first()
        focus = {"id": focus_id, "lat": event["latitude"], "lon": event["longitude"]} if event else None
        summary = {"count": 1 if event else 0, "periods": [],
                   "bounds": [[event["latitude"], event["longitude"]]] * 2 if event else None}
        query = f"focus={focus_id}"
    else:
        focus = None
        summary = {"count": None, "bounds": None, "periods": []}  # the page's element has it
    suffix = f"?{query}" if query else ""
    fmap = build_event_map(
        urls={
            "blocks": reverse("events:map-block", args=[0, 0, 0]).replace("/0/0/0.json", "/{z}/{x}/{y}.json") + suffix,
            "cell": reverse("events:map-cell", args=[0, 0, 0]).replace("/0/0/0.json", "/{z}/{x}/{y}.json") + suffix,
            "api": _url_template("events:api-detail"),
            "detail": _url_template("events:detail"),
        },
        labels=_labels(), tiles_url=settings.EVENT_MAP["TILES_URL"],
        tiles_attribution=settings.EVENT_MAP["TILES_ATTRIBUTION"],
        summary=summary, focus=focus, max_zoom=grid.MAX_ZOOM,
    )
    parts = map_parts(fmap)
    # The page holds a container of fixed id; point the map at it.
    return parts["script"].replace(f'"{_folium_map_id(parts["html"])}"', '"event-map"', 1)


@require_safe
@map_access
def map_script(request):
    """The folium map's script for the filters in the query string."""
    _form, _events, query = _filtered(request)
    focus_id = _focus_id(request)
    return cached_response(request, lambda: _script(request, query, focus_id),
                           "text/javascript; charset=utf-8", variant=get_language())


def _folium_map_id(html):
    start = html.index('id="') + 4
    return html[start:html.index('"', start)]


def _data_events(request):
    """(selection, None) for a data request, or (None, a 400 answer). The selection
    (events.public.rollup) says which part the rollup answers; .events is all of it."""
    form, events = filtered_events(request.GET, Event.objects.published())
    errors = dict(form.errors)
    until = request.GET.get("until")
    if until:
        try:
            until = datetime.date.fromisoformat(until)
            events = events.filter(event_date__lte=until)
        except ValueError:
            errors["until"] = [_("Enter a valid date.")]
    focus = request.GET.get("focus")
    if focus is not None:
        if _ID.fullmatch(focus):
            events = events.filter(pk=int(focus))
        else:
            errors["focus"] = [_("Enter a whole number.")]
    if errors:
        return None, JsonResponse({"error": _("Invalid query parameters."),
                                   "fields": {k: [str(e) for e in v] for k, v in errors.items()}},
                                  status=400, json_dumps_params={"ensure_ascii": False})
    return rollup.select(form.cleaned_data, events, until or None, live=focus is not None), None


def _json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@require_safe
@map_access
def map_block(request, z, x, y):
    """The clusters of one block of the map at zoom z (events.public.grid)."""
    selection, error = _data_events(request)
    if error:
        return error
    if z > grid.MAX_ZOOM or x >= grid.blocks_per_side(z) or y >= grid.blocks_per_side(z):
        raise Http404("No such block.")
    return cached_response(request, lambda: _json(grid.block_cells(selection, z, x, y)), "application/json")


@require_safe
@map_access
def map_cell(request, z, x, y):
    """The events of one cell, a page at a time: a stacked cluster's list."""
    selection, error = _data_events(request)
    if error:
        return error
    page = request.GET.get("page", "1")
    if z > grid.MAX_ZOOM or not _ID.fullmatch(page) or int(page) < 1:
        raise Http404("No such cell or page.")
    return cached_response(request, lambda: _json(grid.cell_events(selection, z, x, y, int(page))),
                           "application/json", variant=get_language())


@require_safe
@map_access
def map_data(request):
    """Compact data of every located, published event matching the filters (all points:
    for scripts and small maps; the map itself reads the aggregated blocks)."""
    selection, error = _data_events(request)
    if error:
        return error
    return cached_response(request, lambda: script_json(encode_rows(
        selection.events.located().order_by("id").values_list(*ROW_FIELDS).iterator(chunk_size=5000))), "application/json")


@require_safe
@map_access
def event_detail(request, pk):
    """An event's page, cached by data version like the map (an unpublished or
    unknown event is a 404, never cached)."""
    def page():
        event = _published_detail(pk)
        sources = list(event.sources.all())
        for article in sources:
            article.safe_link = safe_link(article.url)
        return render_to_string("events/detail.html", {
            "event": event, "sources": sources, "map_html": MAP_CONTAINER,
        }, request)

    return cached_response(request, page, "text/html; charset=utf-8", variant=_page_variant(request))


@require_safe
@map_access
def api_event_detail(request, pk):
    try:
        event = _published_detail(pk)
    except Http404:
        return api_not_found(request)
    return JsonResponse(event_to_dict(event, request), json_dumps_params={"ensure_ascii": False})


def api_not_found(request, *args, **kwargs):
    """Every unknown /api/ URL answers JSON, as API clients expect."""
    return JsonResponse({"error": _("Not found.")}, status=404)


