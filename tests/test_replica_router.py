"""DATABASE_REPLICA_URL: public GET pages read from the replica; the admin and writes never do.

The primary and the "replica" are two SQLite files holding different data, so the
answer shows which one each request read.
"""
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from events.public.views import event_map
from project.routers import REPLICA, ReplicaRouter, is_public_read

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import json
from django.test import Client
from django.contrib.auth import get_user_model
from events.models import Event
from events.taxonomy import ReviewStatus
import datetime
def event(db, headline):
    Event.objects.using(db).create(headline=headline, event_date=datetime.date(2024, 1, 1),
        event_type="Battles", sub_event_type="Armed clash", country="LY", latitude=32.7,
        longitude=22.6, status=ReviewStatus.PUBLISHED)
event("default", "on the primary")
event("replica", "on the replica")
root = get_user_model().objects.create_superuser("root", password="pw-root-123")
client = Client()
public = [e["headline"] for e in client.get("/api/events/").json()["results"]]
client.force_login(root)
admin = client.get("/admin/events/event/").content.decode()
print(json.dumps({"public": public, "admin_primary": "on the primary" in admin,
                  "admin_replica": "on the replica" in admin,
                  "writes": Event.objects.db_manager("default").count()}))
"""


def test_public_reads_go_to_the_replica_and_the_admin_to_the_primary(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ENV_FILE")}
    env.update(DEBUG="1", ENV_FILE="", DATABASE_URL=f"sqlite:///{tmp_path / 'primary.db'}",
               DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.db'}")
    for name in ("primary.db", "replica.db"):
        # Each file migrated as a primary; a real replica gets its schema by replication.
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env={
            **env, "DATABASE_URL": f"sqlite:///{tmp_path / name}", "DATABASE_REPLICA_URL": ""},
            capture_output=True, text=True, timeout=300)
        assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", SCRIPT], cwd=ROOT,
                            env={**env, "ALLOWED_HOSTS": "testserver"}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"public": ["on the replica"], "admin_primary": True, "admin_replica": False,
                      "writes": 1}


def test_the_router_writes_and_migrates_only_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate(REPLICA, "events") is False and router.allow_migrate("default", "events")
    assert router.db_for_read(None) is None  # outside a public request: the primary


def test_only_get_and_head_to_public_views_are_public_reads():
    factory = RequestFactory()
    assert is_public_read(factory.get("/"), event_map)
    assert is_public_read(factory.head("/"), event_map)
    assert not is_public_read(factory.post("/"), event_map)
    from django.contrib.admin import site

    assert not is_public_read(factory.get("/admin/"), site.index)
