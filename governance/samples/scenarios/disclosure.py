"""Disclosure scenarios: disclosures to third parties with no legal basis.

Check `disclosure.without_basis`, and its near miss: no basis recorded, but a
valid consent for the purpose at that moment (the consent is the basis). That
disclosure belongs to the life of persona `lo1`, so `localisation.outside_kz`
writes the row with the tag made here.
"""

from __future__ import annotations

from governance.samples.scenarios._base import Col, Planter
from governance.samples.scenarios.personas import instant


def without_basis(p: Planter) -> None:
    """Contract, payment and marketing disclosures with no basis and no valid consent."""
    rows = [
        ("db1", "dala_express", "service_contract", "2024-12-17T14:00"),
        ("db2", "tenge_pay", "payments", "2025-03-19T11:00"),
        ("db3", "sendwell", "email_marketing", "2025-06-04T10:00"),
        ("db4", "dala_express", "service_contract", "2025-09-16T15:00"),
        ("db5", "sendwell", "email_marketing", "2026-01-21T09:30"),
        ("db6", "tenge_pay", "payments", "2026-08-11T12:00"),
    ]
    # db5 consented once and withdrew before the disclosure
    s = p.s("db5")
    p.consent(s, "email_marketing", "grant", instant("2025-07-02T10:00"), "web_form")
    p.process(s, "email_marketing", "email_platform", instant("2025-08-06T10:00"), "email")
    p.consent(s, "email_marketing", "withdraw", instant("2025-11-04T18:00"), "unsubscribe_link")
    keys = {
        "disclosure_id": Col("disclosure_id"),
        "subject_id": Col("subject_id"),
        "recipient_id": Col("recipient_id"),
        "purpose_id": Col("purpose_id"),
        "disclosed_at": Col("disclosed_at"),
    }
    for code, recipient, purpose, at in rows:
        tag = p.tag(
            "disclosure.without_basis",
            "disclosures",
            keys,
            Col("disclosed_at"),
            Col("disclosed_at"),
        )
        p.disclose(p.s(code), recipient, purpose, instant(at), None, tag)


def near_miss_consent_as_basis(p: Planter) -> int:
    """The tag of a disclosure with no legal basis recorded, made under a valid consent."""
    return p.tag(
        "near_miss",
        "disclosures",
        {"disclosure_id": Col("disclosure_id"), "subject_id": Col("subject_id")},
        None,
        about="disclosure.without_basis",
        what="no legal basis recorded, but the subject's consent for the "
        "purpose was valid at that moment",
    )
