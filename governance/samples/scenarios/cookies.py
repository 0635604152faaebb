"""Cookie scenarios: non-essential cookies set before consent, and cookies the register omits.

Checks `cookies.before_consent` and `cookies.undeclared`, and the near miss of a
strictly necessary cookie set before consent (which needs none).
"""

from __future__ import annotations

from governance.samples.scenarios._base import Planter
from governance.samples.scenarios.personas import instant


def before_consent(p: Planter) -> None:
    """Declared non-essential cookies observed set before the visitor's consent."""
    declared = {(n, d): c for n, d, c in p.facts.cookies}
    before = [
        ("2024-12-03T10:00", "_dd_id", "metrix.kz", "https://metrix.kz/"),
        ("2025-03-18T12:30", "adsp_uid", "adsphere.ie", "https://metrix.kz/pricing"),
        ("2025-06-26T15:10", "mx_lang", "metrix.kz", "https://metrix.kz/kk/"),
        ("2025-10-14T09:45", "mx_campaign", "metrix.kz", "https://metrix.kz/devices"),
        ("2026-02-11T11:20", "_dd_ses", "metrix.kz", "https://metrix.kz/blog/new-app"),
        ("2026-08-25T16:05", "adsp_uid", "adsphere.ie", "https://metrix.kz/checkout"),
    ]
    for at, name, domain, page in before:
        category = declared.get((name, domain))
        p.require(category not in (None, "strictly_necessary"), f"{name} is non-essential")
        tag = p.tag(
            "cookies.before_consent",
            None,
            {
                "observed_at": instant(at),
                "cookie_name": name,
                "domain": domain,
                "page_url": page,
                "category": category,
            },
            instant(at),
            instant(at),
        )
        p.observe(instant(at), name, domain, page, True, tag)


def undeclared(p: Planter) -> None:
    """Cookies the scanner observes that the register does not declare."""
    declared = {(n, d) for n, d, _c in p.facts.cookies}
    undeclared = [
        ("_fbp", "metrix.kz", ["2025-01-14T10:05", "2025-01-15T11:40", "2025-01-22T17:15"]),
        ("_ym_uid", "metrix.kz", ["2025-09-03T09:20", "2025-09-17T13:55"]),
        (
            "_hjSessionUser_3137",
            "metrix.kz",
            ["2026-06-04T10:10", "2026-06-11T12:00", "2026-06-18T14:30", "2026-06-25T16:45"],
        ),
    ]
    for name, domain, times in undeclared:
        p.require((name, domain) not in declared, f"{name} is undeclared")
        instants = [instant(t) for t in times]
        for t in instants:
            p.observe(t, name, domain, "https://metrix.kz/", False)
        p.tag(
            "cookies.undeclared",
            None,
            {
                "cookie_name": name,
                "domain": domain,
                "first_seen": instants[0],
                "observations": str(len(instants)),
            },
            instants[0],
            instants[-1],
        )


def undeclared_trackers_before_consent(p: Planter) -> None:
    """A tag manager update loads Google Analytics and DoubleClick before the banner: cookies the
    register does not declare, which the reference of known cookies names as trackers, so they
    are findings of both cookies.before_consent and cookies.undeclared (high)."""
    declared = {n for n, _d, _c in p.facts.cookies}
    trackers = [
        # name, domain as the browser reports it, category by the reference, page, times
        (
            "_gid",
            ".metrix.kz",
            "analytics",
            "https://metrix.kz/",
            ["2026-10-06T09:12", "2026-10-13T10:40"],
        ),
        ("IDE", ".doubleclick.net", "marketing", "https://metrix.kz/devices", ["2026-10-07T15:05"]),
    ]
    for name, domain, category, page, times in trackers:
        p.require(name not in declared, f"{name} is undeclared")
        instants = [instant(t) for t in times]
        for at in instants:
            tag = p.tag(
                "cookies.before_consent",
                None,
                {
                    "observed_at": at,
                    "cookie_name": name,
                    "domain": domain,
                    "page_url": page,
                    "category": category,
                },
                at,
                at,
            )
            p.observe(at, name, domain, page, True, tag)
        p.tag(
            "cookies.undeclared",
            None,
            {
                "cookie_name": name,
                "domain": domain.lstrip("."),  # as the check compares it
                "first_seen": instants[0],
                "observations": str(len(instants)),
            },
            instants[0],
            instants[-1],
        )


# --- near misses -------------------------------------------------------------------------


def near_miss_strictly_necessary(p: Planter) -> None:
    """A strictly necessary cookie set before consent (needs none)."""
    at = instant("2025-07-09T10:10")
    p.observe(
        at,
        "mx_session",
        "metrix.kz",
        "https://metrix.kz/account",
        True,
        tag=p.tag(
            "near_miss",
            None,
            {"observed_at": at, "cookie_name": "mx_session"},
            None,
            about="cookies.before_consent",
            what="strictly necessary cookie set before consent (allowed)",
        ),
    )


def gpc_ignored(p: Planter) -> None:
    """The first visitor's browser sends Global Privacy Control (the banner records a marketing
    opt-out with the signal), and two weeks later the banner takes a marketing opt-in anyway."""
    signal, opt_in = instant("2026-09-20T18:40"), instant("2026-10-03T09:15")
    table = p.world.tables["cookie_consents"]
    marketing = p.v.code("marketing")
    first_visitor = 0  # V-000001: its own choices are all early in 2024, before the signal
    table.add(
        visitor_id=first_visitor,
        cookie_category=marketing,
        action=p.v.code("withdraw"),
        occurred_at=signal,
        gpc=True,
    )
    tag = p.tag(
        "cookies.gpc_ignored",
        None,
        {
            "evidence": "consent",
            "visitor": "V-000001",
            "occurred_at": opt_in,
            "cookie_name": None,
            "domain": None,
        },
        opt_in,
        opt_in,
    )
    table.add(
        tag=tag,
        visitor_id=first_visitor,
        cookie_category=marketing,
        action=p.v.code("grant"),
        occurred_at=opt_in,
        gpc=False,
    )
