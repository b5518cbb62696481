"""Backup and restore of the whole database (and the uploaded/exported files).

A backup is one tar file:

- ``meta.json``: app version, database engine, time, row counts per table and the
  migrations applied when it was made;
- ``data.jsonl.gz``: every row of every table (many-to-many tables included), one
  JSON line a row, table after table in dependency order. Content types and
  permissions are left out (`migrate` makes them) and references to them are
  written by natural key, so a backup restores where their ids differ (a fresh
  server, another engine). Sessions are left out: users log in again;
- ``media/``: the files under MEDIA_ROOT (uploads, exports), unless --no-media.

Why not dumpdata/loaddata, which this first used: loaddata saves row by row and
sends the model signals, so restoring the demo plus 10,000 events took 198 s on
SQLite and the history signals recorded the restore itself as thousands of new
changes. Here each table is read with one streaming query and written back with
the ORM's raw multi-row insert (what loaddata does per row, without signals), so
rows, ids, timestamps and history come back exactly. Why not pg_dump: the same
file restores on SQLite and on PostgreSQL, it is checked against the migrations
before anything is written, and no client tools of the server's exact version are
needed. For very large databases pg_dump/pg_restore remain faster; see
docs/operations.md.

Restore refuses a backup whose migrations differ from the database's (restore it
with the release that made it, then upgrade), and replaces the rows of a
database that holds data only with --replace, in one transaction.
"""
import datetime
import decimal
import gzip
import io
import json
import shutil
import tarfile
import tempfile
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.serializers import sort_dependencies
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import project
from events.models import rollup_triggers

FORMAT = 1
EXCLUDED_APPS = {"contenttypes", "sessions"}
# The map's rollup is derived from the events by database triggers: restoring the
# events rebuilds it, and restoring its rows as well would count every event twice.
# The map's selections (events.public.selections) are a cache, refilled on demand.
EXCLUDED_MODELS = {"auth.permission", "events.maprollup", "events.mapselection", "events.mapselectioncell"}
DATA, META, MEDIA = "data.jsonl.gz", "meta.json", "media"
BATCH = 500


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


def tables():
    """The models whose rows are backed up, through tables included, parents first."""
    chosen = []
    for app_config in apps.get_app_configs():
        for model in app_config.get_models(include_auto_created=True):
            meta = model._meta
            if meta.app_label in EXCLUDED_APPS or meta.label_lower in EXCLUDED_MODELS:
                continue
            if meta.proxy or not meta.managed:
                continue
            chosen.append(model)
    ordered = sort_dependencies([(None, [m for m in chosen if not m._meta.auto_created])],
                                allow_cycles=True)
    return ordered + [m for m in chosen if m._meta.auto_created]


def row_counts(using=DEFAULT_DB_ALIAS):
    return {m._meta.label_lower: m._base_manager.using(using).count() for m in tables()}


def applied_migrations(using=DEFAULT_DB_ALIAS):
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _natural_model(field):
    model = field.remote_field.model if field.is_relation else None
    return model if model in (ContentType, Permission) else None


def _encode(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, datetime.timedelta)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        raise BackupError("Binary fields are not supported by this backup format.")
    return value


def _stored_fields(model):
    """The columns a backup writes and reads: generated ones are the database's to compute."""
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _dump(stream, using):
    natural = {
        ContentType: {ct.pk: list(ct.natural_key()) for ct in ContentType.objects.using(using)},
        Permission: {p.pk: list(p.natural_key())
                     for p in Permission.objects.using(using).select_related("content_type")},
    }
    for model in tables():
        fields = _stored_fields(model)
        label = model._meta.label_lower
        rows = model._base_manager.using(using).order_by("pk").values_list(*[f.attname for f in fields])
        for row in rows.iterator(chunk_size=2000):
            values = {}
            for field, value in zip(fields, row):
                target = _natural_model(field)
                values[field.attname] = natural[target][value] if target and value is not None else _encode(value)
            stream.write(json.dumps({"m": label, "f": values}, ensure_ascii=False))
            stream.write("\n")


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def make_backup(output, *, include_media=True, using=DEFAULT_DB_ALIAS):
    """Write the backup to `output` (a path); returns its metadata."""
    output = Path(output)
    connection = connections[using]
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / DATA
        with gzip.open(data, "wt", encoding="utf-8") as stream, transaction.atomic(using=using):
            if connection.vendor == "postgresql":  # one snapshot for every table
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            _dump(stream, using)
            meta = {"format": FORMAT, "version": project.__version__, "created": timezone.now().isoformat(),
                    "engine": connection.vendor, "rows": row_counts(using),
                    "migrations": applied_migrations(using)}
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, META, json.dumps(meta, indent=1).encode())
            archive.add(data, arcname=DATA)
            media = Path(settings.MEDIA_ROOT)
            if include_media and media.is_dir():
                archive.add(media, arcname=MEDIA)
        partial.replace(output)  # a crash never leaves a half-written backup under the real name
    return meta


def read_meta(path):
    try:
        with tarfile.open(path) as archive:
            meta = json.load(archive.extractfile(META))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a backup made by `manage.py backup`: {exc}") from None
    if meta.get("format") != FORMAT:
        raise BackupError(f"{path} has backup format {meta.get('format')}; this version reads {FORMAT}.")
    return meta


class _Loader:
    """Rebuilds rows from the JSON lines and inserts them in batches, raw (no signals)."""

    def __init__(self, using):
        self.using = using
        self.models = {m._meta.label_lower: m for m in tables()}
        self.natural = {ContentType: {}, Permission: {}}
        self.pending, self.model = [], None

    def _resolve(self, target, key):
        cache = self.natural[target]
        if tuple(key) not in cache:
            cache[tuple(key)] = target._default_manager.db_manager(self.using).get_by_natural_key(*key).pk
        return cache[tuple(key)]

    def add(self, label, values):
        model = self.models.get(label)
        if model is None:
            raise BackupError(f"The backup has rows of {label}, which this version does not have.")
        if model is not self.model:
            self.flush()
            self.model = model
        row = {}
        for field in _stored_fields(model):
            value = values.get(field.attname)
            target = _natural_model(field)
            if target is not None and value is not None:
                value = self._resolve(target, value)
            elif value is not None and not field.is_relation:
                value = field.to_python(value)
            row[field.attname] = value
        self.pending.append(model(**row))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        if self.pending:
            fields = _stored_fields(self.model)
            self.model._base_manager.using(self.using)._insert(self.pending, fields=fields, raw=True,
                                                               using=self.using)
            self.pending = []


def _has_rows(using):
    return any(row_counts(using).values())


def restore_backup(path, *, replace=False, include_media=True, using=DEFAULT_DB_ALIAS):
    """Restore the backup at `path` into the (migrated) database; returns its metadata."""
    meta = read_meta(path)
    theirs, ours = {tuple(m) for m in meta["migrations"]}, {tuple(m) for m in applied_migrations(using)}
    if theirs != ours:
        raise BackupError(
            "The backup's migrations differ from this database's "
            f"(only in the backup: {len(theirs - ours)}, only here: {len(ours - theirs)}). "
            f"Restore it with version {meta['version']} after `migrate`, then upgrade; "
            "or run `manage.py migrate` first if this database is simply not migrated yet.")
    if _has_rows(using) and not replace:
        raise BackupError("The database already holds data; pass --replace to replace all of it.")
    connection = connections[using]
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path) as archive:
        archive.extract(DATA, scratch, filter="data")
        with transaction.atomic(using=using):
            _delete_everything(using)
            loader = _Loader(using)
            with gzip.open(Path(scratch) / DATA, "rt", encoding="utf-8") as stream:
                for line in stream:
                    record = json.loads(line)
                    loader.add(record["m"], record["f"])
            loader.flush()
            # The rows went in through the triggers, on top of whatever the rollup
            # held before (its rows are not backed up, and a replace may start from a
            # rollup that no longer matches): rebuilt from the restored events.
            rollup_triggers.refill(connection)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), tables()):
                    cursor.execute(statement)
            restored = row_counts(using)
            if restored != meta["rows"]:
                wrong = {k: (meta["rows"].get(k), v) for k, v in restored.items() if meta["rows"].get(k) != v}
                raise BackupError(f"Row counts after restore differ from the backup's (backup, now): {wrong}")
        if include_media:
            members = [m for m in archive.getmembers() if m.name.startswith(MEDIA + "/")]
            if members:
                archive.extractall(scratch, members=members, filter="data")
                shutil.copytree(Path(scratch) / MEDIA, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return meta


def _delete_everything(using):
    """Empty every backed-up table inside the caller's transaction (foreign keys are
    checked at commit on both engines, so the order does not matter)."""
    connection = connections[using]
    names = [m._meta.db_table for m in tables()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), names, allow_cascade=False):
            cursor.execute(statement)
