"""Subjects: who they are, when they arrive, which policy versions they accept, who is erased.

New subjects arrive at a rate rising over the 24 months. Everyone accepts the
policy version in force when they sign up; when a material version is
published, every existing subject accepts it within a few days, and nothing is
processed for them in between (the "blocked" window). Erasure requests are
received only when no earlier processing of the subject would need the
material version they can no longer accept (before 2025 or after everyone has
accepted 2.0), so an erased subject is never an active subject on an outdated
policy.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from governance.samples import rates
from governance.samples.identities import draw_countries, identities
from governance.samples.tables import NULL
from governance.samples.timeline import (
    DAY,
    END,
    HOUR,
    START,
    at_local,
    local_day,
    ts,
)
from governance.samples.workforce import Employee
from governance.samples.world import GENERIC, World

#: erasure requests are received before this instant ...
ERASURE_EARLY_END = ts("2024-12-20T00:00:00")
#: ... or from this one on (when every subject has accepted policy 2.0)
ERASURE_LATE_START = ts("2025-06-25T00:00:00")


def growth_times(rng: np.random.Generator, n: int, start: int, end: int) -> np.ndarray:
    """Instants in [start, end) whose density rises linearly to (1 + GROWTH) times its start."""
    g = rates.GROWTH
    u = rng.random(n)
    fraction = (-1 + np.sqrt(1 + 2 * g * u * (1 + g / 2))) / g
    return (start + fraction * (end - start)).astype(np.int64)


def generic_subjects(world: World) -> None:
    """Type, country, arrival, sex, birth date and identity presence of the generic subjects."""
    rng = world.rng("subjects")
    idx = np.flatnonzero(world.group == GENERIC)
    n = len(idx)
    types = np.array(list(rates.TYPE_SHARES), dtype=object)[
        rng.choice(len(rates.TYPE_SHARES), size=n, p=list(rates.TYPE_SHARES.values()))
    ]
    world.stype[idx] = types
    world.created[idx] = growth_times(rng, n, START + HOUR, END - 3 * DAY)
    for stype in rates.TYPE_SHARES:
        rows = idx[types == stype]
        world.country[rows] = _countries(rng, len(rows), rates.KZ_SHARE[stype])
    world.female[idx] = rng.random(n) < 0.5
    applicant = types == "job_applicant"
    age = np.where(applicant, 20 + rng.gamma(2.0, 4.0, n), 18 + rng.gamma(2.2, 7.0, n))
    age = np.minimum(age, 75)
    world.birth_day[idx] = local_day(world.created[idx]) - (age * 365.25).astype(np.int64)
    prospect = types == "prospect"
    world.has_name[idx] = ~prospect | (rng.random(n) < 0.7)
    world.has_phone[idx] = ~prospect | (rng.random(n) < 0.3)
    world.birth_day[idx[prospect]] = NULL
    world.activity[idx] = rng.gamma(2.0, 0.5, n)


def _countries(rng: np.random.Generator, n: int, kz_share: float) -> np.ndarray:
    return draw_countries(rng, n, kz_share)


def employee_subjects(world: World, staff: list[Employee]) -> None:
    """Each employee is also a data subject (HR purposes), created when hired."""
    rng = world.rng("employee_subjects")
    first = world.first_employee
    for offset, employee in enumerate(staff):
        employee.subject = first + offset
    idx = np.arange(first, first + len(staff))
    world.stype[idx] = "employee"
    world.created[idx] = [e.active_from for e in staff]
    world.country[idx] = _countries(rng, len(idx), rates.KZ_SHARE["employee"])
    world.female[idx] = [e.female for e in staff]
    age = 22 + rng.gamma(2.5, 5.0, len(idx))
    world.birth_day[idx] = local_day(world.created[idx]) - (age * 365.25).astype(np.int64)


def erasures(world: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Generic subjects who ask for erasure: (subject, received, completed)."""
    rng = world.rng("erasures")
    idx = np.flatnonzero(world.group == GENERIC)
    share = np.array([rates.ERASURE_SHARE[t] for t in world.stype[idx]])
    who = idx[rng.random(len(idx)) < share]
    lo = world.created[who] + 7 * DAY
    hi = END - 4 * DAY
    who, lo = who[lo < hi], lo[lo < hi]
    received = np.full(len(who), NULL, dtype=np.int64)
    for _ in range(6):
        todo = received == NULL
        t = lo[todo] + (rng.random(todo.sum()) * (hi - lo[todo])).astype(np.int64)
        t = at_local(local_day(t), rng.integers(9 * HOUR, 20 * HOUR, len(t)))
        ok = ((t < ERASURE_EARLY_END) | (t >= ERASURE_LATE_START)) & (t > lo[todo]) & (t < hi)
        received[np.flatnonzero(todo)[ok]] = t[ok]
    keep = received != NULL
    who, received = who[keep], received[keep]
    deadline = rates.kz_deadlines().requests["erasure"]
    completed = complete_requests(world, rng, received, np.full(len(who), deadline))
    world.end[who] = received
    world.erased_at[who] = completed
    return who, received, completed


def complete_requests(
    world: World, rng: np.random.Generator, received: np.ndarray, working_days: np.ndarray
) -> np.ndarray:
    """Completion instants within each request's deadline (KZ working days, local office hours).

    Day 0 (the day of receipt) is used when it is a working day and the request came
    before 17:00; otherwise the answer comes on working day 1..N at 10:00-18:30.
    """
    calendar = world.calendar
    n = len(received)
    if not n:
        return np.zeros(0, dtype=np.int64)
    day0 = local_day(received)
    tod0 = (received + 5 * HOUR) % DAY
    j = (rng.random(n) * (working_days + 1)).astype(np.int64)
    same_day = calendar.is_working(day0) & (tod0 < 17 * HOUR)
    j = np.where((j == 0) & ~same_day, 1, j)
    later_day = calendar.nth_working_day(received, np.maximum(j, 1))
    day = np.where(j == 0, day0, later_day)
    tod = np.where(
        j == 0,
        tod0 + rng.integers(30 * 60, 3 * HOUR, n),
        rng.integers(10 * HOUR, 18 * HOUR + 30 * 60, n),
    )
    return at_local(day, tod).astype(np.int64)


def acceptances(world: World, idx: np.ndarray) -> None:
    """Policy acceptances of the subjects `idx`, and their blocked windows.

    The first acceptance comes with sign-up (for staff hired before the first policy,
    a few days after it was published). A material version is accepted by every
    subject existing then within 4.5 days; a non-material one by half of them within a
    month. Nothing that version introduced is processed for a subject before they
    accepted it.
    """
    rng = world.rng("acceptances")
    facts = world.facts
    table = world.tables["policy_acceptances"]
    created = world.created[idx]
    n = len(idx)
    first_pub = int(facts.published[0])
    first = np.where(
        created < first_pub,
        at_local(local_day(first_pub) + rng.integers(1, 11, n), 10 * HOUR),
        created + rng.integers(3, 61, n),
    ).astype(np.int64)
    version = facts.version_index_at(first)
    table.add(
        subject_id=idx,
        policy_version=world.vocab.codes(facts.versions)[version],
        accepted_at=first,
        channel=world.pick(rng, ["web", "app"], n, [0.55, 0.45]),
    )
    world.t2[idx] = np.maximum(np.maximum(created + 60, first + 1), facts.introduced_at)
    for position, version_name in enumerate(facts.versions):
        published = int(facts.published[position])
        if published <= START:
            continue
        existing = (first < published) & (world.end[idx] > published)
        who = idx[existing]
        m = len(who)
        if facts.material[position]:
            at = published + rng.integers(2 * HOUR, int(4.5 * DAY), m)
            world.blk_lo[who] = published
            world.blk_hi[who] = at
            world.t2[who] = at
            channel = world.pick(rng, ["email_link", "app", "web"], m, [0.5, 0.3, 0.2])
        else:
            late = world.end[who] > published + 31 * DAY
            pick = late & (rng.random(m) < 0.5)
            who = who[pick]
            m = len(who)
            at = published + rng.integers(HOUR, 30 * DAY, m)
            channel = world.pick(rng, ["email_link", "app", "web"], m, [0.4, 0.4, 0.2])
        table.add(
            subject_id=who,
            policy_version=world.vocab.code(version_name),
            accepted_at=at,
            channel=channel,
        )


def subjects_table(world: World) -> tuple[dict[str, pa.Array | np.ndarray], np.ndarray]:
    """The subjects file (columns in contract order) and each subject's final position.

    Ids are given in order of creation. Identity (name, e-mail, phone, birth date)
    is blank for subjects whose erasure was completed, unless the planted
    dsr.erasure_incomplete scenario keeps it.
    """
    rng = world.rng("identities")
    order = np.lexsort((np.arange(world.n), world.created))
    rank = np.empty(world.n, dtype=np.int64)
    rank[order] = np.arange(world.n)
    names, emails, phones = identities(rng, world.country, world.female)
    erased = (world.erased_at < END) & ~world.keep_identity
    keep_name = world.has_name & ~erased
    keep_email = world.has_email & ~erased
    keep_phone = world.has_phone & ~erased
    birth = np.where(erased, NULL, world.birth_day)

    taken = pa.array(order)

    def masked(values: pa.Array, keep: np.ndarray) -> pa.Array:
        return pc.if_else(pa.array(keep[order]), values.take(taken), pa.scalar(None, pa.string()))

    columns = {
        "subject_type": pa.array(world.stype[order], pa.string()),
        "country": pa.array(world.country[order], pa.string()),
        "created_at": world.created[order],
        "birth_date": pa.array(birth[order].astype("int32"), pa.date32(), mask=birth[order] < 0),
        "full_name": masked(names, keep_name),
        "email": masked(emails, keep_email),
        "phone": masked(phones, keep_phone),
    }
    return columns, rank


__all__ = [
    "acceptances",
    "complete_requests",
    "employee_subjects",
    "erasures",
    "generic_subjects",
    "growth_times",
    "subjects_table",
]
