"""The text filter's trigram index is optional: a server whose role may not create
pg_trgm still migrates (events.public.searchtext.install)."""
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection

from events.public import searchtext


class _Cursor:
    def execute(self, sql, params=None):
        self.sql = sql

    def fetchone(self):
        return (1,)  # pg_trgm is listed as available


class _Connection:
    vendor = "postgresql"
    alias = connection.alias

    @contextmanager
    def cursor(self):
        yield _Cursor()


class _SchemaEditor:
    def __init__(self, refuse_extension):
        self.connection = _Connection()
        self.refuse_extension = refuse_extension
        self.executed = []

    def execute(self, sql):
        if sql.startswith("CREATE EXTENSION") and self.refuse_extension:
            raise DatabaseError("permission denied to create extension \"pg_trgm\"")
        self.executed.append(sql.split(" (")[0])


@pytest.mark.django_db
def test_a_refused_extension_leaves_the_column_without_its_index(caplog):
    editor = _SchemaEditor(refuse_extension=True)
    searchtext.install(editor)
    assert [sql.split()[0:2] for sql in editor.executed] == [["ALTER", "TABLE"]]
    assert "pg_trgm could not be installed" in caplog.text


@pytest.mark.django_db
def test_with_the_extension_the_index_is_made():
    editor = _SchemaEditor(refuse_extension=False)
    searchtext.install(editor)
    assert any(sql.startswith("CREATE INDEX IF NOT EXISTS events_event_search_trgm") for sql in editor.executed)
