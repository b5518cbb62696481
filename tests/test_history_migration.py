"""Migration 0006 turns the hand-written ChangeRecord rows into simple-history records,
keeping who, when and what (tested on a database rolled back to before it)."""
import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("events", "0005_simple_history")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def at(hour):
    return datetime.datetime(2024, 3, 1, hour, tzinfo=datetime.timezone.utc)


def test_change_records_become_historical_records_with_who_when_and_what(old_apps):
    apps = old_apps
    User = apps.get_model("auth", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Event, Article, Tag = (apps.get_model("events", n) for n in ("Event", "Article", "Tag"))
    ChangeRecord = apps.get_model("events", "ChangeRecord")
    editor = User.objects.create(username="ed")
    tag = Tag.objects.create(name="Derna")
    event = Event.objects.create(
        headline="Clashes near Derna", event_date=datetime.date(2014, 11, 15), event_type="Battles",
        sub_event_type="Armed clash", location="Derna", country="LY", fatalities=4, status="published",
        created_at=timezone.now(), updated_at=timezone.now())
    event.tags.add(tag)
    event_type = ContentType.objects.get_or_create(app_label="events", model="event")[0]
    article_type = ContentType.objects.get_or_create(app_label="events", model="article")[0]

    def record(ct, object_id, action, changes, hour, user=None):
        ChangeRecord.objects.create(content_type=ct, object_id=object_id, object_repr="x",
                                    action=action, changes=changes, user=user, at=at(hour))

    record(event_type, event.pk, "created", {"headline": [None, "Clashes in Derna"],
                                             "location": [None, "Derna"], "status": [None, "draft"]}, 1)
    record(event_type, event.pk, "changed", {"headline": ["Clashes in Derna", "Clashes near Derna"],
                                             "fatalities": [None, 4], "status": ["draft", "published"]},
           2, editor)
    record(event_type, event.pk, "changed", {"tags": [[], ["Derna"]]}, 3, editor)
    # An article that was deleted since: only its records are left.
    record(article_type, 999, "created", {"title": [None, "Gone"], "body": [None, "Text"]}, 4, editor)
    record(article_type, 999, "deleted", {"title": ["Gone", None], "body": ["Text", None]}, 5, editor)

    apps = migrate([("events", "0006_change_records_to_history")])
    HistoricalEvent = apps.get_model("events", "HistoricalEvent")
    rows = list(HistoricalEvent.objects.filter(id=event.pk).order_by("history_date"))
    assert [(r.history_type, r.history_date, r.history_user_id) for r in rows] == [
        ("+", at(1), None), ("~", at(2), editor.pk), ("~", at(3), editor.pk)]
    assert [(r.headline, r.fatalities, r.status) for r in rows] == [
        ("Clashes in Derna", None, "draft"), ("Clashes near Derna", 4, "published"),
        ("Clashes near Derna", 4, "published")]
    HistoricalTags = apps.get_model("events", "HistoricalEvent_tags")
    assert [list(HistoricalTags.objects.filter(history=r).values_list("tag_id", flat=True))
            for r in rows] == [[], [], [tag.pk]]
    assert json.loads(rows[1].history_change_reason.split(":", 1)[1])["fatalities"] == [None, 4]
    HistoricalArticle = apps.get_model("events", "HistoricalArticle")
    gone = list(HistoricalArticle.objects.filter(id=999).order_by("history_date"))
    assert [(r.history_type, r.title, r.body, r.history_user_id) for r in gone] == [
        ("+", "Gone", "Text", editor.pk), ("-", "Gone", "Text", editor.pk)]
