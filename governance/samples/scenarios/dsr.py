"""Data subject request scenarios: requests answered late, erasures that left data behind.

Checks `dsr.overdue` and `dsr.erasure_incomplete`, and the near misses at the
edge of the deadlines: requests answered on their deadline day, across the
public holidays. Every deadline is the `kz` pack's (`Planter.deadlines`), in
working days.
"""

from __future__ import annotations

from governance.samples.scenarios._base import Col, Planter
from governance.samples.scenarios.personas import ERASED, instant
from governance.samples.timeline import DAY, HOUR, MINUTE, at_local, local_day

#: the keys of a planted request
REQUEST_KEYS = {
    "request_id": Col("request_id"),
    "subject_id": Col("subject_id"),
    "request_type": Col("request_type"),
    "received_at": Col("received_at"),
}
#: the keys of a near miss among the requests
NEAR_MISS_KEYS = {"request_id": Col("request_id"), "subject_id": Col("subject_id")}

#: erasures marked completed (in time) that left identity or records behind:
#: persona -> (identity kept, records kept as (system, category))
_INCOMPLETE = {
    "ei1": (True, []),
    "ei2": (False, [("crm", "full_name"), ("crm", "phone")]),
    "ei3": (True, [("helpdesk", "support_messages")]),
    "ei4": (True, []),
}


def overdue(p: Planter) -> None:
    """Requests of every type answered after their deadline, or still open."""
    cal = p.world.calendar
    late = [
        ("do1", "rectification", "2024-11-12T10:00", "completed", "2024-11-19T12:00", None),
        ("do2", "access", "2025-02-04T11:00", "completed", "2025-02-14T16:00", None),
        # an objection to an automated decision: Art. 19-1's 3 working days (from January 2026)
        ("do3", "objection_automated", "2026-04-08T10:00", "extended", None, "2026-04-10T12:00"),
        ("do4", "portability", "2025-07-14T10:00", "completed", "2025-07-28T15:00", None),
        # Art. 8(7)'s 15 working days exist from January 2026
        ("do5", "withdraw_consent", "2026-09-01T10:00", "completed", "2026-09-29T15:00", None),
        ("do6", "restriction", "2025-11-11T10:00", "completed", "2025-11-18T11:00", None),
        ("do7", "erasure", "2026-02-10T10:00", "completed", "2026-02-17T11:00", None),
        ("do8", "access", "2026-06-09T10:00", "open", None, None),
    ]
    s5 = p.s("do5")
    p.consent(s5, "email_marketing", "grant", instant("2026-07-15T10:00"), "web_form")
    p.process(s5, "email_marketing", "email_platform", instant("2026-08-12T10:00"), "email")
    p.consent(s5, "email_marketing", "withdraw", instant("2026-09-01T10:00"), "written_request")
    for code, kind, received, status, completed, extended in late:
        r = instant(received)
        n = p.deadlines.request_at(kind, r)
        p.require(n is not None, f"{code}: a {kind} deadline applies at receipt")
        deadline = int(cal.deadline_end(r, n))
        c = instant(completed) if completed else None
        p.require(c is None or c > deadline, f"{code}: completed late")
        tag = p.tag(
            "dsr.overdue",
            "dsr_requests",
            {**REQUEST_KEYS, "deadline": deadline, "completed_at": c},
            deadline,
            c,
        )
        p.request(p.s(code), kind, r, status, c, instant(extended) if extended else None, tag)


def erasure_incomplete(p: Planter) -> None:
    """Erasures answered in time and marked completed, with identity or records kept."""
    for code, received, completed, _keep in ERASED:
        if code not in _INCOMPLETE:
            continue  # do7 is answered late (`overdue`), nm6 is a near miss
        r, c = instant(received), instant(completed)
        _require_erasure_in_time(p, code, r, c)
        s = p.s(code)
        keep, kept = _INCOMPLETE[code]
        created = int(p.world.created[s])
        for system, category in kept:
            p.record(s, system, category, created + DAY, created + DAY)
        tag = p.tag(
            "dsr.erasure_incomplete",
            "dsr_requests",
            {
                "request_id": Col("request_id"),
                "subject_id": Col("subject_id"),
                "completed_at": c,
                "identity_kept": "true" if keep else "false",
                "live_records": str(len(kept)),
            },
            c,
        )
        p.request(s, "erasure", r, "completed", c, tag=tag)


def _require_erasure_in_time(p: Planter, code: str, received: int, completed: int) -> None:
    deadline = p.world.calendar.deadline_end(received, p.deadlines.requests["erasure"])
    p.require(completed <= deadline, f"{code}: erasure answered in time")


# --- near misses -------------------------------------------------------------------------


def near_miss_erasure_before_holiday(p: Planter) -> None:
    """An erasure received the day before a holiday, answered on its deadline day.

    Planted right after `erasure_incomplete` (it is the last of the scenario erasures).
    """
    code = "nm6"
    received, completed = next((r, c) for x, r, c, _keep in ERASED if x == code)
    r, c = instant(received), instant(completed)
    _require_erasure_in_time(p, code, r, c)
    n = p.deadlines.requests["erasure"]
    p.require(local_day(c) == p.world.calendar.nth_working_day(r, n), f"{code}: on working day {n}")
    tag = p.tag(
        "near_miss",
        "dsr_requests",
        NEAR_MISS_KEYS,
        None,
        about="dsr.overdue",
        what="erasure received the day before Independence Day (16 Dec), "
        f"answered on working day {n} (17 Dec); identity and records gone",
    )
    p.request(p.s(code), "erasure", r, "completed", c, tag=tag)


def near_miss_access_on_deadline_day(p: Planter) -> None:
    """An access request answered in the evening of its deadline day."""
    cal = p.world.calendar
    n = p.deadlines.requests["access"]
    r = instant("2025-10-08T10:00")
    c = int(at_local(int(cal.nth_working_day(r, n)), 18 * HOUR + 30 * MINUTE))
    p.require(c < cal.deadline_end(r, n), "answered on the deadline day")
    p.request(
        p.s("nm4"),
        "access",
        r,
        "completed",
        c,
        tag=p.tag(
            "near_miss",
            "dsr_requests",
            NEAR_MISS_KEYS,
            None,
            about="dsr.overdue",
            what=f"access request answered at 18:30 on working day {n}, its deadline day",
        ),
    )


def near_miss_rectification_across_nauryz(p: Planter) -> None:
    """A rectification answered on its deadline day: six calendar days, across Nauryz."""
    n = p.deadlines.requests["rectification"]
    r = instant("2026-03-20T15:00")
    c = int(at_local(int(p.world.calendar.nth_working_day(r, n)), 11 * HOUR))
    p.require(local_day(c) - local_day(r) >= 5, "deadline spans the Nauryz holidays")
    p.require(local_day(c) == local_day(instant("2026-03-26T11:00")), "answered on 26 March")
    p.request(
        p.s("nm5"),
        "rectification",
        r,
        "completed",
        c,
        tag=p.tag(
            "near_miss",
            "dsr_requests",
            NEAR_MISS_KEYS,
            None,
            about="dsr.overdue",
            what=f"rectification received Friday 20 March 2026, answered on working day {n} "
            "after the Nauryz holidays (26 March): six calendar days, in time",
        ),
    )


def near_miss_withdrawal_across_new_year(p: Planter) -> None:
    """A withdrawal by request across the New Year holidays, answered on its deadline day."""
    n = p.deadlines.requests["withdraw_consent"]
    s = p.s("nm7")
    p.consent(s, "email_marketing", "grant", instant("2025-09-02T10:00"), "web_form")
    p.process(s, "email_marketing", "email_platform", instant("2025-10-07T10:00"), "email")
    r = instant("2025-12-19T10:00")
    p.consent(s, "email_marketing", "withdraw", r, "written_request")
    c = int(at_local(p.world.calendar.nth_working_day(r, n), 17 * HOUR))
    p.request(
        s,
        "withdraw_consent",
        r,
        "completed",
        c,
        tag=p.tag(
            "near_miss",
            "dsr_requests",
            NEAR_MISS_KEYS,
            None,
            about="dsr.overdue",
            what=f"withdrawal request of 19 December answered on working day {n} after the New "
            "Year and Christmas holidays",
        ),
    )
