"""What a report notebook calls first: `open_report(...)` with its four parameters.

It validates the parameters again (a notebook may be run by papermill
directly, which only warns about unknown ones): called from a notebook, it also
holds the notebook's namespace to the contract, so `papermill NB OUT -p perod 2026-09`
fails naming `perod` instead of reporting the default period. It opens the database read-only,
and finds the check runs of the period and of the one before it, so every
later cell is one call that returns a chart or a table.

A report holds the database file from `open_report` until it is closed, and while
it does no load can write (DuckDB lets no writer in while any process has the file
open). `governance report` keeps its kernels between notebooks, so it closes every
report a notebook opened as soon as the notebook ends: `close_open_reports`.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb
import pandas as pd

from governance.errors import ReportError
from governance.frameworks.pack import FrameworkPack
from governance.i18n import set_language
from governance.period import Period
from governance.reports.parameters import ReportParameters, check_namespace
from governance.reports.stored import StoredScope
from governance.scope import Scope
from governance.store import queries
from governance.store.connection import connect

T = TypeVar("T")

#: how many periods (of the report's kind) the trend charts look back, the report's own included;
#: `governance report` runs the checks of exactly these periods
TREND_PERIODS = 6


@dataclass
class Report:
    """An open report: its parameters and the scope of its period (a read-only connection, the
    framework, the check run it shows); `scope.previous` is the period before, for changes."""

    params: ReportParameters
    scope: Scope
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per report: for a query that several sections of a notebook share."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The scope's read-only cursor."""
        return self.scope.con

    def close(self) -> None:
        """Close the report's scopes and its read-only connection to the database."""
        self.scope.close(connection=True)

    @property
    def run_id(self) -> int:
        """The check run the report shows (open_report refuses a period never checked)."""
        assert self.scope.run_id is not None
        return self.scope.run_id

    @property
    def previous_run_id(self) -> int | None:
        return self.scope.previous.run_id

    @property
    def period(self) -> Period:
        return self.scope.period

    @property
    def previous(self) -> Period:
        return self.scope.previous.period

    @property
    def min_cell(self) -> int:
        return self.params.min_cell

    @property
    def framework(self) -> FrameworkPack:
        return self.scope.pack

    def query(self, sql: str, **parameters: Any) -> pd.DataFrame:
        """Run read-only SQL in the report's scope; `parameters` binds the ones of its own."""
        return self.scope.frame(sql, **parameters)

    def result_runs(self) -> pd.DataFrame:
        """The runs the figures come from: run_id, started_at, checks, check_ids (one row each)."""
        return self.memo(
            "result_runs",
            lambda: self.query(queries.sql("governance.reports", "sql/common/result_runs")),
        )

    def runs_note(self) -> str:
        """`check run 12 (23 checks, 2026-11-02 06:00 UTC)`, one clause per run the figures
        come from; a run that gave only some checks names them."""
        clauses = []
        total = int(self.result_runs()["checks"].sum())
        for row in self.result_runs().itertuples():
            when = f"{row.started_at:%Y-%m-%d %H:%M} UTC"
            which = f"{row.checks} checks" if row.checks == total else f"{row.check_ids}"
            clauses.append(f"check run {row.run_id} ({which}, {when})")
        if not clauses:
            return "no check run"
        return " and ".join(clauses) if len(clauses) < 3 else ", ".join(clauses)

    @property
    def organisation(self) -> str:
        rows = self.con.execute("SELECT name FROM organisation").fetchall()
        return rows[0][0] if rows else ""


def open_report(
    db_path: str, period: str, framework: str = "kz", min_cell: int = 5, lang: str = "en"
) -> Report:
    """Validate the parameters and open the report's scope (the period is parsed here, once).

    >>> report = open_report("out/metrix.duckdb", "2026-10")  # doctest: +SKIP

    Called from a notebook cell (the caller's globals are IPython's user namespace), every
    parameter-like name there must be one of the contract (`check_namespace`).
    """
    _check_notebook_namespace(sys._getframe(1).f_globals)
    params = ReportParameters.validate(
        {
            "db_path": db_path,
            "period": period,
            "framework": framework,
            "min_cell": min_cell,
            "lang": lang,
        }
    )
    # one kernel, one report, one language: every `_()` of the report modules reads it
    set_language(params.lang)
    con = connect(params.db_path, read_only=True)
    try:
        # figures computed on Spark and stored, when this database's events are in a lake
        scope = StoredScope.serving(Scope.open(con, params.period, params.framework))
    except BaseException:
        con.close()
        raise
    if scope.run_id is None:
        con.close()
        raise ReportError(
            f"no check run for {params.period.label} ({params.framework}) in {params.db_path}: "
            f"run 'governance check {params.db_path} --period {params.period.label}' first "
            "('governance report' does this for you)"
        )
    report = Report(params, scope)
    _open_reports[:] = [ref for ref in _open_reports if ref() is not None]
    _open_reports.append(weakref.ref(report))
    return report


def _check_notebook_namespace(caller: dict[str, Any]) -> None:
    """When `caller` is the namespace of an IPython kernel's cells, hold it to the contract."""
    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or caller is not shell.user_ns:
        return
    check_namespace(caller, hidden=shell.user_ns_hidden)


#: the reports opened in this process and not yet known to be closed
_open_reports: list[weakref.ref[Report]] = []


def close_open_reports() -> int:
    """Close every report opened in this process (their connections release the database);
    returns how many were open. A closed report's figures already computed stay readable."""
    closed = 0
    while _open_reports:
        report = _open_reports.pop()()
        if report is not None:
            report.close()
            closed += 1
    return closed
