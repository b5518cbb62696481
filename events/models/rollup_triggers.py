"""The triggers that keep the map's rollup (events.models.mapdata.MapRollup) exact.

Why triggers: the rollup must be exact after every write, and events are written by
forms, queryset updates, bulk_create, the ACLED importer, merges, raw SQL and COPY.
A trigger runs for all of them in the writer's own transaction; no Python path has
to remember it (as the generated cell_x / cell_y columns need no writer's help).

- PostgreSQL: statement triggers over transition tables. One INSERT ... SELECT ...
  GROUP BY per statement adds (or, with sign -1, subtracts) all rows of the
  statement at once: a COPY of 200,000 rows costs one aggregation, not 200,000
  upserts. Rows whose count reaches 0 are deleted. A TRUNCATE of the events empties
  the rollup.
- SQLite: row triggers (it has no statement triggers), an upsert per level per
  changed row: the embedded default holds thousands of events, not millions.

An update only touches the rollup when a keyed value changed (status, point, date,
type, country, precision).

Installed by migration 0012, and checked after every ``migrate`` (``ensure``, from a
post_migrate handler): on SQLite, Django changes a column by copying the table to a
new one, which drops the table's triggers; a later migration that alters the events
would silently stop the rollup. ``ensure`` puts missing triggers back and rebuilds
the rollup from the events (what changed without triggers is then counted again).
"""
from django.db import connections, transaction
from django.db.models.signals import post_migrate

from events.models.mapdata import (
    ROLLUP_ALL_MONTHS,
    ROLLUP_LEVELS,
    ROLLUP_MARGINAL_LEVELS,
    ROLLUP_SQUARES_MAX_LEVEL,
)

LEVELS = ROLLUP_LEVELS
SQUARES_MAX_LEVEL = ROLLUP_SQUARES_MAX_LEVEL
# Marginal rows (kind 1: per month, kind 2: over all months, month ALL_MONTHS) are
# marked event_type = country = '*' and geo_precision = 0.
MARGINAL_LEVELS = ROLLUP_MARGINAL_LEVELS
ALL_MONTHS = ROLLUP_ALL_MONTHS.isoformat().zfill(10)
TABLE = "events_maprollup"
EVENTS = "events_event"
KEY = "level, cx, cy, month, event_type, country, geo_precision"
COLUMNS = KEY + ", n, sx, sy, sxx, syy, sid, x_min, x_max, y_min, y_max"
FIELDS = ("id", "cell_x", "cell_y", "event_date", "event_type", "country", "geo_precision", "status")
KEYED = FIELDS[1:]  # what, when it changes, moves an event in the rollup


def _month(vendor, column):
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _square(column):
    offset = f"CAST(e.{column} & ((1 << l.level) - 1) AS bigint)"
    return f"CASE WHEN l.level <= {SQUARES_MAX_LEVEL} THEN {offset} * {offset} ELSE 0 END"


def upsert(vendor, source):
    """Add the rows of `source` (FIELDS and a `sign`, +1 or -1) to the rollup."""
    levels = " UNION ALL ".join(f"SELECT {level} AS level, {kind} AS kind" for level in LEVELS
                                for kind in ((0, 1, 2) if level in MARGINAL_LEVELS else (0,)))
    month = _month(vendor, "e.event_date")
    all_months = f"DATE '{ALL_MONTHS}'" if vendor == "postgresql" else f"'{ALL_MONTHS}'"
    if vendor == "postgresql":
        def lower(c):
            return f"LEAST({TABLE}.{c}, EXCLUDED.{c})"

        def upper(c):
            return f"GREATEST({TABLE}.{c}, EXCLUDED.{c})"
    else:
        def lower(c):
            return f"coalesce(min({TABLE}.{c}, excluded.{c}), {TABLE}.{c}, excluded.{c})"

        def upper(c):
            return f"coalesce(max({TABLE}.{c}, excluded.{c}), {TABLE}.{c}, excluded.{c})"
    sums = ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in ("n", "sx", "sy", "sxx", "syy", "sid"))
    return f"""
INSERT INTO {TABLE} ({COLUMNS})
SELECT l.level, e.cell_x >> l.level, e.cell_y >> l.level,
       CASE WHEN l.kind = 2 THEN {all_months} ELSE {month} END,
       CASE WHEN l.kind > 0 THEN '*' ELSE e.event_type END, CASE WHEN l.kind > 0 THEN '*' ELSE e.country END,
       CASE WHEN l.kind > 0 THEN 0 ELSE e.geo_precision END,
       SUM(e.sign), SUM(e.sign * e.cell_x), SUM(e.sign * e.cell_y),
       SUM(e.sign * {_square("cell_x")}), SUM(e.sign * {_square("cell_y")}), SUM(e.sign * e.id),
       MIN(CASE WHEN e.sign > 0 THEN e.cell_x END), MAX(CASE WHEN e.sign > 0 THEN e.cell_x END),
       MIN(CASE WHEN e.sign > 0 THEN e.cell_y END), MAX(CASE WHEN e.sign > 0 THEN e.cell_y END)
FROM ({source}) AS e CROSS JOIN ({levels}) AS l
WHERE e.status = 'published' AND e.cell_x IS NOT NULL AND e.cell_y IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY 1, 2, 3, 4, 5, 6, 7
ON CONFLICT ({KEY}) DO UPDATE SET {sums},
    x_min = {lower("x_min")}, x_max = {upper("x_max")}, y_min = {lower("y_min")}, y_max = {upper("y_max")}"""


def _rows(sign, table, alias="r"):
    return f"SELECT {sign} AS sign, " + ", ".join(f"{alias}.{c} AS {c}" for c in FIELDS) + f" FROM {table} AS {alias}"


# --- PostgreSQL -----------------------------------------------------------------

def _pg_changed():
    new = ", ".join(f"n.{c}" for c in KEYED)
    old = ", ".join(f"o.{c}" for c in KEYED)
    join = "FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id"
    return (f"SELECT 1 AS sign, " + ", ".join(f"n.{c} AS {c}" for c in FIELDS) + f" {join} "
            f"WHERE ({new}) IS DISTINCT FROM ({old}) UNION ALL "
            f"SELECT -1 AS sign, " + ", ".join(f"o.{c} AS {c}" for c in FIELDS) + f" {join} "
            f"WHERE ({new}) IS DISTINCT FROM ({old})")


def _pg_function(name, source, subtracts):
    if not subtracts:
        body = upsert("postgresql", source) + ";"
        declare = ""
    else:
        declare = "DECLARE emptied bigint[];"
        body = (f"WITH changed AS ({upsert('postgresql', source)} RETURNING id, n) "
                f"SELECT array_agg(id) INTO emptied FROM changed WHERE n = 0;\n"
                f"IF emptied IS NOT NULL THEN DELETE FROM {TABLE} WHERE id = ANY(emptied); END IF;")
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ {declare}\n"
            f"BEGIN\n{body}\nRETURN NULL;\nEND $$")


PG_TRIGGERS = (
    ("events_map_rollup_insert", "INSERT", "REFERENCING NEW TABLE AS new_rows",
     _rows(1, "new_rows"), False),
    ("events_map_rollup_update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
     _pg_changed(), True),
    ("events_map_rollup_delete", "DELETE", "REFERENCING OLD TABLE AS old_rows",
     _rows(-1, "old_rows"), True),
)


def _pg_create(execute):
    for name, event, referencing, source, subtracts in PG_TRIGGERS:
        execute(_pg_function(name, source, subtracts))
        execute(f"CREATE TRIGGER {name} AFTER {event} ON {EVENTS} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
    # Emptying the events (TRUNCATE, as a bulk reload does) empties the rollup. DELETE,
    # not TRUNCATE: the same TRUNCATE may list the rollup table too.
    execute("CREATE OR REPLACE FUNCTION events_map_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN DELETE FROM {TABLE}; RETURN NULL; END $$")
    execute(f"CREATE TRIGGER events_map_rollup_truncate AFTER TRUNCATE ON {EVENTS} "
            "FOR EACH STATEMENT EXECUTE FUNCTION events_map_rollup_truncate()")


def _pg_drop(execute):
    for name in [t[0] for t in PG_TRIGGERS] + ["events_map_rollup_truncate"]:
        execute(f"DROP TRIGGER IF EXISTS {name} ON {EVENTS}")
        execute(f"DROP FUNCTION IF EXISTS {name}()")


# --- SQLite ---------------------------------------------------------------------

def _sqlite_row(sign, row):
    return f"SELECT {sign} AS sign, " + ", ".join(f"{row}.{c} AS {c}" for c in FIELDS)


def _sqlite_delete_empty(row):
    cells = " OR ".join(f"(level = {level} AND cx = {row}.cell_x >> {level} AND cy = {row}.cell_y >> {level})"
                        for level in LEVELS)
    # Only the rows of this event's cells can have just been emptied (n = 0).
    return f"DELETE FROM {TABLE} WHERE n = 0 AND ({cells})"


def _sqlite_counted(row):
    return f"{row}.status = 'published' AND {row}.cell_x IS NOT NULL AND {row}.cell_y IS NOT NULL"


SQLITE_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in FIELDS)
SQLITE_TRIGGERS = (
    ("events_map_rollup_insert", "INSERT", _sqlite_counted("NEW"),
     [upsert("sqlite", _sqlite_row(1, "NEW"))]),
    ("events_map_rollup_delete", "DELETE", _sqlite_counted("OLD"),
     [upsert("sqlite", _sqlite_row(-1, "OLD")), _sqlite_delete_empty("OLD")]),
    ("events_map_rollup_update_old", "UPDATE", f"{_sqlite_counted('OLD')} AND ({SQLITE_CHANGED})",
     [upsert("sqlite", _sqlite_row(-1, "OLD")), _sqlite_delete_empty("OLD")]),
    ("events_map_rollup_update_new", "UPDATE", f"{_sqlite_counted('NEW')} AND ({SQLITE_CHANGED})",
     [upsert("sqlite", _sqlite_row(1, "NEW"))]),
)


def _sqlite_create(execute):
    for name, event, when, statements in SQLITE_TRIGGERS:
        body = ";\n".join(statements)
        execute(f"CREATE TRIGGER {name} AFTER {event} ON {EVENTS} FOR EACH ROW WHEN {when}\nBEGIN\n{body};\nEND")


def _sqlite_drop(execute):
    for name, *_rest in SQLITE_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name}")


def install(connection):
    """Create the triggers (any left over are replaced)."""
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"The map rollup has no triggers for {vendor}.")
    with connection.cursor() as cursor:
        uninstall(connection)
        (_pg_create if vendor == "postgresql" else _sqlite_create)(cursor.execute)


def uninstall(connection):
    with connection.cursor() as cursor:
        (_pg_drop if connection.vendor == "postgresql" else _sqlite_drop)(cursor.execute)


def refill(connection):
    """Rebuild the rollup from the events, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(upsert(connection.vendor, _rows(1, EVENTS)))


def names(connection):
    return [t[0] for t in (PG_TRIGGERS if connection.vendor == "postgresql" else SQLITE_TRIGGERS)] + (
        ["events_map_rollup_truncate"] if connection.vendor == "postgresql" else [])


def missing(connection):
    """The rollup's triggers the database does not have."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                           [EVENTS])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [EVENTS])
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in names(connection) if name not in present]


def ensure(connection):
    """Put back missing triggers and rebuild the rollup; True if anything was missing."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    tables = set(connection.introspection.table_names())
    if TABLE not in tables or EVENTS not in tables:
        return False
    if not missing(connection):
        # `manage.py flush` on SQLite empties the tables in no set order: when the
        # rollup goes first, the events' delete triggers then leave rows below zero.
        # Flush ends with this signal, and no events with a rollup is a rollup to redo.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {EVENTS}), EXISTS (SELECT 1 FROM {TABLE})")
            has_events, has_rollup = cursor.fetchone()
        if has_events or not has_rollup:
            return False
        refill(connection)
        return True
    with transaction.atomic(using=connection.alias):
        install(connection)
        refill(connection)
    return True


def _after_migrate(sender, app_config=None, using="default", **kwargs):
    """After every migrate (and flush, which sends the same signal): the triggers are
    there and the rollup matches, see ensure()."""
    if app_config is None or app_config.label != "events":
        return
    ensure(connections[using])


post_migrate.connect(_after_migrate, dispatch_uid="events-map-rollup-triggers")
