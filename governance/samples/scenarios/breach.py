"""Breach scenarios: incidents notified to the authority after the KZ deadline, or never.

Check `breach.late_notification`, and its near miss: an incident notified late
in the evening of its deadline day (and within GDPR's 72 hours too). The
deadline is the `kz` pack's, in working days (`Planter.deadlines`).
"""

from __future__ import annotations

from governance.samples.scenarios._base import Col, Planter
from governance.samples.scenarios.personas import instant
from governance.samples.timeline import HOUR, local_day


def late_notification(p: Planter) -> None:
    """Incidents notified after the end of their deadline day, or not at all."""
    cal = p.world.calendar
    keys = {"incident_id": Col("incident_id"), "detected_at": Col("detected_at")}
    rows = [
        ("2025-02-12T10:30", 120, "email,phone", "medium", "2025-02-18T12:00"),
        ("2025-11-19T14:00", 40, "full_name,email", "high", None),
        ("2026-07-14T09:45", 15, "support_messages", "low", "2026-07-20T17:00"),
    ]
    for detected, affected, categories, severity, notified in rows:
        d = instant(detected)
        days = p.deadlines.breach_notification_at(d)
        p.require(days is not None, "the breach notice applies at detection")
        deadline = int(cal.deadline_end(d, days))
        n = instant(notified) if notified else None
        p.require(n is None or n > deadline, "incident notified late")
        tag = p.tag(
            "breach.late_notification",
            "incidents",
            {**keys, "deadline": deadline, "notified_authority_at": n, "severity": severity},
            deadline,
            deadline,
        )
        p.incident(d, affected, categories, severity, n, None, tag)


# --- near misses -------------------------------------------------------------------------


def near_miss_notified_on_deadline_day(p: Planter) -> None:
    """An incident notified at 22:00 on its deadline day, within 72 hours too."""
    cal = p.world.calendar
    d = instant("2025-10-14T10:00")
    days = p.deadlines.breach_notification_at(d)
    n = instant("2025-10-15T22:00")
    p.require(n < cal.deadline_end(d, days) and n - d < 72 * HOUR, "notified in time")
    p.require(local_day(n) == cal.nth_working_day(d, days), f"notified on working day {days}")
    p.incident(
        d,
        3,
        "email",
        "low",
        n,
        None,
        tag=p.tag(
            "near_miss",
            "incidents",
            {"incident_id": Col("incident_id")},
            None,
            about="breach.late_notification",
            what=f"incident notified at 22:00 on working day {days} (deadline: its end)",
        ),
    )
