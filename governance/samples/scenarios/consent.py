"""Consent scenarios: processing without consent, after a withdrawal, badly recorded grants.

Checks `consent.missing`, `consent.after_withdrawal` and `consent.incomplete_record`,
and the near misses at their edges: processing in the same second as a
withdrawal or a grant, and processing under a new grant that followed a withdrawal.
"""

from __future__ import annotations

from governance.samples.scenarios._base import EVENT_KEYS, Col, Planter
from governance.samples.scenarios.personas import instant
from governance.samples.timeline import DAY, local_day

#: the keys of a near miss in the processing log
NEAR_MISS_KEYS = {"event_id": Col("event_id"), "subject_id": Col("subject_id")}


def missing(p: Planter) -> None:
    """Processing for a consent-based purpose by subjects who never consented to it."""
    rows = [
        ("cm1", "email_marketing", "crm", "2024-12-10T11:00", "email"),
        ("cm2", "cookies", "web_analytics", "2025-02-18T09:30", "cookie_id"),
        ("cm3", "email_marketing", "email_platform", "2025-04-22T13:00", "email"),
        ("cm4", "personalisation", "data_warehouse", "2025-08-12T10:15", "browsing_history"),
        ("cm5", "cookies", "web_analytics", "2025-11-19T15:40", "cookie_id"),
        ("cm6", "personalisation", "data_warehouse", "2026-05-14T08:05", "device_id"),
    ]
    for code, purpose, system, at, category in rows:
        tag = p.tag(
            "consent.missing", "processing_log", EVENT_KEYS, Col("occurred_at"), Col("occurred_at")
        )
        p.process(p.s(code), purpose, system, instant(at), category, tag)


#: (persona, purpose, system, granted, used, withdrawn, used after the grace period)
_AFTER_WITHDRAWAL = [
    ("aw1", "email_marketing", "email_platform", "2024-11-20T10:00", "2024-12-12T11:00",
     "2025-01-15T15:00", "2025-03-05T11:00"),
    ("aw2", "cookies", "web_analytics", "2024-12-02T12:00", "2025-01-20T10:00",
     "2025-03-03T10:00", "2025-04-16T14:00"),
    ("aw3", "email_marketing", "crm", "2025-01-10T10:00", "2025-02-11T10:00",
     "2025-05-20T16:00", "2025-07-08T10:00"),
    ("aw4", "personalisation", "data_warehouse", "2025-07-01T10:00", "2025-08-05T10:00",
     "2025-09-10T09:00", "2025-10-22T12:00"),
    ("aw5", "cookies", "web_analytics", "2025-08-01T10:00", "2025-10-02T10:00",
     "2026-01-12T11:00", "2026-02-24T13:00"),
    ("aw6", "personalisation", "data_warehouse", "2025-10-01T10:00", "2026-01-15T10:00",
     "2026-06-02T10:00", "2026-07-15T15:00"),
]  # fmt: skip


def after_withdrawal(p: Planter) -> None:
    """Processing after the withdrawal grace period (kz pack) has run out."""
    grants = {"email_marketing": "web_form", "cookies": "cookie_banner", "personalisation": "app"}
    withdrawals = {
        "email_marketing": "unsubscribe_link",
        "cookies": "cookie_banner",
        "personalisation": "app",
    }
    for code, purpose, system, granted, used, withdrawn, late in _AFTER_WITHDRAWAL:
        s = p.s(code)
        w = instant(withdrawn)
        grace = p.deadlines.withdrawal_grace_at(w)
        if grace:
            deadline_day = p.world.calendar.nth_working_day(w, grace)
            in_time = local_day(instant(late)) <= deadline_day
        else:  # no grace in force at the withdrawal: any later processing is late
            in_time = instant(late) <= w
        p.require(not in_time, f"{code}: after the {grace}-working-day grace")
        p.consent(s, purpose, "grant", instant(granted), grants[purpose])
        p.process(s, purpose, system, instant(used))
        p.consent(s, purpose, "withdraw", w, withdrawals[purpose])
        tag = p.tag(
            "consent.after_withdrawal",
            "processing_log",
            {**EVENT_KEYS, "withdrawn_at": w},
            Col("occurred_at"),
            Col("occurred_at"),
        )
        p.process(s, purpose, system, instant(late), tag=tag)


#: (persona, purpose, system, granted, channel, policy version, evidence, what is wrong)
_INCOMPLETE = [
    ("ir1", "email_marketing", "crm", "2024-11-25T10:00", None, "auto", True, "no channel"),
    ("ir2", "cookies", "web_analytics", "2025-01-20T14:00", "continued_use", "auto", True,
     "implied by continued use"),
    ("ir3", "cookies", "web_analytics", "2025-03-12T11:00", "cookie_banner", "auto", False,
     "no evidence reference"),
    ("ir4", "email_marketing", "email_platform", "2025-05-06T09:00", "web_form", None, True,
     "no policy version"),
    ("ir5", "cookies", "web_analytics", "2025-08-20T16:00", "continued_use", "auto", True,
     "implied by continued use"),
    ("ir6", "personalisation", "data_warehouse", "2025-10-14T12:00", "app", "auto", False,
     "no evidence reference"),
    ("ir7", "email_marketing", "email_platform", "2026-01-27T10:00", "continued_use", "auto",
     True, "implied by continued use"),
    ("ir8", "cookies", "web_analytics", "2026-06-09T15:00", "cookie_banner", "auto", False,
     "no evidence reference"),
]  # fmt: skip


def incomplete_record(p: Planter) -> None:
    """Grants recorded without a channel, evidence or policy version, or implied by use."""
    for code, purpose, system, at, channel, version, evidence, problem in _INCOMPLETE:
        s = p.s(code)
        keys = {
            "event_id": Col("event_id"),
            "subject_id": Col("subject_id"),
            "purpose_id": Col("purpose_id"),
            "occurred_at": Col("occurred_at"),
            "problem": problem,
        }
        tag = p.tag(
            "consent.incomplete_record",
            "consent_events",
            keys,
            Col("occurred_at"),
            Col("occurred_at"),
            note="subject_key is the keyed hash of subject_id made at load time",
        )
        p.consent(s, purpose, "grant", instant(at), channel, version, evidence, tag)
        # the grant, however badly recorded, is a consent event: processing under it is not
        # consent.missing (and not consent.after_withdrawal)
        p.process(s, purpose, system, instant(at) + 6 * DAY)


# --- near misses -------------------------------------------------------------------------


def near_miss_same_second_as_withdrawal(p: Planter) -> None:
    """Processing in the same second as the withdrawal."""
    s = p.s("nm1")
    p.consent(s, "email_marketing", "grant", instant("2025-02-04T10:00"), "web_form")
    p.process(s, "email_marketing", "email_platform", instant("2025-03-03T10:00"), "email")
    w = instant("2025-04-15T09:20:00Z")
    p.consent(s, "email_marketing", "withdraw", w, "unsubscribe_link")
    p.process(
        s,
        "email_marketing",
        "email_platform",
        w,
        "email",
        tag=p.tag(
            "near_miss",
            "processing_log",
            NEAR_MISS_KEYS,
            None,
            about="consent.after_withdrawal",
            what="processing in the same second as the withdrawal (not after it)",
        ),
    )


def near_miss_new_grant_after_withdrawal(p: Planter) -> None:
    """A new grant after a withdrawal, then processing."""
    s = p.s("nm2")
    p.consent(s, "personalisation", "grant", instant("2025-07-03T10:00"), "app")
    p.process(s, "personalisation", "data_warehouse", instant("2025-07-21T10:00"), "device_id")
    p.consent(s, "personalisation", "withdraw", instant("2025-08-12T10:00"), "app")
    p.consent(s, "personalisation", "grant", instant("2025-10-01T10:00"), "app")
    for at in ("2025-10-20T11:00", "2025-12-03T11:00"):
        p.process(
            s,
            "personalisation",
            "data_warehouse",
            instant(at),
            "device_id",
            tag=p.tag(
                "near_miss",
                "processing_log",
                NEAR_MISS_KEYS,
                None,
                about="consent.after_withdrawal",
                what="processing after a new grant that followed a withdrawal",
            ),
        )


def near_miss_at_the_grant(p: Planter) -> None:
    """Processing at the very instant of the grant."""
    s = p.s("nm3")
    g = instant("2025-05-20T06:00:00Z")
    p.consent(s, "cookies", "grant", g, "cookie_banner")
    p.process(
        s,
        "cookies",
        "web_analytics",
        g,
        "cookie_id",
        tag=p.tag(
            "near_miss",
            "processing_log",
            NEAR_MISS_KEYS,
            None,
            about="consent.missing",
            what="processing at the same instant as the grant (consent given at or before it)",
        ),
    )
