"""The app's side of the geoparser: database overlays, settings, one parser per process.

The geoparser (events.geoparser) is a library that knows nothing of Django;
this module is the only place that feeds it from the app:

- the gazetteer cache lives in settings.GAZETTEER_CACHE_DIR;
- editors' place aliases (PlaceAlias) are passed in as *global hints*: each is
  one more candidate for its name, with a bonus (weights.alias_hint) that the
  article's context can still outweigh — "Tripoli" aliased to Lebanon stays in
  Libya in a text that says «la capitale libyenne ... en Libye»; a name the
  gazetteer does not know at all («ساحة الصحابة») simply resolves to the alias;
- editors' non-place names (NonPlaceName) mask whatever they contain;
- the parser is rebuilt when either table changes (their overlay_version).

Article-scoped corrections (what "Use this place" should store) are passed per
call and touch that article only:

    geoparse(article.body, language="fr", outlet_country="MA",
             overrides={(120, 127): {"name": "Tripoli", "lat": 34.43, "lon": 35.84,
                                     "country_code": "LB", "feature": "city",
                                     "geonames_id": 266826},
                        "ساحة الشهداء": {...},      # every occurrence of this surface form
                        (300, 306): None})           # this span is not a place

A key is a (start, end) span in code points, or a surface form (matched like a
name: normalised, Arabic clitics allowed); a value is a place dict with the
fields above, or None. An overridden mention has confidence 1.0. A global alias
is meant to be a permissioned act (add_placealias); the adapter only reads them.
"""
import logging
import threading

from django.conf import settings
from django.db import DatabaseError

from events.geoparser import Geoparser, load_gazetteer
from events.geoparser.cache import cache_path
from events.geoparser.language import detect_language

logger = logging.getLogger(__name__)

__all__ = ["geoparse", "get_parser", "detect_language", "reset", "gazetteer_cache_path", "load"]

_lock = threading.Lock()
_state = {"gazetteer": None, "parser": None, "version": None}


def gazetteer_cache_path():
    return cache_path(settings.GAZETTEER_CACHE_DIR)


def load():
    """The gazetteer from the app's cache directory (built there on first use)."""
    return load_gazetteer(gazetteer_cache_path())


def _overlays():
    """(version, aliases, non-place names) from the database, or empty before migrate."""
    from events.models import NonPlaceName, PlaceAlias

    try:
        version = (PlaceAlias.objects.overlay_version(), NonPlaceName.objects.overlay_version())
        if version == _state["version"] and _state["parser"] is not None:
            return version, None, None
        return version, PlaceAlias.objects.phrases(), list(NonPlaceName.objects.values_list("name", flat=True))
    except DatabaseError as exc:  # no tables yet (before `migrate`), or no database
        logger.warning("Geoparser runs without editors' aliases and non-place names: %s", exc)
        return "unavailable", [], []


def get_parser(use_database=True):
    """The process-wide parser, rebuilt when editors change aliases or non-place names."""
    with _lock:
        if _state["gazetteer"] is None:
            _state["gazetteer"] = load()
        if not use_database:
            version, aliases, non_places = None, [], []
        else:
            version, aliases, non_places = _overlays()
        if _state["parser"] is None or version != _state["version"]:
            _state["parser"] = Geoparser(_state["gazetteer"], aliases or [], non_places or [])
            _state["version"] = version
        return _state["parser"]


def reset():
    """Forget the loaded parser (tests, or after rebuilding the gazetteer)."""
    with _lock:
        _state.update(gazetteer=None, parser=None, version=None)


def geoparse(text, language=None, outlet_country=None, use_database=True, overrides=None):
    language = language or detect_language(text)
    return get_parser(use_database).parse(text, language=language, outlet_country=outlet_country,
                                          overrides=overrides)
