"""What the generator reads from the register: ids, consent bases, rules, cookies, versions.

The generator writes the sample company's events, so it expects the ids of the
metriX register (purposes, systems, recipients it names in its rates). A
register lacking one of them is refused with the ids it misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from governance.errors import GovernanceError
from governance.register import Register, load_register
from governance.samples.timeline import DAY, ts

#: ids the generator's rates and scenarios refer to
REQUIRED = {
    "purposes": {
        "service_contract",
        "payments",
        "accounting",
        "fraud_prevention",
        "analytics",
        "email_marketing",
        "personalisation",
        "cookies",
        "customer_support",
        "hr_management",
        "recruitment",
    },
    "systems": {
        "platform_db",
        "crm",
        "helpdesk",
        "billing",
        "antifraud",
        "data_warehouse",
        "email_platform",
        "web_analytics",
        "hr_system",
        "ats",
    },
    "recipients": {
        "sendwell",
        "datadune",
        "adsphere",
        "tenge_pay",
        "dala_express",
        "state_revenue_committee",
        "financial_monitoring_agency",
        "enpf",
    },
    "subject_types": {"customer", "prospect", "employee", "job_applicant"},
}


class SampleError(GovernanceError):
    """The generator cannot run with these arguments (wrong scale, register lacking ids)."""

    exit_code = 2


@dataclass(frozen=True)
class Rule:
    period_days: int
    grace_days: int
    from_last_use: bool

    @property
    def seconds(self) -> int:
        return (self.period_days + self.grace_days) * DAY


class Facts:
    """The register as the generator needs it."""

    def __init__(self, register: Register, path: Path | None = None) -> None:
        self.register = register
        self.path = path
        missing = {
            section: sorted(ids - {e.id for e in getattr(register, section)})
            for section, ids in REQUIRED.items()
        }
        missing = {k: v for k, v in missing.items() if v}
        if missing:
            listed = "; ".join(f"{k}: {', '.join(v)}" for k, v in missing.items())
            raise SampleError(
                f"{path or 'register'}: the sample generator needs the metriX register's ids; "
                f"missing {listed}"
            )
        consent_bases = {b.id for b in register.legal_bases if b.consent_based}
        self.consent_purposes = {p.id for p in register.purposes if p.legal_basis in consent_bases}
        self.purposes = {p.id for p in register.purposes}
        self.hosting = {s.id: s.hosting_country for s in register.systems}
        self.rules = {
            (r.data_category, r.system): Rule(
                r.period_days, r.grace_days, r.start_event.value == "last_used_at"
            )
            for r in register.retention_rules
        }
        self.cookies = [(c.name, c.domain, c.category.value) for c in register.cookies]
        versions = sorted(register.policy_versions, key=lambda v: v.published_at)
        self.versions = [v.version for v in versions]
        self.published = np.array(
            [ts(v.published_at.isoformat() + "T00:00:00") for v in versions], dtype=np.int64
        )
        self.material = [v.material_change for v in versions]
        # what later versions added to the first one: never used before a subject accepted it
        first = versions[0]
        self.later_purposes = sorted(
            {p for v in versions for p in v.purposes} - set(first.purposes)
        )
        self.later_categories = sorted(
            {c for v in versions for c in v.data_categories} - set(first.data_categories)
        )
        introducing = [
            v
            for v in versions
            if set(v.purposes) & set(self.later_purposes)
            or set(v.data_categories) & set(self.later_categories)
        ]
        self.introduced_at = (
            ts(introducing[0].published_at.isoformat() + "T00:00:00") if introducing else 0
        )
        #: (purpose) -> [(system, category)] the purpose's activities use
        self.pairs: dict[str, list[tuple[str, str]]] = {}
        for activity in register.processing_activities:
            for system in activity.systems:
                for category in activity.data_categories:
                    pair = (system, category)
                    if pair not in self.pairs.setdefault(activity.purpose, []):
                        self.pairs[activity.purpose].append(pair)

    @classmethod
    def load(cls, path: Path) -> Facts:
        return cls(load_register(path), path)

    def version_index_at(self, seconds: np.ndarray) -> np.ndarray:
        """Index (into `versions`) of the policy version in force at each instant."""
        return np.searchsorted(self.published, seconds, side="right") - 1

    def version_published(self, version: str) -> int:
        return int(self.published[self.versions.index(version)])

    def latest_material(self) -> str:
        """The latest version marked as a material change."""
        return [v for v, m in zip(self.versions, self.material, strict=True) if m][-1]

    def rule(self, category: str, system: str) -> Rule:
        try:
            return self.rules[(category, system)]
        except KeyError:
            raise SampleError(
                f"the register has no retention rule for ({category}, {system})"
            ) from None
