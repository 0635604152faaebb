"""Planted violations and near misses, built row by row on their own subjects.

Each scenario subject ("persona") lives an ordinary, clean life (sign-up, policy
acceptances, a few records) plus the one thing its scenario is about. A planted
row breaks one check only; where that cannot be (an unregistered purpose is
also undisclosed), the manifest lists the row under both checks. Every row that
the manifest must name carries a tag; its keys are filled in once the tables
have their final ids.

Times are fixed (the same for every seed and scale), written as Almaty wall-clock
times unless they end in `Z`, and away from period boundaries; `Planter.require` asserts
the facts each scenario relies on (deadlines, rules, disclosure by the policy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from governance.samples.facts import SampleError
from governance.samples.tables import NULL
from governance.samples.timeline import (
    DAY,
    END,
    HOUR,
    MINUTE,
    START,
    at_local,
    local,
    local_day,
    ts,
)
from governance.samples.workforce import Employee, Grant
from governance.samples.world import World


@dataclass(frozen=True)
class Col:
    """A manifest key taken from the planted row once the tables are final."""

    name: str


@dataclass(frozen=True)
class Persona:
    code: str
    created: str  # Almaty wall-clock time
    stype: str = "customer"
    country: str = "KZ"
    #: accepts the material policy version within days (False: planted outdated acceptance)
    reaccept: bool = True
    #: platform_db records collected at sign-up
    platform: tuple[str, ...] = ("full_name", "email", "username")


def _personas() -> list[Persona]:
    people: list[Persona] = []

    def group(
        prefix: str, count: int, first: str, step_hours: float, offset: int = 0, **kwargs: Any
    ) -> None:
        start = local(first)
        for i in range(count):
            extra = {k: (v[i] if isinstance(v, list) else v) for k, v in kwargs.items()}
            when = _wall(start + int(i * step_hours * HOUR))
            people.append(Persona(f"{prefix}{offset + i + 1}", when, **extra))

    group("do", 8, "2024-11-02T10:00", 20)
    group("cm", 6, "2024-11-04T11:00", 48)
    group("aw", 6, "2024-11-05T12:00", 60)
    group("ir", 8, "2024-11-06T13:00", 60)
    group("po", 5, "2024-11-07T14:00", 50, reaccept=False)
    group("ro", 3, "2024-11-09T10:30", 70, country=["RU", "UZ", "DE"])
    group("db", 6, "2024-11-12T15:00", 60)
    group("ap", 2, "2024-11-18T09:30", 100, stype="job_applicant", platform=())
    group("ro", 3, "2024-11-20T11:30", 70, offset=3)
    group(
        "lo",
        4,
        "2024-11-24T11:00",
        40,
        platform=[("full_name", "username")] * 2 + [("email", "username")] * 2,
    )
    group("nr", 3, "2024-11-26T15:30", 60)
    group("mm", 4, "2024-12-01T16:00", 60)
    group("ei", 4, "2024-12-02T10:00", 60)
    group("tr", 4, "2024-12-05T12:00", 60)
    group("nm", 8, "2024-12-08T13:00", 60)
    return people


def _wall(seconds: int) -> str:
    """Seconds as an Almaty wall-clock string (the inverse of `local`)."""
    return dt.datetime.fromtimestamp(seconds + 5 * HOUR, dt.UTC).strftime("%Y-%m-%dT%H:%M")


PERSONAS = _personas()


def _t(text: str) -> int:
    """`2025-04-15T09:20:00Z` is UTC; anything else is an Almaty wall-clock time."""
    return ts(text[:-1]) if text.endswith("Z") else local(text)


class Planter:
    """Appends scenario rows to the world's tables."""

    def __init__(self, world: World, staff: list[Employee]) -> None:
        self.world = world
        self.staff = staff
        self.index = {p.code: world.first_scenario + i for i, p in enumerate(PERSONAS)}
        self.roles = {e.role: e for e in staff if e.role not in ("head", "staff")}
        self.facts = world.facts
        self.v = world.vocab

    def s(self, code: str) -> int:
        return self.index[code]

    def require(self, condition: bool, what: str) -> None:
        if not condition:
            raise SampleError(f"scenario precondition failed: {what}")

    # --- rows ----------------------------------------------------------------------------

    def accept(self, subject: int, version: str, at: int, channel: str = "web") -> None:
        self.world.tables["policy_acceptances"].add(
            subject_id=subject,
            policy_version=self.v.code(version),
            accepted_at=at,
            channel=self.v.code(channel),
        )

    def process(
        self,
        subject: int,
        purpose: str,
        system: str,
        at: int,
        category: str | None = None,
        tag: int = 0,
    ) -> None:
        w = self.world
        self.require(
            at >= w.created[subject] and at < w.end[subject] and at < END,
            f"processing of {subject} at {at} inside its life",
        )
        self.require(
            not w.blocked(np.array([subject]), np.array([at]))[0],
            f"processing of {subject} outside its blocked window",
        )
        w.tables["processing_log"].add(
            tag=tag,
            subject_id=subject,
            purpose_id=self.v.code(purpose),
            system_id=self.v.code(system),
            occurred_at=at,
            data_category=self.v.code(category),
        )

    def consent(
        self,
        subject: int,
        purpose: str,
        action: str,
        at: int,
        channel: str | None,
        version: str | None = "auto",
        evidence: bool = True,
        tag: int = 0,
    ) -> None:
        if version == "auto":
            version = self.facts.versions[int(self.facts.version_index_at(np.array([at]))[0])]
        self.world.tables["consent_events"].add(
            tag=tag,
            subject_id=subject,
            purpose_id=self.v.code(purpose),
            action=self.v.code(action),
            occurred_at=at,
            policy_version=self.v.code(version),
            channel=self.v.code(channel),
            evidence_ref=evidence,
        )

    def record(
        self,
        subject: int,
        system: str,
        category: str,
        collected: int,
        last_used: int | None = None,
        deleted: int | None = None,
        tag: int = 0,
        overdue: bool = False,
    ) -> int:
        """A record; asserts it is deleted by its due instant unless planted as overdue."""
        rule = self.facts.rules.get((category, system))
        due = None
        if rule:
            start = (last_used or collected) if rule.from_last_use else collected
            due = start + rule.seconds
            late = due < END and (deleted is None or deleted > due)
            self.require(late == overdue, f"record {category}@{system} of {subject}: due {due}")
        self.world.tables["data_inventory"].add(
            tag=tag,
            system_id=self.v.code(system),
            subject_id=subject,
            data_category=self.v.code(category),
            collected_at=collected,
            last_used_at=last_used if last_used is not None else NULL,
            deleted_at=deleted if deleted is not None else NULL,
        )
        return due if due is not None else NULL

    def disclose(
        self,
        subject: int,
        recipient: str,
        purpose: str,
        at: int,
        basis: str | None = None,
        tag: int = 0,
    ) -> None:
        self.world.tables["disclosures"].add(
            tag=tag,
            subject_id=subject,
            recipient_id=self.v.code(recipient),
            purpose_id=self.v.code(purpose),
            disclosed_at=at,
            legal_basis=self.v.code(basis),
        )

    def request(
        self,
        subject: int,
        kind: str,
        received: int,
        status: str,
        completed: int | None = None,
        extended: int | None = None,
        tag: int = 0,
    ) -> None:
        self.world.tables["dsr_requests"].add(
            tag=tag,
            subject_id=subject,
            request_type=self.v.code(kind),
            received_at=received,
            status=self.v.code(status),
            completed_at=completed if completed else NULL,
            extended_at=extended if extended else NULL,
        )

    def access(
        self,
        employee: Employee,
        system: str,
        subject: int,
        at: int,
        action: str = "read",
        tag: int = 0,
    ) -> None:
        self.world.tables["access_log"].add(
            tag=tag,
            employee_id=employee.number,
            system_id=self.v.code(system),
            subject_id=subject,
            occurred_at=at,
            action=self.v.code(action),
        )

    def observe(
        self, at: int, name: str, domain: str, page: str, before: bool, tag: int = 0
    ) -> None:
        self.world.tables["cookie_observations"].add(
            tag=tag,
            observed_at=at,
            cookie_name=self.v.code(name),
            domain=self.v.code(domain),
            page_url=self.v.code(page),
            set_before_consent=before,
        )

    def incident(
        self,
        detected: int,
        affected: int,
        categories: str,
        severity: str,
        notified: int | None,
        notified_subjects: int | None = None,
        tag: int = 0,
    ) -> None:
        self.world.tables["incidents"].add(
            tag=tag,
            detected_at=detected,
            subjects_affected=affected,
            data_categories=self.v.code(categories),
            severity=self.v.code(severity),
            notified_authority_at=notified if notified else NULL,
            notified_subjects_at=notified_subjects if notified_subjects else NULL,
        )

    def tag(
        self,
        check: str,
        table: str | None,
        keys: dict[str, Any],
        start: Any,
        until: Any = None,
        **extra: Any,
    ) -> int:
        return self.world.tag(check, table=table, keys=keys, start=start, until=until, **extra)


# --- personas: their ordinary lives ------------------------------------------------------


def setup_personas(world: World) -> None:
    """Attributes of the scenario subjects (before the generic ones are drawn)."""
    facts = world.facts
    material = facts.version_published(facts.latest_material())
    for i, persona in enumerate(PERSONAS):
        s = world.first_scenario + i
        created = local(persona.created)
        world.stype[s] = persona.stype
        world.country[s] = persona.country
        world.created[s] = created
        world.female[s] = i % 2 == 0
        world.birth_day[s] = local_day(created) - (24 + (i * 7) % 40) * 365 - (i * 37) % 300
        if persona.reaccept and created < material:
            world.blk_lo[s] = material
            world.blk_hi[s] = at_local(local_day(material) + 1 + i % 4, 10 * HOUR)
            world.t2[s] = world.blk_hi[s]
        else:
            world.t2[s] = max(created + MINUTE, facts.introduced_at)
    # erasures of scenario subjects: (code, received, completed, keep identity)
    for code, received, completed, keep in ERASED:
        s = world.first_scenario + [p.code for p in PERSONAS].index(code)
        world.end[s] = _t(received)
        world.erased_at[s] = _t(completed)
        world.keep_identity[s] = keep


#: scenario erasures: (persona, received, completed, identity kept)
ERASED = [
    ("do7", "2026-02-10T10:00", "2026-02-17T11:00", False),
    ("ei1", "2025-08-05T11:00", "2025-08-06T15:00", True),
    ("ei2", "2025-12-02T10:00", "2025-12-03T12:00", False),
    ("ei3", "2026-04-07T10:00", "2026-04-07T17:00", True),
    ("ei4", "2026-08-18T11:00", "2026-08-19T16:00", True),
    ("nm6", "2025-12-15T17:00", "2025-12-17T16:00", False),
]


def _baseline(p: Planter) -> None:
    """Sign-up, policy acceptances, a first use and the sign-up records of every persona."""
    w = p.world
    material_version = p.facts.latest_material()
    for persona in PERSONAS:
        s = p.s(persona.code)
        created = int(w.created[s])
        version = p.facts.versions[int(p.facts.version_index_at(np.array([created + 5]))[0])]
        p.accept(s, version, created + 5)
        if w.blk_hi[s]:
            p.accept(s, material_version, int(w.blk_hi[s]), "email_link")
        if persona.stype == "customer":
            p.process(s, "service_contract", "platform_db", created + 120, "username")
        erased = int(w.erased_at[s]) if w.erased_at[s] < END else None
        for category in persona.platform:
            p.record(
                s,
                "platform_db",
                category,
                created + 30,
                created + 120,
                deleted=erased - 300 if erased else None,
            )


# --- the planted violations --------------------------------------------------------------


def plant(world: World, staff: list[Employee]) -> None:
    """Every scenario's rows, in the order of docs/checks.md."""
    p = Planter(world, staff)
    _baseline(p)
    _consent_missing(p)
    _consent_after_withdrawal(p)
    _consent_incomplete(p)
    _policy_outdated(p)
    _purpose_unregistered(p)
    _minimisation(p)
    _disclosure_without_basis(p)
    _access(p)
    _retention_overdue(p)
    _retention_no_rule(p)
    _dsr(p)
    _cookies(p)
    _localisation(p)
    _transfer(p)
    _breach(p)
    _undisclosed_purpose(p)
    _near_misses(p)


EVENT_KEYS = {
    "event_id": Col("event_id"),
    "subject_id": Col("subject_id"),
    "purpose_id": Col("purpose_id"),
    "system_id": Col("system_id"),
    "occurred_at": Col("occurred_at"),
}


def _consent_missing(p: Planter) -> None:
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
        p.process(p.s(code), purpose, system, _t(at), category, tag)


def _consent_after_withdrawal(p: Planter) -> None:
    rows = [
        (
            "aw1",
            "email_marketing",
            "email_platform",
            "2024-11-20T10:00",
            "2024-12-12T11:00",
            "2025-01-15T15:00",
            "2025-03-05T11:00",
        ),
        (
            "aw2",
            "cookies",
            "web_analytics",
            "2024-12-02T12:00",
            "2025-01-20T10:00",
            "2025-03-03T10:00",
            "2025-04-16T14:00",
        ),
        (
            "aw3",
            "email_marketing",
            "crm",
            "2025-01-10T10:00",
            "2025-02-11T10:00",
            "2025-05-20T16:00",
            "2025-07-08T10:00",
        ),
        (
            "aw4",
            "personalisation",
            "data_warehouse",
            "2025-07-01T10:00",
            "2025-08-05T10:00",
            "2025-09-10T09:00",
            "2025-10-22T12:00",
        ),
        (
            "aw5",
            "cookies",
            "web_analytics",
            "2025-08-01T10:00",
            "2025-10-02T10:00",
            "2026-01-12T11:00",
            "2026-02-24T13:00",
        ),
        (
            "aw6",
            "personalisation",
            "data_warehouse",
            "2025-10-01T10:00",
            "2026-01-15T10:00",
            "2026-06-02T10:00",
            "2026-07-15T15:00",
        ),
    ]
    grants = {"email_marketing": "web_form", "cookies": "cookie_banner", "personalisation": "app"}
    withdrawals = {
        "email_marketing": "unsubscribe_link",
        "cookies": "cookie_banner",
        "personalisation": "app",
    }
    for code, purpose, system, granted, used, withdrawn, late in rows:
        s = p.s(code)
        w = _t(withdrawn)
        deadline_day = p.world.calendar.nth_working_day(w, 15)
        p.require(local_day(_t(late)) > deadline_day, f"{code}: after the 15-working-day grace")
        p.consent(s, purpose, "grant", _t(granted), grants[purpose])
        p.process(s, purpose, system, _t(used))
        p.consent(s, purpose, "withdraw", w, withdrawals[purpose])
        tag = p.tag(
            "consent.after_withdrawal",
            "processing_log",
            {**EVENT_KEYS, "withdrawn_at": w},
            Col("occurred_at"),
            Col("occurred_at"),
        )
        p.process(s, purpose, system, _t(late), tag=tag)


def _consent_incomplete(p: Planter) -> None:
    rows = [
        ("ir1", "email_marketing", "crm", "2024-11-25T10:00", None, "auto", True, "no channel"),
        (
            "ir2",
            "cookies",
            "web_analytics",
            "2025-01-20T14:00",
            "continued_use",
            "auto",
            True,
            "implied by continued use",
        ),
        (
            "ir3",
            "cookies",
            "web_analytics",
            "2025-03-12T11:00",
            "cookie_banner",
            "auto",
            False,
            "no evidence reference",
        ),
        (
            "ir4",
            "email_marketing",
            "email_platform",
            "2025-05-06T09:00",
            "web_form",
            None,
            True,
            "no policy version",
        ),
        (
            "ir5",
            "cookies",
            "web_analytics",
            "2025-08-20T16:00",
            "continued_use",
            "auto",
            True,
            "implied by continued use",
        ),
        (
            "ir6",
            "personalisation",
            "data_warehouse",
            "2025-10-14T12:00",
            "app",
            "auto",
            False,
            "no evidence reference",
        ),
        (
            "ir7",
            "email_marketing",
            "email_platform",
            "2026-01-27T10:00",
            "continued_use",
            "auto",
            True,
            "implied by continued use",
        ),
        (
            "ir8",
            "cookies",
            "web_analytics",
            "2026-06-09T15:00",
            "cookie_banner",
            "auto",
            False,
            "no evidence reference",
        ),
    ]
    for code, purpose, system, at, channel, version, evidence, problem in rows:
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
        p.consent(s, purpose, "grant", _t(at), channel, version, evidence, tag)
        # the grant, however badly recorded, is a consent event: processing under it is not
        # consent.missing (and not consent.after_withdrawal)
        p.process(s, purpose, system, _t(at) + 6 * DAY)


def _policy_outdated(p: Planter) -> None:
    material = p.facts.latest_material()
    published = p.facts.version_published(material)
    year_end = ts("2026-01-01T00:00:00")
    for i in range(1, 6):
        s = p.s(f"po{i}")
        created = int(p.world.created[s])
        version = p.facts.versions[int(p.facts.version_index_at(np.array([created]))[0])]
        # active every month: the check only looks at subjects processed in the period
        for year, month in _months():
            at = local(f"{year}-{month:02d}-10T11:00")
            if at > created + DAY:
                p.process(s, "service_contract", "platform_db", at, "email")
        until = None
        if i >= 4:
            # re-accepted just after the year turned: the last instant still in breach is the
            # year's last second (the check reads the state at period end)
            p.accept(s, material, year_end + 5, "email_link")
            until = year_end - 1
        p.tag(
            "policy.outdated_acceptance",
            "subjects",
            {
                "subject_id": Col("subject_id"),
                "accepted_version": version,
                "material_version": material,
            },
            published,
            until,
            subject=s,
        )


def _purpose_unregistered(p: Planter) -> None:
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
        p.process(p.s(code), purpose, system, _t(at), tag=tag)


def _minimisation(p: Planter) -> None:
    """Records of a category the register holds (with retention rules) but no purpose uses."""
    register = p.facts.register
    declared = {c for purpose in register.purposes for c in purpose.data_categories}
    unmapped = [c.id for c in register.data_categories if c.id not in declared]
    pairs = [
        (c, s)
        for c in unmapped
        for (c2, s) in sorted(p.facts.rules, key=lambda k: k[1])
        if c2 == c and p.facts.hosting.get(s) == "KZ"
    ]
    plan = [("2025-08-14T10:00", 4), ("2026-02-10T10:00", 3), ("2026-07-07T10:00", 2)]
    for (category, system), (at, count) in zip(pairs, plan, strict=False):
        collected = _t(at)
        _assert_disclosed(p, category, collected)
        for k in range(count):
            s = p.s(f"mm{k + 1}")
            p.record(s, system, category, collected, collected)
        p.tag(
            "minimisation.unmapped_category",
            None,
            {"data_category": category, "system_id": system, "records": str(count)},
            collected,
        )


def _assert_disclosed(p: Planter, category: str, collected: int) -> None:
    versions = p.facts.register.policy_versions
    index = int(p.facts.version_index_at(np.array([collected]))[0])
    for v in sorted(versions, key=lambda v: v.published_at)[index:]:
        p.require(category in v.data_categories, f"{category} disclosed by policy {v.version}")


def _disclosure_without_basis(p: Planter) -> None:
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
    p.consent(s, "email_marketing", "grant", _t("2025-07-02T10:00"), "web_form")
    p.process(s, "email_marketing", "email_platform", _t("2025-08-06T10:00"), "email")
    p.consent(s, "email_marketing", "withdraw", _t("2025-11-04T18:00"), "unsubscribe_link")
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
        p.disclose(p.s(code), recipient, purpose, _t(at), None, tag)


def _access(p: Planter) -> None:
    roles = p.roles
    access_keys = {
        "event_id": Col("event_id"),
        "employee_id": Col("employee_id"),
        "system_id": Col("system_id"),
        "occurred_at": Col("occurred_at"),
    }
    hr_head = next(e for e in p.staff if e.role == "head" and e.department == "HR")
    unauthorised = [
        ("unauthorised_1", "antifraud", p.s("cm1"), "2024-11-27T10:15"),
        ("unauthorised_2", "billing", p.s("db1"), "2025-03-11T14:20"),
        ("unauthorised_1", "hr_system", hr_head.subject, "2025-06-24T11:05"),
        ("unauthorised_2", "hr_system", hr_head.subject, "2025-10-08T16:40"),
        ("unauthorised_1", "billing", p.s("db2"), "2026-02-17T09:50"),
        ("unauthorised_2", "antifraud", p.s("cm2"), "2026-07-21T15:30"),
    ]
    for role, system, subject, at in unauthorised:
        employee = roles[role]
        t = _t(at)
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
            "access.unauthorised", "access_log", access_keys, Col("occurred_at"), Col("occurred_at")
        )
        p.access(employee, system, subject, t, tag=tag)
    # stale grants: leavers whose grants were never revoked
    for role in ("stale_1", "stale_2", "stale_3"):
        employee = roles[role]
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
    # accesses before the confidentiality undertaking was signed (under a grant)
    late = [
        ("late_signer_1", 0, "2025-02-05T10:00", "nm1"),
        ("late_signer_1", 1, "2025-02-10T11:00", "nm2"),
        ("late_signer_2", 0, "2025-09-17T10:00", "tr1"),
        ("late_signer_2", 1, "2025-09-22T14:00", "tr2"),
        ("late_signer_3", 0, "2026-04-08T10:00", "tr3"),
        ("late_signer_3", 0, "2026-04-14T15:00", "tr4"),
    ]
    for role, grant_index, at, code in late:
        employee = roles[role]
        grant = employee.grants[grant_index]
        t = _t(at)
        p.require(grant.granted_at <= t and employee.signed_at > t, f"{role} before signing")
        tag = p.tag(
            "access.no_confidentiality",
            "access_log",
            access_keys,
            Col("occurred_at"),
            Col("occurred_at"),
        )
        p.access(employee, grant.system, p.s(code), t, tag=tag)


def _retention_overdue(p: Planter) -> None:
    keys = {
        "record_id": Col("record_id"),
        "system_id": Col("system_id"),
        "subject_id": Col("subject_id"),
        "data_category": Col("data_category"),
    }
    # web analytics IP addresses of visitors abroad (30 days), deleted late
    for i, (granted, late_days) in enumerate(
        [("2025-01-14T10:00", 12), ("2025-07-08T10:00", 25), ("2026-03-03T10:00", 40)], start=1
    ):
        s = p.s(f"ro{i}")
        g = _t(granted)
        p.consent(s, "cookies", "grant", g, "cookie_banner")
        p.process(s, "cookies", "web_analytics", g + 3 * DAY, "ip_address")
        collected = g + MINUTE
        due = collected + p.facts.rule("ip_address", "web_analytics").seconds
        deleted = due + late_days * DAY
        tag = p.tag(
            "retention.overdue",
            "data_inventory",
            {**keys, "due_at": due, "deleted_at": deleted},
            due,
            deleted,
        )
        p.record(
            s, "web_analytics", "ip_address", collected, deleted=deleted, tag=tag, overdue=True
        )
    # platform IP addresses (180 days + 7) never deleted
    for i in (4, 5, 6):
        s = p.s(f"ro{i}")
        collected = int(p.world.created[s]) + 30
        due = collected + p.facts.rule("ip_address", "platform_db").seconds
        tag = p.tag(
            "retention.overdue",
            "data_inventory",
            {**keys, "due_at": due, "deleted_at": None},
            due,
            None,
        )
        p.record(s, "platform_db", "ip_address", collected, tag=tag, overdue=True)
    # applicants kept past a year after the last contact
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
            {**keys, "due_at": due, "deleted_at": deleted},
            due,
            deleted,
        )
        p.record(s, "ats", "email", created + 90, last, deleted, tag=tag, overdue=True)


def _retention_no_rule(p: Planter) -> None:
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
        collected = _t(at)
        _assert_disclosed(p, category, collected)
        for code in codes:
            p.record(p.s(code), system, category, collected, collected)
        p.tag(
            "retention.no_rule",
            None,
            {"data_category": category, "system_id": system, "records": str(len(codes))},
            collected,
        )


def _dsr(p: Planter) -> None:
    cal = p.world.calendar
    days = {
        "withdraw_consent": 15,
        "rectification": 1,
        "erasure": 1,
        "restriction": 1,
        "objection": 3,
        "access": 3,
        "portability": 3,
    }
    keys = {
        "request_id": Col("request_id"),
        "subject_id": Col("subject_id"),
        "request_type": Col("request_type"),
        "received_at": Col("received_at"),
    }
    late = [
        ("do1", "rectification", "2024-11-12T10:00", "completed", "2024-11-19T12:00", None),
        ("do2", "access", "2025-02-04T11:00", "completed", "2025-02-14T16:00", None),
        ("do3", "objection", "2025-04-08T10:00", "extended", None, "2025-04-10T12:00"),
        ("do4", "portability", "2025-07-14T10:00", "completed", "2025-07-28T15:00", None),
        ("do5", "withdraw_consent", "2025-09-02T10:00", "completed", "2025-09-29T15:00", None),
        ("do6", "restriction", "2025-11-11T10:00", "completed", "2025-11-18T11:00", None),
        ("do7", "erasure", "2026-02-10T10:00", "completed", "2026-02-17T11:00", None),
        ("do8", "access", "2026-06-09T10:00", "open", None, None),
    ]
    s5 = p.s("do5")
    p.consent(s5, "email_marketing", "grant", _t("2025-07-15T10:00"), "web_form")
    p.process(s5, "email_marketing", "email_platform", _t("2025-08-12T10:00"), "email")
    p.consent(s5, "email_marketing", "withdraw", _t("2025-09-02T10:00"), "written_request")
    for code, kind, received, status, completed, extended in late:
        r = _t(received)
        deadline = int(cal.deadline_end(r, days[kind]))
        c = _t(completed) if completed else None
        p.require(c is None or c > deadline, f"{code}: completed late")
        tag = p.tag(
            "dsr.overdue",
            "dsr_requests",
            {**keys, "deadline": deadline, "completed_at": c},
            deadline,
            c,
        )
        p.request(p.s(code), kind, r, status, c, _t(extended) if extended else None, tag)
    # erasures marked completed (in time) that left identity or records behind
    incomplete = {
        "ei1": (True, []),
        "ei2": (False, [("crm", "full_name"), ("crm", "phone")]),
        "ei3": (True, [("helpdesk", "support_messages")]),
        "ei4": (True, []),
    }
    for code, received, completed, _keep in ERASED:
        if code == "do7":
            continue  # answered late: planted above
        r, c = _t(received), _t(completed)
        p.require(c <= cal.deadline_end(r, 1), f"{code}: erasure answered in time")
        s = p.s(code)
        if code in incomplete:
            keep, kept = incomplete[code]
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
        elif code == "nm6":
            tag = p.tag(
                "near_miss",
                "dsr_requests",
                {"request_id": Col("request_id"), "subject_id": Col("subject_id")},
                None,
                about="dsr.overdue",
                what="erasure received the day before Independence Day (16 Dec), "
                "answered on working day 1 (17 Dec); identity and records gone",
            )
            p.request(s, "erasure", r, "completed", c, tag=tag)


def _months() -> list[tuple[int, int]]:
    """(year, month) of the 24 months of data."""
    return [(2024 + (10 + m) // 12, (10 + m) % 12 + 1) for m in range(24)]


def _cookies(p: Planter) -> None:
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
                "observed_at": _t(at),
                "cookie_name": name,
                "domain": domain,
                "page_url": page,
                "category": category,
            },
            _t(at),
            _t(at),
        )
        p.observe(_t(at), name, domain, page, True, tag)
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
        instants = [_t(t) for t in times]
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


def _localisation(p: Planter) -> None:
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
        g = _t(granted)
        p.consent(s, "email_marketing", "grant", g, "web_form")
        tag = 0
        if code == "lo1":
            tag = p.tag(
                "near_miss",
                "disclosures",
                {"disclosure_id": Col("disclosure_id"), "subject_id": Col("subject_id")},
                None,
                about="disclosure.without_basis",
                what="no legal basis recorded, but the subject's consent for the "
                "purpose was valid at that moment",
            )
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


def _transfer(p: Planter) -> None:
    register = p.facts.register
    home = register.organisation.country
    safeguarded = {t.recipient for t in register.transfers if (t.safeguard or "").strip()}
    transfer_ids = {t.recipient: t.id for t in register.transfers}
    abroad = sorted(
        r.id for r in register.recipients if r.country != home and r.id not in safeguarded
    )
    country = {r.id: r.country for r in register.recipients}
    for recipient in abroad:
        if recipient in transfer_ids:
            p.tag(
                "transfer.no_safeguard",
                None,
                {
                    "recipient_id": recipient,
                    "destination_country": country[recipient],
                    "transfer_id": transfer_ids[recipient],
                    "disclosures": "0",
                },
                START,
            )
    plain = [r for r in abroad if r not in transfer_ids]
    if not plain:
        return
    recipient = plain[0]
    times = ["2026-04-07T10:00", "2026-04-14T10:00", "2026-04-21T10:00", "2026-04-28T10:00"]
    for i, at in enumerate(times, start=1):
        s = p.s(f"tr{i}")
        g = _t("2026-03-02T10:00") + i * DAY
        p.consent(s, "cookies", "grant", g, "cookie_banner")
        p.process(s, "cookies", "web_analytics", g + 2 * DAY, "cookie_id")
        p.disclose(s, recipient, "cookies", _t(at), "consent")
    p.tag(
        "transfer.no_safeguard",
        None,
        {
            "recipient_id": recipient,
            "destination_country": country[recipient],
            "transfer_id": None,
            "disclosures": str(len(times)),
        },
        _t(times[0]),
        _t(times[-1]),
    )


def _breach(p: Planter) -> None:
    cal = p.world.calendar
    keys = {"incident_id": Col("incident_id"), "detected_at": Col("detected_at")}
    rows = [
        ("2025-02-12T10:30", 120, "email,phone", "medium", "2025-02-18T12:00"),
        ("2025-11-19T14:00", 40, "full_name,email", "high", None),
        ("2026-07-14T09:45", 15, "support_messages", "low", "2026-07-20T17:00"),
    ]
    for detected, affected, categories, severity, notified in rows:
        d = _t(detected)
        deadline = int(cal.deadline_end(d, 1))
        n = _t(notified) if notified else None
        p.require(n is None or n > deadline, "incident notified late")
        tag = p.tag(
            "breach.late_notification",
            "incidents",
            {**keys, "deadline": deadline, "notified_authority_at": n, "severity": severity},
            deadline,
            deadline,
        )
        p.incident(d, affected, categories, severity, n, None, tag)


def _undisclosed_purpose(p: Planter) -> None:
    """A registered purpose that no published policy version discloses, used in April 2026.

    The finding is a register fact (manifest `_undisclosed_in_register`): the register declares
    the purpose, so it is undisclosed from the day the latest version is in force; these events
    show it really in use.
    """
    register = p.facts.register
    disclosed = {x for v in register.policy_versions for x in v.purposes}
    undisclosed = sorted(x.id for x in register.purposes if x.id not in disclosed)
    if not undisclosed:
        return
    purpose = undisclosed[0]
    pairs = p.facts.pairs.get(purpose) or [("helpdesk", "support_messages")]
    system, category = pairs[0]
    times = [
        "2026-04-06T10:00",
        "2026-04-09T11:00",
        "2026-04-15T14:00",
        "2026-04-22T09:30",
        "2026-04-29T16:00",
    ]
    codes = ["mm1", "mm2", "mm3", "mm4", "nr1"]
    for code, at in zip(codes, times, strict=True):
        p.process(p.s(code), purpose, system, _t(at), category)


def _near_misses(p: Planter) -> None:
    cal = p.world.calendar
    event = {"event_id": Col("event_id"), "subject_id": Col("subject_id")}
    # processing in the same second as the withdrawal
    s = p.s("nm1")
    p.consent(s, "email_marketing", "grant", _t("2025-02-04T10:00"), "web_form")
    p.process(s, "email_marketing", "email_platform", _t("2025-03-03T10:00"), "email")
    w = _t("2025-04-15T09:20:00Z")
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
            event,
            None,
            about="consent.after_withdrawal",
            what="processing in the same second as the withdrawal (not after it)",
        ),
    )
    # a new grant after a withdrawal, then processing
    s = p.s("nm2")
    p.consent(s, "personalisation", "grant", _t("2025-07-03T10:00"), "app")
    p.process(s, "personalisation", "data_warehouse", _t("2025-07-21T10:00"), "device_id")
    p.consent(s, "personalisation", "withdraw", _t("2025-08-12T10:00"), "app")
    p.consent(s, "personalisation", "grant", _t("2025-10-01T10:00"), "app")
    for at in ("2025-10-20T11:00", "2025-12-03T11:00"):
        p.process(
            s,
            "personalisation",
            "data_warehouse",
            _t(at),
            "device_id",
            tag=p.tag(
                "near_miss",
                "processing_log",
                event,
                None,
                about="consent.after_withdrawal",
                what="processing after a new grant that followed a withdrawal",
            ),
        )
    # processing at the very instant of the grant
    s = p.s("nm3")
    g = _t("2025-05-20T06:00:00Z")
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
            event,
            None,
            about="consent.missing",
            what="processing at the same instant as the grant (consent given at or before it)",
        ),
    )
    request = {"request_id": Col("request_id"), "subject_id": Col("subject_id")}
    # an access request answered on its deadline day (working day 3)
    r = _t("2025-10-08T10:00")
    day3 = int(cal.nth_working_day(r, 3))
    c = int(at_local(day3, 18 * HOUR + 30 * MINUTE))
    p.require(c < cal.deadline_end(r, 3), "answered on the deadline day")
    p.request(
        p.s("nm4"),
        "access",
        r,
        "completed",
        c,
        tag=p.tag(
            "near_miss",
            "dsr_requests",
            request,
            None,
            about="dsr.overdue",
            what="access request answered at 18:30 on working day 3, its deadline day",
        ),
    )
    # rectification across Nauryz: 6 calendar days, 1 working day
    r = _t("2026-03-20T15:00")
    day1 = int(cal.nth_working_day(r, 1))
    c = int(at_local(day1, 11 * HOUR))
    p.require(local_day(c) - local_day(r) >= 5, "deadline spans the Nauryz holidays")
    p.request(
        p.s("nm5"),
        "rectification",
        r,
        "completed",
        c,
        tag=p.tag(
            "near_miss",
            "dsr_requests",
            request,
            None,
            about="dsr.overdue",
            what="rectification received Friday 20 March 2026, answered on working day 1 after "
            "the Nauryz holidays (26 March): six calendar days, in time",
        ),
    )
    # withdrawal by request across the New Year holidays, answered on working day 15
    s = p.s("nm7")
    p.consent(s, "email_marketing", "grant", _t("2025-09-02T10:00"), "web_form")
    p.process(s, "email_marketing", "email_platform", _t("2025-10-07T10:00"), "email")
    r = _t("2025-12-19T10:00")
    p.consent(s, "email_marketing", "withdraw", r, "written_request")
    c = int(at_local(cal.nth_working_day(r, 15), 17 * HOUR))
    p.request(
        s,
        "withdraw_consent",
        r,
        "completed",
        c,
        tag=p.tag(
            "near_miss",
            "dsr_requests",
            request,
            None,
            about="dsr.overdue",
            what="withdrawal request of 19 December answered on working day 15 after the New Year "
            "and Christmas holidays",
        ),
    )
    # a record deleted exactly at its due instant
    s = p.s("nm8")
    collected = _t("2025-01-09T08:00:00Z")
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
    # an access at the very instant a grant starts (after the undertaking was signed)
    employee = p.roles["late_signer_1"]
    at = _t("2025-03-03T05:00:00Z")
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
    # a strictly necessary cookie set before consent (needs none)
    at = _t("2025-07-09T10:10")
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
    # an incident notified late on working day 1, within 72 hours too
    d = _t("2025-10-14T10:00")
    n = _t("2025-10-15T22:00")
    p.require(n < cal.deadline_end(d, 1) and n - d < 72 * HOUR, "notified in time")
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
            what="incident notified at 22:00 on working day 1 (deadline: its end)",
        ),
    )


__all__ = ["PERSONAS", "Col", "plant", "setup_personas"]
