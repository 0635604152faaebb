"""The consent state at each month end, kept up to date by the load.

Why
    The consent rule (governance/rules/consent_history.sql) needs each pair's whole history:
    whether its consent was ever valid, since when it is withdrawn. Computed from the ledger,
    a month's check or report windowed over every ledger row, so its cost doubled when the
    history did (issue 19: the consent report took 28 s at 10 M events). With the state at
    each month end stored (`consent_checkpoints`, schema/014), a period reads the state at its
    start plus its own events; the rule views carry the stored state into their window.

How it stays right
    * The load refreshes it in the ledger's transaction, right after the append
      (`refresh_after_append`, called by store/ingest/write.py): one set-based statement
      recomputes every month end after the first month the new rows touch (a late event
      changes every later state) from the state at that month's start plus the rows since.
    * `consent_checkpoint_meta` records the ledger's highest seq and row count the states were
      computed from. The rule views read the checkpoints only while both match the ledger, so
      rows appended some other way make them read the whole ledger (slower, never wrong) until
      the next refresh; a database created before schema 014 reads the whole ledger until its
      first load, or `refresh(con)`, builds them.
    * The checkpoints are derived data, not evidence: the ledger is what `governance verify`
      protects. Someone able to write the database can edit a checkpoint while leaving the seq
      and count alone; `verify_checkpoints` recomputes them from the ledger and names the
      month ends that differ (a full pass over the ledger, as `verify` itself is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from governance.store import queries


@dataclass(frozen=True)
class Pending:
    """What a refresh must redo (checkpoint_sql/pending.sql)."""

    built: bool
    intact: bool
    new_rows: int
    since: datetime | None


def _sql(name: str) -> str:
    return queries.sql("governance.store", f"checkpoint_sql/{name}")


def pending(con: duckdb.DuckDBPyConnection) -> Pending:
    """Whether the checkpoints cover the ledger, and from which month on they do not."""
    built, intact, new_rows, since = queries.run(con, _sql("pending")).fetchall()[0]
    return Pending(bool(built), bool(intact), int(new_rows), since)


def refresh(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> None:
    """Recompute the checkpoints at every month end after `since` (a UTC month start; None:
    all of them). The caller owns the transaction."""
    queries.run(con, _sql("refresh"), since=since)


def refresh_after_append(con: duckdb.DuckDBPyConnection) -> Pending:
    """Bring the checkpoints up to date with the ledger after an append: from the first month
    the new rows touch, or from the start when they were never built or rows they were
    computed from are gone (then the ledger is broken too, and `verify` says how)."""
    todo = pending(con)
    if not todo.built or not todo.intact:
        refresh(con, None)
    elif todo.new_rows:
        refresh(con, todo.since)
    return todo


def verify_checkpoints(con: duckdb.DuckDBPyConnection) -> list[datetime]:
    """The month ends whose stored state differs from one recomputed from the ledger (empty:
    the checkpoints are right, or were never built). Needs a connection that may write: the
    recomputation runs in a transaction that is rolled back."""
    if not pending(con).built:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE TEMP TABLE checkpoint_stored AS SELECT * FROM consent_checkpoints")
        refresh(con, None)
        return [row[0] for row in queries.run(con, _sql("differing")).fetchall()]
    finally:
        con.execute("ROLLBACK")
