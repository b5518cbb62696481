"""The journalists' map, built with folium and fed with compact data.

Two pure functions:
- `build_event_map` turns a summary of the filtered events (how many, where, per
  month) and the URLs of the aggregated data into a folium Map;
- `encode_rows` turns the events' rows into the compact, columnar all-points
  payload of /map/data.json (for scripts; the map itself reads grid blocks).

Event text never passes through folium's Popup or Tooltip: those put strings into
JavaScript template literals, where `${...}` runs. The data holds numbers only;
map.js builds tooltips from them and fetches a popup's text from the read API when
it opens, inserting every string as a DOM text node. The folium script is served as
a file of its own (no inline script), so the pages work under a strict
Content-Security-Policy.
"""
import datetime
import json

import folium
from branca.element import MacroElement
from jinja2 import Template

from events.taxonomy import EventType, GeoPrecision

EVENT_TYPE_COLOURS = {
    EventType.BATTLES: "#c0392b",
    EventType.EXPLOSIONS: "#e67e22",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "#8e44ad",
    EventType.PROTESTS: "#2471a3",
    EventType.RIOTS: "#6e2c00",
    EventType.STRATEGIC_DEVELOPMENTS: "#1e8449",
}
EVENT_TYPES = list(EventType)
EVENT_TYPE_INDEX = {event_type.value: i for i, event_type in enumerate(EVENT_TYPES)}

# The default view: North Africa and the Middle East.
DEFAULT_CENTER = (28.0, 20.0)
DEFAULT_ZOOM = 4

# The columns of the rows encode_rows reads, in order.
ROW_FIELDS = ("id", "latitude", "longitude", "event_type", "geo_precision", "event_date")
COORDINATE_SCALE = 10_000  # four decimals: about 11 m, finer than any geo precision


def script_json(value):
    """JSON that is inert inside a script, whatever strings it holds."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def encode_rows(rows):
    """Compact columnar JSON-ready data for map.js from (id, lat, lon, type, precision, date)
    tuples sorted by id: ids as differences, coordinates as scaled integers, dates
    as days since the first one, types and precisions as digit strings."""
    rows = list(rows)
    first_day = min((row[5] for row in rows), default=datetime.date.today())
    ids, lats, lons, days, types, precisions = [], [], [], [], [], []
    previous = 0
    for pk, lat, lon, event_type, precision, day in rows:
        ids.append(pk - previous)
        previous = pk
        lats.append(round(lat * COORDINATE_SCALE))
        lons.append(round(lon * COORDINATE_SCALE))
        days.append((day - first_day).days)
        types.append(str(EVENT_TYPE_INDEX.get(event_type, 0)))
        precisions.append(str(precision))
    return {
        "count": len(rows), "scale": COORDINATE_SCALE, "firstDay": first_day.isoformat(),
        "ids": ids, "lat": lats, "lon": lons, "days": days,
        "types": "".join(types), "precisions": "".join(precisions),
    }


def legend():
    """Event types with their colours and the precision levels, for the map legend."""
    return {
        "types": [[str(t.label), EVENT_TYPE_COLOURS[t]] for t in EVENT_TYPES],
        "precisions": [[p.value, str(p.label)] for p in GeoPrecision],
    }


class EventLayer(MacroElement):
    """The events, clustered, with a heatmap, a legend and a time slider (map.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.EventMap.addEvents({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(self, options):
        super().__init__()
        self._name = "EventLayer"
        self.options_json = script_json(options)


def build_event_map(*, urls, labels, tiles_url, tiles_attribution, summary, focus=None,
                    center=DEFAULT_CENTER, zoom=DEFAULT_ZOOM, max_zoom=18):
    """A folium map whose events come from the aggregated block URLs in `urls`
    ({"blocks", "cell", "api", "detail"}, templates with {z}/{x}/{y} or {id}).

    `summary` ({"count", "bounds", "periods"}) fits the first view and drives the
    time slider; `focus` ({"id", "lat", "lon"}) opens one event at once.
    """
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True,
                      prefer_canvas=True, world_copy_jump=True, max_zoom=max_zoom)
    fmap.default_js, fmap.default_css = [], []  # the page links the app's own copies
    folium.TileLayer(tiles=tiles_url, attr=tiles_attribution, name=labels.get("base", "Base map"),
                     control=False, max_zoom=max_zoom).add_to(fmap)
    EventLayer({
        "urls": urls, "legend": legend(), "labels": labels,
        "count": summary["count"], "bounds": summary["bounds"], "periods": summary["periods"],
        "focus": focus, "maxZoom": max_zoom,
    }).add_to(fmap)
    return fmap


def map_parts(fmap):
    """The map's container element and its script (without <script> tags)."""
    figure = fmap.get_root()
    figure.render()
    script = figure.script.render()
    script = script.strip()
    if script.startswith("<script>"):
        script = script[len("<script>"):]
    if script.endswith("</script>"):
        script = script[: -len("</script>")]
    return {"html": figure.html.render(), "script": script}
