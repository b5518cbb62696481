"""The events' folded text, stored once on PostgreSQL, for the text filter ``q``.

The text filter (events.public.filters) matches folded words (events.public.search)
as substrings of the headline, notes, place and admin1. Folding in the query means
``translate(lower(column), FROM, TO)`` for four columns of every row, and
PostgreSQL's translate looks each character up in the ~200-character FROM string:
at 1,000,000 events a search took over 30 s, where a LIKE over the same text
already folded takes under one. So on PostgreSQL migration 0015 adds a stored
generated column, ``search_folded``: the four columns folded and joined by
newlines (a word, split on whitespace, never spans two of them). The database
computes it on every write, as it does cell_x / cell_y; the filter then compares
against it. If pg_trgm can be installed, a trigram GIN index on it finds the rows
of a rare word without reading the others; without it the column alone still
saves the folding (detected at migrate time, never required).

Why a column the Django model does not declare: SQLite keeps folding in the query
(the embedded default holds thousands of events, and a generated column there
would need the Python translate function in every client that writes the table).
A change to search.FROM / TO needs a migration that recreates the column.
"""
import logging

from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, Expression, F, Func, Subquery, TextField

from events.public.search import FROM, TO

logger = logging.getLogger(__name__)

COLUMN = "search_folded"
INDEX = "events_event_search_trgm"
SOURCES = ("headline", "notes", "location", "admin1")


def _quoted(text):
    return "'" + text.replace("'", "''") + "'"


def column_sql():
    joined = " || E'\\n' || ".join(f"coalesce({name}, '')" for name in SOURCES)
    return (f"ALTER TABLE events_event ADD COLUMN IF NOT EXISTS {COLUMN} text "
            f"GENERATED ALWAYS AS (translate(lower({joined}), {_quoted(FROM)}, {_quoted(TO)})) STORED")


def install(schema_editor):
    """Add the column and, where pg_trgm is available, its trigram index (PostgreSQL)."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(column_sql())
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    try:
        # A savepoint: where the role may not create the extension (a managed
        # server's restricted role), the migration goes on without the index.
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm could not be installed: the text filter runs without its trigram index")
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event USING gin ({COLUMN} gin_trgm_ops)")


def uninstall(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"ALTER TABLE events_event DROP COLUMN IF EXISTS {COLUMN}")


def available(queryset):
    return connections[queryset.db].vendor == "postgresql"


class SearchFolded(Expression):
    """The event row's search_folded column (the query's own alias of the events)."""

    output_field = TextField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{COLUMN}", []


class AmongIds(Func):
    """``column = ANY(ARRAY(subquery))`` (PostgreSQL): the subquery runs once, before
    the rows are read (an InitPlan), and the test stays a condition of each row. An
    ``IN (subquery)`` is planned as a join or a hashed subplan instead: a join reads
    every matching event before it can give the first, so the list beside the map
    (newest first, 50 a page) could not walk its index and stop after a page, and
    neither can use an index to find the rows. As conditions, several of these ORed
    together, or one ORed with the text's LIKEs, are a bitmap OR of their indexes
    (the trigram index, the primary key, a foreign key's)."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()

    def __init__(self, ids, column="pk"):
        super().__init__(F(column), Subquery(ids))


class NotAmongIds(AmongIds):
    """``NOT coalesce(column = ANY(ARRAY(subquery)), false)``: true also where the
    column is NULL (an event without a second actor is not among any ids)."""

    template = "NOT coalesce(%(expressions)s), false)"
