"""Localisation scenarios: personal data of KZ subjects held only on a system abroad.

Check `localisation.outside_kz`: marketing subjects whose email address or name
lives on the email platform (hosted abroad) with no copy in Kazakhstan. Their
sign-up disclosure to the email service provider carries the disclosure near
miss of `disclosure.without_basis` (`disclosure.near_miss_consent_as_basis`).
"""

from __future__ import annotations

from governance.samples.scenarios._base import Col, Planter
from governance.samples.scenarios.disclosure import near_miss_consent_as_basis
from governance.samples.scenarios.personas import PERSONAS, instant
from governance.samples.timeline import DAY, MINUTE


def outside_kz(p: Planter) -> None:
    """Records on the email platform of categories the persona holds nowhere in KZ."""
    rows = [
        ("lo1", "2024-12-09T10:00", "email"),
        ("lo2", "2025-05-13T10:00", "email"),
        ("lo3", "2025-11-25T10:00", "full_name"),
        ("lo4", "2026-06-16T10:00", "full_name"),
    ]
    system = "email_platform"
    for code, granted, category in rows:
        s = p.s(code)
        persona = PERSONAS[s - p.world.first_scenario]
        p.require(category not in persona.platform, f"{code} holds no {category} in KZ")
        g = instant(granted)
        p.consent(s, "email_marketing", "grant", g, "web_form")
        tag = near_miss_consent_as_basis(p) if code == "lo1" else 0
        p.disclose(s, "sendwell", "email_marketing", g + 10 * MINUTE, None, tag)
        p.process(s, "email_marketing", system, g + 7 * DAY, category)
        last = g + 40 * DAY
        p.process(s, "email_marketing", system, last, category)
        tag = p.tag(
            "localisation.outside_kz",
            "data_inventory",
            {
                "record_id": Col("record_id"),
                "system_id": Col("system_id"),
                "subject_id": Col("subject_id"),
                "data_category": Col("data_category"),
                "hosting_country": p.facts.hosting[system],
            },
            Col("collected_at"),
        )
        p.record(s, system, category, g + MINUTE, last, tag=tag)
