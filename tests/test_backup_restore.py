"""manage.py backup / restore: the demo data plus 10,000 events with their history,
sources, tags, aliases and users come back row for row (SQLite and PostgreSQL)."""
import datetime
import random

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from events.demo import load_demo
from events.models import Article, Event, Outlet, PlaceAlias, Tag
from events.newsroom.history import record_saved
from events.models.articles import fingerprint_text
from events.ops.backup import BackupError, make_backup, read_meta, restore_backup
from events.roles import EDITORS
from events.taxonomy import ReviewStatus
from tests.helpers import member

N_EVENTS = 10_000
NOT_BACKED_UP = {"contenttypes", "sessions"}


def every_row():
    """Every column of every row of every table (many-to-many tables included) as
    {table: [row, ...]} ordered by key; content types and permissions, which
    `migrate` makes and may number differently, by natural key."""
    natural = {ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.all()},
               Permission: {p.pk: p.natural_key() for p in Permission.objects.all()}}
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in NOT_BACKED_UP or model._meta.label_lower == "auth.permission":
            continue
        fields = model._meta.local_concrete_fields
        order = ["pk"]
        if model._meta.label_lower == "events.maprollup":  # rebuilt by triggers: same rows, new ids
            fields = [f for f in fields if not f.primary_key]
            order = [f.attname for f in fields]
        mapped = [natural.get(f.remote_field.model) if f.is_relation else None for f in fields]
        rows[model._meta.db_table] = [
            tuple(m[v] if m is not None and v is not None else v for m, v in zip(mapped, row))
            for row in model._base_manager.order_by(*order).values_list(*[f.attname for f in fields])]
    return rows


def fill():
    load_demo()
    member("chief", EDITORS)  # the roles' groups and their permissions, even after a flush
    rng = random.Random(13)
    users = [get_user_model().objects.create_user(f"user{i}", password=f"pw-{i}-long-enough",
                                                  email=f"u{i}@example.org") for i in range(20)]
    outlet = Outlet.objects.create(name="Backup Wire", country="LY", language="ar")
    articles = Article.objects.bulk_create(
        Article(outlet=outlet, title=f"Article {i}", body=f"نص المقال {i} في درنة", language="ar",
                url=f"https://news.example/{i}", fingerprint=fingerprint_text(f"نص المقال {i} في درنة"))
        for i in range(200))
    tags = [Tag.objects.create(name=f"tag-{i}") for i in range(10)]
    start = datetime.date(2015, 1, 1)
    events = Event.objects.bulk_create(
        Event(headline=f"Event {i} «{rng.random():.6f}»", event_date=start + datetime.timedelta(days=i % 3000),
              event_type="Battles", sub_event_type="Armed clash", location="Derna", country="LY",
              latitude=32 + rng.random(), longitude=22 + rng.random(), fatalities=rng.choice([None, 0, 3]),
              notes="ملاحظات\nnotes", status=rng.choice(list(ReviewStatus.values)),
              created_by=rng.choice(users))
        for i in range(N_EVENTS))
    Event.sources.through.objects.bulk_create(
        Event.sources.through(event_id=e.pk, article_id=rng.choice(articles).pk) for e in events)
    Event.tags.through.objects.bulk_create(
        Event.tags.through(event_id=e.pk, tag_id=rng.choice(tags).pk) for e in events[::3])
    for user in users[:3]:  # a historical record per event (with its sources and tags), under a user
        record_saved(events[users.index(user)::3], by=user, created=True)
    PlaceAlias.objects.bulk_create(
        PlaceAlias(name=f"ساحة {i}", resolved_name=f"Square {i}, Derna", latitude=32.76, longitude=22.63,
                   country="LY") for i in range(50))


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_every_row(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "exports").mkdir(parents=True)
    (tmp_path / "media" / "exports" / "events.csv").write_text("event_id_cnty\nLBY1\n")
    fill()
    before = every_row()
    assert len(before["events_event"]) > N_EVENTS and len(before["events_historicalevent"]) >= N_EVENTS
    assert len(before["events_event_sources"]) >= N_EVENTS and before["auth_group_permissions"]

    call_command("backup", str(tmp_path / "backup.tar"), stdout=open(tmp_path / "out.txt", "w"))
    meta = read_meta(tmp_path / "backup.tar")
    assert meta["rows"]["events.event"] == len(before["events_event"])

    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media" / "exports" / "events.csv").unlink()
    assert Event.objects.count() == 0
    call_command("restore", str(tmp_path / "backup.tar"), "--replace", stdout=open(tmp_path / "out.txt", "w"))

    after = every_row()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert (tmp_path / "media" / "exports" / "events.csv").read_text() == "event_id_cnty\nLBY1\n"
    # New rows get new ids after the restored ones (sequences reset on PostgreSQL).
    assert Tag.objects.create(name="after restore").pk > max(t.pk for t in Tag.objects.exclude(name="after restore"))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_unless_replace(tmp_path, make_event):
    make_event()
    make_backup(tmp_path / "backup.tar", include_media=False)
    with pytest.raises(CommandError, match="already holds data; pass --replace"):
        call_command("restore", str(tmp_path / "backup.tar"))
    assert Event.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_another_schema_and_changes_nothing(tmp_path, make_event):
    make_event()
    make_backup(tmp_path / "backup.tar", include_media=False)
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.create(app="events", name="9999_from_the_future")
    with pytest.raises(BackupError, match="migrations differ"):
        restore_backup(tmp_path / "backup.tar", replace=True)
    assert Event.objects.count() == 1


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    (tmp_path / "nonsense.tar").write_bytes(b"not a tar file")
    with pytest.raises(BackupError, match="is not a backup"):
        read_meta(tmp_path / "nonsense.tar")


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path):
    (tmp_path / "exists.tar").write_text("keep me")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(tmp_path / "exists.tar"))
    assert (tmp_path / "exists.tar").read_text() == "keep me"
