"""A cached selection (events.public.selections) records the finest level summed so far:
its coarse levels are summed at its first request, the fine ones when a block needs them.
Rows written before (or by an older release) hold every level: the default says so."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0016_event_recent_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='mapselection',
            name='finest_level',
            field=models.PositiveSmallIntegerField(db_default=5),
        ),
    ]
