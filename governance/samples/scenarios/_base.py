"""The planting machinery the area modules share: the `Planter`, `Col`, the personas' baseline.

Each area module writes its scenarios through a `Planter`, which appends one row
at a time to the world's tables and asserts what the scenario relies on
(`Planter.require`: a record deleted by its due instant, processing inside the
subject's life). Every row the manifest must name carries a tag; its keys are
`Col` placeholders, filled in once the tables have their final ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from governance.samples.facts import SampleError
from governance.samples.rates import kz_deadlines
from governance.samples.scenarios.personas import PERSONAS
from governance.samples.tables import NULL
from governance.samples.timeline import END
from governance.samples.workforce import Employee
from governance.samples.world import World


@dataclass(frozen=True)
class Col:
    """A manifest key taken from the planted row once the tables are final."""

    name: str


#: the keys of a planted processing event
EVENT_KEYS = {
    "event_id": Col("event_id"),
    "subject_id": Col("subject_id"),
    "purpose_id": Col("purpose_id"),
    "system_id": Col("system_id"),
    "occurred_at": Col("occurred_at"),
}


class Planter:
    """Appends scenario rows to the world's tables."""

    def __init__(self, world: World, staff: list[Employee]) -> None:
        self.world = world
        self.staff = staff
        self.index = {p.code: world.first_scenario + i for i, p in enumerate(PERSONAS)}
        self.roles = {e.role: e for e in staff if e.role not in ("head", "staff")}
        self.facts = world.facts
        self.v = world.vocab
        #: the KZ deadlines (framework pack `kz`) scenarios are planted in or past
        self.deadlines = kz_deadlines()

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


def baseline(p: Planter) -> None:
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


def assert_disclosed(p: Planter, category: str, collected: int) -> None:
    """Every policy version in force from `collected` on discloses `category`."""
    versions = p.facts.register.policy_versions
    index = int(p.facts.version_index_at(np.array([collected]))[0])
    for v in sorted(versions, key=lambda v: v.published_at)[index:]:
        p.require(category in v.data_categories, f"{category} disclosed by policy {v.version}")
