"""The DPO's data subject request report: volumes, time to answer, deadlines kept, overdue.

Deadlines come from the framework pack and are computed in SQL against the same
working-day calendar the checks use (`governance.checks.context` prepares it on
the read-only connection as TEMP tables). Requests are counted, never listed:
the view every query reads has no request or subject id (the count of records
kept under a legal duty after an erasure joins requests and records itself and
returns three counts), and an analyst who needs the rows opens the `dsr.overdue`
findings instead.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from great_tables import GT

from governance.frameworks.pack import DsrDeadline
from governance.reports._common import (
    count_table,
    counts_for_chart,
    percent,
    rate_where_counted,
    read_sql,
    run_sql,
    scope,
    statistic,
    trend_window,
)
from governance.reports.notebook import Report
from governance.reports.suppression import suppress_count
from governance.viz import SvgChart, bar_chart
from governance.viz.tables import HtmlBlock, text_block

__all__ = [
    "overdue_requests",
    "received_trend",
    "requests_by_type",
    "scope",
    "sla_compliance",
    "time_to_complete",
]

_NAME = "dsr_report"


def _query(report: Report, name: str, **parameters: object) -> pd.DataFrame:
    """Run `name` once the report's view of the scope's `request_deadlines` (the deadlines
    dsr.overdue reads, without identifiers) exists in the report's scope."""
    report.memo(
        "dsr_report.request_deadlines",
        lambda: report.scope.run(read_sql(_NAME, "request_deadlines")).fetchall(),
    )
    return run_sql(report, _NAME, name, **parameters)


def deadline_label(deadline: DsrDeadline | None) -> str:
    """`15 working days, Art. 8(7), since 16 Jan 2026`; a figure the law does not fix, or a
    request type without a deadline, says so."""
    if deadline is None:
        return "no deadline in the framework"
    if deadline.working_days is not None:
        text = f"{deadline.working_days} working day{'s' if deadline.working_days != 1 else ''}"
    elif deadline.months is not None:
        text = f"{deadline.months} month{'s' if deadline.months != 1 else ''}"
        if deadline.extension_months:
            text += f" (+{deadline.extension_months} if extended)"
    else:
        text = "no deadline in the law, not judged"
    text += f", {deadline.article}" if deadline.article else ""
    if deadline.valid_from is not None:
        text += f", since {deadline.valid_from:%d %b %Y}"
    has_term = deadline.working_days is not None or deadline.months is not None
    return text if deadline.confirmed or not has_term else f"{text}; default, not fixed by the law"


def _with_deadlines(report: Report, frame: pd.DataFrame) -> pd.DataFrame:
    """The deadline of each type in force on the period's last day (the version that applied
    to requests received then; requests received earlier may have had another)."""
    last_day = report.period.end - dt.timedelta(days=1)
    out = frame.copy()
    out.insert(
        1,
        "deadline",
        [deadline_label(report.framework.deadline(t, last_day)) for t in out["request_type"]],
    )
    return out


def _type_label(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["request_type"] = out["request_type"].str.replace("_", " ")
    return out


def requests_by_type(report: Report) -> GT:
    """Per request type: received and answered in the period, open at its end; and a sentence
    on the records a legal duty keeps after the erasures completed in the period."""
    frame = _query(report, "by_type")
    counts = ["received", "answered", "rejected", "open_at_end"]
    table = count_table(
        _type_label(frame),
        counts,
        report.min_cell,
        title=f"Requests by type, {report.period.label}",
        labels={
            "request_type": "Request type",
            "received": "Received",
            "answered": "Answered",
            "rejected": "of which refused",
            "open_at_end": "Open at period end",
        },
        note="Answered: completed or refused with reasons in the period (a refusal recorded "
        "without its time counts in the period it was received).",
    )
    return table.tab_source_note(_kept_by_law_sentence(report))


def _kept_by_law_sentence(report: Report) -> str:
    """How many records a legal duty keeps after the erasures completed in the period (their
    retention rule's legal basis is a legal obligation), counts only, suppressed."""
    row = run_sql(report, _NAME, "erasures_kept_by_law").iloc[0]
    if int(row["erasures"]) == 0:
        return f"No erasure was completed in {report.period.label}."
    erasures, kept, concerned = (
        suppress_count(row[c], report.min_cell)
        for c in ("erasures", "kept_records", "erasures_with_kept_records")
    )
    return (
        f"Erasures completed in {report.period.label}: {erasures}; records kept under a legal "
        f"duty after them (their retention rule's legal basis is a legal obligation): {kept}, "
        f"for {concerned} of these erasures. The check dsr.erasure_incomplete does not count them."
    )


def received_trend(report: Report) -> SvgChart:
    """Requests received per month over the 12 months to the period end."""
    frame = counts_for_chart(
        _query(report, "received_trend", **trend_window(report)), ["received"], report.min_cell
    )
    return bar_chart(
        frame,
        "month:O",
        "received:Q",
        title=f"Requests received per month (months with fewer than {report.min_cell} not drawn)",
        y_title="requests",
    )


def sla_compliance(report: Report) -> GT:
    """Per request type: the deadline, answers in time, and open requests past the deadline."""
    frame = _query(report, "sla")
    frame = rate_where_counted(frame, "in_time_share", "in_time", "answered", report.min_cell)
    frame["in_time_share"] = frame["in_time_share"].map(percent)
    counts = ["answered", "in_time", "late", "open_past_deadline"]
    return count_table(
        _type_label(_with_deadlines(report, frame)),
        counts,
        report.min_cell,
        figures=("in_time_share",),
        title=f"Deadlines kept, {report.period.label}",
        subtitle=f"Deadlines of the framework pack: {report.framework.name}",
        labels={
            "request_type": "Request type",
            "deadline": "Deadline",
            "answered": "Answered",
            "in_time": "In time",
            "late": "Late",
            "in_time_share": "Share in time",
            "open_past_deadline": "Open past deadline at period end",
        },
        note="A share over fewer requests than the smallest count shown is not given. A refusal "
        "recorded without its time is answered but neither in time nor late.",
    )


def time_to_complete(report: Report) -> GT | HtmlBlock:
    """Per request type: median and 90th percentile days to answer, working days."""
    frame = _query(report, "time_to_complete")
    if frame.empty:
        return text_block(f"No request was answered in {report.period.label}.")
    for column, digits in (
        ("median_days", 1),
        ("p90_days", 1),
        ("median_working_days", 1),
        ("max_working_days", 0),
    ):
        frame[column] = [
            statistic(v, n, report.min_cell, digits)
            for v, n in zip(frame[column], frame["answered"], strict=True)
        ]
    return count_table(
        _type_label(frame),
        ["answered"],
        report.min_cell,
        figures=("median_days", "p90_days", "median_working_days", "max_working_days"),
        title=f"Time to answer, requests answered in {report.period.label}",
        labels={
            "request_type": "Request type",
            "answered": "Answered",
            "median_days": "Median, days",
            "p90_days": "90th percentile, days",
            "median_working_days": "Median, working days",
            "max_working_days": "Longest, working days",
        },
        note="Working days in the framework's calendar, from the local date of receipt.",
    )


def overdue_requests(report: Report) -> GT | HtmlBlock:
    """Requests past their deadline (the dsr.overdue findings of the run), by type, no ids."""
    frame = run_sql(report, _NAME, "overdue")
    if frame.empty:
        return text_block(f"No request was past its deadline in {report.period.label}.")
    frame["longest_days_late"] = [
        statistic(v, n, report.min_cell, 0)
        for v, n in zip(frame["longest_days_late"], frame["overdue"], strict=True)
    ]
    counts = ["overdue", "open_at_end", "answered_late"]
    return count_table(
        _type_label(frame),
        counts,
        report.min_cell,
        figures=("longest_days_late",),
        title=f"Requests past their deadline, {report.period.label}",
        subtitle="From the dsr.overdue check; the requests themselves are in its findings",
        labels={
            "request_type": "Request type",
            "overdue": "Past deadline",
            "open_at_end": "Still open at period end",
            "answered_late": "Answered late in the period",
            "longest_days_late": "Longest delay, days",
        },
    )
