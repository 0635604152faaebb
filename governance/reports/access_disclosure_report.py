"""The security report: unauthorised access, stale grants, disclosures and transfers abroad.

Employees and subjects are counted, never named: security staff who must act
on a finding open its rows in the findings of the check run. Stale grants come
from that run (`access.stale_grant`); unauthorised access is computed month by
month with the rule of `access.unauthorised`, so the trend needs no check run
for each of the 12 months.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from great_tables import GT

from governance.i18n import _, formats
from governance.reports._common import (
    count_table,
    counts_for_chart,
    run_sql,
    scope,
    statistic,
    suppressed_chart_note,
    trend_window,
)
from governance.reports.notebook import Report
from governance.ropa.export import recipient_kind
from governance.viz import SvgChart, bar_chart
from governance.viz.tables import HtmlBlock, text_block

__all__ = [
    "disclosures_by_recipient",
    "disclosures_trend",
    "scope",
    "stale_grants",
    "transfers_abroad",
    "unauthorised_access",
]

_NAME = "access_disclosure_report"


def unauthorised_access(report: Report) -> GT | HtmlBlock:
    """Accesses without an active grant, per system (rows) and month (columns), 12 months."""
    window = trend_window(report)
    frame = run_sql(report, _NAME, "unauthorised_by_month", **window)
    last = report.period.end - dt.timedelta(days=1)
    if frame.empty:
        return text_block(
            _("No access without an active grant from {start} to {end}.").format(
                start=formats.month(window["window_start"]), end=formats.month(last)
            )
        )
    months = pd.period_range(window["window_start"].date(), last, freq="M").strftime("%Y-%m")
    table = (
        frame.pivot_table(index="system", columns="month", values="accesses", aggfunc="sum")
        .reindex(columns=list(months))
        .fillna(0)
        .astype(int)
    )
    # no row total: beside a month shown as <5 it would give that month away
    table = table.reset_index()
    return count_table(
        table,
        list(months),
        report.min_cell,
        title=_("Access without an active grant, per system and month"),
        subtitle=_("The rule of the access.unauthorised check; each access is in its findings"),
        labels={"system": _("System")},
    )


def stale_grants(report: Report) -> GT | HtmlBlock:
    """Grants still open after their employee left (access.stale_grant findings), per system."""
    frame = run_sql(report, _NAME, "stale_grants")
    if frame.empty:
        return text_block(
            _("No access grant of a leaver was open in {period}.").format(
                period=report.period.label
            )
        )
    frame["longest_days_since_leaving"] = [
        statistic(v, n, report.min_cell, 0)
        for v, n in zip(frame["longest_days_since_leaving"], frame["stale_grants"], strict=True)
    ]
    counts = ["stale_grants", "open_at_end", "employees"]
    return count_table(
        frame,
        counts,
        report.min_cell,
        figures=("longest_days_since_leaving",),
        title=_("Access grants of employees who have left, {period}").format(
            period=report.period.label
        ),
        subtitle=_("From the access.stale_grant check; the grants are in its findings"),
        labels={
            "system": _("System"),
            "stale_grants": _("Stale grants"),
            "open_at_end": _("Still open at period end"),
            "employees": _("Leavers concerned"),
            "longest_days_since_leaving": _("Longest since leaving, days"),
        },
    )


def disclosures_by_recipient(report: Report) -> GT | HtmlBlock:
    """Disclosures in the period per recipient, with those lacking a legal basis."""
    frame = run_sql(report, _NAME, "disclosures_by_recipient")
    if frame.empty:
        return text_block(
            _("No disclosure to a recipient in {period}.").format(period=report.period.label)
        )
    frame["kind"] = frame["kind"].map(recipient_kind)
    counts = ["disclosures", "subjects", "without_legal_basis", "flagged"]
    return count_table(
        frame,
        counts,
        report.min_cell,
        title=_("Disclosures by recipient, {period}").format(period=report.period.label),
        labels={
            "recipient": _("Recipient"),
            "kind": _("Kind"),
            "country": _("Country"),
            "disclosures": _("Disclosures"),
            "subjects": _("Subjects"),
            "without_legal_basis": _("No legal basis recorded"),
            "flagged": _("Without basis or consent (check)"),
            "purposes": _("Purposes"),
        },
        note=_(
            "No legal basis recorded: the disclosure relies on the subject's consent; the check "
            "disclosure.without_basis flags those with no valid consent either."
        ),
    )


def disclosures_trend(report: Report) -> SvgChart:
    """Disclosures per month and recipient over the 12 months to the period end."""
    frame = counts_for_chart(
        run_sql(report, _NAME, "disclosures_trend", **trend_window(report)),
        ["disclosures"],
        report.min_cell,
    )
    return bar_chart(
        frame,
        "month:O",
        "disclosures:Q",
        "recipient:N",
        title=_("Disclosures per month"),
        subtitle=suppressed_chart_note(frame, "disclosures", report.min_cell),
        y_title=_("disclosures"),
        suppressed_label=f"<{report.min_cell}",
    )


def transfers_abroad(report: Report) -> GT | HtmlBlock:
    """Recipients outside the organisation's country, each transfer with its safeguard."""
    frame = run_sql(report, _NAME, "transfers")
    if frame.empty:
        return text_block(_("No recipient outside the organisation's country."))
    frame["kind"] = frame["kind"].map(recipient_kind)
    # the query's words for a gap (never an empty cell), in the reader's language
    frame["activity"] = frame["activity"].replace(
        {"no transfer recorded": _("no transfer recorded")}
    )
    frame["safeguard"] = frame["safeguard"].replace(
        {
            "none: no transfer recorded": _("none: no transfer recorded"),
            "none recorded": _("none recorded"),
        }
    )
    return count_table(
        frame.drop(columns=["has_safeguard"]),
        ["disclosures"],
        report.min_cell,
        title=_("Transfers abroad and their safeguards"),
        subtitle=_("Recipients outside the organisation's country; disclosures in {period}").format(
            period=report.period.label
        ),
        labels={
            "recipient": _("Recipient"),
            "kind": _("Kind"),
            "destination": _("Destination"),
            "activity": _("Processing activity"),
            "safeguard": _("Condition or safeguard"),
            "disclosures": _("Disclosures to the recipient"),
        },
    )
