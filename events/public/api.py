"""The read API: published events as JSON or GeoJSON, filtered and paginated.

    /api/events/?page=2&page_size=100&country=LY      {"count", "next", "previous", "results"}
    /api/events.geojson?...                           a FeatureCollection with the same keys

The filters are the map's (events.public.filters). A bad filter or page parameter is an
HTTP 400 whose JSON lists the fields, e.g. {"error": "...", "fields": {"date_from": [...]}}.
"""
import json

from django import forms
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.public.caching import cached_value, data_version
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

    def __init__(self, object_list, per_page, *, selection, version):
        super().__init__(object_list, per_page)
        self.selection, self.version = selection, version

    @cached_property
    def count(self):
        return cached_value(f"api-count?{self.selection}", lambda: Paginator.count.func(self), self.version)

    def page(self, number):
        """The page, its rows read ids first (EventQuerySet.page: a deep page skips
        the rows before it in the ordering index)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list.page(bottom, bottom + self.per_page), number, self)


def _selection(request):
    params = request.GET.copy()
    for name in ("page", "page_size"):
        params.pop(name, None)
    return params.urlencode()


def _page_link(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _page(request, events, form, version):
    """(the requested page, None), or (None, (status, the error's JSON))."""
    paginator = CountedOncePaginator(
        events.with_related(),
        form.cleaned_data["page_size"] or PAGE_SIZE,
        selection=_selection(request), version=version,
    )
    number = form.cleaned_data["page"] or 1
    if number > paginator.num_pages:
        return None, (404, _dumps({"error": _("There is no page %(page)s.") % {"page": number}}))
    return paginator.page(number), None


def _counts_and_links(request, page):
    return {
        "count": page.paginator.count,
        "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_link(request, page.previous_page_number()) if page.has_previous() else None,
    }


def _dumps(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def _listing(request, events, build, content_type="application/json"):
    """The page's answer, made once per data version and request.

    Serialising fifty events (their actors, tags, sources and translated labels) was
    most of an API request's time once the count was cached. The answer (a page, or
    the 404 of a page past the end) depends only on the data version and on what the
    key holds: the scheme and host (its links are absolute), the path and query
    string, and the language of its labels. A cached answer costs the version read."""
    form = PageForm(request.GET)
    if not form.is_valid():
        return invalid_parameters(form.errors)

    version, _changed = data_version()

    def answer():
        page, error = _page(request, events, form, version)
        return error or (200, _dumps(build(page)))

    key = f"api-page:{request.scheme}://{request.get_host()}{request.get_full_path()}|{get_language()}"
    status, body = cached_value(key, answer, version)
    return HttpResponse(body, status=status, content_type=content_type if status == 200 else "application/json")


@with_filtered_events
def event_list(request, events):
    return _listing(request, events, lambda page: {
        **_counts_and_links(request, page), "results": [event_to_dict(event, request) for event in page]})


@with_filtered_events
def event_list_geojson(request, events):
    return _listing(request, events, lambda page: {
        "type": "FeatureCollection", **_counts_and_links(request, page),
        "features": [event_to_feature(event, request) for event in page]}, content_type="application/geo+json")
