"""Read runs, findings and history as DataFrames: the API notebooks and reports call.

Everything here only reads, so it works on the read-only connections that
notebooks use while a scheduled job writes.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from governance import scope
from governance.period import Period
from governance.store import queries


def _query(name: str) -> str:
    return queries.sql("governance.checks", f"queries/{name}")


def latest_runs(con: duckdb.DuckDBPyConnection, framework: str = "kz") -> pd.DataFrame:
    """The latest completed run of every period checked under `framework`."""
    return queries.frame(con, _query("latest_runs"), framework=framework)


def latest_run_id(
    con: duckdb.DuckDBPyConnection, period: Period | str, framework: str = "kz"
) -> int | None:
    """Id of the latest completed run for `period`, or None if it was never checked."""
    return scope.latest_run_id(con, Period.of(period), framework)


def check_results(con: duckdb.DuckDBPyConnection, run_id: int) -> pd.DataFrame:
    """One row per check of the run: status, count, severity, section, articles, error."""
    return con.execute(
        "SELECT * EXCLUDE (run_id) FROM check_results WHERE run_id = ? ORDER BY check_id", [run_id]
    ).df()


def findings(
    con: duckdb.DuckDBPyConnection, run_id: int, check_id: str | None = None
) -> pd.DataFrame:
    """The violating rows of a run; with `check_id`, the check's own columns, expanded."""
    if check_id is None:
        return con.execute(
            "SELECT check_id, severity, finding_key, details FROM findings WHERE run_id = ? "
            "ORDER BY check_id, finding_key",
            [run_id],
        ).df()
    details = con.execute(
        "SELECT details FROM findings WHERE run_id = ? AND check_id = ? ORDER BY finding_key",
        [run_id, check_id],
    ).fetchall()
    return pd.DataFrame([json.loads(d) for (d,) in details])


def history(
    con: duckdb.DuckDBPyConnection, framework: str = "kz", period_kind: str = "month"
) -> pd.DataFrame:
    """Findings per check per period (latest run of each period of that kind)."""
    return queries.frame(con, _query("history"), framework=framework, period_kind=period_kind)


def previous_run_id(con: duckdb.DuckDBPyConnection, run_id: int) -> int | None:
    """The latest earlier completed run of the same framework and period kind."""
    row = con.execute(
        """
        SELECT p.run_id FROM check_runs c JOIN check_runs p
          ON p.framework = c.framework AND p.period_kind = c.period_kind
         AND p.status <> 'running'
         AND (p.period_start, p.started_at, p.run_id) < (c.period_start, c.started_at, c.run_id)
        WHERE c.run_id = ?
        ORDER BY p.period_start DESC, p.started_at DESC, p.run_id DESC
        LIMIT 1
        """,
        [run_id],
    ).fetchone()
    return int(row[0]) if row else None


def compare_runs(
    con: duckdb.DuckDBPyConnection, run_id: int, previous: int | None = None
) -> pd.DataFrame:
    """Each finding of `run_id` or of the previous run, marked new, still_open or resolved."""
    previous = previous if previous is not None else previous_run_id(con, run_id)
    return queries.frame(con, _query("compare_runs"), run_id=run_id, previous_run_id=previous or -1)
