"""Named single figures for a period: what the dashboard's thresholds refer to.

The dashboard's configuration names a figure (`stale_grants`) and gives it
thresholds; this catalogue says what each name measures, in which unit, and
which count it is a share of. The unit decides how a figure is shown: a
`count` counts people or their records and events, so reports pass it through
the small-count rule; a `number` counts register facts (data categories,
security measures, cookies), which single out nobody; a `share` is hidden when
its base is a small count, since "50 %" of 2 requests tells the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from governance.metrics import kpis
from governance.scope import Scope


class Unit(StrEnum):
    COUNT = "count"
    NUMBER = "number"
    SHARE = "share"
    PER_10K = "per_10k"
    DAYS = "days"


@dataclass(frozen=True)
class Figure:
    """One named figure: its unit, what it measures and, for a share, the count it divides."""

    name: str
    unit: Unit
    description: str
    base: str | None = None


def _f(name: str, unit: Unit, description: str, base: str | None = None) -> Figure:
    return Figure(name, unit, description, base)


C, N, S = Unit.COUNT, Unit.NUMBER, Unit.SHARE

#: check id behind each figure that is a plain finding count of the period's run
FINDING_FIGURES: dict[str, str] = {
    "incomplete_consent_records": "consent.incomplete_record",
    "ropa_gaps": "ropa.incomplete",
    "unauthorised_accesses": "access.unauthorised",
    "accesses_without_confidentiality": "access.no_confidentiality",
    "stale_grants": "access.stale_grant",
    "disclosures_without_basis": "disclosure.without_basis",
    "transfers_without_safeguard": "transfer.no_safeguard",
    "security_reviews_overdue": "security.review_overdue",
    "retention_pairs_without_rule": "retention.no_rule",
    "kz_records_hosted_abroad": "localisation.outside_kz",
    "erasures_incomplete": "dsr.erasure_incomplete",
    "processing_after_withdrawal": "consent.after_withdrawal",
    "outdated_policy_acceptances": "policy.outdated_acceptance",
    "undisclosed_processing": "policy.undisclosed_processing",
    "cookies_before_consent": "cookies.before_consent",
    "undeclared_cookies": "cookies.undeclared",
    "gpc_ignored": "cookies.gpc_ignored",
    "contact_items_missing": "governance.no_contact",
}

FIGURES: dict[str, Figure] = {
    f.name: f
    for f in (
        _f("active_subjects", C, "subjects processed in the period"),
        _f(
            "policy_acceptance_share",
            S,
            "active subjects who accepted the policy version in force",
            "active_subjects",
        ),
        _f("incomplete_consent_records", C, "consents given without the proof the law asks for"),
        _f("unmapped_categories", N, "data categories held that no purpose declares"),
        _f("ropa_gaps", N, "missing fields in the record of processing activities"),
        _f("processing_events", C, "processing events in the period"),
        _f(
            "unlawful_processing_per_10k",
            Unit.PER_10K,
            "processing with no registered purpose or no consent, per 10,000 events",
        ),
        _f("unauthorised_accesses", C, "accesses by employees without an active grant"),
        _f("accesses_without_confidentiality", C, "accesses before a confidentiality undertaking"),
        _f("stale_grants", C, "access grants still open for employees who left"),
        _f("disclosures_without_basis", C, "disclosures to third parties without a basis"),
        _f("transfers_without_safeguard", N, "recipients abroad without a transfer safeguard"),
        _f("security_reviews_overdue", N, "security measures past review or not effective"),
        _f("incidents", C, "incidents detected in the period"),
        _f(
            "incidents_notified_in_time_share",
            S,
            "incidents notified to the authority in time",
            "incidents",
        ),
        _f("records_held", C, "records held during the period"),
        _f("records_past_retention", C, "records kept past their retention period"),
        _f(
            "records_past_retention_share",
            S,
            "share of records held that are past retention",
            "records_held",
        ),
        _f("retention_pairs_without_rule", N, "category and system pairs with no retention rule"),
        _f("kz_records_hosted_abroad", C, "records of Kazakhstan residents hosted only abroad"),
        _f("dsr_received", C, "requests from data subjects received"),
        _f("dsr_answered", C, "requests answered in the period"),
        _f("dsr_on_time_share", S, "requests answered within the deadline", "dsr_answered"),
        _f("dsr_open_past_deadline", C, "requests still open past their deadline"),
        _f("dsr_median_days", Unit.DAYS, "median calendar days to answer a request"),
        _f("erasures_incomplete", C, "erasures done while data of the subject is still held"),
        _f("processing_after_withdrawal", C, "processing after consent was withdrawn"),
        _f("withdrawals", C, "consent withdrawals in the period"),
        _f("outdated_policy_acceptances", C, "active subjects still on an outdated policy"),
        _f("undisclosed_processing", N, "purposes or categories the published policy omits"),
        _f("cookies_before_consent", N, "non-essential cookies set before consent"),
        _f("undeclared_cookies", N, "cookies seen that the cookie register does not list"),
        _f(
            "undeclared_trackers",
            N,
            "undeclared cookies the reference of known cookies calls analytics or marketing",
        ),
        # opt-ins and visits of browsers that sent the signal: about visitors, so a count
        _f("gpc_ignored", C, "Global Privacy Control signals not honoured"),
        _f("cookie_visitors_functional", C, "visitors with a functional-cookie choice"),
        _f("cookie_visitors_analytics", C, "visitors with an analytics-cookie choice"),
        _f("cookie_visitors_marketing", C, "visitors with a marketing-cookie choice"),
        _f(
            "cookie_opt_in_functional",
            S,
            "functional cookies accepted",
            "cookie_visitors_functional",
        ),
        _f("cookie_opt_in_analytics", S, "analytics cookies accepted", "cookie_visitors_analytics"),
        _f("cookie_opt_in_marketing", S, "marketing cookies accepted", "cookie_visitors_marketing"),
        _f("contact_items_missing", N, "missing responsible person or contact details"),
    )
}


def figure_values(scope: Scope) -> dict[str, Any]:
    """Every figure of `FIGURES` for `scope`; finding-based ones are None without a run."""
    values: dict[str, Any] = {}
    counts = kpis.finding_counts(scope)
    for name, check_id in FINDING_FIGURES.items():
        # a check the framework leaves out (localisation under GDPR) has no figure either
        values[name] = counts.get(check_id)
    acceptance = kpis.policy_acceptance(scope)
    values["active_subjects"] = acceptance["active_subjects"]
    values["policy_acceptance_share"] = acceptance["accepted_share"]
    values["unmapped_categories"] = kpis.unmapped_categories(scope)
    unlawful = kpis.unlawful_processing(scope)
    values["processing_events"] = unlawful["processing_events"]
    values["unlawful_processing_per_10k"] = unlawful["per_10k"]
    incidents = kpis.incidents(scope)
    values["incidents"] = incidents["incidents"]
    values["incidents_notified_in_time_share"] = incidents["notified_in_time_share"]
    retention = kpis.retention(scope)
    values["records_held"] = retention["records_held"]
    values["records_past_retention"] = retention["records_overdue"]
    values["records_past_retention_share"] = retention["overdue_share"]
    dsr = kpis.dsr_totals(scope)
    values["dsr_received"] = dsr["received"]
    values["dsr_answered"] = dsr["answered"]
    values["dsr_on_time_share"] = dsr["on_time_share"]
    values["dsr_open_past_deadline"] = dsr["open_past_deadline"]
    values["dsr_median_days"] = dsr["median_days"]
    values["withdrawals"] = kpis.withdrawals(scope)
    trackers = kpis.undeclared_trackers(scope)["tracking_cookies"].sum()
    values["undeclared_trackers"] = None if counts.get("cookies.undeclared") is None else trackers
    for row in kpis.cookie_opt_in(scope).itertuples():
        values[f"cookie_visitors_{row.cookie_category}"] = row.visitors
        values[f"cookie_opt_in_{row.cookie_category}"] = row.opt_in_rate
    missing = sorted(set(FIGURES) - set(values))
    if missing:  # a figure named in the catalogue that nothing computes is a bug here
        raise KeyError(f"figures without a value: {', '.join(missing)}")
    return {name: _plain(values[name]) for name in FIGURES}


def _plain(value: Any) -> Any:
    """numpy scalars to Python numbers, NaN to None: what YAML thresholds compare with."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
