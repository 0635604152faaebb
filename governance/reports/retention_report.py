"""The retention report for the DPO and system owners: what is overdue, what was deleted, gaps.

Overdue records and pairs without a rule are the findings of the report's check
run, counted per system and category (`retention.overdue`, `retention.no_rule`),
so this report and the dashboard cannot disagree; deletions are read from the
inventory. Records are counted, never listed: system owners find the rows in
the findings.
"""

from __future__ import annotations

import pandas as pd
from great_tables import GT

from governance.i18n import N_, _
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
from governance.ropa.export import retention_rule
from governance.viz import SvgChart, bar_chart, html_table
from governance.viz.tables import HtmlBlock, text_block

__all__ = [
    "deletions_in_period",
    "deletions_trend",
    "held_without_rule",
    "overdue_by_system",
    "register_without_rule",
    "scope",
]

_NAME = "retention_report"

#: a retention rule's action (a code in the register) as a reader says it
ACTIONS = {
    "delete": N_("delete"),
    "anonymise": N_("anonymise"),
    "anonymize": N_("anonymise"),
    "no rule": N_("no rule"),
}


def _action(code: object) -> object:
    return _(ACTIONS[code]) if code in ACTIONS else code


def overdue_by_system(report: Report) -> GT | HtmlBlock:
    """Records past their retention rule, per system and data category."""
    frame = run_sql(report, _NAME, "overdue")
    if frame.empty:
        return text_block(
            _("No record was past its retention period in {period}.").format(
                period=report.period.label
            )
        )
    frame["longest_days_overdue"] = [
        statistic(v, n, report.min_cell, 0)
        for v, n in zip(frame["longest_days_overdue"], frame["overdue"], strict=True)
    ]
    frame["rule"] = frame["rule"].map(retention_rule)
    counts = ["overdue", "held_at_end", "deleted_late"]
    return count_table(
        frame,
        counts,
        report.min_cell,
        figures=("longest_days_overdue",),
        title=_("Records past their retention period, {period}").format(period=report.period.label),
        subtitle=_("From the retention.overdue check; the records are in its findings"),
        labels={
            "system": _("System"),
            "category": _("Data category"),
            "rule": _("Retention rule"),
            "overdue": _("Records past due"),
            "held_at_end": _("Still held at period end"),
            "deleted_late": _("Deleted late in the period"),
            "longest_days_overdue": _("Longest overdue, days"),
        },
    )


def deletions_in_period(report: Report) -> GT | HtmlBlock:
    """Records deleted or anonymised in the period, per system and category, on time or late."""
    frame = run_sql(report, _NAME, "deletions")
    if frame.empty:
        return text_block(
            _("No record was deleted or anonymised in {period}.").format(period=report.period.label)
        )
    frame["action"] = frame["action"].map(_action)
    counts = ["deleted", "on_time", "late", "without_rule"]
    return count_table(
        frame,
        counts,
        report.min_cell,
        title=_("Deletions and anonymisations, {period}").format(period=report.period.label),
        labels={
            "system": _("System"),
            "category": _("Data category"),
            "action": _("Rule's action"),
            "deleted": _("Records removed"),
            "on_time": _("By the due date"),
            "late": _("After the due date"),
            "without_rule": _("With no rule"),
        },
        note=_("By the due date: within the rule's period and grace, as retention.overdue counts."),
    )


def deletions_trend(report: Report) -> SvgChart:
    """Records deleted or anonymised per month and system, over the 12 months to period end."""
    frame = counts_for_chart(
        run_sql(report, _NAME, "deletions_trend", **trend_window(report)),
        ["deleted"],
        report.min_cell,
    )
    return bar_chart(
        frame,
        "month:O",
        "deleted:Q",
        "system:N",
        title=_("Records deleted or anonymised per month"),
        subtitle=suppressed_chart_note(frame, "deleted", report.min_cell),
        y_title=_("records"),
        suppressed_label=f"<{report.min_cell}",
    )


def held_without_rule(report: Report) -> GT | HtmlBlock:
    """Data category and system pairs holding records in the period with no retention rule."""
    frame = run_sql(report, _NAME, "held_without_rule")
    if frame.empty:
        return text_block(
            _("Every data category held in {period} has a retention rule.").format(
                period=report.period.label
            )
        )
    frame["unknown_category"] = frame["unknown_category"].map(
        {True: _("not in the register"), False: _("declared")}
    )
    return count_table(
        frame,
        ["records"],
        report.min_cell,
        title=_("Data held with no retention rule, {period}").format(period=report.period.label),
        subtitle=_("From the retention.no_rule check"),
        labels={
            "category": _("Data category"),
            "system": _("System"),
            "records": _("Records held"),
            "unknown_category": _("Category"),
        },
    )


def register_without_rule(report: Report) -> GT | HtmlBlock:
    """Data categories and systems of the register that no retention rule covers at all."""
    frame = run_sql(report, _NAME, "register_without_rule")
    if frame.empty:
        return text_block(_("Every data category and system of the register has a retention rule."))
    kinds = {"data category": _("data category"), "system": _("system")}
    return html_table(
        pd.DataFrame(
            {
                "kind": [kinds.get(k, k) for k in frame["kind"]],
                "name": frame["name"],
                "id": frame["item_id"],
            }
        ),
        title=_("Register entries with no retention rule in any system"),
        labels={"kind": _("Kind"), "name": _("Name"), "id": _("Register id")},
        note=_(
            "A category or system may legitimately hold nothing yet; each entry needs a decision."
        ),
    )
