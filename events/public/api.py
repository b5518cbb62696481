"""The read API: published events as JSON or GeoJSON, filtered and paginated.

    /api/events/?page=2&page_size=100&country=LY      {"count", "next", "previous", "results"}
    /api/events.geojson?...                           a FeatureCollection with the same keys

The filters are the map's (events.public.filters). A bad filter or page parameter is an
HTTP 400 whose JSON lists the fields, e.g. {"error": "...", "fields": {"date_from": [...]}}.
"""
from django import forms
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.http import JsonResponse
from django.utils.translation import gettext as _

from events.public.caching import cached_value
from events.public.filters import invalid_parameters, with_filtered_events
from events.public.serializers import event_to_dict, event_to_feature

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


class CountedOncePaginator(Paginator):
    """A paginator whose count is counted once per data version and filter.

    Counting every match is the one part of a page whose cost grows with the table
    (a COUNT over 100,000 published events on every request, whatever the page). The
    count is cached under the data version (events.public.caching.cached_value), which
    every publish, retraction or edit bumps, so it is exact after any of them; the
    key is the filters' query string without the page parameters, so every page of a
    selection shares one count."""

    def __init__(self, object_list, per_page, *, selection):
        super().__init__(object_list, per_page)
        self.selection = selection

    @cached_property
    def count(self):
        return cached_value(f"api-count?{self.selection}", lambda: Paginator.count.func(self))


def _selection(request):
    params = request.GET.copy()
    for name in ("page", "page_size"):
        params.pop(name, None)
    return params.urlencode()


def _page_link(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _page(request, events):
    """(the requested page, None), or (None, the error response)."""
    form = PageForm(request.GET)
    if not form.is_valid():
        return None, invalid_parameters(form.errors)
    paginator = CountedOncePaginator(
        events.with_related(),
        form.cleaned_data["page_size"] or PAGE_SIZE,
        selection=_selection(request),
    )
    number = form.cleaned_data["page"] or 1
    if number > paginator.num_pages:
        return None, JsonResponse({"error": _("There is no page %(page)s.") % {"page": number}}, status=404)
    return paginator.page(number), None


def _counts_and_links(request, page):
    return {
        "count": page.paginator.count,
        "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_link(request, page.previous_page_number()) if page.has_previous() else None,
    }


def _json(data, **kwargs):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False}, **kwargs)


@with_filtered_events
def event_list(request, events):
    page, error = _page(request, events)
    if error:
        return error
    return _json({**_counts_and_links(request, page),
                  "results": [event_to_dict(event, request) for event in page]})


@with_filtered_events
def event_list_geojson(request, events):
    page, error = _page(request, events)
    if error:
        return error
    return _json({"type": "FeatureCollection", **_counts_and_links(request, page),
                  "features": [event_to_feature(event, request) for event in page]},
                 content_type="application/geo+json")
