"""Cached selections of the map (events.public.selections): the sums of the events a
filter the rollup has no key for selects, kept for one data version. On PostgreSQL
both tables are UNLOGGED: a cache, not data, so no WAL is written for it, and a
crash empties both together (a selection never outlives its cells)."""
import django.utils.timezone
from django.db import migrations, models


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_mapselection SET UNLOGGED")
        schema_editor.execute("ALTER TABLE events_mapselectioncell SET UNLOGGED")


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0013_field_labels'),
    ]

    operations = [
        migrations.CreateModel(
            name='MapSelection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=64, unique=True)),
                ('version', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'map selection',
            },
        ),
        migrations.CreateModel(
            name='MapSelectionCell',
            fields=[
                ('pk', models.CompositePrimaryKey('selection_id', 'level', 'cx', 'cy', 'month', blank=True, editable=False, primary_key=True, serialize=False)),
                ('selection_id', models.BigIntegerField()),
                ('level', models.PositiveSmallIntegerField()),
                ('cx', models.IntegerField()),
                ('cy', models.IntegerField()),
                ('month', models.DateField()),
                ('event_type', models.CharField(max_length=40)),
                ('geo_precision', models.PositiveSmallIntegerField()),
                ('n', models.BigIntegerField()),
                ('sx', models.BigIntegerField()),
                ('sy', models.BigIntegerField()),
                ('sxx', models.BigIntegerField()),
                ('syy', models.BigIntegerField()),
                ('sid', models.BigIntegerField()),
                ('x_min', models.IntegerField(null=True)),
                ('x_max', models.IntegerField(null=True)),
                ('y_min', models.IntegerField(null=True)),
                ('y_max', models.IntegerField(null=True)),
            ],
            options={
                'verbose_name': 'map selection cell',
            },
        ),
        migrations.RunPython(unlogged, migrations.RunPython.noop),
    ]
