"""The auditors' record of processing activities (GDPR Art. 30, Law 94-V Art. 8, 25(3)).

The rows are `governance.ropa.ropa_table`, the same table `governance ropa`
writes as CSV, XLSX and HTML, so the notebook and the exports cannot differ.
The controller, responsible person and DPO are the same on every row, so they
are shown once, in the contacts table; the record itself is one block per
activity (the page `governance ropa --format html` writes), which fits a 1,280 px
screen where an 18-column table did not. Every register string is escaped.
"""

from __future__ import annotations

import pandas as pd
from great_tables import GT

from governance.i18n import N_, _, formats, ngettext
from governance.reports._common import run_sql, scope
from governance.reports.notebook import Report
from governance.ropa import COLUMN_HEADINGS, ropa_table
from governance.ropa.export import EMPTY_MEANS_NONE, activities_html
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
#: the roles `sql/ropa/contacts.sql` names, marked for the catalogue
_ROLES = (
    N_("Controller"),
    N_("Responsible for organising processing"),
    N_("Data protection officer"),
    N_("Contact for data questions"),
    N_("Security policy"),
)

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
#: what Law 94-V Art. 8 asks a consent to state, per activity
CONSENT_COLUMNS = ["activity", "consent_validity", "third_party_transfer", "cross_border_transfer"]


def _activities(report: Report, columns: list[str]) -> pd.DataFrame:
    frame = ropa_table(report.con)[columns].fillna("")
    for column in columns:
        empty = _("none") if column in EMPTY_MEANS_NONE else _("not recorded")
        frame[column] = frame[column].replace("", empty)
    return frame


def provenance(report: Report) -> HtmlBlock:
    """Which register the record comes from, so an auditor can match it to a version."""
    frame = run_sql(report, _NAME, "provenance")
    activities = len(ropa_table(report.con))
    counted = ngettext("{n} processing activity", "{n} processing activities", activities).format(
        n=formats.count(activities)
    )
    if frame.empty:
        return text_block(
            _("{activities}; the register source is unknown.").format(activities=counted)
        )
    row = frame.iloc[0]
    return text_block(
        _(
            "{activities}, from the register with SHA-256 {sha}… loaded {when} UTC "
            "(governance {version})."
        ).format(
            activities=counted,
            sha=row["register_sha256"],
            when=formats.date_time(pd.Timestamp(row["loaded_at"]).to_pydatetime()),
            version=row["package_version"],
        )
    )


def contacts(report: Report) -> GT:
    """The controller, the person responsible for processing, the DPO and the contact."""
    frame = run_sql(report, _NAME, "contacts").drop(columns=["position"])
    frame = frame.fillna("").replace("", "-")
    frame["role"] = [_(role) for role in frame["role"]]
    return html_table(
        frame,
        title=_("Controller and contacts"),
        subtitle=_("GDPR Art. 30(1)(a); Law 94-V Art. 25(3)"),
        labels={"role": _("Role"), "name": _("Name"), "details": _("Details")},
    )


def record_of_processing(report: Report) -> HtmlBlock:
    """One block per processing activity with its Art. 30(1)(b)-(g) fields.

    Lists are shown one item per line in a grid of fields that wraps, and the retention rules
    get the whole width: an activity can have a dozen rules, which in a table column made rows
    a screen tall and the table wider than the screen.
    """
    return HtmlBlock(activities_html(ropa_table(report.con)[RECORD_COLUMNS], with_contacts=False))


def consent_and_transfer_items(report: Report) -> GT:
    """Per activity, what a consent must state under Law 94-V Art. 8."""
    return html_table(
        _activities(report, CONSENT_COLUMNS),
        title=_("Consent validity and transfers, per activity (Law 94-V Art. 8)"),
        labels={c: _(COLUMN_HEADINGS[c]) for c in CONSENT_COLUMNS},
    )


def record_gaps(report: Report) -> GT | HtmlBlock:
    """Activities missing an Art. 30(1) field (the ropa.incomplete findings of the run)."""
    frame = run_sql(report, _NAME, "gaps")
    if frame.empty:
        return text_block(_("Every processing activity has all the Art. 30(1) fields."))
    # the query names each missing field by its column (`security measures`): show its heading
    frame["missing"] = [
        ", ".join(
            _(COLUMN_HEADINGS[code])
            if (code := field.strip().replace(" ", "_")) in COLUMN_HEADINGS
            else field
            for field in str(missing).split(", ")
        )
        for missing in frame["missing"]
    ]
    return html_table(
        frame,
        title=_("Gaps in the record"),
        subtitle=_("From the ropa.incomplete check"),
        labels={"activity": _("Processing activity"), "missing": _("Missing")},
    )
