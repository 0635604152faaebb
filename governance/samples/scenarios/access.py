"""Access scenarios: reads without a grant, grants left open after leaving, reads before signing.

Checks `access.unauthorised`, `access.stale_grant` and `access.no_confidentiality`,
planted through the scenario roles of the workforce (`unauthorised_1`, `stale_1`,
`late_signer_1`, ...), and the near miss of an access at the instant its grant starts.
"""

from __future__ import annotations

from governance.samples.scenarios._base import Col, Planter
from governance.samples.scenarios.personas import instant
from governance.samples.timeline import DAY
from governance.samples.workforce import Grant

#: the keys of a planted access-log row
ACCESS_KEYS = {
    "event_id": Col("event_id"),
    "employee_id": Col("employee_id"),
    "system_id": Col("system_id"),
    "occurred_at": Col("occurred_at"),
}


def unauthorised(p: Planter) -> None:
    """Accesses to systems the employee holds no grant to (signed, so only this check)."""
    hr_head = next(e for e in p.staff if e.role == "head" and e.department == "HR")
    rows = [
        ("unauthorised_1", "antifraud", p.s("cm1"), "2024-11-27T10:15"),
        ("unauthorised_2", "billing", p.s("db1"), "2025-03-11T14:20"),
        ("unauthorised_1", "hr_system", hr_head.subject, "2025-06-24T11:05"),
        ("unauthorised_2", "hr_system", hr_head.subject, "2025-10-08T16:40"),
        ("unauthorised_1", "billing", p.s("db2"), "2026-02-17T09:50"),
        ("unauthorised_2", "antifraud", p.s("cm2"), "2026-07-21T15:30"),
    ]
    for role, system, subject, at in rows:
        employee = p.roles[role]
        t = instant(at)
        p.require(
            not any(
                g.system == system
                and g.granted_at <= t
                and (g.revoked_at is None or g.revoked_at > t)
                for g in employee.grants
            ),
            f"{role} has no grant to {system}",
        )
        p.require(
            employee.signed_at is not None and employee.signed_at <= t, f"{role} signed before"
        )
        tag = p.tag(
            "access.unauthorised", "access_log", ACCESS_KEYS, Col("occurred_at"), Col("occurred_at")
        )
        p.access(employee, system, subject, t, tag=tag)


def stale_grant(p: Planter) -> None:
    """Leavers whose grants were never revoked."""
    for role in ("stale_1", "stale_2", "stale_3"):
        employee = p.roles[role]
        for grant in employee.grants:
            p.require(grant.revoked_at is None, f"{role}'s grant stays open")
            grant.tag = p.tag(
                "access.stale_grant",
                "access_grants",
                {
                    "grant_id": Col("grant_id"),
                    "employee_id": Col("employee_id"),
                    "system_id": Col("system_id"),
                    "left_at": employee.active_to,
                },
                employee.active_to + DAY,
            )


def no_confidentiality(p: Planter) -> None:
    """Accesses under a grant, before the confidentiality undertaking was signed."""
    rows = [
        ("late_signer_1", 0, "2025-02-05T10:00", "nm1"),
        ("late_signer_1", 1, "2025-02-10T11:00", "nm2"),
        ("late_signer_2", 0, "2025-09-17T10:00", "tr1"),
        ("late_signer_2", 1, "2025-09-22T14:00", "tr2"),
        ("late_signer_3", 0, "2026-04-08T10:00", "tr3"),
        ("late_signer_3", 0, "2026-04-14T15:00", "tr4"),
    ]
    for role, grant_index, at, code in rows:
        employee = p.roles[role]
        grant = employee.grants[grant_index]
        t = instant(at)
        p.require(grant.granted_at <= t and employee.signed_at > t, f"{role} before signing")
        tag = p.tag(
            "access.no_confidentiality",
            "access_log",
            ACCESS_KEYS,
            Col("occurred_at"),
            Col("occurred_at"),
        )
        p.access(employee, grant.system, p.s(code), t, tag=tag)


# --- near misses -------------------------------------------------------------------------


def near_miss_at_grant_start(p: Planter) -> None:
    """An access at the very instant a grant starts (after the undertaking was signed)."""
    employee = p.roles["late_signer_1"]
    at = instant("2025-03-03T05:00:00Z")
    employee.grants.append(Grant("platform_db", at, None, employee.grants[0].approved_by))
    p.access(
        employee,
        "platform_db",
        p.s("nm2"),
        at,
        tag=p.tag(
            "near_miss",
            "access_log",
            {"event_id": Col("event_id")},
            None,
            about="access.unauthorised",
            what="access at the instant its grant starts",
        ),
    )
