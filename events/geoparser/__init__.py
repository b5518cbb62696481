"""Geoparsing: find and locate the places named in Arabic, French and English news.

    from events.geoparser import geoparse
    geoparse("سقطت مدينة درنة الليبية", language="ar")

returns Mention objects (span, surface text, resolved name, coordinates, country,
feature kind, GeoNames id, confidence, alternatives). The gazetteer is loaded once
per process; editors' aliases and non-place names from the database are layered on
top and refreshed when they change.
"""
import threading

from events.geoparser.gazetteer import load as load_gazetteer
from events.geoparser.language import detect_language
from events.geoparser.parser import Geoparser, Mention

__all__ = ["Mention", "Geoparser", "geoparse", "get_parser", "detect_language", "reset"]

_lock = threading.Lock()
_state = {"gazetteer": None, "parser": None, "version": None}


def _overlay_version():
    from events.models import NonPlaceName, PlaceAlias

    return (PlaceAlias.objects.overlay_version(), NonPlaceName.objects.overlay_version())


def get_parser(use_database=True):
    """The process-wide parser, rebuilt when editors change aliases or non-place names."""
    with _lock:
        if _state["gazetteer"] is None:
            _state["gazetteer"] = load_gazetteer()
        version = _overlay_version() if use_database else None
        if _state["parser"] is None or version != _state["version"]:
            aliases, organisations = [], []
            if use_database:
                from events.models import NonPlaceName, PlaceAlias

                aliases = PlaceAlias.objects.phrases()
                organisations = list(NonPlaceName.objects.values_list("name", flat=True))
            _state["parser"] = Geoparser(_state["gazetteer"], aliases, organisations)
            _state["version"] = version
        return _state["parser"]


def reset():
    """Forget the loaded parser (tests, or after rebuilding the gazetteer)."""
    with _lock:
        _state.update(gazetteer=None, parser=None, version=None)


def geoparse(text, language=None, outlet_country=None, use_database=True):
    language = language or detect_language(text)
    return get_parser(use_database).parse(text, language=language, outlet_country=outlet_country)
