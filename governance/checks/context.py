"""The tables a check reads besides the data: period, thresholds, deadlines, working days.

Checks are plain SQL over tables, so everything they need from Python (the
period, the framework's figures, the calendar) is put into small TEMP tables
first. TEMP tables work on read-only connections too, so an analyst can run a
check's SQL by hand after `prepare_context`.
"""

from __future__ import annotations

from importlib import resources

import duckdb
import pandas as pd

from governance.frameworks.calendar import working_days
from governance.frameworks.pack import FrameworkPack
from governance.period import Period

#: years the calendar covers around the period: data reaches back, deadlines reach forward
_YEARS_BACK, _YEARS_AHEAD = 6, 1


#: the views built on the context tables, created after them (context_sql/<view>.sql)
CONTEXT_VIEWS = ("request_deadlines",)


def context_view_sql(view: str) -> str:
    """The CREATE VIEW statement of a context view, in DuckDB's dialect."""
    sql = resources.files("governance.checks").joinpath("context_sql", f"{view}.sql")
    return sql.read_text(encoding="utf-8")


def context_frames(period: Period, pack: FrameworkPack) -> dict[str, pd.DataFrame]:
    """The context tables as DataFrames: check_context, framework_thresholds, dsr_deadlines,
    working_days. Shared by DuckDB (TEMP tables) and Spark (temp views)."""
    context = pd.DataFrame(
        [
            {
                "period": period.label,
                "period_start": period.start_ts,
                "period_end": period.end_ts,
                "framework": pack.id,
                "timezone": pack.timezone,
            }
        ]
    )
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
    calendar = working_days(
        pack.jurisdiction, period.start.year - _YEARS_BACK, period.end.year + _YEARS_AHEAD
    )
    return {
        "check_context": context,
        "framework_thresholds": thresholds,
        "dsr_deadlines": deadlines,
        "working_days": calendar,
    }


def prepare_context(con: duckdb.DuckDBPyConnection, period: Period, pack: FrameworkPack) -> None:
    """(Re)create check_context, framework_thresholds, dsr_deadlines, working_days and the
    request_deadlines view."""
    for name, frame in context_frames(period, pack).items():
        con.register("context_frame", frame)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM context_frame")
    con.unregister("context_frame")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE check_context AS SELECT period, "
        "period_start::TIMESTAMPTZ AS period_start, period_end::TIMESTAMPTZ AS period_end, "
        "framework, timezone FROM check_context"
    )
    for view in CONTEXT_VIEWS:
        # fetchall: DuckDB 2.0 keeps a statement open until its result is read, even for DDL
        con.execute(context_view_sql(view)).fetchall()
