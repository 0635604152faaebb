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

from governance.reports._common import (
    count_table,
    counts_for_chart,
    run_sql,
    scope,
    statistic,
    trend_window,
)
from governance.reports.notebook import Report
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


def overdue_by_system(report: Report) -> GT | HtmlBlock:
    """Records past their retention rule, per system and data category."""
    frame = run_sql(report, _NAME, "overdue")
    if frame.empty:
        return text_block(f"No record was past its retention period in {report.period.label}.")
    frame["longest_days_overdue"] = [
        statistic(v, n, report.min_cell, 0)
        for v, n in zip(frame["longest_days_overdue"], frame["overdue"], strict=True)
    ]
    frame["rule"] = frame["rule"].fillna("-")
    counts = ["overdue", "held_at_end", "deleted_late"]
    return count_table(
        frame,
        counts,
        report.min_cell,
        figures=("longest_days_overdue",),
        title=f"Records past their retention period, {report.period.label}",
        subtitle="From the retention.overdue check; the records are in its findings",
        labels={
            "system": "System",
            "category": "Data category",
            "rule": "Retention rule",
            "overdue": "Records past due",
            "held_at_end": "Still held at period end",
            "deleted_late": "Deleted late in the period",
            "longest_days_overdue": "Longest overdue, days",
        },
    )


def deletions_in_period(report: Report) -> GT | HtmlBlock:
    """Records deleted or anonymised in the period, per system and category, on time or late."""
    frame = run_sql(report, _NAME, "deletions")
    if frame.empty:
        return text_block(f"No record was deleted or anonymised in {report.period.label}.")
    counts = ["deleted", "on_time", "late", "without_rule"]
    return count_table(
        frame,
        counts,
        report.min_cell,
        title=f"Deletions and anonymisations, {report.period.label}",
        labels={
            "system": "System",
            "category": "Data category",
            "action": "Rule's action",
            "deleted": "Records removed",
            "on_time": "By the due date",
            "late": "After the due date",
            "without_rule": "With no rule",
        },
        note="By the due date: within the rule's period and grace, as retention.overdue counts.",
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
        title=f"Records deleted or anonymised per month (fewer than {report.min_cell} not drawn)",
        y_title="records",
    )


def held_without_rule(report: Report) -> GT | HtmlBlock:
    """Data category and system pairs holding records in the period with no retention rule."""
    frame = run_sql(report, _NAME, "held_without_rule")
    if frame.empty:
        return text_block(
            f"Every data category held in {report.period.label} has a retention rule."
        )
    frame["unknown_category"] = frame["unknown_category"].map(
        {True: "not in the register", False: "declared"}
    )
    return count_table(
        frame,
        ["records"],
        report.min_cell,
        title=f"Data held with no retention rule, {report.period.label}",
        subtitle="From the retention.no_rule check",
        labels={
            "category": "Data category",
            "system": "System",
            "records": "Records held",
            "unknown_category": "Category",
        },
    )


def register_without_rule(report: Report) -> GT | HtmlBlock:
    """Data categories and systems of the register that no retention rule covers at all."""
    frame = run_sql(report, _NAME, "register_without_rule")
    if frame.empty:
        return text_block("Every data category and system of the register has a retention rule.")
    return html_table(
        pd.DataFrame({"kind": frame["kind"], "name": frame["name"], "id": frame["item_id"]}),
        title="Register entries with no retention rule in any system",
        labels={"kind": "Kind", "name": "Name", "id": "Register id"},
        note="A category or system may legitimately hold nothing yet; each entry needs a decision.",
    )
