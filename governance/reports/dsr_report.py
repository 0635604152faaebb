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
import re

import pandas as pd
from great_tables import GT

from governance.frameworks.pack import DsrDeadline
from governance.i18n import _, current_language, formats, ngettext
from governance.reports._common import (
    REQUEST_TYPES,
    count_table,
    counts_for_chart,
    percent,
    rate_where_counted,
    read_sql,
    run_sql,
    scope,
    statistic,
    suppressed_chart_note,
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

#: `Art. 25(2)(6)` as Russian law cites it: `ст. 25 п. 2 пп. 6`
_ARTICLE = re.compile(r"\bArt\. (\d+(?:-\d+)?)(?:\((\d+)\))?(?:\((\d+)\))?")


def request_type_label(code: str) -> str:
    """`withdraw_consent` -> `Withdrawal of consent` (in the report's language)."""
    known = REQUEST_TYPES.get(code)
    return _(known) if known else code.replace("_", " ").capitalize()


def cited(article: str) -> str:
    """A framework pack's article (`Art. 8(7)`) as the report's language cites it: English as
    written, Russian and Kazakh by the official Russian form (`ст. 8 п. 7`)."""
    if current_language() == "en":
        return article

    def russian(match: re.Match[str]) -> str:
        number, point, sub = match.groups()
        return "ст. " + number + (f" п. {point}" if point else "") + (f" пп. {sub}" if sub else "")

    return _ARTICLE.sub(russian, article)


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
        return _("no deadline in the framework")
    if deadline.working_days is not None:
        n = deadline.working_days
        text = ngettext("{n} working day", "{n} working days", n).format(n=formats.count(n))
    elif deadline.months is not None:
        n = deadline.months
        text = ngettext("{n} month", "{n} months", n).format(n=formats.count(n))
        if deadline.extension_months:
            text = _("{term} (+{extension} if extended)").format(
                term=text, extension=formats.count(deadline.extension_months)
            )
    else:
        text = _("no deadline in the law, not judged")
    text += f", {cited(deadline.article)}" if deadline.article else ""
    if deadline.valid_from is not None:
        text += ", " + _("since {date}").format(date=formats.date(deadline.valid_from))
    has_term = deadline.working_days is not None or deadline.months is not None
    if deadline.confirmed or not has_term:
        return text
    return _("{deadline}; default, not fixed by the law").format(deadline=text)


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
    out["request_type"] = out["request_type"].map(request_type_label)
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
        title=_("Requests by type, {period}").format(period=report.period.label),
        labels={
            "request_type": _("Request type"),
            "received": _("Received"),
            "answered": _("Answered"),
            "rejected": _("of which refused"),
            "open_at_end": _("Open at period end"),
        },
        note=_(
            "Answered: completed or refused with reasons in the period (a refusal recorded "
            "without its time counts in the period it was received)."
        ),
    )
    return table.tab_source_note(_kept_by_law_sentence(report))


def _kept_by_law_sentence(report: Report) -> str:
    """How many records a legal duty keeps after the erasures completed in the period (their
    retention rule's legal basis is a legal obligation), counts only, suppressed."""
    row = run_sql(report, _NAME, "erasures_kept_by_law").iloc[0]
    if int(row["erasures"]) == 0:
        return _("No erasure was completed in {period}.").format(period=report.period.label)
    erasures, kept, concerned = (
        suppress_count(row[c], report.min_cell)
        for c in ("erasures", "kept_records", "erasures_with_kept_records")
    )
    return _(
        "Erasures completed in {period}: {erasures}; records kept under a legal duty after them "
        "(their retention rule's legal basis is a legal obligation): {kept}, for {concerned} of "
        "these erasures. The check dsr.erasure_incomplete does not count them."
    ).format(period=report.period.label, erasures=erasures, kept=kept, concerned=concerned)


def received_trend(report: Report) -> SvgChart:
    """Requests received per month over the 12 months to the period end."""
    frame = counts_for_chart(
        _query(report, "received_trend", **trend_window(report)), ["received"], report.min_cell
    )
    return bar_chart(
        frame,
        "month:O",
        "received:Q",
        title=_("Requests received per month"),
        subtitle=suppressed_chart_note(frame, "received", report.min_cell),
        y_title=_("requests"),
        suppressed_label=f"<{report.min_cell}",
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
        title=_("Deadlines kept, {period}").format(period=report.period.label),
        subtitle=_("Deadlines of the framework pack: {framework}").format(
            framework=report.framework.name
        ),
        labels={
            "request_type": _("Request type"),
            "deadline": _("Deadline"),
            "answered": _("Answered"),
            "in_time": _("In time"),
            "late": _("Late"),
            "in_time_share": _("Share in time"),
            "open_past_deadline": _("Open past deadline at period end"),
        },
        note=_(
            "A share over fewer requests than the smallest count shown is not given. A refusal "
            "recorded without its time is answered but neither in time nor late."
        ),
    )


def time_to_complete(report: Report) -> GT | HtmlBlock:
    """Per request type: median and 90th percentile days to answer, working days."""
    frame = _query(report, "time_to_complete")
    if frame.empty:
        return text_block(
            _("No request was answered in {period}.").format(period=report.period.label)
        )
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
        title=_("Time to answer, requests answered in {period}").format(period=report.period.label),
        labels={
            "request_type": _("Request type"),
            "answered": _("Answered"),
            "median_days": _("Median, days"),
            "p90_days": _("90th percentile, days"),
            "median_working_days": _("Median, working days"),
            "max_working_days": _("Longest, working days"),
        },
        note=_("Working days in the framework's calendar, from the local date of receipt."),
    )


def overdue_requests(report: Report) -> GT | HtmlBlock:
    """Requests past their deadline (the dsr.overdue findings of the run), by type, no ids."""
    frame = run_sql(report, _NAME, "overdue")
    if frame.empty:
        return text_block(
            _("No request was past its deadline in {period}.").format(period=report.period.label)
        )
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
        title=_("Requests past their deadline, {period}").format(period=report.period.label),
        subtitle=_("From the dsr.overdue check; the requests themselves are in its findings"),
        labels={
            "request_type": _("Request type"),
            "overdue": _("Past deadline"),
            "open_at_end": _("Still open at period end"),
            "answered_late": _("Answered late in the period"),
            "longest_days_late": _("Longest delay, days"),
        },
    )
