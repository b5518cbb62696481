"""Public pages: the map, its embeddable twin, an event's page. Published events only."""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from events.public.access import map_access
from events.public.filters import filtered_events
from events.public.maps import ROW_FIELDS, build_event_map, encode_rows, map_parts, script_json
from events.models import Event
from events.public.serializers import event_to_dict

# The element folium's script draws into (map_script points the map at this id).
MAP_CONTAINER = '<div class="folium-map" id="event-map"></div>'
# How many matching events the list beside the map shows.
LIST_LIMIT = 200
DATA_CACHE_SECONDS = 300


def _url_template(name):
    return reverse(name, args=[0]).replace("/0/", "/{id}/")


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
    }


def _published_detail(pk):
    events = Event.objects.published().select_related("actor1", "actor2").prefetch_related(
        "assoc_actor_1", "assoc_actor_2", "tags", "sources__outlet"
    )
    return get_object_or_404(events, pk=pk)


def _summary(events):
    """Count, bounding box and period of the located events, in one query."""
    return events.located().aggregate(
        count=Count("id"), south=Min("latitude"), north=Max("latitude"),
        west=Min("longitude"), east=Max("longitude"),
        first=Min("event_date"), last=Max("event_date"),
    )


def _map_script(request, *, focus_id=None, events=None):
    query = request.GET.urlencode()
    summary = _summary(events)
    bounds = None
    if summary["count"]:
        bounds = ((summary["south"], summary["west"]), (summary["north"], summary["east"]))
    tiles = settings.EVENT_MAP
    fmap = build_event_map(
        data_url=f"{reverse('events:map-data')}?{query}" if query else reverse("events:map-data"),
        api_url=_url_template("events:api-detail"),
        detail_url=_url_template("events:detail"),
        labels=_labels(), tiles_url=tiles["TILES_URL"], tiles_attribution=tiles["TILES_ATTRIBUTION"],
        bounds=bounds, period=(summary["first"], summary["last"]) if summary["count"] else None,
        focus_id=focus_id,
    )
    return map_parts(fmap)


def _page(request, template, *, embed=False):
    form, events = filtered_events(request.GET, Event.objects.published())
    query = request.GET.urlencode()
    return render(request, template, {
        "form": form,
        "count": events.located().count(),
        "events": events.order_by("-event_date", "-id")[:LIST_LIMIT] if not embed else (),
        "list_limit": LIST_LIMIT,
        "query": query,
        "map_html": MAP_CONTAINER,
        "embed_url": request.build_absolute_uri(reverse("events:embed") + (f"?{query}" if query else "")),
    })


@require_GET
@map_access
def event_map(request):
    return _page(request, "events/map.html")


@require_GET
@xframe_options_exempt
@map_access
def embed(request):
    return _page(request, "events/embed.html", embed=True)


@require_GET
@map_access
def map_script(request):
    """The folium map's script for the filters in the query string."""
    focus = request.GET.get("focus")
    if focus and focus.isdigit():
        events = Event.objects.published().filter(pk=int(focus))
        parts = _map_script(request, focus_id=int(focus), events=events)
    else:
        _form, events = filtered_events(request.GET, Event.objects.published())
        parts = _map_script(request, events=events)
    # The page holds a container of fixed id; point the map at it.
    script = parts["script"].replace(f'"{_folium_map_id(parts["html"])}"', '"event-map"', 1)
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")


def _folium_map_id(html):
    start = html.index('id="') + 4
    return html[start:html.index('"', start)]


@require_GET
@map_access
def map_data(request):
    """Compact data of every located, published event matching the filters."""
    form, events = filtered_events(request.GET, Event.objects.published())
    if form.errors:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    focus = request.GET.get("focus")
    if focus and focus.isdigit():
        events = events.filter(pk=int(focus))
    version = Event.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    key = "map-data:" + hashlib.sha256(
        f"{request.GET.urlencode()}|{version['n']}|{version['at']}".encode()
    ).hexdigest()
    body = cache.get(key)
    if body is None:
        rows = events.located().order_by("id").values_list(*ROW_FIELDS)
        body = script_json(encode_rows(rows.iterator(chunk_size=5000)))
        cache.set(key, body, DATA_CACHE_SECONDS)
    return HttpResponse(body, content_type="application/json")


@require_GET
@map_access
def event_detail(request, pk):
    event = _published_detail(pk)
    return render(request, "events/detail.html", {
        "event": event, "map_html": MAP_CONTAINER,
    })


@require_GET
@map_access
def api_event_detail(request, pk):
    return JsonResponse(event_to_dict(_published_detail(pk), request),
                        json_dumps_params={"ensure_ascii": False})
