"""PostgreSQL only: the events of one sub-event type, with what the map sums of them,
from an index alone. The map sums a sub-event type's events once per filter and data
version (events.public.selections); without this index that read fetches each event
from its own table page (1 event in 25 is one page in 1), with it it reads the index's
entries in order. Created here rather than as Index(include=...), which SQLite
ignores with a warning; SQLite keeps the (event_type, sub_event_type) index."""
from django.db import migrations

INDEX = "event_public_sub_type_covering"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event (sub_event_type, status) "
            "INCLUDE (cell_x, cell_y, event_date, event_type, geo_precision, id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0017_map_selection_finest_level")]
    operations = [migrations.RunPython(create, drop)]
