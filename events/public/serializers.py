"""Plain-data views of events for the JSON API and the map popups."""
from urllib.parse import urlsplit

from django.urls import reverse

from events.acled.columns import split_list
from events.countries import country_name
from events.taxonomy import EventType, SubEventType, label


def safe_link(url):
    """The URL if a browser may follow it as a link (http or https), else None:
    a source's `javascript:` or `data:` URL is never made into a link."""
    try:
        scheme = urlsplit(url or "").scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def event_to_dict(event, request=None):
    """One published event as JSON-ready data (the popups and the read API use it)."""
    url = event.get_absolute_url()
    return {
        "id": event.pk,
        "reference": event.reference,
        "headline": event.headline,
        "notes": event.notes,
        "event_date": event.event_date.isoformat(),
        "time_precision": event.time_precision,
        "date_display": str(event.date_display()),
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "event_type_display": label(EventType, event.event_type),
        "sub_event_type_display": label(SubEventType, event.sub_event_type),
        "actor1": event.actor1.name if event.actor1 else None,
        "assoc_actor_1": [a.name for a in event.assoc_actor_1.all()],
        "actor2": event.actor2.name if event.actor2 else None,
        "assoc_actor_2": [a.name for a in event.assoc_actor_2.all()],
        "fatalities": event.fatalities,
        "location": event.location,
        "admin1": event.admin1,
        "country": event.country,
        "country_name": country_name(event.country),
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "place_display": event.place_display(),
        "tags": [t.name for t in event.tags.all()],
        "sources": [
            {
                "title": article.title,
                "url": safe_link(article.url),
                "outlet": article.outlet.name if article.outlet else None,
                "published_on": article.published_on.isoformat() if article.published_on else None,
            }
            for article in event.sources.all()
        ] + [
            # Sources named in text only (ACLED's source column): no article, no link.
            {"title": name, "url": None, "outlet": None, "published_on": None, "cited": True}
            for name in split_list(event.source_text)
        ],
        "sources_cited": event.source_text,
        "url": request.build_absolute_uri(url) if request else url,
        "api_url": reverse("events:api-detail", args=[event.pk]),
    }


def event_to_feature(event, request=None):
    """An event as a GeoJSON Feature; an event without a point has a null geometry."""
    geometry = None
    if event.has_point:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.pk, "geometry": geometry,
            "properties": event_to_dict(event, request)}
