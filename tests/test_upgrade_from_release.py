"""Upgrading from the last release (v0.1.0, tag on 9eb0259) keeps every row.

The database is migrated back to the schema v0.1.0 shipped (events up to
0004_editor_groups; django-otp did not exist yet), filled through the historical
models of that schema, then migrated to today's, and every column of every row
that existed before is compared with what is there after. A later migration that
moves data elsewhere on purpose must list the table in MOVED with where it went
(and a test of its own); anything else that disappears fails this test.
"""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The schema of release 0.1.0: the last migration of each app it had.
RELEASE_0_1_0 = {
    "admin": "0003_logentry_add_action_flag_choices",
    "auth": "0012_alter_user_first_name_max_length",
    "contenttypes": "0002_remove_content_type_name",
    "events": "0004_editor_groups",
    "sessions": "0001_initial",
}
# Tables whose data a later migration moves on purpose: {"app.model": "where to, tested by"}.
# Columns an upgrade rewrites on purpose: the groups' permissions follow
# events.roles.ROLE_PERMISSIONS, which migrations sync as models come and go.
RESYNCED = {"auth.group": {"permissions"}}
MOVED = {
    # Migration 0006 turns each change record into a historical record of its event or
    # article (django-simple-history); tests/test_history_migration.py checks the values.
    "events.changerecord": ("events.historicalevent", "events.historicalarticle"),
}


def release_targets(executor):
    targets = [(app, name) for app, name in RELEASE_0_1_0.items()]
    # Apps added after the release are unapplied entirely.
    for app in {app for app, _ in executor.loader.graph.leaf_nodes()} - set(RELEASE_0_1_0):
        targets.append((app, None))
    return targets


def fill(apps):
    User, Group = apps.get_model("auth", "User"), apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    get = lambda name: apps.get_model("events", name)  # noqa: E731
    editor = User.objects.create(username="ed", password="md5$x$y", is_staff=True, email="ed@example.org")
    # A 0.1.0 database has the three groups its migration 0004 made; transactional tests
    # before this one may have flushed them.
    groups = {name: Group.objects.get_or_create(name=name)[0]
              for name in ("Contributors", "Editors", "Journalists")}
    editor.groups.add(groups["Editors"])
    outlet = get("Outlet").objects.create(name="Libya Wire", country="LY", language="ar",
                                          website="https://wire.example")
    article = get("Article").objects.create(outlet=outlet, url="https://wire.example/1", title="Derna",
                                            body="سقطت مدينة درنة", language="ar", fingerprint="f" * 64,
                                            published_on=datetime.date(2014, 11, 16), created_by=editor)
    isis = get("Actor").objects.create(name="Islamic State (Libya)", name_ar="تنظيم الدولة", actor_type=3,
                                       country="LY")
    army = get("Actor").objects.create(name="Military Forces of Libya", actor_type=1, country="LY")
    tag = get("Tag").objects.create(name="derna-siege")
    Event = get("Event")
    for i in range(30):
        event = Event.objects.create(
            reference=f"LBY{i}", headline=f"Clashes {i} «»", notes="ملاحظة", event_date=datetime.date(2014, 11, 15),
            time_precision=1, event_type="Battles", sub_event_type="Armed clash", disorder_type="Political violence",
            fatalities=i, location="Derna", country="LY", admin1="Darnah", latitude=32.76 + i / 1000,
            longitude=22.63, geo_precision=1, status=("published", "draft", "review", "retracted")[i % 4],
            actor1=isis, actor2=army, created_by=editor, updated_by=editor, source_scale="National",
            source_text="Libya Wire", civilian_targeting=bool(i % 2), admin2="", admin3="", acled_timestamp=1700000000)
        event.sources.add(article)
        event.tags.add(tag)
        event.assoc_actor_1.add(army)
        get("ChangeRecord").objects.create(
            content_type=ContentType.objects.get(app_label="events", model="event"), object_id=event.pk,
            object_repr=event.headline, action="created", changes={"status": [None, event.status]}, user=editor)
    get("PlaceAlias").objects.create(name="ساحة الصحابة", resolved_name="Sahaba Square, Derna", latitude=32.767,
                                     longitude=22.639, country="LY", feature="poi", note="mosque square")
    get("NonPlaceName").objects.create(name="Misrata Brigade", kind="group")
    get("PlaceMention").objects.create(article=article, start=10, end=14, text="درنة", name="Darnah",
                                       latitude=32.767, longitude=22.637, country="LY", feature="city",
                                       confidence=0.9, alternatives=[], status="confirmed")
    get("GeocodeCache").objects.create(key="k1", query="Derna", result={"lat": 32.7})


def snapshot(apps, labels=None):
    """{app.model: {pk: {field: value}}} with many-to-many fields as sorted id lists."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label not in ("events", "auth") or (labels is not None and label not in labels):
            continue
        m2m = [f.name for f in model._meta.many_to_many]
        table = {}
        for obj in model._base_manager.order_by("pk"):
            values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
            values.update({name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m})
            table[obj.pk] = values
        rows[label] = table
    return rows


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_from_release_0_1_0_keeps_every_row():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(release_targets(executor))
        executor.loader.build_graph()
        old_apps = executor.loader.project_state(list(RELEASE_0_1_0.items())).apps
        fill(old_apps)
        before = snapshot(old_apps)
        assert len(before["events.event"]) == 30 and before["events.placealias"]

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        new_apps = executor.loader.project_state(latest).apps
        after = snapshot(new_apps, labels=set(before))
        moved_rows = {label: sum(new_apps.get_model(*target.split(".")).objects.count() for target in targets)
                      for label, targets in MOVED.items()}
    finally:
        MigrationExecutor(connection).migrate(latest)  # leave the test database as the others expect it

    for label, table in before.items():
        if label in MOVED:
            assert moved_rows[label] >= len(table), f"{label}: rows lost on the way to {MOVED[label]}"
            continue
        assert label in after, f"{label} is gone after the upgrade"
        assert after[label].keys() == table.keys(), f"{label}: rows lost or added"
        for pk, values in table.items():
            values = {name: value for name, value in values.items()
                      if name not in RESYNCED.get(label, ())}
            kept = {name: after[label][pk].get(name, "<column dropped>") for name in values}
            assert kept == values, f"{label} #{pk}"
