"""The columns of an ACLED file, and how a header row is read.

Headers are matched case-insensitively, so the pre-2019 files (EVENT_ID_CNTY,
ALLY_ACTOR_1, ...) read like current ones once ALLY_ACTOR_n is renamed. A file
without a sub_event_type column is in the pre-2019 layout: its event types are
mapped by events.acled.legacy.

What both directions share lives here too: the inter labels and the cells a
spreadsheet would run as formulas.
"""
from functools import lru_cache

from django.utils.translation import gettext, override

from events.taxonomy import ActorType

# Exports put an apostrophe before text a spreadsheet would run as a formula
# (events.public.export_formats); reading it back removes it (events.acled.rows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What the exports write in ACLED's civilian_targeting column for a marked event.
CIVILIAN_TARGETING = "Civilian targeting"
# An event without an ACLED reference is exported as MAP<id>.
REFERENCE_PREFIX = "MAP"


@lru_cache(maxsize=1)
def inter_labels():
    """{inter code: ACLED's English label}, e.g. {1: "State forces", ...}."""
    with override("en"):
        return {value: str(label) for value, label in ActorType.choices}

# The current codebook's columns, in ACLED's order (exports write them so).
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

# Older names of current columns.
ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}

# Without these a file cannot be imported at all (and every row would be rejected).
REQUIRED = ("event_id_cnty", "event_date", "event_type", "country", "location")

# ACLED separates several actors, or several tags, in one cell with "; ".
SEPARATOR = "; "


class AcledFormatError(ValueError):
    """The file as a whole cannot be read as ACLED data."""


def read_header(cells):
    """{column: index} for a header row; raises AcledFormatError if columns are missing."""
    index = {}
    for position, cell in enumerate(cells):
        name = cell.strip().lstrip("\ufeff").lower()
        index.setdefault(ALIASES.get(name, name), position)
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise AcledFormatError(
            gettext("This is not an ACLED file: the header lacks %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return index


def is_legacy(index):
    """Whether a header is in the pre-2019 layout (no sub-event types yet)."""
    return "sub_event_type" not in index


def split_list(cell):
    """The items of a "; "-separated cell, without blanks or repeats."""
    items = (item.strip() for item in cell.split(SEPARATOR.strip()))
    return list(dict.fromkeys(item for item in items if item))
