"""PostgreSQL only: a covering index so the map's grid aggregation is an index-only scan.

Django's Index(include=...) would warn on SQLite (which ignores it), so the index is
created here for PostgreSQL alone; SQLite keeps the plain (status, cell_x, cell_y).
"""
from django.db import migrations

INDEX = "event_public_cells_covering"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event (status, cell_x, cell_y) "
            "INCLUDE (event_type, geo_precision, event_date, id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0005_public_map_cells_indexes_data_version")]
    operations = [migrations.RunPython(create, drop)]
