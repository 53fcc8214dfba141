"""The roll-ups' SQL, in one place, for SQLite (the embedded default) and PostgreSQL.

A *scope* is a list of (initiative, first day, day after the last) ranges: one month for a
stale bucket, all time for an initiative in a full rebuild. Recomputing a scope aggregates
its source rows (`SELECT … GROUP BY` in the database, never a loop over rows in Python),
compares them with the roll-up rows stored for the scope, upserts those that are new or
differ with `ON CONFLICT … DO UPDATE SET … = EXCLUDED.…` (replacement, never increment, so
running twice or two at once cannot double-count), and deletes roll-up rows of the scope that
no longer have a source. The statements' row counts say how many rows were corrected. On
PostgreSQL all of it is one statement (data-modifying CTEs, no temporary tables); SQLite,
which has no such CTEs, goes through temporary tables.

A full rebuild on PostgreSQL aggregates all source rows once, in parallel, into unlogged
snapshot tables, then applies them a chunk of initiatives at a time (on one connection or
several) with plain UPDATE, INSERT and DELETE statements: its lock keeps every other run away
meanwhile.
"""

# Statements are assembled from this module's constants only; values always go as parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

# The whole of an initiative's history, as a scope range.
ALL_TIME_START = datetime.date(1, 1, 1)
ALL_TIME_END = datetime.date(9999, 12, 31)
# ISO 4217's "no currency": a bucket whose lines are in more than one currency. The accounts
# refuse to total it rather than mix currencies.
MIXED_CURRENCY = "XXX"
# Namespaces of the PostgreSQL advisory locks: (namespace, initiative id) serialises two
# incremental runs on one initiative; (namespace, run id) is held by a live run for its whole
# life; (namespace, 0) is held exclusively by a full rebuild and shared by incremental runs.
INITIATIVE_LOCK_NAMESPACE = 0x0C0B
RUN_LOCK_NAMESPACE = 0x0C0C
REBUILD_LOCK_NAMESPACE = 0x0C0D
# A full rebuild on PostgreSQL: the stale marks as they were when it read the source, and
# the aggregates of all source rows (per roll-up table). Unlogged tables, not temporary ones,
# so that more than one connection can apply them; only one rebuild runs at a time (it holds
# the rebuild lock), and it drops whatever a killed one left.
CAPTURED_MARKS = "rollup_snapshot_marks"
SNAPSHOT_PREFIX = "rollup_snapshot_"
# The contribution rows of a scope, read once for the tables built from them.
SCOPE_ROWS = "rollup_scope_rows"
LIVE_MARKS = "ledger_stalebucket"
# PostgreSQL's work_mem while a roll-up aggregates (the default, 4MB, spills to disk).
ROLLUP_WORK_MEM = "64MB"
# What the roll-ups read of a contribution: the columns the ledger's (initiative, date) index
# carries, so a scope's rows are read from the index alone (an index-only scan), never from
# rows scattered over the table.
CONTRIBUTION_COLUMNS = (
    "initiative_id", "date", "kind", "status", "currency", "hours", "value",
    "contributor_id", "submitted_by_organisation_id", "volunteer_ref",
)


def _in_scope(
    table: str, column: str, *, lateral: bool, alias: str = "src", columns: str = "*"
) -> str:
    """The rows of `table` (as `alias`) whose `column` falls in a range of the scope.

    PostgreSQL gets a LATERAL subquery, which reads each range through the (initiative,
    date) index; a plain join there is planned as a scan of the whole table per chunk (its
    row estimate for range joins is poor), and OFFSET 0 keeps the planner from flattening the
    subquery back into that join. SQLite only has nested loops and finds the index itself."""
    if lateral:
        return (
            f"scope s CROSS JOIN LATERAL (SELECT {columns} FROM {table} x "
            f"WHERE x.initiative_id = s.initiative_id AND x.{column} >= s.range_start "
            f"AND x.{column} < s.range_end OFFSET 0) {alias}"
        )
    return (
        f"{table} {alias} JOIN scope s ON {alias}.initiative_id = s.initiative_id "
        f"AND {alias}.{column} >= s.range_start AND {alias}.{column} < s.range_end"
    )


@dataclass(frozen=True)
class ScopeRange:
    initiative_id: int
    start: datetime.date  # inclusive
    end: datetime.date  # exclusive


@dataclass(frozen=True)
class _Table:
    """A roll-up table: its key, its figures and the query that computes them from source."""

    name: str
    new: str  # the temporary table holding the recomputed rows
    keys: tuple[str, ...]
    figures: tuple[str, ...]
    select: str  # {month}, {key} and the {source_…} rows are filled per database and scope


_CURRENCY = (
    "CASE WHEN MIN(src.currency) = MAX(src.currency) THEN MIN(src.currency) "
    f"ELSE '{MIXED_CURRENCY}' END"
)

CONTRIBUTIONS = _Table(
    name="benefits_contributionrollup",
    new="rollup_new_contribution",
    keys=("initiative_id", "month", "kind", "status"),
    figures=("currency", "hours", "value", '"count"'),
    select=f"""
        SELECT src.initiative_id AS initiative_id, {{month}} AS month, src.kind AS kind,
               src.status AS status, {_CURRENCY} AS currency,
               ROUND(COALESCE(SUM(src.hours), 0), 2) AS hours,
               ROUND(COALESCE(SUM(src.value), 0), 2) AS value, COUNT(*) AS "count"
        FROM {{source_contribution}}
        GROUP BY src.initiative_id, {{month}}, src.kind, src.status
    """,
)

PUBLIC_INPUTS = _Table(
    name="benefits_publicinputrollup",
    new="rollup_new_public_input",
    keys=("initiative_id", "month", "kind"),
    figures=("currency", "hours", "value", '"count"'),
    select=f"""
        SELECT src.initiative_id AS initiative_id, {{month}} AS month, src.kind AS kind,
               {_CURRENCY} AS currency,
               ROUND(COALESCE(SUM(src.hours), 0), 2) AS hours,
               ROUND(COALESCE(SUM(src.value), 0), 2) AS value, COUNT(*) AS "count"
        FROM {{source_publicinput}}
        GROUP BY src.initiative_id, {{month}}, src.kind
    """,
)

# Verified contributions only: "distinct contributors" counts people whose input counts.
# Grouped by the contributor's integer columns first (cheaper than by the text key), then keyed:
# a citizen is their user id whoever logged the line, a partner's volunteer their
# (organisation, reference), so the inner groups map one to one onto contributor keys.
CONTRIBUTORS = _Table(
    name="benefits_contributorrollup",
    new="rollup_new_contributor",
    keys=("initiative_id", "month", "contributor_key"),
    figures=("hours", "value", '"count"'),
    select="""
        SELECT g.initiative_id AS initiative_id, g.month AS month, {group_key} AS contributor_key,
               ROUND(COALESCE(g.hours, 0), 2) AS hours, ROUND(COALESCE(g.value, 0), 2) AS value,
               g."count" AS "count"
        FROM (
            SELECT src.initiative_id AS initiative_id, {month} AS month,
                   src.contributor_id AS contributor_id,
                   CASE WHEN src.contributor_id IS NULL
                        THEN src.submitted_by_organisation_id END AS submitted_by_organisation_id,
                   CASE WHEN src.contributor_id IS NULL THEN src.volunteer_ref END AS volunteer_ref,
                   SUM(CASE WHEN src.kind = 'time' THEN src.hours END) AS hours,
                   SUM(src.value) AS value, COUNT(*) AS "count"
            FROM {source_contribution}
            WHERE src.status = 'verified'
            GROUP BY 1, 2, 3, 4, 5
        ) g
    """,
)

TABLES = (CONTRIBUTIONS, PUBLIC_INPUTS, CONTRIBUTORS)


def contributor_key(alias: str = "src") -> str:
    """'u:<user id>' for a citizen, 'v:<organisation id>:<reference>' for a partner's volunteer.

    The same expression in both databases; the accounts use it for partial months too."""
    prefix = f"{alias}." if alias else ""
    return (
        f"CASE WHEN {prefix}contributor_id IS NOT NULL "
        f"THEN 'u:' || CAST({prefix}contributor_id AS TEXT) "
        f"ELSE 'v:' || COALESCE(CAST({prefix}submitted_by_organisation_id AS TEXT), '') "
        f"|| ':' || {prefix}volunteer_ref END"
    )


class RollupSQL:
    """The statements for one database connection (SQLite or PostgreSQL)."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor not in {"sqlite", "postgresql"}:
            raise NotImplementedError(
                f"roll-ups support SQLite and PostgreSQL, not {connection.vendor}"
            )
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    # --- expressions that differ ------------------------------------------------------------

    def month(self, column: str = "src.date") -> str:
        if self.postgres:
            return f"CAST(date_trunc('month', CAST({column} AS timestamp)) AS date)"
        return f"date({column}, 'start of month')"

    def _distinct(self, left: str, right: str) -> str:
        operator = "IS DISTINCT FROM" if self.postgres else "IS NOT"
        return f"{left} {operator} {right}"

    def _date(self, value: datetime.date):
        return self.connection.ops.adapt_datefield_value(value)

    def _datetime(self, value: datetime.datetime):
        return self.connection.ops.adapt_datetimefield_value(value)

    # --- the scope ----------------------------------------------------------------------------

    def _scope_cte(self, scope: Sequence[ScopeRange]) -> tuple[str, list]:
        rows = ", ".join(["(%s, %s, %s)"] * len(scope))
        params: list = []
        for item in scope:
            params += [item.initiative_id, self._date(item.start), self._date(item.end)]
        return f"WITH scope(initiative_id, range_start, range_end) AS (VALUES {rows})", params

    # --- statements ---------------------------------------------------------------------------

    def _select(self, table: _Table, *, scoped: bool = True, scope_rows: bool = False) -> str:
        # ROUND(…, 2) is a no-op on PostgreSQL's exact numerics; SQLite keeps decimals as
        # binary floats, and rounding sums back to the penny lets a stored figure compare
        # equal to the same figure recomputed.
        return table.select.format(
            # The scope's rows carry their month, computed once as they were read.
            month="src.month" if scope_rows else self.month("src.date"),
            group_key=contributor_key("g"),
            source_contribution=(
                f"{SCOPE_ROWS} src"
                if scope_rows
                else _in_scope("ledger_contribution", "date", lateral=self.postgres)
                if scoped
                else "ledger_contribution src"
            ),
            source_publicinput=(
                _in_scope("ledger_publicinput", "date", lateral=self.postgres)
                if scoped
                else "ledger_publicinput src"
            ),
        )

    def _marked(self, alias: str, marked: bool | None, marks: str) -> str:
        """Restrict to buckets that do (True) or do not (False) carry a stale mark."""
        if marked is None:
            return "1 = 1"
        exists = (
            f"EXISTS (SELECT 1 FROM {marks} m "
            f"WHERE m.initiative_id = {alias}.initiative_id AND m.month = {alias}.month)"
        )
        return exists if marked else f"NOT {exists}"

    @staticmethod
    def _ids(initiative_ids: Sequence[int]) -> str:
        return ", ".join(str(int(i)) for i in initiative_ids)

    def _upsert(self, table: _Table, marked: bool | None, marks: str) -> str:
        columns = (*table.keys, *table.figures)
        plain = [c.strip('"') for c in table.figures]
        changed = " OR ".join(
            self._distinct(f'{table.name}."{c}"', f'EXCLUDED."{c}"') for c in plain
        )
        differs = " OR ".join(self._distinct(f'r."{c}"', f't."{c}"') for c in plain)
        match = " AND ".join(f"r.{k} = t.{k}" for k in table.keys)
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in (*plain, "computed_at"))
        # The join sends only new or different rows through ON CONFLICT (a rebuild that finds
        # nothing different writes nothing); ON CONFLICT's own WHERE keeps that true against
        # a run that wrote the row meanwhile.
        return f"""
            INSERT INTO {table.name} ({", ".join(columns)}, computed_at)
            SELECT {", ".join(f"t.{c}" for c in columns)}, %s
            FROM {table.new} t
            LEFT JOIN {table.name} r ON {match}
            WHERE (r.id IS NULL OR {differs}) AND {self._marked("t", marked, marks)}
            ON CONFLICT ({", ".join(table.keys)}) DO UPDATE SET {updates}
            WHERE {changed}
        """

    def _delete_missing(
        self,
        table: _Table,
        marked: bool | None,
        marks: str,
        *,
        scope_cte: str,
    ) -> str:
        match = " AND ".join(f"t.{k} = r.{k}" for k in table.keys)
        # The CTE sits inside the subquery: a statement that starts with DELETE is the only
        # kind whose row count Python's sqlite3 reports.
        in_scope = _in_scope(table.name, "month", lateral=self.postgres, alias="r")
        rows = f"""{scope_cte}
            SELECT r.id FROM {in_scope}
            WHERE 1 = 1"""
        return f"""
            DELETE FROM {table.name}
            WHERE id IN (
                {rows}
                  AND NOT EXISTS (SELECT 1 FROM {table.new} t WHERE {match})
                  AND {self._marked("r", marked, marks)}
            )
        """

    def _apply(
        self,
        cursor,
        *,
        computed_at: datetime.datetime,
        marks: str | None,
        scope_cte: str,
        scope_params: Sequence,
    ) -> tuple[int, int]:
        now = self._datetime(computed_at)
        passes: tuple[bool | None, ...] = (False, True) if marks else (None,)
        unmarked = marked = 0
        for table in TABLES:
            for which in passes:
                cursor.execute(self._upsert(table, which, marks or LIVE_MARKS), [now])
                changed = max(cursor.rowcount, 0)
                cursor.execute(
                    self._delete_missing(
                        table, which, marks or LIVE_MARKS, scope_cte=scope_cte
                    ),
                    list(scope_params),
                )
                changed += max(cursor.rowcount, 0)
                if which is False:
                    unmarked += changed
                else:
                    marked += changed
        return unmarked, marked

    def _drop_new(self, cursor) -> None:
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table.new}")
        cursor.execute(f"DROP TABLE IF EXISTS {SCOPE_ROWS}")

    def _scope_rows(self) -> str:
        """The scope's contribution rows, with their month: on PostgreSQL read from the
        (initiative, date) index alone."""
        return (
            f"SELECT {', '.join(f'src.{c}' for c in CONTRIBUTION_COLUMNS)}, "
            f"{self.month('src.date')} AS month FROM "
            + _in_scope(
                "ledger_contribution", "date", lateral=self.postgres,
                columns=", ".join(f"x.{c}" for c in CONTRIBUTION_COLUMNS),
            )
        )

    def _counted(self, changes: str, marks: str) -> str:
        """How many rows of `changes` (initiative_id, month) fall outside and inside buckets
        that carry a mark in `marks`: counted per bucket, one look at the marks per bucket."""
        marked = self._marked("b", True, marks)
        return (
            f"SELECT COALESCE(SUM(b.n) FILTER (WHERE NOT {marked}), 0), "
            f"COALESCE(SUM(b.n) FILTER (WHERE {marked}), 0) "
            f"FROM (SELECT initiative_id, month, COUNT(*) AS n FROM {changes} GROUP BY 1, 2) b"
        )

    def _recompute_statement(self, scope_cte: str) -> str:
        """PostgreSQL: the whole recomputation of a scope as one statement. The scope's
        contribution rows are read once (from the index); each table's recomputed rows are
        compared with its stored rows of the scope (read by ranges of its key's index, a
        few per bucket), and only the rows new, different or gone are written. Its
        parameters: the scope's, then `computed_at` once per table. It answers how many rows
        it changed outside and inside buckets the ledger has marked stale."""
        parts = [
            scope_cte.removeprefix("WITH "),
            f"{SCOPE_ROWS} AS MATERIALIZED ({self._scope_rows()})",
        ]
        changes = []
        for n, table in enumerate(TABLES):
            plain = [c.strip('"') for c in table.figures]
            columns = (*table.keys, *table.figures)
            match = " AND ".join(f"r.{k} = t.{k}" for k in table.keys)
            differs = " OR ".join(self._distinct(f'r."{c}"', f't."{c}"') for c in plain)
            changed = " OR ".join(
                self._distinct(f'{table.name}."{c}"', f'EXCLUDED."{c}"') for c in plain
            )
            updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in (*plain, "computed_at"))
            stored = ", ".join(f"x.{c}" for c in ("id", *columns))
            from_scope_rows = table is not PUBLIC_INPUTS
            parts += [
                f"new_{n} AS MATERIALIZED ({self._select(table, scope_rows=from_scope_rows)})",
                f"stored_{n} AS MATERIALIZED (SELECT r.* FROM "
                + _in_scope(table.name, "month", lateral=True, alias="r", columns=stored)
                + ")",
                # New (no stored row), different, or gone (no recomputed row).
                f"""diff_{n} AS MATERIALIZED (
                    SELECT r.id AS stored_id, t.initiative_id IS NOT NULL AS recomputed,
                           {", ".join(f"t.{c}" for c in columns)}
                    FROM new_{n} t FULL JOIN stored_{n} r ON {match}
                    WHERE r.id IS NULL OR t.initiative_id IS NULL OR {differs})""",
                # ON CONFLICT's WHERE keeps a row another run wrote meanwhile untouched if
                # it is already right.
                f"""upserted_{n} AS (
                    INSERT INTO {table.name} ({", ".join(columns)}, computed_at)
                    SELECT {", ".join(columns)}, %s FROM diff_{n} WHERE recomputed
                    ON CONFLICT ({", ".join(table.keys)}) DO UPDATE SET {updates}
                    WHERE {changed}
                    RETURNING initiative_id, month)""",
                f"""deleted_{n} AS (
                    DELETE FROM {table.name}
                    WHERE id IN (SELECT stored_id FROM diff_{n} WHERE NOT recomputed)
                    RETURNING initiative_id, month)""",
            ]
            changes += [f"SELECT * FROM upserted_{n}", f"SELECT * FROM deleted_{n}"]
        parts.append(f"changes AS ({' UNION ALL '.join(changes)})")
        return "WITH " + ",\n".join(parts) + "\n" + self._counted("changes", LIVE_MARKS)

    def recompute(
        self,
        scope: Sequence[ScopeRange],
        *,
        computed_at: datetime.datetime,
        split_marked: bool = False,
    ) -> tuple[int, int]:
        """Recompute every roll-up row of the scope from source, in the caller's transaction.

        Returns (rows changed in buckets without a stale mark, rows changed in marked
        buckets). Without `split_marked` every change counts in the second figure: a full
        rebuild splits them so that only unexpected differences count as drift.
        """
        if not scope:
            return 0, 0
        scope_cte, scope_params = self._scope_cte(scope)
        if self.postgres:
            now = self._datetime(computed_at)
            with self.connection.cursor() as cursor:
                # For this transaction: enough memory to aggregate without spilling to disk,
                # and no JIT compilation (it costs more than a scope's rows take to read).
                cursor.execute(f"SET LOCAL work_mem = '{ROLLUP_WORK_MEM}'")
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(
                    self._recompute_statement(scope_cte),
                    [*scope_params, *[now] * len(TABLES)],
                )
                result = cursor.fetchone()
        else:
            with self.connection.cursor() as cursor:
                self._drop_new(cursor)
                # The scope's contribution rows are read once for both tables built from
                # them.
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {SCOPE_ROWS} AS {scope_cte} {self._scope_rows()}",
                    scope_params,
                )
                for table in TABLES:
                    from_scope_rows = table is not PUBLIC_INPUTS
                    cursor.execute(
                        f"CREATE TEMPORARY TABLE {table.new} AS "
                        f"{'' if from_scope_rows else scope_cte} "
                        f"{self._select(table, scope_rows=from_scope_rows)}",
                        [] if from_scope_rows else scope_params,
                    )
                result = self._apply(
                    cursor,
                    computed_at=computed_at,
                    marks=LIVE_MARKS if split_marked else None,
                    scope_cte=scope_cte,
                    scope_params=scope_params,
                )
                self._drop_new(cursor)
        unmarked, marked = int(result[0]), int(result[1])
        return (unmarked, marked) if split_marked else (0, unmarked + marked)

    def full_aggregates(self) -> list[tuple[str, str]]:
        """(roll-up table, the bare SELECT … GROUP BY that computes all of it from source): the
        aggregation a full rebuild cannot avoid (the benchmark's floor)."""
        return [(table.name, self._select(table, scoped=False)) for table in TABLES]

    # --- a full rebuild on PostgreSQL: aggregate once, apply by chunks -----------------------

    @staticmethod
    def snapshot_table(table: _Table) -> str:
        return SNAPSHOT_PREFIX + table.new.removeprefix("rollup_new_")

    def snapshot_build(self) -> None:
        """Capture the stale marks, then aggregate all source rows into unlogged tables: one
        parallel scan per source table, where chunks of initiatives would each read their
        rows at random. Marks first: a write committed after the capture keeps its mark (it
        is new, or its time changed), so whatever these aggregates miss is recomputed later.
        Call it outside a transaction, holding the rebuild lock, so that other connections
        can apply the tables."""
        with self.connection.cursor() as cursor:
            self.snapshot_drop()
            # For this session until snapshot_drop: aggregating in memory, not on disk.
            cursor.execute(f"SET work_mem = '{ROLLUP_WORK_MEM}'")
            cursor.execute(
                f"CREATE UNLOGGED TABLE {CAPTURED_MARKS} AS "
                "SELECT id, initiative_id, month, marked_at FROM ledger_stalebucket"
            )
            cursor.execute(f"CREATE INDEX ON {CAPTURED_MARKS} (initiative_id, month)")
            cursor.execute(f"ANALYZE {CAPTURED_MARKS}")
            for table in TABLES:
                snapshot = self.snapshot_table(table)
                cursor.execute(
                    f"CREATE UNLOGGED TABLE {snapshot} AS {self._select(table, scoped=False)}"
                )
                # Each chunk reads its initiatives' rows by this index and joins them to the
                # stored ones by hashing; the key itself needs no index here.
                cursor.execute(f"CREATE INDEX ON {snapshot} (initiative_id)")
                cursor.execute(f"ANALYZE {snapshot}")

    def _snapshot_writes(self, table: _Table, ids: Sequence[int]) -> list[tuple[str, bool]]:
        """The statements that make a chunk's roll-up rows equal to the snapshot's: update the
        rows that differ, insert the missing ones, delete those without a source. Plain
        statements, not upserts: the rebuild lock keeps every other run away while the
        snapshot is applied, and a plain INSERT costs half of one that checks for conflicts.
        Each answers how many rows it changed outside and inside captured-marked buckets
        (True: it takes `computed_at` as its parameter)."""
        snapshot = self.snapshot_table(table)
        chunk = self._ids(ids)
        plain = [c.strip('"') for c in table.figures]
        columns = (*table.keys, *table.figures)
        match = " AND ".join(f"r.{k} = t.{k}" for k in table.keys)
        differs = " OR ".join(self._distinct(f'r."{c}"', f't."{c}"') for c in plain)
        updates = ", ".join(f'"{c}" = t."{c}"' for c in plain)
        counted = self._counted("w", CAPTURED_MARKS)
        return [
            (
                f"""WITH w AS (
                    UPDATE {table.name} r SET {updates}, computed_at = %s
                    FROM {snapshot} t
                    WHERE {match} AND r.initiative_id IN ({chunk})
                      AND t.initiative_id IN ({chunk}) AND ({differs})
                    RETURNING r.initiative_id, r.month
                ) {counted}""",
                True,
            ),
            (
                f"""WITH w AS (
                    INSERT INTO {table.name} ({", ".join(columns)}, computed_at)
                    SELECT {", ".join(f"t.{c}" for c in columns)}, %s
                    FROM {snapshot} t
                    WHERE t.initiative_id IN ({chunk}) AND NOT EXISTS (
                        SELECT 1 FROM {table.name} r
                        WHERE {match} AND r.initiative_id IN ({chunk})
                    )
                    RETURNING initiative_id, month
                ) {counted}""",
                True,
            ),
            (
                f"""WITH w AS (
                    DELETE FROM {table.name} r
                    WHERE r.initiative_id IN ({chunk}) AND NOT EXISTS (
                        SELECT 1 FROM {snapshot} t
                        WHERE {match} AND t.initiative_id IN ({chunk})
                    )
                    RETURNING r.initiative_id, r.month
                ) {counted}""",
                False,
            ),
        ]

    def snapshot_apply(
        self, initiative_ids: Sequence[int], *, computed_at: datetime.datetime
    ) -> tuple[int, int]:
        """Apply the aggregates of these initiatives (in the caller's transaction, on any
        connection) and delete the marks captured for them that no write has touched since.
        Returns (rows changed in buckets without a captured mark, rows changed in
        captured-marked buckets)."""
        if not initiative_ids:
            return 0, 0
        now = self._datetime(computed_at)
        unmarked = marked = 0
        with self.connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{ROLLUP_WORK_MEM}'")
            for table in TABLES:
                for statement, takes_time in self._snapshot_writes(table, initiative_ids):
                    cursor.execute(statement, [now] if takes_time else [])
                    outside, inside = cursor.fetchone()
                    unmarked += outside
                    marked += inside
            cursor.execute(
                f"DELETE FROM ledger_stalebucket s USING {CAPTURED_MARKS} c "
                "WHERE s.id = c.id AND s.marked_at = c.marked_at "
                f"AND c.initiative_id IN ({self._ids(initiative_ids)})"
            )
        return unmarked, marked

    def snapshot_drop(self) -> None:
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {self.snapshot_table(table)}")
            cursor.execute(f"DROP TABLE IF EXISTS {CAPTURED_MARKS}")
            cursor.execute("RESET work_mem")

    # --- locks (PostgreSQL only: SQLite runs one writer at a time) -------------------------

    def lock_initiatives(self, initiative_ids: Sequence[int]) -> None:
        """Take the transaction-level lock of each initiative, in ascending order (so two runs
        never deadlock), in one statement; a run holding one finishes its chunk first."""
        ids = sorted(set(initiative_ids))
        if not self.postgres or not ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, locked.id) "
                "FROM (SELECT unnest(%s::integer[]) AS id ORDER BY 1) locked",
                [INITIATIVE_LOCK_NAMESPACE, ids],
            )
            cursor.fetchall()

    def hold_run(self, run_id: int) -> None:
        """Hold the run's session lock while it lives: a killed worker's connection ends and
        releases it, which is how the next run knows the run was abandoned."""
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_LOCK_NAMESPACE, run_id])

    def release_run(self, run_id: int) -> None:
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_NAMESPACE, run_id])

    def hold_rebuild(self) -> None:
        """A full rebuild's exclusive session lock: a second rebuild waits for the first, and
        incremental runs (which share it) stay away while a rebuild applies its snapshot."""
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s, 0)", [REBUILD_LOCK_NAMESPACE])

    def release_rebuild(self) -> None:
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, 0)", [REBUILD_LOCK_NAMESPACE])

    def try_share_rebuild(self) -> bool:
        """For an incremental run: False while a full rebuild holds the lock."""
        if not self.postgres:
            return True
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock_shared(%s, 0)", [REBUILD_LOCK_NAMESPACE])
            return bool(cursor.fetchone()[0])

    def release_shared_rebuild(self) -> None:
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock_shared(%s, 0)", [REBUILD_LOCK_NAMESPACE]
                )

    def run_is_alive(self, run_id: int) -> bool | None:
        """Whether some session holds the run's lock; None where the database cannot tell."""
        if not self.postgres:
            return None
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUN_LOCK_NAMESPACE, run_id])
            acquired = cursor.fetchone()[0]
            if acquired:
                cursor.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_NAMESPACE, run_id]
                )
        return not acquired
