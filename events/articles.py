"""From a pasted article to its places, and from a place to a draft event.

An article comes in as text or as an uploaded .txt/.html file (HTML reduced to its
text). Saving it runs the geoparser and stores what it found as PlaceMention rows;
editors then confirm, correct or reject each mention, and a correction becomes a
PlaceAlias so the geoparser resolves that text the same way in every later article.
"""
from html.parser import HTMLParser

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from events import history
from events.geoparsing import detect_language, geoparse
from events.models import Event, FeatureKind, PlaceAlias, PlaceMention
from events.taxonomy import EventType, GeoPrecision, ReviewStatus, SubEventType, TimePrecision

HTML_SUFFIXES = (".html", ".htm")

# Elements whose content is never article text.
_SKIPPED = {"script", "style", "noscript", "template", "head", "svg"}
# Elements that end a line of text.
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article",
           "section", "blockquote", "header", "footer", "title", "ul", "ol", "table"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html):
    """The readable text of an HTML page: scripts and styles dropped, one line per block."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def read_upload(upload):
    """The text of an uploaded .txt or .html file (UTF-8, a BOM tolerated)."""
    text = upload.read().decode("utf-8-sig", errors="replace")
    if upload.name.lower().endswith(HTML_SUFFIXES) or "html" in (upload.content_type or ""):
        return html_to_text(text)
    return text


def guess_language(text):
    return detect_language(text) or ""


def _mention_fields(found):
    return {
        "text": found.text[:300], "name": found.name[:300], "latitude": found.lat,
        "longitude": found.lon, "country": found.country_code or "",
        "feature": found.feature if found.feature in FeatureKind.values else FeatureKind.POI,
        "geonames_id": found.geonames_id, "confidence": found.confidence,
        "alternatives": found.alternatives,
    }


@transaction.atomic
def refresh_mentions(article):
    """Run the geoparser on the article and store its places.

    The geoparser's earlier suggestions are replaced; an editor's decision (confirmed,
    corrected, rejected) is kept as long as the same text is still at the same place.
    """
    kept = []
    for mention in article.mentions.all():
        decided = mention.status != PlaceMention.Status.SUGGESTED
        if decided and article.body[mention.start:mention.end] == mention.text:
            kept.append(mention)
        else:
            mention.delete()
    outlet_country = article.outlet.country if article.outlet_id else None
    found = geoparse(article.body, language=article.language or None,
                     outlet_country=outlet_country or None)
    new = [
        PlaceMention(article=article, start=f.start, end=f.end, **_mention_fields(f))
        for f in found
        if not any(f.start < k.end and k.start < f.end for k in kept)
    ]
    PlaceMention.objects.bulk_create(new)
    return len(new)


def _as_alternative(mention):
    return {"name": mention.name, "lat": mention.latitude, "lon": mention.longitude,
            "country_code": mention.country or None, "feature": mention.feature,
            "geonames_id": mention.geonames_id, "score": None}


@transaction.atomic
def choose_alternative(mention, index):
    """Resolve the mention to one of its alternatives and remember that as a PlaceAlias."""
    chosen = mention.alternatives[index]
    others = [alt for i, alt in enumerate(mention.alternatives) if i != index]
    mention.alternatives = [_as_alternative(mention)] + others
    mention.name, mention.latitude, mention.longitude = chosen["name"], chosen["lat"], chosen["lon"]
    mention.country = chosen.get("country_code") or ""
    mention.feature = chosen.get("feature") or FeatureKind.POI
    mention.geonames_id = chosen.get("geonames_id")
    mention.status = PlaceMention.Status.CORRECTED
    mention.save()
    PlaceAlias.objects.update_or_create(name=mention.text, defaults={
        "resolved_name": mention.name, "latitude": mention.latitude,
        "longitude": mention.longitude, "country": mention.country, "feature": mention.feature,
        "geonames_id": mention.geonames_id,
        "note": f"Corrected in the article “{mention.article.title}”.",
    })


def set_mention_status(mention, status):
    mention.status = status
    mention.save(update_fields=["status"])


# How precisely a kind of place locates an event (ACLED's geo_precision).
GEO_PRECISION_OF = {
    FeatureKind.CITY: GeoPrecision.EXACT,
    FeatureKind.LOCALITY: GeoPrecision.EXACT,
    FeatureKind.POI: GeoPrecision.EXACT,
    FeatureKind.ADMIN: GeoPrecision.REGION,
    FeatureKind.REGION: GeoPrecision.REGION,
    FeatureKind.COUNTRY: GeoPrecision.REGION,
}


@transaction.atomic
def draft_event_from_mention(mention, user):
    """A draft event at the mention's place, dated and sourced from its article.

    Event type and sub-type are required, so the draft starts as "Strategic
    developments / Other", the codebook's catch-all; the editor sets the real ones.
    """
    article = mention.article
    dated = article.published_on is not None
    event = Event(
        headline=article.title[:250],
        event_date=article.published_on if dated else timezone.localdate(),
        time_precision=TimePrecision.DAY if dated else TimePrecision.WEEK,
        event_type=EventType.STRATEGIC_DEVELOPMENTS, sub_event_type=SubEventType.OTHER,
        location=mention.name[:200], country=mention.country, admin1="",
        latitude=mention.latitude, longitude=mention.longitude,
        geo_precision=GEO_PRECISION_OF.get(mention.feature, GeoPrecision.REGION),
        status=ReviewStatus.DRAFT, created_by=user, updated_by=user,
    )
    with history.paused():
        event.save()
        event.sources.add(article)
    history.record(event, None, user)
    if mention.status == PlaceMention.Status.SUGGESTED:
        set_mention_status(mention, PlaceMention.Status.CONFIRMED)
    return event


def highlighted_body(article, mentions):
    """The article's text, escaped, with each place mention wrapped in a <mark>."""
    parts, position = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < position:
            continue  # overlapping spans: the first one wins
        parts.append(article.body[position:mention.start])
        parts.append(format_html(
            '<mark class="place-mention mention-{}" id="mention-{}" title="{}">{}</mark>',
            mention.status, mention.pk, mention.name, article.body[mention.start:mention.end],
        ))
        position = mention.end
    parts.append(article.body[position:])
    return format_html_join("", "{}", ((part,) for part in parts))
