"""The map's filters, shared by the map, the list, exports, feeds and the API (django-filter).

All of them read the same query parameters, so a link copied from the map
reproduces the same selection anywhere:

    date_from, date_to      YYYY-MM-DD
    event_type, sub_event_type, country, geo_precision   repeatable
    actor                   part of an actor's name, in any language
    q                       words in the headline, notes, place or a source's title

Text filters forgive accents and Arabic letter variants (events.public.search).
A filter that does not validate is left out of the selection and its error is kept
on the form: the map page shows it next to the field and the page, list, count
and map all use the valid filters only; the API, exports and feeds answer 400.
"""
from functools import wraps

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.countries import localized_country_choices
from events.models import Actor, Event
from events.public import searchtext
from events.public.access import map_access
from events.public.search import Folded, fold
from events.taxonomy import EventType, GeoPrecision, SubEventType

ACTOR_RELATIONS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
ACTOR_NAMES = ("name", "name_ar", "name_fr", "name_en")


class FilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class EventFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="event_date", lookup_expr="gte", label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(
        field_name="event_date", lookup_expr="lte", label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}))
    event_type = django_filters.MultipleChoiceFilter(label=_("Event type"), choices=EventType.choices)
    sub_event_type = django_filters.MultipleChoiceFilter(label=_("Sub-event type"),
                                                         choices=SubEventType.choices)
    country = django_filters.MultipleChoiceFilter(label=_("Country"), choices=localized_country_choices)
    actor = django_filters.CharFilter(label=_("Actor"), method="filter_actor", max_length=200)
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    geo_precision = django_filters.TypedMultipleChoiceFilter(
        label=_("Geo precision"), coerce=int, choices=GeoPrecision.choices)

    class Meta:
        model = Event
        fields = []
        form = FilterForm

    def filter_actor(self, queryset, name, value):
        """Events one of whose actors is named so, in any language (no join fan-out:
        a subquery per relation, so counts and clusters stay exact)."""
        relations = _actor_relations(value)
        if relations is None:
            return queryset
        matches = Q()
        for column, ids in relations:
            if searchtext.available(queryset):
                # PostgreSQL: each list of ids computed once, and a bitmap OR of the
                # four indexes finds the events (searchtext.AmongIds says why).
                matches |= Q(searchtext.AmongIds(ids, column))
            else:
                # An uncorrelated IN, not a correlated EXISTS: the few matching
                # events are hashed once, not probed in the join table per event.
                matches |= Q(**{f"{column}__in": ids})
        return queryset.filter(matches)

    def filter_text(self, queryset, name, value):
        from events.models import Article

        words = fold(value).split()
        if words and searchtext.available(queryset):
            # PostgreSQL: the folded text is stored on the row (events.public.searchtext
            # says why). Every word must be in the text or in a source's title:
            # AND(text_w OR source_w) = AND(text_w) OR (some source matches AND
            # AND(text_w OR source_w)). The first part is LIKEs on the row's one column
            # (the trigram index, where there is one, finds a rare word's events
            # without reading the others); the second only looks at events with a
            # matching source, and is one list of ids computed once (AmongIds), so the
            # whole test stays a condition of the row: the list beside the map walks
            # its newest-first index and stops after a page.
            texts = Event.objects.alias(_search=searchtext.SearchFolded())
            articles = Article.objects.alias(_title=Folded("title"))
            titles = {word: articles.filter(_title__contains=word).values("events") for word in words}
            any_title = Q()
            for word in words:
                any_title |= Q(_title__contains=word)
            sourced = texts.filter(pk__in=articles.filter(any_title).values("events"))
            for word in words:
                sourced = sourced.filter(Q(_search__contains=word) | Q(pk__in=titles[word]))
            in_text = Q(*[Q(_search__contains=word) for word in words])
            return queryset.alias(_search=searchtext.SearchFolded()).filter(
                in_text | Q(searchtext.AmongIds(sourced.order_by().values("pk"))))
        if words:
            queryset = queryset.alias(_headline=Folded("headline"), _notes=Folded("notes"),
                                      _location=Folded("location"), _admin1=Folded("admin1"))
        for word in words:
            sources = Article.objects.alias(_title=Folded("title")).filter(
                _title__contains=word, events=OuterRef("pk"))
            queryset = queryset.filter(Q(_headline__contains=word) | Q(_notes__contains=word) | Q(_location__contains=word)
                     | Q(_admin1__contains=word) | Q(Exists(sources)))
        return queryset


def _actor_relations(value):
    """[(column, ids)] of the four relations to the actors named `value` (actor 1,
    actor 2, then the events of either list of associated actors), or None for a
    blank name."""
    needle = fold(value.strip())
    if not needle:
        return None
    named = Q()
    for field in ACTOR_NAMES:
        named |= Q(**{f"_{field}__contains": needle})
    actors = Actor.objects.alias(**{f"_{f}": Folded(f) for f in ACTOR_NAMES}).filter(named).values("pk")
    relations = [("actor1_id", actors), ("actor2_id", actors)]
    for relation in ("assoc_actor_1", "assoc_actor_2"):
        through = Event._meta.get_field(relation).remote_field.through
        relations.append(("pk", through.objects.filter(actor__in=actors).values("event_id")))
    return relations


def actor_parts(events, value):
    """`events`, already filtered by the actor `value`, as three parts that never
    overlap (PostgreSQL): actor 1 named; actor 2 named and not actor 1; only an
    associated actor named. Each part adds one relation's condition to the filter's
    OR of all four, so the first two are read from the covering indexes of actor 1
    and actor 2 (migration 0019) without visiting the events' pages, where the OR
    alone is a bitmap scan that does (events.public.selections sums them); the
    third reads the few events with associated actors. None for a blank name."""
    relations = _actor_relations(value)
    if relations is None:
        return None
    (first, ones), (second, twos), *associated = relations
    among, not_among = searchtext.AmongIds, searchtext.NotAmongIds
    any_associated = Q()
    for column, ids in associated:
        any_associated |= Q(among(ids, column))
    return [
        events.filter(among(ones, first)),
        events.filter(among(twos, second), not_among(ones, first)),
        events.filter(any_associated, not_among(ones, first), not_among(twos, second)),
    ]


def filtered_events(params, queryset):
    """(form, queryset) for request parameters; the form is bound and validated and the
    queryset narrowed by the valid filters."""
    filterset = EventFilter(params, queryset=queryset)
    form = filterset.form
    form.is_valid()
    return form, filterset.qs


def valid_query(params, form, drop=("page",)):
    """The query string of the filters that validated (others' errors are on the form)."""
    params = params.copy()
    for name in list(params):
        if name in form.errors or name in drop:
            del params[name]
    return params.urlencode()


def invalid_parameters(errors):
    return JsonResponse({"error": gettext("Invalid query parameters."), "fields": errors}, status=400,
                        json_dumps_params={"ensure_ascii": False})


def with_filtered_events(view):
    """Call view(request, events) with the published events the map's filters select,
    or answer 400 when a filter is invalid. Honours the map's access setting."""

    @map_access
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        form, events = filtered_events(request.GET, Event.objects.published())
        if form.errors:
            return invalid_parameters(form.errors)
        return view(request, events, *args, **kwargs)

    return wrapper
