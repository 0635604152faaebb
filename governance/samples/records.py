"""The data inventory: which record of which subject sits in which system, and when it goes.

Records come from menus per subject type (which (system, category) pairs, how
likely, collected when), from consents (the e-mail platform and web analytics,
held while the consent lasts) and from the HR roster. Every pair is one that
the register's activities use, so it has a retention rule. A record is deleted
at the earliest of: its retention due instant (never later; some exactly at
it), the end of the consent it depends on, or the completion of its subject's
erasure. A Kazakhstan subject's record on a foreign-hosted system always has a
twin of the same category on a KZ-hosted one (the CRM), kept at least as long.
"""

from __future__ import annotations

import numpy as np

from governance.samples.activity import Episodes
from governance.samples.tables import NULL, Vocab
from governance.samples.timeline import DAY, END, HOUR, MINUTE, NEVER, ts
from governance.samples.workforce import Employee
from governance.samples.world import GENERIC, World

#: stage -> how long after sign-up it happens: (min days, max days)
STAGES = {
    "signup": (0, 0),
    "order": (0.05, 90),
    "billing": (0.05, 60),
    "aml": (1, 120),
    "support": (1, 300),
    "later": (0.05, 30),
}

#: subject type -> [(system, category, share, stage)]; "later" = after accepting policy 2.0
MENUS = {
    "customer": [
        ("platform_db", "full_name", 1.0, "signup"),
        ("platform_db", "email", 1.0, "signup"),
        ("platform_db", "phone", 0.35, "signup"),
        ("platform_db", "username", 0.3, "signup"),
        ("platform_db", "credentials", 0.6, "signup"),
        ("platform_db", "ip_address", 0.6, "signup"),
        ("platform_db", "language", 0.3, "later"),
        ("platform_db", "postal_address", 0.25, "order"),
        ("platform_db", "purchase_history", 0.2, "order"),
        ("platform_db", "payment", 0.15, "order"),
        ("crm", "full_name", 0.1, "order"),
        ("crm", "phone", 0.08, "order"),
        ("crm", "postal_address", 0.08, "order"),
        ("crm", "purchase_history", 0.1, "order"),
        ("crm", "username", 0.02, "support"),
        ("crm", "support_messages", 0.02, "support"),
        ("billing", "full_name", 0.08, "billing"),
        ("billing", "email", 0.05, "billing"),
        ("billing", "payment", 0.1, "billing"),
        ("billing", "purchase_history", 0.08, "billing"),
        ("billing", "iin", 0.04, "billing"),
        ("billing", "bank_account", 0.02, "billing"),
        ("antifraud", "full_name", 0.04, "aml"),
        ("antifraud", "iin", 0.04, "aml"),
        ("antifraud", "date_of_birth", 0.03, "aml"),
        ("antifraud", "payment", 0.03, "aml"),
        ("antifraud", "ip_address", 0.03, "aml"),
        ("antifraud", "device_id", 0.03, "aml"),
        ("antifraud", "imprecise_location", 0.02, "later"),
        ("data_warehouse", "device_id", 0.2, "later"),
        ("data_warehouse", "browsing_history", 0.15, "later"),
        ("data_warehouse", "purchase_history", 0.08, "later"),
        ("data_warehouse", "imprecise_location", 0.08, "later"),
        ("data_warehouse", "language", 0.05, "later"),
        ("helpdesk", "full_name", 0.05, "support"),
        ("helpdesk", "email", 0.05, "support"),
        ("helpdesk", "phone", 0.02, "support"),
        ("helpdesk", "username", 0.02, "support"),
        ("helpdesk", "support_messages", 0.06, "support"),
        ("helpdesk", "purchase_history", 0.02, "support"),
    ],
    "prospect": [
        ("crm", "full_name", 0.2, "signup"),
        ("data_warehouse", "device_id", 0.15, "later"),
        ("data_warehouse", "browsing_history", 0.12, "later"),
        ("data_warehouse", "language", 0.03, "later"),
        ("helpdesk", "email", 0.03, "support"),
        ("helpdesk", "support_messages", 0.03, "support"),
        ("helpdesk", "full_name", 0.02, "support"),
    ],
}
#: consent purpose -> (system, category, share, twin on a KZ system or None)
CONSENT_RECORDS = {
    "email_marketing": [
        ("email_platform", "email", 1.0, "crm"),
        ("email_platform", "full_name", 0.5, "crm"),
        ("email_platform", "purchase_history", 0.2, "crm"),
        ("email_platform", "language", 0.15, "crm"),
    ],
    "cookies": [
        ("web_analytics", "cookie_id", 1.0, None),
        ("web_analytics", "ip_address", 1.0, None),
        ("web_analytics", "browsing_history", 0.5, None),
        ("web_analytics", "imprecise_location", 0.3, None),
    ],
    "recruitment": [
        ("ats", "full_name", 1.0, None),
        ("ats", "email", 1.0, None),
        ("ats", "phone", 0.8, None),
        ("ats", "job_title", 0.9, None),
        ("ats", "employment_record", 0.9, None),
    ],
}
#: the end of the last period that holds data (the year 2026 and its fourth quarter)
HORIZON = ts("2027-01-01T00:00:00")
HR_CATEGORIES = [
    "full_name",
    "email",
    "phone",
    "postal_address",
    "iin",
    "date_of_birth",
    "job_title",
    "employment_record",
    "bank_account",
]


class RecordSet:
    """Records before their deletion is decided (categories and systems as vocab codes)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(
        self,
        subject: np.ndarray,
        system: str,
        category: str,
        collected: np.ndarray,
        ends_with: np.ndarray | None = None,
    ) -> None:
        """`ends_with`: an instant the record is deleted at the latest (end of its consent)."""
        n = len(subject)
        self.parts.append(
            (
                np.asarray(subject, dtype=np.int64),
                np.full(n, self.vocab.code(system), dtype=np.int32),
                np.full(n, self.vocab.code(category), dtype=np.int32),
                np.asarray(collected, dtype=np.int64),
                np.full(n, NEVER, dtype=np.int64)
                if ends_with is None
                else np.asarray(ends_with, dtype=np.int64),
            )
        )

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(c) for c in zip(*self.parts, strict=True))


def menu_records(world: World, records: RecordSet) -> None:
    rng = world.rng("records")
    generic = np.flatnonzero(world.group == GENERIC)
    later_categories = set(world.facts.later_categories)
    for stype, menu in MENUS.items():
        subject = generic[world.stype[generic] == stype]
        n = len(subject)
        created = world.created[subject]
        stage_at = {}
        for stage, (lo, hi) in STAGES.items():
            offset = (rng.uniform(lo, hi, n) * DAY).astype(np.int64) + 20
            base = world.t2[subject] if stage == "later" else created
            stage_at[stage] = base + offset
        for system, category, share, stage in menu:
            pick = rng.random(n) < share
            at = stage_at[stage][pick]
            who = subject[pick]
            if category in later_categories:
                at = np.maximum(at, world.t2[who] + MINUTE)
            ok = (at < world.end[who]) & (at < END - DAY)
            records.add(who[ok], system, category, at[ok])


def consent_records(world: World, episodes: Episodes, records: RecordSet) -> None:
    """Records held because of a consent, deleted within days after its final withdrawal."""
    rng = world.rng("consent_records")
    later_categories = set(world.facts.later_categories)
    first = episodes.first
    last = episodes.last
    for purpose, menu in CONSENT_RECORDS.items():
        rows = np.flatnonzero((episodes.purpose == purpose) & first)
        subject = episodes.subject[rows]
        granted = episodes.granted[rows]
        # the pair's final episode decides when the consent-dependent records go
        final = np.flatnonzero((episodes.purpose == purpose) & last)
        final_end = dict(
            zip(
                episodes.subject[final].tolist(),
                np.where(
                    episodes.withdrawn[final] & ~episodes.by_erasure[final],
                    episodes.ended[final],
                    NEVER,
                ).tolist(),
                strict=True,
            )
        )
        withdrawn = np.array([final_end[s] for s in subject.tolist()], dtype=np.int64)
        if purpose == "cookies":
            # analytics cookies data is only kept for visitors abroad (see localisation)
            keep = world.country[subject] != "KZ"
            subject, granted, withdrawn = subject[keep], granted[keep], withdrawn[keep]
        n = len(subject)
        grace = rng.integers(HOUR, 10 * DAY, n)
        ends_with = np.where(withdrawn < NEVER, withdrawn + grace, NEVER)
        for system, category, share, twin in menu:
            pick = rng.random(n) < share
            if purpose == "email_marketing" and category == "purchase_history":
                pick &= world.stype[subject] == "customer"
            at = granted[pick] + MINUTE
            who = subject[pick]
            if category in later_categories:
                at = np.maximum(at, world.t2[who] + 2 * MINUTE)
            stop = np.minimum(ends_with[pick], world.end[who])
            ok = (at < stop) & (at < END - DAY) & (at < withdrawn[pick])
            records.add(who[ok], system, category, at[ok], ends_with[pick][ok])
            if twin:
                # the KZ twin is collected first and outlives the foreign record
                records.add(who[ok], twin, category, at[ok] - 30)


def hr_records(world: World, staff: list[Employee], records: RecordSet) -> None:
    """The personnel file of each employee, and sick-leave certificates over the months."""
    rng = world.rng("hr_records")
    subject = np.array([e.subject for e in staff])
    hired = np.array([e.active_from for e in staff])
    for category in HR_CATEGORIES:
        records.add(subject, "hr_system", category, hired + HOUR)
    left = np.array([e.active_to if e.active_to is not None else END for e in staff])
    count = rng.poisson(0.3 * 2, len(staff))
    row = np.repeat(np.arange(len(staff)), count)
    lo = np.maximum(hired[row], world.created[subject[row]]) + DAY
    at = lo + (rng.random(len(row)) * np.maximum(np.minimum(left[row], END) - lo, 0)).astype(
        np.int64
    )
    ok = at < np.minimum(left[row], END - DAY)
    records.add(subject[row][ok], "hr_system", "sick_leave", at[ok])


def settle(world: World, records: RecordSet) -> dict[str, np.ndarray]:
    """Decide last use and deletion of every record; returns the inventory columns.

    Last use is the subject's latest processing (never before collection). The due
    instant follows the pair's rule; a record due before the end of the data is
    deleted up to 3 days before it, or exactly at it (about 3% of them, a near miss
    for retention.overdue). Records of erased subjects go minutes before the
    erasure is completed.
    """
    rng = world.rng("settle")
    subject, system, category, collected, ends_with = records.arrays()
    # one record per (subject, system, category): keep the earliest
    by_time = np.argsort(collected, kind="stable")
    key = (subject * 1024 + system) * 1024 + category
    key_order = by_time[np.argsort(key[by_time], kind="stable")]
    s, sy, c = subject[key_order], system[key_order], category[key_order]
    first = np.ones(len(s), dtype=bool)
    first[1:] = (s[1:] != s[:-1]) | (sy[1:] != sy[:-1]) | (c[1:] != c[:-1])
    keep = np.sort(key_order[first])
    subject, system, category = subject[keep], system[keep], category[keep]
    collected, ends_with = collected[keep], ends_with[keep]
    n = len(subject)

    pair = category.astype(np.int64) * 65_536 + system
    pairs, index = np.unique(pair, return_inverse=True)
    words = world.vocab.words
    rules = [world.facts.rule(words[p // 65_536], words[p % 65_536]) for p in pairs.tolist()]
    period = np.array([r.seconds for r in rules], dtype=np.int64)[index]
    from_last_use = np.array([r.from_last_use for r in rules], dtype=bool)[index]

    last_used = np.maximum(collected, np.minimum(world.last_seen[subject], END - 1))
    # an erased subject's records go 1-30 minutes before the erasure completes, those on a
    # foreign-hosted system 31-60 minutes before: the KZ copy outlives the foreign one to the
    # end (localisation.outside_kz looks at every moment)
    abroad = np.array(
        [world.facts.hosting.get(words[i]) not in (None, "KZ") for i in range(len(words))],
        dtype=bool,
    )[system]
    lead = rng.integers(MINUTE, 30 * MINUTE, n) + np.where(abroad, 30 * MINUTE, 0)
    erasure = np.where(world.erased_at[subject] < NEVER, world.erased_at[subject] - lead, NEVER)
    erasure = np.maximum(erasure, collected + 1)
    early = np.minimum(ends_with, erasure)
    last_used = np.minimum(last_used, np.maximum(early - 1, collected))
    start = np.where(from_last_use, last_used, collected)
    due = start + period
    used = np.maximum(last_used, collected)
    margin = np.minimum(3 * DAY, np.maximum(due - used - 1, 0))
    on_time = due - (rng.random(n) * margin).astype(np.int64)
    on_time = np.where(rng.random(n) < 0.03, due, on_time)
    # due after the data ends but within its last calendar year (the periods 2026-Q4 and 2026
    # end there): deleted early, before the data ends, so no check period sees it overdue
    early_job = np.minimum(
        used + 1 + (rng.uniform(0.5, 1.0, n) * np.maximum(END - 2 - used, 0)).astype(np.int64),
        END - 1,
    )
    retention = np.where(due < END, on_time, np.where(due < HORIZON, early_job, NEVER))
    deleted = np.minimum(early, retention)
    deleted = np.where(deleted < END, deleted, NULL)
    return {
        "system_id": system,
        "subject_id": subject,
        "data_category": category,
        "collected_at": collected,
        "last_used_at": np.where(from_last_use, last_used, NULL),
        "deleted_at": deleted,
        "due": due,
    }
