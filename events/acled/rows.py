"""One row of an ACLED file checked and turned into the values of an Event.

A row that cannot be stored raises RowError with a reason a person can act on;
the importer reports it with the row number and goes on with the others.
"""
import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext

from events.acled import legacy
from events.acled.columns import FORMULA_STARTS, inter_labels, split_list
from events.acled.countries import code_for
from events.models import Actor, Event, Tag
from events.taxonomy import SUB_EVENT_TYPES, EventType, disorder_type_for

# ACLED writes dates as 2014-11-15 or "15 November 2014"; pre-2019 files as 15/11/2014.
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y", "%d-%b-%y")

# The largest values the database columns hold (PositiveIntegerField, PositiveBigIntegerField).
MAX_INT = 2**31 - 1
MAX_BIGINT = 2**63 - 1
# A cell longer than this is a broken file, not an ACLED value (notes run to a few
# thousand characters); its row is rejected.
CELL_LIMIT = 100_000

_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_EVENT_TYPES = {value.lower(): value for value in EventType.values}
_SUB_TYPES = {t: {sub.lower(): sub for sub in subs} for t, subs in SUB_EVENT_TYPES.items()}


class RowError(ValueError):
    """Why a row cannot be imported."""


@dataclass
class Record:
    """What one row becomes: the event's own values and the names of its relations."""

    reference: str
    values: dict
    actor1: tuple = None  # (name, inter code)
    actor2: tuple = None
    assoc_actor_1: list = field(default_factory=list)
    assoc_actor_2: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    @property
    def needs_place(self):
        return self.values["latitude"] is None

    def actor_types(self):
        """{name: inter code} of every actor the row names; associated actors take
        their side's code, as ACLED gives them none."""
        types = {}
        for main, assoc in ((self.actor1, self.assoc_actor_1), (self.actor2, self.assoc_actor_2)):
            if main:
                for name in assoc:
                    types.setdefault(name, main[1])
                types[main[0]] = main[1]
        return types


def unquote(text):
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def parse_date(text):
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(gettext("event_date %(value)s is not a date (2014-11-15, 15 November 2014 or 15/11/2014)")
                   % {"value": repr(text)})


def _integer(text, column, low=0, high=MAX_INT):
    """A whole number from low to high; "3.0" is 3, "nan", "inf", "1e400" and 3.5 are refused."""
    if not _WHOLE.fullmatch(text):
        try:
            float(text)
        except ValueError:
            raise RowError(gettext("%(column)s %(value)s is not a number")
                           % {"column": column, "value": repr(text)}) from None
        raise RowError(_whole_number(column, text, low, high))
    number = int(text.split(".")[0])
    if not low <= number <= high:
        raise RowError(_whole_number(column, text, low, high))
    return number


def _whole_number(column, text, low, high):
    return gettext("%(column)s %(value)s must be a whole number from %(low)s to %(high)s") % {
        "column": column, "value": repr(text), "low": low, "high": f"{high:,}"}


def _coordinate(text, column, limit, decimal_comma=False):
    """A float from -limit to limit; with decimal_comma (a file separated by semicolons,
    as Excel writes where the decimal mark is a comma), "32,7" is 32.7 too."""
    if not text:
        return None
    if decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise RowError(gettext("%(column)s %(value)s is not a number")
                       % {"column": column, "value": repr(text)}) from None
    if not -limit <= value <= limit:
        raise RowError(gettext("%(column)s %(value)s is outside -%(limit)s..%(limit)s")
                       % {"column": column, "value": repr(text), "limit": limit})
    return value


@lru_cache(maxsize=1)
def _inter_codes():
    return {label.lower(): value for value, label in inter_labels().items()}


def parse_inter(text, column):
    """ACLED's inter code: a number (1-8) in older files, a label in newer ones."""
    if not text or text == "0":
        return None
    if text.isdigit():
        return _integer(text, column, 1, 8)
    if text.lower() in _inter_codes():
        return _inter_codes()[text.lower()]
    raise RowError(gettext("%(column)s %(value)s is not an ACLED actor type")
                   % {"column": column, "value": repr(text)})


def _types(get, legacy_layout, fatalities, inter1, inter2):
    if legacy_layout:
        pair = legacy.current_types(get("event_type"), notes=get("notes"), fatalities=fatalities,
                                    inter1=inter1, inter2=inter2, has_actor2=bool(get("actor2")))
        if pair is None and get("event_type").lower() in _EVENT_TYPES:
            raise RowError(gettext("a current event type needs a sub_event_type column"))
        if pair is None:
            raise RowError(gettext("event_type %(value)s is not a pre-2019 ACLED event type")
                           % {"value": repr(get("event_type"))})
        return pair
    event_type = _EVENT_TYPES.get(get("event_type").lower())
    if event_type is None:
        raise RowError(gettext("event_type %(value)s is not an ACLED event type")
                       % {"value": repr(get("event_type"))})
    sub = _SUB_TYPES[event_type].get(get("sub_event_type").lower())
    if sub is None:
        raise RowError(gettext("sub_event_type %(value)s is not a sub-event type of %(event_type)s")
                       % {"value": repr(get("sub_event_type")), "event_type": event_type})
    return event_type, sub


def _actor(get, number, inter):
    name = get(f"actor{number}")
    if not name:
        return None
    if inter is None:
        raise RowError(gettext("actor%(number)s %(value)s has no inter%(number)s (its actor type)")
                       % {"number": number, "value": repr(name)})
    return name, inter


def headline_for(values, actor1, actor2):
    """A short headline, as ACLED rows have none: "Armed clash in Derna: A vs. B"."""
    text = f"{values['sub_event_type']} in {values['location']}"
    if actor1:
        text += f": {actor1[0]}" + (f" vs. {actor2[0]}" if actor2 else "")
    limit = Event._meta.get_field("headline").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_lengths(record):
    for name, value in record.values.items():
        limit = getattr(Event._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise RowError(gettext("%(column)s is longer than %(limit)s characters")
                           % {"column": name, "limit": limit})
    actor_limit = Actor._meta.get_field("name").max_length
    for name in record.actor_types():
        if len(name) > actor_limit:
            raise RowError(gettext("actor %(value)s... is longer than %(limit)s characters")
                           % {"value": repr(name[:40]), "limit": actor_limit})
    tag_limit = Tag._meta.get_field("name").max_length
    for name in record.tags:
        if len(name) > tag_limit:
            raise RowError(gettext("tag %(value)s... is longer than %(limit)s characters")
                           % {"value": repr(name[:40]), "limit": tag_limit})


def check_cells(cells, header):
    """Cells no database column can hold reject their row (PostgreSQL refuses NUL)."""
    for position, cell in enumerate(cells):
        name = (header[position].strip().lstrip("\ufeff") if position < len(header)
                else gettext("column %(number)s") % {"number": position + 1})
        if "\x00" in cell:
            raise RowError(gettext("%(column)s contains a NUL character (a binary or corrupted file?)")
                           % {"column": name})
        if len(cell) > CELL_LIMIT:
            raise RowError(gettext("%(column)s is %(length)s characters long; a cell may have %(limit)s at most")
                           % {"column": name, "length": f"{len(cell):,}", "limit": f"{CELL_LIMIT:,}"})


def parse_row(cells, index, legacy_layout, decimal_comma=False):
    """A Record from a row's cells and the header's {column: position}; decimal_comma
    reads coordinates written with a decimal comma (see _coordinate)."""

    def get(column):
        position = index.get(column)
        return unquote(cells[position]) if position is not None and position < len(cells) else ""

    reference = get("event_id_cnty")
    if not reference:
        raise RowError(gettext("event_id_cnty is empty"))
    if len(reference) > Event._meta.get_field("reference").max_length:
        raise RowError(gettext("event_id_cnty is too long"))
    event_date = parse_date(get("event_date"))
    if event_date > timezone.localdate():
        raise RowError(gettext("event_date %(date)s is in the future") % {"date": event_date.isoformat()})
    if not get("location"):
        raise RowError(gettext("location is empty"))
    country = code_for(get("country"), get("iso"))
    if get("country") and not country:
        raise RowError(gettext("country %(value)s is not a country name") % {"value": repr(get("country"))})
    fatalities = _integer(get("fatalities"), "fatalities") if get("fatalities") else None
    inter1, inter2 = parse_inter(get("inter1"), "inter1"), parse_inter(get("inter2"), "inter2")
    event_type, sub_event_type = _types(get, legacy_layout, fatalities, inter1, inter2)
    latitude = _coordinate(get("latitude"), "latitude", 90, decimal_comma)
    longitude = _coordinate(get("longitude"), "longitude", 180, decimal_comma)
    if latitude is None or longitude is None:
        latitude = longitude = None
    if legacy_layout and "civilian_targeting" not in index:
        targeted = legacy.civilian_targeting(event_type, inter2)
    else:
        targeted = bool(get("civilian_targeting"))
    values = {
        "event_date": event_date,
        "time_precision": _integer(get("time_precision") or "1", "time_precision", 1, 3),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "disorder_type": disorder_type_for(event_type, sub_event_type),
        "civilian_targeting": targeted,
        "country": country,
        "region": get("region"),
        "admin1": get("admin1"),
        "admin2": get("admin2"),
        "admin3": get("admin3"),
        "location": get("location"),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": _integer(get("geo_precision") or "1", "geo_precision", 1, 3),
        "source_text": get("source"),
        "source_scale": get("source_scale"),
        "notes": get("notes"),
        "fatalities": fatalities,
        "acled_timestamp": _integer(get("timestamp"), "timestamp", high=MAX_BIGINT) if get("timestamp") else None,
    }
    record = Record(
        reference=reference, values=values,
        actor1=_actor(get, 1, inter1), actor2=_actor(get, 2, inter2),
        assoc_actor_1=split_list(get("assoc_actor_1")), assoc_actor_2=split_list(get("assoc_actor_2")),
        tags=split_list(get("tags")),
    )
    sides = ((1, record.actor1, record.assoc_actor_1), (2, record.actor2, record.assoc_actor_2))
    for number, main, assoc in sides:
        if assoc and not main:
            raise RowError(gettext("assoc_actor_%(number)s is given without actor%(number)s") % {"number": number})
    values["headline"] = headline_for(values, record.actor1, record.actor2)
    _check_lengths(record)
    return record
