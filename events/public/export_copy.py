"""The ACLED CSV on PostgreSQL: written by the database itself, with COPY ... TO STDOUT.

Why: at a million rows the Python writer (export_formats.python_csv_pieces)
spends most of its time on work the database does in C: building one tuple per
row, formatting dates and numbers, quoting cells. Here the rows come in chunks
of CHUNK_ROWS; for each, Django compiles the filtered queryset (the same
filters, order and slice) into the query that picks the chunk's events, and
one statement,

    COPY (WITH chunk AS (<those events>), <their actors, tags, outlets
          aggregated with string_agg> SELECT <the 31 cells> ...) TO STDOUT

writes them as CSV. The associated names are aggregated per chunk in one pass
over each relation (a subquery per event costs about four times as much), and
Python only joins the rows of a chunk into one piece.

The file must be byte for byte the one the Python writer makes
(tests/test_export_copy.py proves it on hostile data), which asks for:

- every cell the Python writer leaves empty is NULL here: PostgreSQL writes a
  NULL as nothing but an empty string as "" (hence NULLIF(..., ''));
- formula cells get their apostrophe as safe_cell() gives it (FORMULA_STARTS,
  and not a plain ASCII number);
- floats as Python's repr() writes them: the shortest text that reads back the
  same (PostgreSQL's output with extra_float_digits = 1, its default since 12),
  with ".0" after a whole number;
- rows ending in CRLF, as the csv module ends them. PostgreSQL ends a row with
  LF; each CopyData message is exactly one row (the protocol says so), so the
  last byte of each is replaced.

Chunks follow the export's order by keyset (each row is led by its date and id,
which are dropped): memory holds one chunk, never the file, and between chunks
the connection is free, so an export job can save its progress as it writes.
(psycopg2's copy_expert() reads a whole COPY before it returns; chunks are what
make it stream.) JIT compilation is turned off for the export: its cost
estimate triggers it, and compiling took longer than running a chunk.
"""
import datetime
import json

from django.db import DatabaseError, connections
from django.db.models import Q

from events.acled.columns import CIVILIAN_TARGETING, FORMULA_STARTS, REFERENCE_PREFIX, SEPARATOR, inter_labels
from events.acled.countries import numeric_for
from events.countries import country_codes, country_name
from events.models import Actor, Article, Event, Outlet, Tag

# Rows per COPY: a piece of about 2 MB, held once in memory.
CHUNK_ROWS = 5000
# The order every export has (Event.Meta.ordering): newest first.
EXPORT_ORDER = ("-event_date", "-id")
# Session settings for the export, put back as they were afterwards.
# (DateStyle ISO: a date is written as date.isoformat() writes it.)
SETTINGS = {"extra_float_digits": "1", "jit": "off", "DateStyle": "ISO, MDY"}
_CHUNK = "/* the chunk's events */"


def _literal(text):
    """A constant of ours as a SQL string literal (standard_conforming_strings is on)."""
    return "'" + text.replace("'", "''") + "'"


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'


def _table(model):
    return _quoted(model._meta.db_table)


def _column(model, field):
    return _quoted(model._meta.get_field(field).column)


# safe_cell() in SQL: the same starts, and the same test for a plain number
# (export_formats._NUMBER).
_STARTS = ", ".join(_literal(start) for start in FORMULA_STARTS)
_NUMBER = r"'^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$'"


# Every start is an ASCII character before "A": one byte comparison (C collation) tells
# most cells (a letter, any non-ASCII script) from those that need the full test.
if not all(start < "A" for start in FORMULA_STARTS):
    raise ImportError("export_copy._safe() expects every FORMULA_STARTS character before 'A'")


def _safe(sql):
    """A text cell as export_formats.safe_cell() writes it; empty as NULL."""
    return (f"CASE WHEN {sql} COLLATE \"C\" < 'A' THEN CASE WHEN left({sql}, 1) IN ({_STARTS}) "
            f"AND {sql} !~ {_NUMBER} THEN '''' || {sql} ELSE NULLIF({sql}, '') END ELSE {sql} END")


def _float(sql):
    """A float as Python's repr() writes it (shortest round trip, "32.0" not "32")."""
    return f"CASE WHEN {sql} = trunc({sql}) THEN {sql}::text || '.0' ELSE {sql}::text END"


def _label(sql):
    """ACLED's inter label of an actor type code (NULL, so an empty cell, for no actor)."""
    branches = " ".join(f"WHEN {int(code)} THEN {_literal(label)}" for code, label in inter_labels().items())
    return f"CASE {sql} {branches} END"


def _names_cte(name, relation, target):
    """A CTE of (event_id, v): the "; "-joined names of a many-to-many relation of the
    chunk's events, by name (as export_formats._names_of orders them)."""
    m2m = Event._meta.get_field(relation)
    through = m2m.remote_field.through
    source = _quoted(through._meta.get_field(m2m.m2m_field_name()).column)
    reverse = _quoted(through._meta.get_field(m2m.m2m_reverse_field_name()).column)
    return (f"{name} AS (SELECT t.{source} AS event_id, string_agg(r.name, {_literal(SEPARATOR)} ORDER BY r.name) AS v "
            f"FROM {_table(through)} t JOIN {_table(target)} r ON r.{_quoted(target._meta.pk.column)} = t.{reverse} "
            f"WHERE t.{source} = ANY(ARRAY(SELECT id FROM chunk)) GROUP BY t.{source})")


def _outlets_cte():
    """A CTE of (event_id, v): the outlets of the source articles of the chunk's events,
    newest article first, each once (export_formats._outlets_of in SQL: DISTINCT ON keeps
    each outlet's first row in that order, string_agg puts them in the order of those rows)."""
    through = Event.sources.through
    event, article = _column(through, "event"), _column(through, "article")
    return (f"outlets AS (SELECT d.event_id, string_agg(d.name, {_literal(SEPARATOR)} "
            "ORDER BY d.newest DESC, d.article DESC) AS v FROM ("
            f"SELECT DISTINCT ON (t.{event}, o.name) t.{event} AS event_id, o.name, a.published_on AS newest, "
            f"a.id AS article FROM {_table(through)} t JOIN {_table(Article)} a ON a.id = t.{article} "
            f"JOIN {_table(Outlet)} o ON o.id = a.{_column(Article, 'outlet')} "
            f"WHERE t.{event} = ANY(ARRAY(SELECT id FROM chunk)) "
            f"ORDER BY t.{event}, o.name, a.published_on DESC, a.id DESC) d GROUP BY d.event_id)")


def _country_maps():
    """JSON texts {code: English name} and {code: numeric ISO}, for every code known
    (an unknown code is written as country_name() writes it: the code itself)."""
    names = {code: country_name(code, "en") for code in country_codes()}
    numerics = {code: str(numeric_for(code)) for code in country_codes() if numeric_for(code) != ""}
    return json.dumps(names, ensure_ascii=False), json.dumps(numerics)


# What the chunk's query reads of each event: (column name in the COPY, field for
# values_list). Its actors come with it (Django's joins), under x1_ and x2_.
CHUNK_FIELDS = (
    ("id", "pk"), ("reference", "reference"), ("event_date", "event_date"), ("time_precision", "time_precision"),
    ("disorder_type", "disorder_type"), ("event_type", "event_type"), ("sub_event_type", "sub_event_type"),
    ("actor1_id", "actor1"), ("x1_name", "actor1__name"), ("x1_type", "actor1__actor_type"),
    ("actor2_id", "actor2"), ("x2_name", "actor2__name"), ("x2_type", "actor2__actor_type"),
    ("civilian_targeting", "civilian_targeting"), ("country", "country"), ("admin1", "admin1"),
    ("admin2", "admin2"), ("admin3", "admin3"), ("location", "location"), ("latitude", "latitude"),
    ("longitude", "longitude"), ("geo_precision", "geo_precision"), ("source_text", "source_text"),
    ("source_scale", "source_scale"), ("notes", "notes"), ("fatalities", "fatalities"),
    ("acled_timestamp", "acled_timestamp"), ("updated_at", "updated_at"), ("region", "region"),
)


def _cells():
    """The 31 ACLED columns as SQL over e (a row of the chunk, CHUNK_FIELDS) and the
    CTEs assoc1, assoc2, tags, outlets; %(names)s and %(numerics)s are the country maps."""
    inter1, inter2 = _label("e.x1_type"), _label("e.x2_type")
    return [
        f"CASE WHEN e.reference <> '' THEN {_safe('e.reference')} ELSE {_literal(REFERENCE_PREFIX)} || e.id END",
        "e.event_date::text",
        "date_part('year', e.event_date)::integer",
        "e.time_precision",
        "NULLIF(e.disorder_type, '')",
        "NULLIF(e.event_type, '')",
        "NULLIF(e.sub_event_type, '')",
        _safe("e.x1_name"),
        _safe("assoc1.v"),
        inter1,
        _safe("e.x2_name"),
        _safe("assoc2.v"),
        inter2,
        f"CASE WHEN e.actor1_id IS NOT NULL AND e.actor2_id IS NOT NULL THEN {inter1} || '-' || {inter2} "
        f"WHEN e.actor1_id IS NOT NULL THEN {inter1} || ' only' END",
        f"CASE WHEN e.civilian_targeting THEN {_literal(CIVILIAN_TARGETING)} END",
        "(%(numerics)s::jsonb ->> e.country)",
        _safe("e.region"),
        "COALESCE(%(names)s::jsonb ->> e.country, NULLIF(e.country, ''))",
        _safe("e.admin1"),
        _safe("e.admin2"),
        _safe("e.admin3"),
        _safe("e.location"),
        _float("e.latitude"),
        _float("e.longitude"),
        "e.geo_precision",
        f"CASE WHEN e.source_text <> '' THEN {_safe('e.source_text')} ELSE {_safe('outlets.v')} END",
        _safe("e.source_scale"),
        _safe("e.notes"),
        "e.fatalities",
        _safe("tags.v"),
        "COALESCE(NULLIF(e.acled_timestamp, 0), trunc(extract(epoch FROM e.updated_at))::bigint)",
    ]


def _statement_template():
    """The COPY statement, with _CHUNK where the query reading the chunk's events goes."""
    columns = ", ".join(name for name, _ in CHUNK_FIELDS)
    ctes = ", ".join([
        f"chunk AS MATERIALIZED (SELECT * FROM ({_CHUNK}) AS picked ({columns}))",
        _names_cte("assoc1", "assoc_actor_1", Actor),
        _names_cte("assoc2", "assoc_actor_2", Actor),
        _names_cte("tags", "tags", Tag),
        _outlets_cte(),
    ])
    # Each row is led by its date and id: the key of the next chunk, dropped by _piece().
    select = ", ".join(["e.event_date::text", "e.id", *_cells()])
    joins = " ".join(f"LEFT JOIN {name} ON {name}.event_id = e.id" for name in ("assoc1", "assoc2", "tags", "outlets"))
    return (f"COPY (WITH {ctes} SELECT {select} FROM chunk e {joins} ORDER BY e.event_date DESC, e.id DESC) "
            "TO STDOUT WITH (FORMAT csv)")


def can_copy(events):
    """Whether `events` is in the export's order (its chunks can follow that order)."""
    order = events.query.order_by or (Event._meta.ordering if events.query.default_ordering else ())
    return tuple("-id" if field == "-pk" else field for field in order) == EXPORT_ORDER


class _Rows(list):
    """The file copy_expert() writes a chunk to: one write per row (a CopyData message
    is exactly one row), kept as it comes."""

    write = list.append


def _piece(rows):
    """The rows of one chunk as CSV text: the two key cells dropped (a date of 10
    characters, then digits: never quoted), and each row's LF made CRLF."""
    return (b"\r\n".join(row[row.index(b",", 11) + 1:-1] for row in rows) + b"\r\n").decode("utf-8")


def _chunks(events, chunk):
    """The querysets of the successive chunks of `events` (sliced or not), given the key
    (date, id) of the last row written so far."""
    low, high = events.query.low_mark, events.query.high_mark
    remaining = None if high is None else high - low
    events = events._chain()
    events.query.clear_limits()
    key = None
    while remaining is None or remaining > 0:
        size = chunk if remaining is None else min(chunk, remaining)
        selection, start = events, low
        if key is not None:
            day, pk = key
            # The first test bounds the index scan; the second drops that day's rows already sent.
            selection, start = events.filter(event_date__lte=day).filter(Q(event_date__lt=day) | Q(pk__lt=pk)), 0
        rows = yield selection.values_list(*(field for _, field in CHUNK_FIELDS))[start:start + size]
        if len(rows) < size:
            return
        if remaining is not None:
            remaining -= len(rows)
        last = rows[-1]
        key = (datetime.date.fromisoformat(last[:10].decode()), int(last[11:last.index(b",", 11)]))


def copy_pieces(events, chunk=None):
    """The CSV rows of `events` (no header; a queryset in the export's order, see
    can_copy), one piece per chunk of `chunk` rows."""
    connection = connections[events.db]
    template = _statement_template()
    names, numerics = _country_maps()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(SETTINGS)])
        before = dict(raw.fetchall())
        cursor.execute("SELECT " + ", ".join("set_config(%s, %s, false)" for _ in SETTINGS),
                       [item for pair in SETTINGS.items() for item in pair])
        try:
            template = template.replace("%(names)s", raw.mogrify("%s", [names]).decode()).replace(
                "%(numerics)s", raw.mogrify("%s", [numerics]).decode())
            chunks = _chunks(events, chunk or CHUNK_ROWS)
            selection = next(chunks)
            while True:
                sql, params = selection.query.sql_with_params()
                rows = _Rows()
                with connection.wrap_database_errors:
                    raw.copy_expert(template.replace(_CHUNK, raw.mogrify(sql, params).decode(), 1), rows)
                if rows:
                    yield _piece(rows)
                try:
                    selection = chunks.send(rows)
                except StopIteration:
                    return
        except DatabaseError:
            # A failed statement leaves nothing to put back worth hiding the error for: in
            # a transaction its rollback restores the settings too.
            before = {}
            raise
        finally:
            if before:
                cursor.execute("SELECT " + ", ".join("set_config(%s, %s, false)" for _ in before),
                               [item for pair in before.items() for item in pair])
