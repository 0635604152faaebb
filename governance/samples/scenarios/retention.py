"""Retention scenarios: records kept past their rule, and records no rule covers.

Checks `retention.overdue` (IP addresses of visitors abroad deleted late,
platform IP addresses never deleted, applicants kept past a year) and
`retention.no_rule`, and the near miss of a record deleted exactly at its due instant.
"""

from __future__ import annotations

from governance.samples.scenarios._base import Col, Planter, assert_disclosed
from governance.samples.scenarios.personas import instant
from governance.samples.timeline import DAY, MINUTE

#: the keys of a planted data-inventory row
RECORD_KEYS = {
    "record_id": Col("record_id"),
    "system_id": Col("system_id"),
    "subject_id": Col("subject_id"),
    "data_category": Col("data_category"),
}


def overdue(p: Planter) -> None:
    """Records deleted after their due instant, or never."""
    _analytics_ip_deleted_late(p)
    _platform_ip_never_deleted(p)
    _applicants_kept_too_long(p)


def _analytics_ip_deleted_late(p: Planter) -> None:
    """Web analytics IP addresses of visitors abroad (30 days), deleted late."""
    for i, (granted, late_days) in enumerate(
        [("2025-01-14T10:00", 12), ("2025-07-08T10:00", 25), ("2026-03-03T10:00", 40)], start=1
    ):
        s = p.s(f"ro{i}")
        g = instant(granted)
        p.consent(s, "cookies", "grant", g, "cookie_banner")
        p.process(s, "cookies", "web_analytics", g + 3 * DAY, "ip_address")
        collected = g + MINUTE
        due = collected + p.facts.rule("ip_address", "web_analytics").seconds
        deleted = due + late_days * DAY
        tag = p.tag(
            "retention.overdue",
            "data_inventory",
            {**RECORD_KEYS, "due_at": due, "deleted_at": deleted},
            due,
            deleted,
        )
        p.record(
            s, "web_analytics", "ip_address", collected, deleted=deleted, tag=tag, overdue=True
        )


def _platform_ip_never_deleted(p: Planter) -> None:
    """Platform IP addresses (180 days + 7) never deleted."""
    for i in (4, 5, 6):
        s = p.s(f"ro{i}")
        collected = int(p.world.created[s]) + 30
        due = collected + p.facts.rule("ip_address", "platform_db").seconds
        tag = p.tag(
            "retention.overdue",
            "data_inventory",
            {**RECORD_KEYS, "due_at": due, "deleted_at": None},
            due,
            None,
        )
        p.record(s, "platform_db", "ip_address", collected, tag=tag, overdue=True)


def _applicants_kept_too_long(p: Planter) -> None:
    """Applicants kept past a year after the last contact."""
    for i, late_days in ((1, 9), (2, None)):
        s = p.s(f"ap{i}")
        created = int(p.world.created[s])
        p.consent(s, "recruitment", "grant", created + MINUTE, "ats_form")
        p.process(s, "recruitment", "ats", created + 2 * DAY, "employment_record")
        last = created + 20 * DAY
        p.process(s, "recruitment", "ats", last, "job_title")
        due = last + p.facts.rule("email", "ats").seconds
        deleted = due + late_days * DAY if late_days else None
        tag = p.tag(
            "retention.overdue",
            "data_inventory",
            {**RECORD_KEYS, "due_at": due, "deleted_at": deleted},
            due,
            deleted,
        )
        p.record(s, "ats", "email", created + 90, last, deleted, tag=tag, overdue=True)


def no_rule(p: Planter) -> None:
    """Records of (category, system) pairs the retention schedule does not cover."""
    declared = {c for purpose in p.facts.register.purposes for c in purpose.data_categories}
    plan = [
        ("support_messages", "platform_db", "2025-01-22T10:00", ["nr1", "nr2", "nr3"]),
        ("phone", "billing", "2025-10-07T10:00", ["nr1", "nr2"]),
        ("email", "antifraud", "2026-04-15T10:00", ["nr2", "nr3"]),
    ]
    for category, system, at, codes in plan:
        p.require((category, system) not in p.facts.rules, f"no rule for {category}@{system}")
        p.require(
            category in declared and p.facts.hosting[system] == "KZ",
            f"{category}@{system} breaks no other check",
        )
        collected = instant(at)
        assert_disclosed(p, category, collected)
        for code in codes:
            p.record(p.s(code), system, category, collected, collected)
        p.tag(
            "retention.no_rule",
            None,
            {"data_category": category, "system_id": system, "records": str(len(codes))},
            collected,
        )


# --- near misses -------------------------------------------------------------------------


def near_miss_deleted_when_due(p: Planter) -> None:
    """A record deleted exactly at its due instant."""
    s = p.s("nm8")
    collected = instant("2025-01-09T08:00:00Z")
    due = collected + p.facts.rule("ip_address", "platform_db").seconds
    p.record(
        s,
        "platform_db",
        "ip_address",
        collected,
        deleted=due,
        tag=p.tag(
            "near_miss",
            "data_inventory",
            {"record_id": Col("record_id"), "due_at": due},
            None,
            about="retention.overdue",
            what="record deleted exactly at its due instant",
        ),
    )
