"""PostgreSQL only: the events of actor 1 and of actor 2, with what the map sums of
them, from an index alone. The map sums an actor filter's events once per filter and
data version (events.public.selections), in parts that never overlap
(events.public.filters.actor_parts): actor 1 named, actor 2 named and not actor 1.
With these indexes each part is an index-only scan; without them the filter's OR of
four relations is a bitmap scan that fetches every matching event from its own
table page (at a million events, 40,000 pages for an actor in one event of ten).
Each index also holds the other actor, the id and the country, so the filter's
whole condition is tested from the index. Raw SQL as in 0018 (SQLite ignores
Index(include=...) with a warning); the foreign keys' own indexes stay, for the
admin and the deletion checks."""
from django.db import migrations

INCLUDED = "cell_x, cell_y, event_date, event_type, geo_precision, country, id"
INDEXES = {
    "event_public_actor1_covering": f"(actor1_id, status) INCLUDE ({INCLUDED}, actor2_id)",
    "event_public_actor2_covering": f"(actor2_id, status) INCLUDE ({INCLUDED}, actor1_id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events_event {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("events", "0018_event_sub_event_type_covering_index")]
    operations = [migrations.RunPython(create, drop)]
