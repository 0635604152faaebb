"""The DPO's consent report: consent and withdrawal per purpose, policy coverage, cookies, GPC,
and the undeclared cookies seen on the site by platform.

Consent figures come from the consent ledger, which holds pseudonymous subject
keys only, and cookie figures from banner choices counted per visitor; neither
ever shows who. A rate is left out where its numerator or denominator is a
small count (`rate_where_counted`). Undeclared cookies are the dashboard's table of section 9
(`dashboard.undeclared_trackers`): one table, so the DPO and management read the same rows.
"""

from __future__ import annotations

import pandas as pd
from great_tables import GT

from governance.i18n import N_, _, formats
from governance.reports import dashboard
from governance.reports._common import (
    chart_gaps,
    count_table,
    percent,
    period_window,
    rate_where_counted,
    run_sql,
    scope,
    trend_window,
)
from governance.reports.notebook import Report
from governance.viz import SvgChart, line_chart
from governance.viz.tables import HtmlBlock

__all__ = [
    "consent_by_purpose",
    "consent_rate_trend",
    "cookie_opt_in",
    "gpc_signals",
    "policy_version_coverage",
    "scope",
    "undeclared_trackers",
    "withdrawal_rate_trend",
]

_NAME = "consent_report"
#: the cookie categories of the register (codes), as a chart's legend names them
COOKIE_CATEGORIES = {
    "analytics": N_("analytics"),
    "functional": N_("functional"),
    "marketing": N_("marketing"),
    "strictly_necessary": N_("strictly necessary"),
}


def _yes_no(values: pd.Series) -> pd.Series:
    return values.fillna(False).astype(bool).map({True: _("yes"), False: _("no")})


def consent_by_purpose(report: Report) -> GT:
    """Per consent-based purpose: decisions, valid consents at period end, grants, withdrawals."""
    frame = run_sql(report, _NAME, "consent_rates", **period_window(report))
    frame = rate_where_counted(frame, "consent_rate", "valid_at_end", "decided", report.min_cell)
    frame = rate_where_counted(frame, "withdrawal_rate", "withdrew", "consenting", report.min_cell)
    frame["consent_rate"] = frame["consent_rate"].map(percent)
    frame["withdrawal_rate"] = frame["withdrawal_rate"].map(percent)
    counts = ["decided", "valid_at_end", "grants", "withdrawals", "withdrew"]
    return count_table(
        frame[["purpose", *counts, "consent_rate", "withdrawal_rate"]],
        counts,
        report.min_cell,
        figures=("consent_rate", "withdrawal_rate"),
        title=_("Consent by purpose, {period}").format(period=report.period.label),
        subtitle=_("Purposes whose legal basis is consent; subjects counted by their ledger key"),
        labels={
            "purpose": _("Purpose"),
            "decided": _("Subjects with a decision"),
            "valid_at_end": _("Valid consent at period end"),
            "grants": _("Grants in period"),
            "withdrawals": _("Withdrawals in period"),
            "withdrew": _("Subjects withdrawing"),
            "consent_rate": _("Consent rate"),
            "withdrawal_rate": _("Withdrawal rate"),
        },
        note=_(
            "Consent rate: valid consents at period end / subjects with a decision. "
            "Withdrawal rate: subjects withdrawing / subjects whose consent was valid at some "
            "moment of the period."
        ),
    )


def _rates_trend(report: Report) -> pd.DataFrame:
    """The monthly consent figures both trend charts draw from, queried once per report."""
    return report.memo(
        "consent_report.rates_trend",
        lambda: run_sql(report, _NAME, "consent_rates", **trend_window(report)),
    )


def consent_rate_trend(report: Report) -> SvgChart:
    """Consent rate per purpose at each month end, over the 12 months to the period end."""
    trend = _rates_trend(report)
    frame = rate_where_counted(trend, "consent_rate", "valid_at_end", "decided", report.min_cell)
    return line_chart(
        frame,
        "month:O",
        "consent_rate:Q",
        "purpose:N",
        title=_("Valid consent at month end, share of subjects with a decision"),
        subtitle=chart_gaps(trend, "valid_at_end", "decided", report.min_cell, _("subjects")),
        y_title=_("consent rate"),
        y_format="%",
    )


def withdrawal_rate_trend(report: Report) -> SvgChart:
    """Share of consenting subjects who withdrew, per purpose and month."""
    trend = _rates_trend(report)
    frame = rate_where_counted(trend, "withdrawal_rate", "withdrew", "consenting", report.min_cell)
    return line_chart(
        frame,
        "month:O",
        "withdrawal_rate:Q",
        "purpose:N",
        title=_("Withdrawals, share of subjects consenting during the month"),
        subtitle=chart_gaps(trend, "withdrew", "consenting", report.min_cell, _("subjects")),
        y_title=_("withdrawal rate"),
        y_format="%",
    )


def policy_version_coverage(report: Report) -> GT:
    """Active subjects of the period by the policy version they had accepted last."""
    frame = run_sql(report, _NAME, "policy_coverage")
    frame = rate_where_counted(frame, "share", "subjects", "active", report.min_cell)
    frame["share"] = frame["share"].map(percent)
    in_register = frame["published_at"].notna()
    frame["status"] = _("not in the register")
    frame.loc[in_register, "status"] = [
        _("in force") if current else _("superseded")
        for current in frame.loc[in_register, "current"].fillna(False)
    ]
    none_accepted = frame["version"].eq("none accepted") & ~in_register
    frame.loc[none_accepted, "status"] = "-"
    frame.loc[none_accepted, "version"] = _("none accepted")
    frame["published_at"] = [
        formats.date(pd.Timestamp(d).date()) if pd.notna(d) else "-" for d in frame["published_at"]
    ]
    frame["material_change"] = _yes_no(frame["material_change"])
    frame["covers_material"] = _yes_no(frame["covers_material"])
    columns = [
        "version",
        "published_at",
        "material_change",
        "status",
        "covers_material",
        "subjects",
        "share",
    ]
    return count_table(
        frame[columns],
        ["subjects"],
        report.min_cell,
        figures=("share",),
        title=_("Policy version accepted last by the subjects active in {period}").format(
            period=report.period.label
        ),
        # no exact total of active subjects: beside the rows it would give a `<5` row away
        subtitle=_("Subjects active in the period: those with processing in it"),
        labels={
            "version": _("Policy version"),
            "published_at": _("Published"),
            "material_change": _("Material change"),
            "status": _("Status at period end"),
            "covers_material": _("Covers the material version in force"),
            "subjects": _("Active subjects"),
            "share": _("Share"),
        },
    )


def cookie_opt_in(report: Report) -> SvgChart:
    """Cookie banner opt-in rate per non-essential category, per month."""
    trend = run_sql(report, _NAME, "cookie_opt_in", **trend_window(report))
    frame = rate_where_counted(trend, "opt_in_rate", "opted_in", "visitors", report.min_cell)
    frame["category"] = [_(COOKIE_CATEGORIES.get(c, c)) for c in frame["category"]]
    return line_chart(
        frame,
        "month:O",
        "opt_in_rate:Q",
        "category:N",
        title=_("Cookie banner: visitors opting in, share of visitors answering in the month"),
        subtitle=chart_gaps(trend, "opted_in", "visitors", report.min_cell, _("visitors")),
        y_title=_("opt-in rate"),
        y_format="%",
    )


def gpc_signals(report: Report) -> GT:
    """Per month: visitors answering the banner, GPC signals, and GPC honoured as an opt-out."""
    frame = run_sql(report, _NAME, "gpc", **trend_window(report))
    frame = rate_where_counted(frame, "gpc_share", "gpc_visitors", "visitors", report.min_cell)
    frame["gpc_share"] = frame["gpc_share"].map(percent)
    frame["not_honoured"] = frame["gpc_visitors"] - frame["gpc_opted_out"]
    counts = ["visitors", "gpc_visitors", "gpc_opted_out", "not_honoured"]
    return count_table(
        frame[["month", "visitors", "gpc_visitors", "gpc_share", "gpc_opted_out", "not_honoured"]],
        counts,
        report.min_cell,
        figures=("gpc_share",),
        title=_("Global Privacy Control signals"),
        subtitle=_("Visitors answering the cookie banner, per month"),
        labels={
            "month": _("Month"),
            "visitors": _("Visitors answering"),
            "gpc_visitors": _("Sending GPC"),
            "gpc_share": _("GPC share"),
            "gpc_opted_out": _("GPC recorded as marketing opt-out"),
            "not_honoured": _("GPC without an opt-out"),
        },
    )


def undeclared_trackers(report: Report) -> GT | HtmlBlock:
    """Cookies seen in the period that the cookie list does not declare, by platform (counts of
    cookies, never of visitors); a sentence when there are none."""
    return dashboard.undeclared_trackers(report)
