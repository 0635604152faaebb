"""The auditors' record of processing activities (GDPR Art. 30, Law 94-V Art. 8, 25(3)).

The rows are `governance.ropa.ropa_table`, the same table `governance ropa`
writes as CSV, XLSX and HTML, so the notebook and the exports cannot differ.
The controller, responsible person and DPO are the same on every row, so they
are shown once, in the contacts table, and the rest is split in two tables
narrow enough to read. Every register string is escaped by great_tables.
"""

from __future__ import annotations

import pandas as pd
from great_tables import GT, loc, style

from governance.reports._common import run_sql, scope
from governance.reports.notebook import Report
from governance.ropa import COLUMN_HEADINGS, ropa_table
from governance.viz import html_table
from governance.viz.tables import HtmlBlock, text_block

__all__ = [
    "consent_and_transfer_items",
    "contacts",
    "provenance",
    "record_gaps",
    "record_of_processing",
    "scope",
]

_NAME = "ropa"
_NOT_RECORDED = "not recorded"
#: fields where an empty value is a fact ("no recipients"), not a gap in the record
_EMPTY_MEANS_NONE = {"recipients", "third_country_transfers"}

#: the Art. 30(1)(b)-(g) columns, one row per activity
RECORD_COLUMNS = [
    "activity",
    "purpose",
    "legal_basis",
    "data_subject_categories",
    "personal_data_categories",
    "recipients",
    "third_country_transfers",
    "retention_periods",
    "security_measures",
    "systems",
]
#: columns holding `; `-separated lists, shown one item per line
LIST_COLUMNS = [
    "data_subject_categories",
    "personal_data_categories",
    "recipients",
    "third_country_transfers",
    "retention_periods",
    "security_measures",
    "systems",
]
#: what Law 94-V Art. 8 asks a consent to state, per activity
CONSENT_COLUMNS = ["activity", "consent_validity", "third_party_transfer", "cross_border_transfer"]


def _activities(report: Report, columns: list[str]) -> pd.DataFrame:
    frame = ropa_table(report.con)[columns].fillna("")
    for column in columns:
        empty = "none" if column in _EMPTY_MEANS_NONE else _NOT_RECORDED
        frame[column] = frame[column].replace("", empty)
    return frame


def provenance(report: Report) -> HtmlBlock:
    """Which register the record comes from, so an auditor can match it to a version."""
    frame = run_sql(report, _NAME, "provenance")
    activities = len(ropa_table(report.con))
    if frame.empty:
        return text_block(f"{activities} processing activities; the register source is unknown.")
    row = frame.iloc[0]
    return text_block(
        f"{activities} processing activities, from the register with SHA-256 "
        f"{row['register_sha256']}… loaded {pd.Timestamp(row['loaded_at']):%Y-%m-%d %H:%M} UTC "
        f"(governance {row['package_version']})."
    )


def contacts(report: Report) -> GT:
    """The controller, the person responsible for processing, the DPO and the contact."""
    frame = run_sql(report, _NAME, "contacts").drop(columns=["position"])
    frame = frame.fillna("").replace("", "-")
    return html_table(
        frame,
        title="Controller and contacts",
        subtitle="GDPR Art. 30(1)(a); Law 94-V Art. 25(3)",
        labels={"role": "Role", "name": "Name", "details": "Details"},
    )


def record_of_processing(report: Report) -> GT:
    """One row per processing activity with its Art. 30(1)(b)-(g) fields.

    Lists are shown one item per line and the retention rules get the widest
    column: an activity can have a dozen rules, which wrapped as one run of text
    made rows a screen tall.
    """
    frame = _activities(report, RECORD_COLUMNS)
    for column in LIST_COLUMNS:
        frame[column] = frame[column].str.replace("; ", "\n", regex=False)
    return (
        html_table(
            frame,
            title="Record of processing activities",
            subtitle="Controller and contacts: see above",
            labels={c: COLUMN_HEADINGS[c] for c in RECORD_COLUMNS},
        )
        .tab_style(style=style.text(v_align="top", whitespace="pre-line"), locations=loc.body())
        .cols_width({"retention_periods": "24%", "personal_data_categories": "12%"})
    )


def consent_and_transfer_items(report: Report) -> GT:
    """Per activity, what a consent must state under Law 94-V Art. 8."""
    return html_table(
        _activities(report, CONSENT_COLUMNS),
        title="Consent validity and transfers, per activity (Law 94-V Art. 8)",
        labels={c: COLUMN_HEADINGS[c] for c in CONSENT_COLUMNS},
    )


def record_gaps(report: Report) -> GT | HtmlBlock:
    """Activities missing an Art. 30(1) field (the ropa.incomplete findings of the run)."""
    frame = run_sql(report, _NAME, "gaps")
    if frame.empty:
        return text_block("Every processing activity has all the Art. 30(1) fields.")
    return html_table(
        frame,
        title="Gaps in the record",
        subtitle="From the ropa.incomplete check",
        labels={"activity": "Processing activity", "missing": "Missing"},
    )
