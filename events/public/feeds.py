"""Atom and RSS feeds of newly published events, narrowed by the map's filters.

    /feeds/events.atom?country=LY&event_type=Battles

The newest changes come first (publishing an event is a change, and events have
no separate publication date): each entry is published at the event's creation
and updated at its last change, so feed readers show an edited event once.
Titles are plain text; descriptions are HTML in both formats, so the plain text
is HTML-escaped and readers show it as text.
"""
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.public.api import with_filtered_events

FEED_SIZE = 50


class EventFeed(Feed):
    title = gettext_lazy("Event map: newly published events")
    description = gettext_lazy("Events published on the newsroom's event map.")

    def __init__(self, events):
        super().__init__()
        self.events = events

    def get_object(self, request, *args, **kwargs):
        return request.GET.urlencode()

    def link(self, query):
        return reverse("events:map") + (f"?{query}" if query else "")

    def items(self):
        return self.events.select_related("actor1", "actor2").order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, event):
        return event.headline

    def item_description(self, event):
        lines = [event.date_display(), event.place_display(),
                 f"{event.get_event_type_display()} / {event.get_sub_event_type_display()}"]
        actors = [actor.name for actor in (event.actor1, event.actor2) if actor]
        if actors:
            lines.append(_("Actors: %(actors)s") % {"actors": ", ".join(actors)})
        if event.fatalities is not None:
            lines.append(_("Fatalities: %(count)s") % {"count": event.fatalities})
        lines.append(event.notes)
        return escape("\n".join(str(line) for line in lines if line))

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event.event_type, event.sub_event_type]


class AtomEventFeed(EventFeed):
    feed_type = Atom1Feed
    subtitle = EventFeed.description


@with_filtered_events
def rss_feed(request, events):
    return EventFeed(events)(request)


@with_filtered_events
def atom_feed(request, events):
    return AtomEventFeed(events)(request)
