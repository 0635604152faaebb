"""The scope of a command: this database, this period, this framework, and the run to read.

Checks, figures, report content and explorers all ask the same questions of a period: which
events fall in it, what the framework's figures are, what a working day is, when a request was
due, whether a subject had consent. A `Scope` is made once per command (or report) and answers
them in one way:

* the period, the framework, its time zone and the check run to read are one row of the TEMP
  table `scope`; every shipped query reads the period from there, never from a parameter;
* the framework's figures and the working-day calendar are TEMP tables
  (`framework_thresholds`, `dsr_deadlines`, `working_days`);
* rules the law states once and several queries need are TEMP views created here, once, from
  `governance/rules/` (`request_deadlines`, `consent_processing`, `consent_instants`,
  `consent_states`); the Spark engine transpiles the same files.

The TEMP objects live on a cursor of the scope's own (DuckDB keeps TEMP objects per
connection), so a report can hold the scope of its period and of the previous one at once, and
they work on read-only connections, where notebooks and explorers stay.

>>> scope = Scope.open(con, Period.parse("2026-10"), "kz")  # doctest: +SKIP
>>> scope.frame(queries.sql("governance.metrics", "sql/withdrawals"))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import pandas as pd

from governance.frameworks.calendar import working_days
from governance.frameworks.pack import FrameworkPack, load_pack
from governance.period import Period
from governance.store import queries

#: years the calendar covers around the period: data reaches back, deadlines reach forward
_YEARS_BACK, _YEARS_AHEAD = 6, 1

#: the shared rule views, in the order they are created (a view may read the ones before it)
RULE_VIEWS = ("request_deadlines", "consent_processing", "consent_instants", "consent_states")

#: marks "find the latest completed run of the period" (the default of `Scope.open`)
LATEST = "latest"


def rule_sql(name: str) -> str:
    """The text of `governance/rules/<name>.sql`, in DuckDB's dialect."""
    return queries.sql("governance", f"rules/{name}")


def latest_run_id(con: duckdb.DuckDBPyConnection, period: Period, framework: str) -> int | None:
    """The latest completed check run of `period` under `framework`, or None if never checked."""
    rows = queries.run(
        con, rule_sql("latest_run"), period=period.label, framework=framework
    ).fetchall()
    return int(rows[0][0]) if rows else None


@lru_cache(maxsize=8)
def _calendar(jurisdiction: str | None, first_year: int, last_year: int) -> pd.DataFrame:
    return working_days(jurisdiction, first_year, last_year)


def scope_frames(period: Period, pack: FrameworkPack, run_id: int | None) -> dict[str, Any]:
    """The scope's tables as DataFrames: `scope` (as `scope_frame`, typed by rules/scope.sql),
    `framework_thresholds`, `dsr_deadlines`, `working_days`. DuckDB makes TEMP tables of them,
    Spark temp views."""
    row = pd.DataFrame(
        [
            {
                "period": period.label,
                "period_kind": str(period.kind),
                "period_start": period.start_ts,
                "period_end": period.end_ts,
                "framework": pack.id,
                "timezone": pack.timezone,
                "run_id": run_id,
            }
        ]
    ).astype({"run_id": "Int64"})
    thresholds = pd.DataFrame(
        [{"name": name, "value": t.value} for name, t in pack.thresholds.items()],
        columns=["name", "value"],
    ).astype({"value": "float64"})
    deadlines = pd.DataFrame(
        [
            {
                "request_type": request_type,
                "working_days": d.working_days,
                "months": d.months,
                "extension_months": d.extension_months,
            }
            for request_type, d in pack.dsr_deadlines.items()
        ]
    ).astype({"working_days": "Int64", "months": "Int64", "extension_months": "Int64"})
    calendar = _calendar(
        pack.jurisdiction, period.start.year - _YEARS_BACK, period.end.year + _YEARS_AHEAD
    )
    return {
        "scope_frame": row,
        "framework_thresholds": thresholds,
        "dsr_deadlines": deadlines,
        "working_days": calendar,
    }


@dataclass
class Scope:
    """An open scope: its own cursor holding the scope's TEMP tables and rule views.

    `run_id` is the check run whose findings the scope's figures read (None: never checked).
    """

    con: duckdb.DuckDBPyConnection
    period: Period
    pack: FrameworkPack
    run_id: int | None
    _source: duckdb.DuckDBPyConnection = field(repr=False)
    _previous: Scope | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        con: duckdb.DuckDBPyConnection,
        period: Period,
        framework: str | FrameworkPack = "kz",
        *,
        run_id: int | str | None = LATEST,
    ) -> Scope:
        """Make the scope of `period` on a new cursor of `con`.

        `run_id`: the run to read; by default the latest completed run of the period
        (None when it was never checked). The check runner passes None: it writes a run.
        """
        pack = framework if isinstance(framework, FrameworkPack) else load_pack(framework)
        if run_id == LATEST:
            run_id = latest_run_id(con, period, pack.id)
        cursor = con.cursor()
        scope = cls(cursor, period, pack, run_id if isinstance(run_id, int) else None, con)
        scope._create()
        return scope

    def _create(self) -> None:
        for name, frame in scope_frames(self.period, self.pack, self.run_id).items():
            self.con.register("scope_source", frame)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM scope_source")
            self.con.unregister("scope_source")
        queries.run(self.con, rule_sql("scope")).fetchall()
        self.con.execute("DROP TABLE scope_frame")
        for view in RULE_VIEWS:
            queries.run(self.con, rule_sql(view)).fetchall()

    @property
    def previous(self) -> Scope:
        """The scope of the period before, with that period's latest run (made once)."""
        if self._previous is None:
            self._previous = Scope.open(self._source, self.period.previous(), self.pack)
        return self._previous

    def narrow(self, start: dt.datetime, end: dt.datetime, label: str) -> None:
        """Point the scope at `[start, end)` inside its period (the analysts' week queue): the
        rule views and a check's own SQL then answer for that window."""
        queries.run(
            self.con, rule_sql("narrow"), window_start=start, window_end=end, label=label
        ).fetchall()

    def run(self, sql_text: str, /, **params: Any) -> Any:
        """Execute shipped SQL in this scope (`queries.run`); the cursor holds the result."""
        return queries.run(self.con, sql_text, **params)

    def frame(self, sql_text: str, /, **params: Any) -> pd.DataFrame:
        """Shipped SQL's last statement in this scope, as a DataFrame."""
        return queries.frame(self.con, sql_text, **params)

    def records(self, sql_text: str, /, **params: Any) -> list[dict[str, Any]]:
        """Shipped SQL's last statement in this scope, as dicts of DuckDB's Python values."""
        return queries.records(self.con, sql_text, **params)

    def close(self) -> None:
        """Close the scope's cursors (the connection it was opened on stays open)."""
        if self._previous is not None:
            self._previous.close()
        self.con.close()
