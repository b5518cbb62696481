"""Atom and RSS feeds of newly published events, narrowed by the map's filters.

    /feeds/events.atom?country=LY&event_type=Battles

The newest changes come first (publishing an event is a change, and events have
no separate publication date): each entry is published at the event's creation
and updated at its last change, so feed readers show an edited event once.
Atom titles are text by the format's own rule, escaped once by the XML serializer.
RSS titles are plain text too, but readers differ (many render them as HTML), so
their <, > and & are HTML-escaped before the serializer escapes them again: markup
in a headline shows as text in either kind of reader, and an ordinary headline
(quotes, apostrophes) reads as itself; descriptions are HTML (RSS's entity-encoded description, Atom's type="html" summary),
so their plain text is HTML-escaped first and shows as text. `rel=self` names the
filtered feed itself.
"""
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from events.public.export_formats import as_title
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.public.filters import EventFilter, valid_query, with_filtered_events
from events.taxonomy import EventType, SubEventType, label

FEED_SIZE = 50


class EventFeed(Feed):
    title = gettext_lazy("Event map: newly published events")
    description = gettext_lazy("Events published on the newsroom's event map.")

    def __init__(self, events, form):
        super().__init__()
        self.events, self.form = events, form

    def get_object(self, request, *args, **kwargs):
        self.request_path = request.path
        return valid_query(request.GET, self.form)

    def link(self, query):
        return reverse("events:map") + (f"?{query}" if query else "")

    def items(self):
        return self.events.select_related("actor1", "actor2").order_by("-updated_at", "-id")[:FEED_SIZE]

    def item_title(self, event):
        # Only <, > and & are escaped here (html.escape with quote=False): a reader that
        # renders the title as HTML shows markup in a headline as text, and one that
        # reads it as text shows an ordinary headline as it is (escaping quotes too
        # showed "&#x27;" for every apostrophe). A headline with <, > or & reads
        # "&lt;" in a text-only reader: the price of not trusting every reader.
        return as_title(event.headline)

    def feed_url(self, query):
        # rel=self names this very feed, filters included.
        return self.request_path + (f"?{query}" if query else "")

    def item_description(self, event):
        lines = [event.date_display(), event.place_display(),
                 f"{label(EventType, event.event_type)} / {label(SubEventType, event.sub_event_type)}"]
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

    def item_title(self, event):
        # An Atom title without a type is text by the format's own rule (RFC 4287,
        # 3.1.1), and readers keep to it: escaped once, by the XML serializer.
        return event.headline


@with_filtered_events
def rss_feed(request, events):
    return EventFeed(events, EventFilter(request.GET).form)(request)


@with_filtered_events
def atom_feed(request, events):
    return AtomEventFeed(events, EventFilter(request.GET).form)(request)
