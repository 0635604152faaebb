"""Read runs, findings and history as DataFrames: the API notebooks and reports call.

Everything here only reads, so it works on the read-only connections that
notebooks use while a scheduled job writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from governance import scope
from governance.checks.registry import Severity
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


@dataclass(frozen=True)
class FindingRows:
    """The findings a person or a scheduler acts on, with where they come from.

    `rows`: one dict per finding (run_id, check_id, title, severity, finding_key, details as a
    dict of the check's own columns). `results`: each check's result they come from (run_id,
    check_id, severity, status, finding_count, error_message), so a check that errored or
    found nothing is visible too. `run_id` is set when one run was asked for.
    """

    period: str
    framework: str
    run_id: int | None
    rows: list[dict[str, Any]]
    results: list[dict[str, Any]]

    @property
    def runs(self) -> list[int]:
        """The runs the results come from (several after partial re-runs)."""
        return sorted({int(r["run_id"]) for r in self.results})


def _wanted(check_ids: Sequence[str] | None, severity: Severity | None) -> dict[str, Any]:
    floor = severity or Severity.LOW
    return {
        "check_ids": list(check_ids) if check_ids else None,
        "severities": [str(s) for s in Severity if s >= floor],
    }


def _decoded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "details": json.loads(row["details"])} for row in rows]


def latest_checked_period(con: duckdb.DuckDBPyConnection, framework: str = "kz") -> str | None:
    """The period of the latest completed run under `framework`, or None if none ran."""
    rows = queries.records(con, _query("latest_checked_period"), framework=framework)
    return rows[0]["period"] if rows else None


def run_of_id(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, Any] | None:
    """One run's id, period, framework and status, or None when there is no such run."""
    rows = queries.records(con, _query("run_of_id"), run_id=run_id)
    return rows[0] if rows else None


def superseded_run_id(con: duckdb.DuckDBPyConnection, run_id: int) -> int | None:
    """The earlier completed run of the same period and framework that `run_id` supersedes."""
    rows = queries.records(con, _query("superseded_run"), run_id=run_id)
    return int(rows[0]["run_id"]) if rows else None


def latest_finding_rows(
    con: duckdb.DuckDBPyConnection,
    period: Period | str,
    framework: str = "kz",
    *,
    check_ids: Sequence[str] | None = None,
    severity: Severity | None = None,
) -> FindingRows:
    """The findings of each check's latest result for `period` (what a report shows), at or
    above `severity`, of `check_ids` (all by default).

    >>> latest_finding_rows(con, "2026-10", severity=Severity.HIGH).rows  # doctest: +SKIP
    """
    period = Period.of(period)
    opened = scope.Scope.open(con, period, framework, run_id=None)
    try:
        wanted = _wanted(check_ids, severity)
        rows = opened.records(_query("latest_findings"), **wanted)
        results = opened.records(_query("latest_result_counts"), **wanted)
    finally:
        opened.close()
    return FindingRows(period.label, opened.pack.id, None, _decoded(rows), results)


def run_finding_rows(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    *,
    check_ids: Sequence[str] | None = None,
    severity: Severity | None = None,
) -> FindingRows | None:
    """The findings one run stored (None when there is no run `run_id`)."""
    run = run_of_id(con, run_id)
    if run is None:
        return None
    wanted = _wanted(check_ids, severity)
    rows = queries.records(con, _query("run_findings"), run_id=run_id, **wanted)
    results = queries.records(con, _query("run_result_counts"), run_id=run_id, **wanted)
    return FindingRows(run["period"], run["framework"], run_id, _decoded(rows), results)
