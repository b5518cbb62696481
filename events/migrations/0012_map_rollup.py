"""The map's rollup table and the triggers that keep it (events.models.rollup_triggers
says why triggers and how), filled from the events already there."""
from django.db import migrations, models

from events.models import rollup_triggers


def create(apps, schema_editor):
    rollup_triggers.install(schema_editor.connection)
    rollup_triggers.refill(schema_editor.connection)


def drop(apps, schema_editor):
    rollup_triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0011_merge_20261201_2023'),
    ]

    operations = [
        migrations.CreateModel(
            name='MapRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField()),
                ('cx', models.IntegerField()),
                ('cy', models.IntegerField()),
                ('month', models.DateField()),
                ('event_type', models.CharField(max_length=40)),
                ('country', models.CharField(max_length=2)),
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
                'verbose_name': 'map rollup row',
                'constraints': [models.UniqueConstraint(fields=('level', 'cx', 'cy', 'month', 'event_type', 'country', 'geo_precision'), name='map_rollup_key')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
