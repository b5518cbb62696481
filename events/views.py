"""Public pages: the map, an event's page and the read API. Published events only."""
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from events.access import map_access
from events.maps import ROW_FIELDS, build_event_map, map_parts
from events.models import Event
from events.serializers import event_to_dict

# How many matching events the list beside the map shows.
LIST_LIMIT = 200


def _url_template(name):
    return reverse(name, args=[0]).replace("/0/", "/{id}/")


def _popup_labels():
    return {
        "date": _("Date"), "type": _("Type"), "actors": _("Actors"),
        "fatalities": _("Fatalities"), "unknown": _("unknown"), "place": _("Place"),
        "sources": _("Sources"), "details": _("Event page"), "loading": _("Loading…"),
        "failed": _("Could not load this event."),
    }


def _published_detail(pk):
    events = Event.objects.published().select_related("actor1", "actor2").prefetch_related(
        "assoc_actor_1", "assoc_actor_2", "tags", "sources__outlet"
    )
    return get_object_or_404(events, pk=pk)


@map_access
def event_map(request):
    events = Event.objects.published()
    rows = list(events.located().values(*ROW_FIELDS))
    fmap = build_event_map(
        rows,
        detail_url_template=_url_template("events:detail"),
        api_url_template=_url_template("events:api-detail"),
        labels=_popup_labels(),
    )
    return render(request, "events/map.html", {
        "map": map_parts(fmap),
        "count": len(rows),
        "events": events.order_by("-event_date", "-id")[:LIST_LIMIT],
        "list_limit": LIST_LIMIT,
    })


@map_access
def event_detail(request, pk):
    event = _published_detail(pk)
    fmap = build_event_map(
        [{field: getattr(event, field) for field in ROW_FIELDS}] if event.has_point else [],
        detail_url_template=_url_template("events:detail"),
        api_url_template=_url_template("events:api-detail"),
        labels=_popup_labels(),
        zoom=7,
    )
    return render(request, "events/detail.html", {"event": event, "map": map_parts(fmap)})


@map_access
def api_event_detail(request, pk):
    return JsonResponse(event_to_dict(_published_detail(pk), request),
                        json_dumps_params={"ensure_ascii": False})
