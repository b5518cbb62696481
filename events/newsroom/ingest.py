"""From a pasted article to its places, and from a place to a draft event.

An article comes in as text or as an uploaded .txt/.html file (HTML reduced to its
text). Saving it runs the geoparser and stores what it found as PlaceMention rows;
editors then confirm, correct or reject each mention.

A correction ("Use this place") belongs to its article: it is stored on the mention,
and re-parsing the article keeps it (at the same span, or for the same words where
the text moved). It never changes another article. Making it the newsroom's alias for
every article is a separate act, PlaceAlias.from_mention, for editors only.

All geoparsing of articles goes through geoparse_article(), which passes the
article's own decisions to the parser as overrides where the parser takes them
(events.geoparsing, the app's adapter of the Django-free geoparser) and applies them
here in any case.
"""
from html.parser import HTMLParser

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from events.acled.columns import AcledFormatError
from events.acled.reading import MixedEncodingError, detect_encoding

from events.geocoding.results import geo_precision
from events.geoparsing import detect_language, geoparse
from events.models import Event, FeatureKind, PlaceMention
from events.models.history import one_record
from events.taxonomy import EventType, ReviewStatus, SubEventType, TimePrecision

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


class UnreadableUpload(ValueError):
    """An uploaded file whose bytes are not text this app can read; str() says why."""


def _not_text():
    return gettext("This is not text: it contains binary data. Paste the article's text, "
                   "or upload a .txt or .html file.")


def _not_western(text):
    """Whether text decoded as Windows-1252 looks like another 8-bit encoding instead.

    French, Spanish or English in Windows-1252 has a few accented letters among plain
    ones; Arabic in Windows-1256 (or Russian in 1251), read as 1252, is mostly accented
    Latin letters and symbols: "ÓÞØÊ ãÏíäÉ".
    """
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 0x7F)
    return foreign > max(3, len(letters) // 4)


def read_upload(upload):
    """The text of an uploaded .txt or .html file; UnreadableUpload when it has none.

    The encoding is found as for an ACLED file (events.acled.reading.detect_encoding):
    a byte-order mark says UTF-8 or UTF-16; without one, UTF-8 when every byte
    decodes, else Windows-1252, kept only when it reads as Western text. No character
    is ever replaced: a file that fits none of these is refused with the reason.
    """
    try:
        encoding = detect_encoding(upload)
    except MixedEncodingError as exc:
        raise UnreadableUpload(str(exc)) from exc
    except AcledFormatError as exc:
        raise UnreadableUpload(_not_text()) from exc
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode(encoding)  # strict: a byte Windows-1252 leaves undefined fails here
    except UnicodeDecodeError:
        text = None
    if text is None or (encoding == "cp1252" and _not_western(text)):
        raise UnreadableUpload(gettext(
            "This file is not in UTF-8, and not in Windows-1252 either: its characters "
            "would come out garbled. Save it as UTF-8 and upload it again."))
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


def geoparse_article(article, overrides=None):
    """The geoparser's mentions for the article's text, its language and outlet's country.

    `overrides` are the article's own decisions, {(start, end) or surface text: place
    dict, or None for "not a place"}; they apply to this call only."""
    outlet_country = (article.outlet.country if article.outlet_id else None) or None
    language = article.language or None
    return geoparse(article.body, language=language, outlet_country=outlet_country,
                    overrides=overrides or None)


def _decisions(article):
    """(kept, by_text): decided mentions still at their span, and the decisions of those
    whose text moved, by surface text (the latest decision wins)."""
    kept, by_text = [], {}
    for mention in article.mentions.all():
        if not mention.decided:
            mention.delete()
            continue
        if article.body[mention.start:mention.end] == mention.text:
            kept.append(mention)
        else:
            by_text[mention.text] = mention
            mention.delete()
    return kept, by_text


def _apply_decision(fields, decision):
    if decision.status != PlaceMention.Status.REJECTED:
        fields.update(name=decision.name, latitude=decision.latitude, longitude=decision.longitude,
                      country=decision.country, feature=decision.feature,
                      geonames_id=decision.geonames_id, confidence=1.0)
    fields["status"] = decision.status
    return fields


@transaction.atomic
def refresh_mentions(article):
    """Run the geoparser on the article and store its places; returns how many are new.

    The geoparser's earlier suggestions are replaced; an editor's decision (confirmed,
    corrected, rejected) is kept where the same text is still at the same place, and
    applied again to the same words where the text moved.
    """
    kept, by_text = _decisions(article)
    overrides = {(k.start, k.end): k.as_place() for k in kept}
    overrides.update({text: m.as_place() for text, m in by_text.items()})
    new = []
    for found in geoparse_article(article, overrides):
        if any(found.start < k.end and k.start < found.end for k in kept):
            continue
        fields = _mention_fields(found)
        if found.text in by_text:
            fields = _apply_decision(fields, by_text[found.text])
        new.append(PlaceMention(article=article, start=found.start, end=found.end, **fields))
    PlaceMention.objects.bulk_create(new)
    return len(new)


def _as_alternative(mention):
    return {"name": mention.name, "lat": mention.latitude, "lon": mention.longitude,
            "country_code": mention.country or None, "feature": mention.feature,
            "geonames_id": mention.geonames_id, "score": None}


def choose_alternative(mention, index):
    """Resolve the mention to one of its alternatives, in this article only."""
    chosen = mention.alternatives[index]
    others = [alt for i, alt in enumerate(mention.alternatives) if i != index]
    mention.alternatives = [_as_alternative(mention)] + others
    mention.name, mention.latitude, mention.longitude = chosen["name"], chosen["lat"], chosen["lon"]
    mention.country = chosen.get("country_code") or ""
    mention.feature = chosen.get("feature") or FeatureKind.POI
    mention.geonames_id = chosen.get("geonames_id")
    mention.status = PlaceMention.Status.CORRECTED
    mention.confidence = 1.0
    mention.save()


def set_mention_status(mention, status):
    mention.status = status
    mention.save(update_fields=["status"])


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
        geo_precision=geo_precision(mention.feature),
        status=ReviewStatus.DRAFT, created_by=user, updated_by=user,
    )
    event.check_write(user)
    with one_record(event, "+", by=user):
        event.save()
        event.sources.add(article)
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
