"""A cached selection's fine levels are summed a tile at a time (events.public.selections):
MapSelectionTile records the tiles summed, and replaces MapSelection.finest_level
(migration 0017), which recorded whether the fine levels of the whole world were.
Selections are a cache: the ones summed before are emptied here rather than read
with the wrong layout (their keys carry the layout too). UNLOGGED on PostgreSQL, as
the other two tables (migration 0014)."""
from django.db import migrations, models


def empty_and_unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_mapselectiontile SET UNLOGGED")
    schema_editor.execute("DELETE FROM events_mapselectioncell")
    schema_editor.execute("DELETE FROM events_mapselection")


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0023_event_region'),
    ]

    operations = [
        migrations.CreateModel(
            name='MapSelectionTile',
            fields=[
                ('pk', models.CompositePrimaryKey('selection_id', 'tx', 'ty', blank=True, editable=False,
                                                  primary_key=True, serialize=False)),
                ('selection_id', models.BigIntegerField()),
                ('tx', models.IntegerField()),
                ('ty', models.IntegerField()),
            ],
            options={
                'verbose_name': 'map selection tile',
            },
        ),
        migrations.RemoveField(
            model_name='mapselection',
            name='finest_level',
        ),
        migrations.RunPython(empty_and_unlogged, migrations.RunPython.noop, elidable=True),
    ]
