"""Folium maps of events.

Event text never passes through folium's Popup or Tooltip: those put strings into
JavaScript template literals, where `${...}` runs. Instead each map carries a
compact JSON array per event (numbers and the headline, JSON-escaped for a script
context) and static/events/map.js builds markers, tooltips and popups with DOM text
nodes, fetching a popup's details from the read API when it is opened.
"""
import json

import folium
from django.conf import settings
from django.templatetags.static import static
from folium.elements import JSCSSMixin
from jinja2 import Template

from events.taxonomy import EventType

EVENT_TYPE_COLOURS = {
    EventType.BATTLES: "#c0392b",
    EventType.EXPLOSIONS: "#e67e22",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "#8e44ad",
    EventType.PROTESTS: "#2471a3",
    EventType.RIOTS: "#6e2c00",
    EventType.STRATEGIC_DEVELOPMENTS: "#1e8449",
}
EVENT_TYPE_INDEX = {event_type: i for i, event_type in enumerate(EventType)}

# The map's default view: North Africa and the Middle East.
DEFAULT_CENTER = (28.0, 20.0)
DEFAULT_ZOOM = 4

# The fields of one event in the compact array the browser receives.
ROW_FIELDS = ["id", "latitude", "longitude", "event_type", "geo_precision", "headline"]


def script_json(value):
    """JSON that is safe inside a <script> element, whatever strings it holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def compact_rows(rows):
    """Turn event value dicts (see ROW_FIELDS) into the arrays map.js expects."""
    return [
        [row["id"], round(row["latitude"], 5), round(row["longitude"], 5),
         EVENT_TYPE_INDEX.get(row["event_type"], 0), row["geo_precision"], row["headline"]]
        for row in rows
    ]


class EventLayer(JSCSSMixin):
    """A clustered layer of events drawn by static/events/map.js."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.EventMap.addEvents(
            {{ this._parent.get_name() }}, {{ this.options_json }}, {{ this.rows_json }});
        {% endmacro %}
        """
    )

    def __init__(self, rows, *, detail_url_template, api_url_template, labels=None,
                 fit_bounds=True):
        super().__init__()
        self._name = "EventLayer"
        self.rows_json = script_json(compact_rows(rows))
        self.options_json = script_json({
            "types": [[str(t.value), str(t.label), EVENT_TYPE_COLOURS[t]] for t in EventType],
            "detailUrl": detail_url_template,
            "apiUrl": api_url_template,
            "labels": labels or {},
            "fitBounds": fit_bounds,
        })
        self.default_js = [
            ("markercluster", static("vendor/leaflet-markercluster/leaflet.markercluster.js")),
            ("eventmap", static("events/map.js")),
        ]
        self.default_css = [
            ("markercluster_css", static("vendor/leaflet-markercluster/MarkerCluster.css")),
            ("markercluster_default_css",
             static("vendor/leaflet-markercluster/MarkerCluster.Default.css")),
        ]


def build_event_map(rows, *, detail_url_template, api_url_template, labels=None,
                    center=DEFAULT_CENTER, zoom=DEFAULT_ZOOM, fit_bounds=True):
    """A folium map with one clustered marker per event row.

    `rows` are dicts with the keys of ROW_FIELDS; the URL templates contain `{id}`.
    Pure apart from reading the tile settings: the same rows give the same map.
    """
    tiles = settings.EVENT_MAP
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True,
                      prefer_canvas=True)
    fmap.default_js = [("leaflet", static("vendor/leaflet/leaflet.js"))]
    fmap.default_css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
    folium.TileLayer(tiles=tiles["TILES_URL"], attr=tiles["TILES_ATTRIBUTION"],
                     name="base", control=False).add_to(fmap)
    EventLayer(rows, detail_url_template=detail_url_template,
               api_url_template=api_url_template, labels=labels,
               fit_bounds=fit_bounds).add_to(fmap)
    return fmap


def map_parts(fmap):
    """The rendered header, body and script of a folium map, for a Django template."""
    figure = fmap.get_root()
    figure.render()
    return {
        "header": figure.header.render(),
        "html": figure.html.render(),
        "script": figure.script.render(),
    }
