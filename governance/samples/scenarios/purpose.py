"""Purpose scenarios: processing for purposes the register does not hold.

Check `purpose.unregistered`. An unregistered purpose cannot be disclosed by
the policy either, so each tag also names it as `undisclosed_purpose`: the
manifest lists it under `policy.undisclosed_processing` too.
"""

from __future__ import annotations

from governance.samples.scenarios._base import EVENT_KEYS, Col, Planter
from governance.samples.scenarios.personas import instant


def unregistered(p: Planter) -> None:
    """Two events of each of three purposes missing from the register."""
    rows = [
        ("ir1", "credit_scoring", "antifraud", "2025-02-11T10:00"),
        ("ir2", "credit_scoring", "antifraud", "2025-02-19T15:00"),
        ("ir3", "voice_biometrics", "helpdesk", "2025-09-09T11:00"),
        ("ir4", "voice_biometrics", "helpdesk", "2025-09-23T16:00"),
        ("ir5", "partner_offers", "crm", "2026-05-12T10:00"),
        ("ir6", "partner_offers", "crm", "2026-05-26T12:00"),
    ]
    for code, purpose, system, at in rows:
        p.require(purpose not in p.facts.purposes, f"{purpose} is not registered")
        tag = p.tag(
            "purpose.unregistered",
            "processing_log",
            EVENT_KEYS,
            Col("occurred_at"),
            Col("occurred_at"),
            undisclosed_purpose=purpose,
        )
        p.process(p.s(code), purpose, system, instant(at), tag=tag)
