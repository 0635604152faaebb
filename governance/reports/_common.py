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

from governance.i18n import N_, _, formats, ngettext
from governance.period import PeriodKind
from governance.reports.notebook import Report
from governance.reports.suppression import is_suppressed, suppress_columns, suppression_note
from governance.store import queries
from governance.viz.tables import HtmlBlock, html_table, text_block

#: how many months the trend charts cover, ending with the report period's last month
TREND_MONTHS = 12
_PERIOD_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}

#: each framework pack as a reader names it (the pack's own `name` is the maintainers' English)
FRAMEWORK_NAMES = {
    "kz": N_("Law of the Republic of Kazakhstan No. 94-V On personal data and their protection"),
    "gdpr": N_("EU General Data Protection Regulation (GDPR) and ePrivacy Art. 5(3)"),
}

#: what each request type asks for, in the words of every report (a reader sees these, not
#: codes); the two objections differ: Art. 19-1 of the KZ law gives a deadline only to one
#: against an automated decision
REQUEST_TYPES = {
    "access": N_("Access to their data"),
    "rectification": N_("Correction"),
    "erasure": N_("Erasure"),
    "restriction": N_("Restriction (blocking)"),
    "objection": N_("Objection to processing"),
    "objection_automated": N_("Objection to automated decisions"),
    "portability": N_("A copy of their data"),
    "withdraw_consent": N_("Withdrawal of consent"),
}


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
    """`0.9731` -> `'97.3 %'` (`'97,3 %'` in Russian); missing -> `'-'`."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "-"
    return formats.percent(float(value))


def statistic(value: float | None, count: float | None, min_cell: int, digits: int = 1) -> str:
    """A statistic (median, maximum...) over `count` cases, hidden when `count` is small.

    The median of two requests is nearly the duration of one person's request.
    """
    if count is None or pd.isna(count) or count == 0 or is_suppressed(count, min_cell):
        return "-"
    if value is None or pd.isna(value):
        return "-"
    return formats.decimal(float(value), digits)


def chart_gaps(
    frame: pd.DataFrame, numerator: str, denominator: str, min_cell: int, what: str
) -> str:
    """The subtitle of a rate chart saying why its lines have gaps: a month whose rate is not
    given because its counts are small, or a month with no data at all (`what`: the unit)."""
    small = sum(
        bool(d) and (is_suppressed(n, min_cell) or is_suppressed(d, min_cell))
        for n, d in zip(frame[numerator], frame[denominator], strict=True)
    )
    empty = sum(not d or pd.isna(d) for d in frame[denominator])
    parts = []
    if small:
        parts.append(
            _("a gap is a month with fewer than {min_cell} {what}: its rate is not given").format(
                min_cell=min_cell, what=what
            )
        )
    if empty:
        parts.append(_("a missing point is a month with no data"))
    return "; ".join(parts)


def suppressed_chart_note(frame: pd.DataFrame, column: str, min_cell: int) -> str:
    """The subtitle of a count chart whose small counts are not drawn but marked `<min_cell`."""
    if not frame[column].isna().any() or min_cell <= 1:
        return ""
    return _(
        "<{min_cell}: fewer than {min_cell}, not drawn so that no person is singled out"
    ).format(min_cell=min_cell)


def _runs_note(report: Report) -> str:
    """`check run 12 (23 checks, 2 Nov 2026 06:00 UTC)`, in the report's language: one clause
    per run the figures come from (`Report.runs_note` is the English, for logs)."""
    runs = report.result_runs()
    total = int(runs["checks"].sum())
    clauses = []
    for row in runs.itertuples():
        which = (
            ngettext("{n} check", "{n} checks", int(row.checks)).format(n=formats.count(row.checks))
            if row.checks == total
            else f"{row.check_ids}"
        )
        clauses.append(
            _("check run {run} ({which}, {when} UTC)").format(
                run=row.run_id, which=which, when=formats.date_time(row.started_at)
            )
        )
    if not clauses:
        return _("no check run")
    return (_(" and ") if len(clauses) < 3 else ", ").join(clauses)


def scope(report: Report) -> HtmlBlock:
    """One line saying whose report this is, for which period, and how small counts show."""
    period = report.period
    last_day = period.end - dt.timedelta(days=1)
    trend_start = _months_before(period.end, TREND_MONTHS)
    organisation = report.query("SELECT first(name) AS name FROM organisation")["name"].iloc[0]
    small = (
        _(
            "Counts from 1 to {largest} are shown as <{min_cell}, and rates and statistics over "
            "so few cases are not given"
        ).format(largest=formats.count(report.min_cell - 1), min_cell=report.min_cell)
        if report.min_cell > 1
        else _("No count is suppressed (min_cell 1)")
    )
    return text_block(
        _(
            "{organisation}: period {period} ({start} to {end}), framework {framework}; figures "
            "from {runs}. Trends cover {trend_start} to {trend_end}. {small}; no person is named."
        ).format(
            organisation=organisation or _("The organisation"),
            period=period.label,
            start=formats.date(period.start),
            end=formats.date(last_day),
            framework=_(FRAMEWORK_NAMES.get(report.framework.id, report.framework.name)),
            runs=_runs_note(report),
            trend_start=formats.month(trend_start),
            trend_end=formats.month(last_day),
            small=small,
        ),
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
    cells = [v for c in counts if c in frame.columns for v in frame[c]]
    hidden = [is_suppressed(v, min_cell) for v in cells]
    if any(hidden):
        # a `<5` must say what it is, and a table of nothing but `<5` why it looks empty
        note = suppression_note(min_cell, everything=all(hidden))
        options["note"] = f"{options['note']} {note}" if options.get("note") else note
    table = html_table(suppress_columns(frame, counts, min_cell), **options)
    aligned = [c for c in (*counts, *figures) if c in frame.columns]
    return table.cols_align(align="right", columns=aligned) if aligned else table
