"""The located published events newest first, for the list beside the map: a page far
down the list reads the ids before it from this index alone (EventQuerySet.page)
instead of fetching every skipped event from the table. About 40 MB per million
events, a few seconds to build."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0019_event_actor_covering_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('latitude__isnull', False), ('longitude__isnull', False)), fields=['status', '-event_date', '-id'], name='event_public_recent_located'),
        ),
    ]
