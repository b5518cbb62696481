"""The newsroom's data: outlets, articles, actors, tags, events, places and history.

Events follow the ACLED codebook where it fits (see events.taxonomy) so that rows
can be exported to and imported from the tools researchers already use. One
module per kind of thing; everything is importable from ``events.models``.
"""
from events.models.actors import Actor, Tag
from events.models.articles import Article, Outlet, fingerprint_text
from events.models.event import Event, EventQuerySet
from events.models.fields import Language
from events.models.jobs import Job
from events.models.mapdata import MapDataVersion, MapRollup, MapSelection, MapSelectionCell, MapSelectionTile
from events.models import rollup_triggers  # noqa: F401  (connects its post_migrate receiver)
from events.models.places import (
    FeatureKind,
    GeocodeCache,
    NonPlaceName,
    PlaceAlias,
    PlaceMention,
)

__all__ = [
    "Actor", "Article", "Event", "EventQuerySet", "FeatureKind", "GeocodeCache",
    "Job", "Language", "MapDataVersion", "MapRollup", "MapSelection", "MapSelectionCell", "MapSelectionTile", "NonPlaceName", "Outlet", "PlaceAlias", "PlaceMention", "Tag", "fingerprint_text",
]
