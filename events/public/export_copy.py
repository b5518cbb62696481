"""The ACLED CSV on PostgreSQL: written by the database itself, with COPY ... TO STDOUT.

Why: at a million rows the Python writer (export_formats.python_csv_pieces)
spends most of its time on work the database does in C: building one tuple per
row, formatting dates and numbers, quoting cells. Here the filtered queryset is
compiled by Django as usual (the same filters, joins, order and slice), its
select list replaced by the 31 ACLED cells as SQL expressions (associated
actors, tags and source outlets aggregated per event with string_agg), and the
result is sent by `COPY (...) TO STDOUT WITH (FORMAT csv)`. Python only joins
the rows of a chunk into one piece.

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

The rows come in chunks of CHUNK_ROWS, one COPY each, following the export's
order by keyset (each row is led by its date and id, which are dropped): memory
holds one chunk, never the file, and between chunks the connection is free,
so an export job can save its progress while it writes. (psycopg2's
copy_expert() reads a whole COPY before it returns; chunks are what make it
stream.)
"""
import datetime
import json
import re

from django.db import connections
from django.db.models import Expression, F, Q, TextField, Value

from events.acled.columns import FORMULA_STARTS, SEPARATOR, inter_labels
from events.acled.countries import numeric_for
from events.countries import country_codes, country_name
from events.models import Article, Event, Outlet

# Rows per COPY: a piece of about 2 MB, held once in memory.
CHUNK_ROWS = 5000
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


def _literal(text):
    """A constant of ours as a SQL string literal (standard_conforming_strings is on)."""
    if "%" in text or "{" in text or "}" in text:
        raise ValueError(f"not usable in an export template: {text!r}")
    return "'" + text.replace("'", "''") + "'"


# safe_cell() in SQL: the same starts, and the same test for a plain number
# (export_formats._NUMBER).
_STARTS = ", ".join(_literal(start) for start in FORMULA_STARTS)
_NUMBER_SQL = r"'^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$'"


class Sql(Expression):
    """SQL text in which {0}, {1}, ... stand for the compiled expressions given (each
    may appear several times: its parameters are repeated in the order they appear)."""

    def __init__(self, template, *expressions, output_field=None):
        super().__init__(output_field=output_field or TextField())
        self.template = template
        self.expressions = [e if hasattr(e, "resolve_expression") else F(e) for e in expressions]

    def get_source_expressions(self):
        return self.expressions

    def set_source_expressions(self, expressions):
        self.expressions = list(expressions)

    def as_sql(self, compiler, connection):
        compiled = [compiler.compile(expression) for expression in self.expressions]
        params = []
        for match in _PLACEHOLDER.finditer(self.template):
            params.extend(compiled[int(match.group(1))][1])
        return self.template.format(*(sql for sql, _ in compiled)), params


def _safe(expression):
    """A text cell as export_formats.safe_cell() writes it; empty as NULL."""
    return Sql("CASE WHEN left({0}, 1) IN (" + _STARTS + ") AND {0} !~ " + _NUMBER_SQL
               + " THEN '''' || {0} ELSE NULLIF({0}, '') END", expression)


def _empty_as_null(expression):
    return Sql("NULLIF({0}, '')", expression)


def _names(relation):
    """The "; "-joined names of an event's many-to-many relation, by name."""
    m2m = Event._meta.get_field(relation)
    through, target = m2m.remote_field.through, m2m.related_model
    return Sql("(SELECT string_agg(r.name, " + _literal(SEPARATOR) + " ORDER BY r.name) FROM {table} t "
               "JOIN {target} r ON r.{pk} = t.{reverse} WHERE t.{source} = {{0}})".format(
                   table=_quoted(through._meta.db_table), target=_quoted(target._meta.db_table),
                   pk=_quoted(target._meta.pk.column),
                   reverse=_quoted(through._meta.get_field(m2m.m2m_reverse_field_name()).column),
                   source=_quoted(through._meta.get_field(m2m.m2m_field_name()).column)), "pk")


def _outlets():
    """The outlets of an event's source articles, newest article first, each once
    (export_formats._outlets_of in SQL: DISTINCT ON keeps each outlet's first row in
    that order, and the outer ORDER BY puts the outlets in the order of those rows)."""
    through = Event.sources.through
    return Sql("(SELECT string_agg(s.name, " + _literal(SEPARATOR) + " ORDER BY s.newest DESC, s.article DESC) "
               "FROM (SELECT DISTINCT ON (o.name) o.name, a.published_on AS newest, a.id AS article "
               "FROM {through} t JOIN {article} a ON a.id = t.{article_id} JOIN {outlet} o ON o.id = a.{outlet_id} "
               "WHERE t.{event_id} = {{0}} ORDER BY o.name, a.published_on DESC, a.id DESC) s)".format(
                   through=_quoted(through._meta.db_table), article=_quoted(Article._meta.db_table),
                   outlet=_quoted(Outlet._meta.db_table),
                   article_id=_quoted(through._meta.get_field("article").column),
                   outlet_id=_quoted(Article._meta.get_field("outlet").column),
                   event_id=_quoted(through._meta.get_field("event").column)), "pk")


def _quoted(name):
    return '"' + name.replace('"', '""') + '"'


def _label(actor_type):
    """ACLED's inter label of an actor type code (NULL, so an empty cell, for no actor)."""
    branches = " ".join(f"WHEN {int(code)} THEN {_literal(label)}" for code, label in inter_labels().items())
    return Sql(f"CASE {{0}} {branches} END", actor_type)


def _float(expression):
    """A float as Python's repr() writes it (shortest round trip, "32.0" not "32")."""
    return Sql("CASE WHEN {0} = trunc({0}) THEN {0}::text || '.0' ELSE {0}::text END", expression)


def _country_maps():
    """JSON texts {code: English name} and {code: numeric ISO}, for every code known
    (an unknown code is written as country_name() writes it: the code itself)."""
    names = {code: country_name(code, "en") for code in country_codes()}
    numerics = {code: str(numeric_for(code)) for code in country_codes() if numeric_for(code) != ""}
    return json.dumps(names, ensure_ascii=False), json.dumps(numerics)


def csv_cells():
    """The 31 ACLED columns as SQL expressions, in ACLED's order."""
    from events.public.export_formats import CIVILIAN_TARGETING, REFERENCE_PREFIX

    names, numerics = _country_maps()
    inter1, inter2 = _label("actor1__actor_type"), _label("actor2__actor_type")
    return [
        Sql("CASE WHEN {0} <> '' THEN {1} ELSE " + _literal(REFERENCE_PREFIX) + " || {2} END",
            "reference", _safe("reference"), "pk"),
        Sql("to_char({0}, 'YYYY-MM-DD')", "event_date"),
        Sql("extract(year FROM {0})::integer", "event_date"),
        F("time_precision"),
        _empty_as_null("disorder_type"),
        _empty_as_null("event_type"),
        _empty_as_null("sub_event_type"),
        _safe("actor1__name"),
        _safe(_names("assoc_actor_1")),
        inter1,
        _safe("actor2__name"),
        _safe(_names("assoc_actor_2")),
        inter2,
        Sql("CASE WHEN {0} IS NOT NULL AND {1} IS NOT NULL THEN {2} || '-' || {3} "
            "WHEN {0} IS NOT NULL THEN {2} || ' only' END", "actor1", "actor2", inter1, inter2),
        Sql("CASE WHEN {0} THEN " + _literal(CIVILIAN_TARGETING) + " END", "civilian_targeting"),
        Sql("({0}::jsonb ->> {1})", Value(numerics), "country"),
        Sql("NULL"),
        Sql("COALESCE({0}::jsonb ->> {1}, NULLIF({1}, ''))", Value(names), "country"),
        _safe("admin1"),
        _safe("admin2"),
        _safe("admin3"),
        _safe("location"),
        _float("latitude"),
        _float("longitude"),
        F("geo_precision"),
        _safe(Sql("COALESCE(NULLIF({0}, ''), {1})", "source_text", _outlets())),
        _safe("source_scale"),
        _safe("notes"),
        F("fatalities"),
        _safe(_names("tags")),
        Sql("COALESCE(NULLIF({0}, 0), trunc(extract(epoch FROM {1}))::bigint)", "acled_timestamp", "updated_at"),
    ]


# The order every export has (Event.Meta.ordering): newest first. Chunks follow it
# by keyset, so each chunk is one index range scan however far into the file it is.
EXPORT_ORDER = ("-event_date", "-id")


def can_copy(events):
    """Whether `events` is in the export's order (its chunks can follow that order)."""
    order = events.query.order_by or (Event._meta.ordering if events.query.default_ordering else ())
    return tuple("-id" if field == "-pk" else field for field in order) == EXPORT_ORDER


def copy_sql(events):
    """(sql, params) of the COPY statement that writes `events` (a queryset) as CSV rows,
    each led by two cells the reader strips: the event's date and id (the chunk's key)."""
    cells = {f"c{number}": cell for number, cell in enumerate(csv_cells())}
    keyed = events.annotate(_day=Sql("to_char({0}, 'YYYY-MM-DD')", "event_date"), **cells)
    sql, params = keyed.values_list("_day", "pk", *cells).query.sql_with_params()
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params


class _Rows(list):
    """The file copy_expert() writes a chunk to: one write per row (a CopyData message
    is exactly one row), kept as it comes."""

    write = list.append


def _piece(rows):
    """The rows of one chunk as CSV text: the two key cells dropped (a date of 10
    characters, then digits: never quoted), and each row's LF made CRLF."""
    return (b"\r\n".join(row[row.index(b",", 11) + 1:-1] for row in rows) + b"\r\n").decode("utf-8")


def copy_pieces(events, chunk=CHUNK_ROWS):
    """The CSV rows of `events` (no header; a queryset in the export's order, see
    can_copy), one piece per chunk of `chunk` rows."""
    connection = connections[events.db]
    low, high = events.query.low_mark, events.query.high_mark
    remaining = None if high is None else high - low
    events = events._chain()
    events.query.clear_limits()
    key = None
    with connection.cursor() as cursor:
        # The shortest exact float text (the default since PostgreSQL 12; a server
        # configured otherwise would write lossy or longer numbers).
        cursor.execute("SET extra_float_digits = 1")
        while remaining is None or remaining > 0:
            size = chunk if remaining is None else min(chunk, remaining)
            selection = events
            if key is not None:
                day, pk = key
                selection = events.filter(Q(event_date__lt=day) | Q(event_date=day, pk__lt=pk))
            start = low if key is None else 0
            sql, params = copy_sql(selection[start:start + size])
            rows = _Rows()
            cursor.cursor.copy_expert(cursor.cursor.mogrify(sql, params).decode(), rows)
            if not rows:
                return
            last = rows[-1]
            day, rest = last[:10].decode(), last[11:]
            key = (datetime.date.fromisoformat(day), int(rest[:rest.index(b",")]))
            if remaining is not None:
                remaining -= len(rows)
            done = len(rows) < size
            yield _piece(rows)
            if done:
                return
