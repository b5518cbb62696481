"""Bumps the public data version whenever something a public view shows may change.

Model signals cover every ORM write of one object (admin, review actions, merges,
the demo loader). Bulk writers that bypass signals (the ACLED importer's
bulk_create and executemany) call ``MapDataVersion.bump()`` themselves.
"""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from events.models import Actor, Article, Event, MapDataVersion, Outlet, Tag
from events.public import caching  # noqa: F401  (its copy of the version follows every bump)


@receiver(post_save, sender=Event)
@receiver(post_delete, sender=Event)
@receiver(post_save, sender=Actor)
@receiver(post_delete, sender=Actor)
@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
@receiver(post_save, sender=Outlet)
@receiver(post_delete, sender=Outlet)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def _public_data_changed(sender, **kwargs):
    MapDataVersion.bump()


for _relation in ("sources", "tags", "assoc_actor_1", "assoc_actor_2"):
    m2m_changed.connect(_public_data_changed, sender=getattr(Event, _relation).through,
                        dispatch_uid=f"public-version-{_relation}")
