"""What a report notebook calls first: `open_report(...)` with its four parameters.

It validates the parameters again (a notebook may be run by papermill
directly, which only warns about unknown ones), opens the database read-only,
and finds the check runs of the period and of the one before it, so every
later cell is one call that returns a chart or a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb
import pandas as pd

from governance.checks.findings import latest_run_id
from governance.errors import ReportError
from governance.frameworks.pack import FrameworkPack, load_pack
from governance.period import Period
from governance.reports.parameters import ReportParameters
from governance.store.connection import connect

T = TypeVar("T")


@dataclass
class Report:
    """An open report: parameters, a read-only connection and the check runs it shows."""

    params: ReportParameters
    con: duckdb.DuckDBPyConnection
    run_id: int
    previous_run_id: int | None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per report: for a query that several sections of a notebook share."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def period(self) -> Period:
        return self.params.period

    @property
    def previous(self) -> Period:
        return self.params.period.previous()

    @property
    def min_cell(self) -> int:
        return self.params.min_cell

    @property
    def framework(self) -> FrameworkPack:
        return load_pack(self.params.framework)

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run read-only SQL with the period bound as $period_start / $period_end."""
        bound = {
            "period_start": self.period.start_ts,
            "period_end": self.period.end_ts,
            **(parameters or {}),
        }
        used = {k: v for k, v in bound.items() if f"${k}" in sql}
        return self.con.execute(sql, used).df()

    @property
    def organisation(self) -> str:
        # fetchall, not fetchone: DuckDB 2.0 keeps an unfinished result open after fetchone,
        # and the next register() on this connection would fail
        rows = self.con.execute("SELECT name FROM organisation").fetchall()
        return rows[0][0] if rows else ""


def open_report(db_path: str, period: str, framework: str = "kz", min_cell: int = 5) -> Report:
    """Validate the parameters and open the report's data.

    >>> report = open_report("out/metrix.duckdb", "2026-10")  # doctest: +SKIP
    """
    params = ReportParameters.validate(
        {"db_path": db_path, "period": period, "framework": framework, "min_cell": min_cell}
    )
    con = connect(params.db_path, read_only=True)
    run_id = latest_run_id(con, params.period, params.framework)
    if run_id is None:
        con.close()
        raise ReportError(
            f"no check run for {params.period.label} ({params.framework}) in {params.db_path}: "
            f"run 'governance check {params.db_path} --period {params.period.label}' first "
            "('governance report' does this for you)"
        )
    previous = latest_run_id(con, params.period.previous(), params.framework)
    return Report(params, con, run_id, previous)
