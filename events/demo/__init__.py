"""Demo data written by the team: a few articles and about thirty events."""
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from events.models import Actor, Article, Event, Outlet, Tag, fingerprint_text
from events.newsroom.ingest import refresh_mentions
from events.roles import EDITORS, sync_groups

DEMO_FILE = Path(__file__).with_name("demo.json")

DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD = "newsroom-demo"
EDITORS_GROUP = EDITORS


def _actor(name, actors):
    return actors[name] if name else None


@transaction.atomic
def load_demo(path=DEMO_FILE):
    """Load the demo file; running it again updates rows instead of adding them.

    Returns a dict of how many rows of each kind were created.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    created = {"outlets": 0, "actors": 0, "articles": 0, "events": 0}

    outlets = {}
    for row in data["outlets"]:
        outlets[row["name"]], new = Outlet.objects.update_or_create(
            name=row["name"], defaults={k: row.get(k, "") for k in ("website", "country", "language")}
        )
        created["outlets"] += new

    actors = {}
    for row in data["actors"]:
        defaults = {k: row.get(k, "") for k in ("name_ar", "name_fr", "name_en", "country")}
        defaults["actor_type"] = row["actor_type"]
        actors[row["name"]], new = Actor.objects.update_or_create(name=row["name"], defaults=defaults)
        created["actors"] += new

    articles = {}
    for row in data["articles"]:
        defaults = {
            "outlet": outlets.get(row.get("outlet")),
            "title": row["title"],
            "body": row["body"],
            "language": row.get("language", ""),
            "published_on": row.get("published_on"),
        }
        lookup = {"url": row["url"]} if row.get("url") else {"fingerprint": fingerprint_text(row["body"])}
        articles[row["key"]], new = Article.objects.update_or_create(**lookup, defaults=defaults)
        created["articles"] += new
        if new or not articles[row["key"]].mentions.exists():
            # As the admin does on save: an editor opening a demo article finds its places.
            refresh_mentions(articles[row["key"]])

    for row in data["events"]:
        fields = {
            k: row.get(k) for k in (
                "headline", "event_date", "time_precision", "event_type", "sub_event_type",
                "fatalities", "location", "country", "latitude", "longitude", "geo_precision",
                "status",
            )
        }
        fields.update(notes=row.get("notes", ""), admin1=row.get("admin1", ""),
                      actor1=_actor(row.get("actor1"), actors),
                      actor2=_actor(row.get("actor2"), actors))
        event, new = Event.objects.update_or_create(reference=row["reference"], defaults=fields)
        event.assoc_actor_1.set([actors[name] for name in row.get("assoc_actor_1", [])])
        event.assoc_actor_2.set([actors[name] for name in row.get("assoc_actor_2", [])])
        event.sources.set([articles[key] for key in row.get("sources", [])])
        event.tags.set([Tag.objects.get_or_create(name=name)[0] for name in row.get("tags", [])])
        created["events"] += new
    return created


def ensure_demo_editor():
    """A staff account in the Editors group with the documented demo password."""
    sync_groups(Group, Permission)  # the migration made them; a flushed database may not have them
    group = Group.objects.get(name=EDITORS_GROUP)
    user, new = get_user_model().objects.get_or_create(
        username=DEMO_EDITOR_USERNAME, defaults={"is_staff": True}
    )
    if new or not user.check_password(DEMO_EDITOR_PASSWORD):
        user.set_password(DEMO_EDITOR_PASSWORD)
    user.is_staff = True
    user.is_active = True
    user.save()
    user.groups.add(group)
    return user
