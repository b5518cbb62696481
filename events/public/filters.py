"""The map's filters, shared by the map, the list, exports, feeds and the API.

All of them read the same query parameters, so a link copied from the map
reproduces the same selection anywhere:

    date_from, date_to      YYYY-MM-DD
    event_type, sub_event_type, country, geo_precision   repeatable
    actor                   part of an actor's name, in any language
    q                       words in the headline, notes or place
"""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.countries import localized_country_choices
from events.taxonomy import EventType, GeoPrecision, SubEventType


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    event_type = forms.MultipleChoiceField(label=_("Event type"), required=False,
                                           choices=EventType.choices)
    sub_event_type = forms.MultipleChoiceField(label=_("Sub-event type"), required=False,
                                               choices=SubEventType.choices)
    country = forms.MultipleChoiceField(label=_("Country"), required=False, choices=localized_country_choices)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=200)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    geo_precision = forms.TypedMultipleChoiceField(label=_("Geo precision"), required=False,
                                                   coerce=int, choices=GeoPrecision.choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filter(self, queryset):
        """The queryset narrowed by every valid filter; invalid ones are ignored
        (the form keeps their errors for the page to show)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("date_from"):
            queryset = queryset.filter(event_date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(event_date__lte=data["date_to"])
        for field in ("event_type", "sub_event_type", "country", "geo_precision"):
            if data.get(field):
                queryset = queryset.filter(**{f"{field}__in": data[field]})
        if data.get("actor"):
            queryset = queryset.filter(_actor_q(data["actor"])).distinct()
        if data.get("q"):
            for word in data["q"].split():
                queryset = queryset.filter(
                    Q(headline__icontains=word) | Q(notes__icontains=word)
                    | Q(location__icontains=word) | Q(admin1__icontains=word)
                )
        return queryset

    def active(self):
        """Whether any filter narrows the selection."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


def _actor_q(text):
    q = Q()
    for relation in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        for field in ("name", "name_ar", "name_fr", "name_en"):
            q |= Q(**{f"{relation}__{field}__icontains": text})
    return q


def filtered_events(params, queryset):
    """(form, queryset) for request parameters; the form is bound and validated."""
    form = EventFilterForm(params)
    form.is_valid()
    return form, form.filter(queryset)
