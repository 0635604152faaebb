"""What every report content module shares: its SQL, its time windows, how figures are shown.

Kept private to the package: notebooks call the report modules, which re-export
`scope`, so a notebook imports one module only.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from great_tables import GT

from governance.period import PeriodKind
from governance.reports.notebook import Report
from governance.reports.suppression import is_suppressed, suppress_columns
from governance.store import queries
from governance.viz.tables import HtmlBlock, html_table, text_block

#: how many months the trend charts cover, ending with the report period's last month
TREND_MONTHS = 12
_PERIOD_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def read_sql(report_name: str, query: str) -> str:
    """The text of `sql/<report_name>/<query>.sql`, shipped as package data."""
    return queries.sql("governance.reports", f"sql/{report_name}/{query}")


def run_sql(report: Report, report_name: str, query: str, **parameters: Any) -> pd.DataFrame:
    """Run one shipped query in the report's scope (its period and check run come from the
    scope table); `parameters` binds the query's own (a trend window)."""
    return report.query(read_sql(report_name, query), **parameters)


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def trend_window(report: Report) -> dict[str, Any]:
    """Parameters of the monthly windows of a trend: the 12 months up to the period end."""
    start = _months_before(report.period.end, TREND_MONTHS)
    return {
        "window_start": dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC),
        "window_end": report.period.end_ts,
        "step_months": 1,
    }


def period_window(report: Report) -> dict[str, Any]:
    """Parameters of one window covering the report period (a month, quarter or year)."""
    return {
        "window_start": report.period.start_ts,
        "window_end": report.period.end_ts,
        "step_months": _PERIOD_MONTHS[report.period.kind],
    }


def counts_for_chart(frame: pd.DataFrame, columns: list[str], min_cell: int) -> pd.DataFrame:
    """A copy whose small counts are missing: a bar's height would show what `<5` hides."""
    out = frame.copy()
    for column in columns:
        out[column] = [None if is_suppressed(v, min_cell) else v for v in out[column]]
        out[column] = out[column].astype("Float64")
    return out


def rate_where_counted(
    frame: pd.DataFrame, rate: str, numerator: str, denominator: str, min_cell: int
) -> pd.DataFrame:
    """A copy whose `rate` is missing where its numerator or denominator is a small count.

    A share of 1 out of 3, or 2 out of a total shown elsewhere, tells as much as
    the count it comes from.
    """
    out = frame.copy()
    out[rate] = [
        None if not d or is_suppressed(n, min_cell) or is_suppressed(d, min_cell) else r
        for r, n, d in zip(out[rate], out[numerator], out[denominator], strict=True)
    ]
    out[rate] = out[rate].astype("Float64")
    return out


def percent(value: float | None) -> str:
    """`0.9731` -> `'97.3%'`; missing -> `'-'`."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "-"
    return f"{value:.1%}"


def statistic(value: float | None, count: float | None, min_cell: int, digits: int = 1) -> str:
    """A statistic (median, maximum...) over `count` cases, hidden when `count` is small.

    The median of two requests is nearly the duration of one person's request.
    """
    if count is None or pd.isna(count) or count == 0 or is_suppressed(count, min_cell):
        return "-"
    if value is None or pd.isna(value):
        return "-"
    return f"{value:,.{digits}f}"


def scope(report: Report) -> HtmlBlock:
    """One line saying whose report this is, for which period, and how small counts show."""
    period = report.period
    last_day = period.end - dt.timedelta(days=1)
    trend_start = _months_before(period.end, TREND_MONTHS)
    organisation = report.query("SELECT first(name) AS name FROM organisation")["name"].iloc[0]
    small = (
        f"Counts from 1 to {report.min_cell - 1} are shown as <{report.min_cell}, and rates and "
        "statistics over so few cases are not given"
        if report.min_cell > 1
        else "No count is suppressed (min_cell 1)"
    )
    return text_block(
        f"{organisation or 'The organisation'}: period {period.label} "
        f"({period.start:%d %b %Y} to {last_day:%d %b %Y}), "
        f"framework {report.framework.name}; figures from {report.runs_note()}. "
        f"Trends cover {trend_start:%b %Y} to {last_day:%b %Y}. {small}; no person is named.",
        css_class="gov-scope",
    )


def count_table(
    frame: pd.DataFrame,
    counts: list[str],
    min_cell: int,
    *,
    figures: tuple[str, ...] = (),
    **options: Any,
) -> GT:
    """`html_table` of `frame` with its `counts` suppressed, counts and `figures` right-aligned.

    great_tables aligns a column of strings left, and suppressed counts are strings.
    """
    table = html_table(suppress_columns(frame, counts, min_cell), **options)
    aligned = [c for c in (*counts, *figures) if c in frame.columns]
    return table.cols_align(align="right", columns=aligned) if aligned else table
