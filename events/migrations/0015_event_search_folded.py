"""On PostgreSQL, the events' folded search text as a stored generated column, with a
trigram index where pg_trgm is available (events.public.searchtext says why)."""
from django.db import migrations

from events.public import searchtext


def install(apps, schema_editor):
    searchtext.install(schema_editor)


def uninstall(apps, schema_editor):
    searchtext.uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0014_map_selections'),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
