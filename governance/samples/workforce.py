"""Employees: who works where, their access grants, leavers, and the access log.

About 150 employees in ten departments; a few leave each month and are
replaced a few weeks later. Every employee signs the confidentiality
undertaking before any grant, grants are revoked at the instant the employee
leaves, and every access falls inside an active grant. The roster is small, so
it is built employee by employee; the access log (millions of rows at large
scale) is drawn in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from governance.samples import rates
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
    local_time_of_day,
)

FOUNDED = local("2017-03-15T09:00")


@dataclass
class Grant:
    system: str
    granted_at: int
    revoked_at: int | None
    approved_by: int | None  # employee number
    tag: int = 0


@dataclass
class Employee:
    number: int  # position in the roster (ids are given later, by active_from)
    department: str
    active_from: int
    active_to: int | None
    signed_at: int | None
    female: bool
    role: str = "staff"  # head, staff, or a scenario role
    grants: list[Grant] = field(default_factory=list)
    subject: int = NULL

    def active_at(self, t: int) -> bool:
        return self.active_from <= t and (self.active_to is None or t < self.active_to)


def headcount(subjects: int) -> int:
    """About 150 employees; fewer for a small custom scale (3% of the subjects, at least 12)."""
    return int(min(rates.EMPLOYEES, max(12, round(0.03 * subjects))))


def _per_department(total: int) -> dict[str, int]:
    """Largest-remainder split of `total` over the departments, at least one each."""
    shares = {d: v[0] for d, v in rates.DEPARTMENTS.items()}
    raw = {d: s * total for d, s in shares.items()}
    counts = {d: max(1, int(v)) for d, v in raw.items()}
    left = total - sum(counts.values())
    for d in sorted(raw, key=lambda d: (-(raw[d] - int(raw[d])), d))[: max(0, left)]:
        counts[d] += 1
    return counts


#: scenario employees: role -> (department, hired (local), left (local) or None,
#: confidentiality signed (local) or None for "at hiring")
SCENARIO_STAFF = {
    "unauthorised_1": ("Customer Support", "2023-05-15T09:00", None, None),
    "unauthorised_2": ("Sales and Marketing", "2022-09-05T09:00", None, None),
    "stale_1": ("Customer Support", "2021-04-12T09:00", "2025-01-17T18:00", None),
    "stale_2": ("Sales and Marketing", "2023-02-06T09:00", "2025-08-08T18:00", None),
    "stale_3": ("Compliance and AML", "2020-10-05T09:00", "2026-03-13T18:00", None),
    "late_signer_1": ("Customer Support", "2025-02-03T09:00", None, "2025-02-17T10:00"),
    "late_signer_2": ("Engineering", "2025-09-15T09:00", None, "2025-09-29T10:00"),
    "late_signer_3": ("Finance", "2026-04-06T09:00", None, "2026-04-20T10:00"),
}


def build_roster(rng: np.random.Generator, subjects: int) -> list[Employee]:
    """The employees over the 24 months: initial staff, scenario staff, leavers, their hires."""
    staff: list[Employee] = []

    def hire(department: str, active_from: int, role: str = "staff") -> Employee:
        signed = active_from + int(rng.integers(10 * MINUTE, 6 * HOUR))
        employee = Employee(
            len(staff), department, active_from, None, signed, bool(rng.random() < 0.5), role
        )
        staff.append(employee)
        return employee

    for department, count in _per_department(headcount(subjects)).items():
        for i in range(count):
            years = rng.uniform(4, 7) if i == 0 else rng.uniform(0.1, 7)
            day = local_day(START - int(years * 365.25 * DAY))
            hired = max(FOUNDED, int(at_local(day, 9 * HOUR)))
            hire(department, hired, "head" if i == 0 else "staff")
    for role, (department, hired, left, signed) in SCENARIO_STAFF.items():
        employee = hire(department, local(hired), role)
        employee.active_to = local(left) if left else None
        if signed:
            employee.signed_at = local(signed)

    # leavers: a few a month among ordinary staff, each replaced a few weeks later
    month_starts = [START + int(m * 30.4375 * DAY) for m in range(24)]
    for m, month_start in enumerate(month_starts):
        month_end = month_starts[m + 1] if m + 1 < len(month_starts) else END
        candidates = [
            e
            for e in staff
            if e.role == "staff" and e.active_to is None and e.active_from < month_start - 60 * DAY
        ]
        active = sum(e.active_at(month_start) for e in staff)
        leaving = min(len(candidates), int(rng.poisson(active * rates.LEAVING_PER_MONTH)))
        for index in sorted(rng.choice(len(candidates), size=leaving, replace=False).tolist()):
            employee = candidates[index]
            day = local_day(month_start) + int(rng.integers(1, 27))
            employee.active_to = int(at_local(day, 18 * HOUR))
            if employee.active_to >= month_end:
                employee.active_to = int(month_end - 6 * HOUR)
            starts = employee.active_to + int(rng.integers(14, 46)) * DAY
            start_day = local_day(starts)
            starts = int(at_local(start_day, 9 * HOUR))
            if starts < END - 5 * DAY:
                hire(employee.department, starts)
    _grant(rng, staff)
    return staff


def _grant(rng: np.random.Generator, staff: list[Employee]) -> None:
    """Grants by department, after the confidentiality undertaking; revoked on leaving."""
    heads = {e.department: e.number for e in staff if e.role == "head"}
    director = heads["Management"]
    systems_all = sorted({s for v in rates.DEPARTMENTS.values() for s in v[1]})
    for employee in staff:
        systems = rates.DEPARTMENTS[employee.department][1]
        scenario = employee.role not in ("head", "staff")
        chosen = [s for i, s in enumerate(systems) if scenario or i == 0 or rng.random() < 0.85]
        approver = director if employee.role == "head" else heads[employee.department]
        if employee.number == director:
            approver = None
        late = employee.role.startswith("late_signer")
        start = employee.active_from if late else max(employee.active_from, employee.signed_at)
        for system in chosen:
            granted = start + (2 * HOUR if late else int(rng.integers(HOUR, 3 * DAY)))
            employee.grants.append(Grant(system, granted, employee.active_to, approver))
        if employee.role.startswith("stale"):
            for grant in employee.grants:
                grant.revoked_at = None  # planted: access.stale_grant
        if employee.role == "staff" and rng.random() < rates.TEMPORARY_GRANT_SHARE:
            others = [s for s in systems_all if s not in systems and s not in ("hr_system", "ats")]
            system = others[int(rng.integers(len(others)))]
            first = max(START, start + DAY)
            last = (employee.active_to or END) - 100 * DAY
            if first < last:
                granted = int(rng.integers(first, last))
                revoked = granted + int(rng.integers(30, 91)) * DAY
                if employee.active_to is not None:
                    revoked = min(revoked, employee.active_to)
                employee.grants.append(Grant(system, granted, revoked, approver))


def access_intervals(staff: list[Employee]) -> tuple[np.ndarray, ...]:
    """(employee, system, lo, hi, weight) of each grant's window of lawful access in the data."""
    rows = []
    for employee in staff:
        weight = rates.DEPARTMENTS[employee.department][2]
        for grant in employee.grants:
            lo = max(grant.granted_at, employee.signed_at or END, START)
            ends = [END]
            if grant.revoked_at is not None:
                ends.append(grant.revoked_at)
            if employee.active_to is not None:
                ends.append(employee.active_to)
            hi = min(ends)
            if hi - lo > DAY:
                rows.append((employee.number, grant.system, lo, hi, weight * (hi - lo)))
    number, system, lo, hi, weight = zip(*rows, strict=True)
    return (
        np.array(number),
        np.array(system, dtype=object),
        np.array(lo, dtype=np.int64),
        np.array(hi, dtype=np.int64),
        np.array(weight, dtype=np.float64),
    )


def draw_access_times(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Instants in [lo, hi), moved to office hours (09:00-19:00 local) where that stays inside."""
    t = lo + (rng.random(len(lo)) * (hi - lo)).astype(np.int64)
    office = at_local(local_day(t), rng.integers(9 * HOUR, 19 * HOUR, len(t)))
    inside = (office >= lo) & (office < hi)
    t = np.where(inside, office, t)
    return t.astype(np.int64)


def office_hours(t: np.ndarray) -> np.ndarray:
    """Whether each instant is between 09:00 and 19:00 local time."""
    tod = local_time_of_day(t)
    return (tod >= 9 * HOUR) & (tod < 19 * HOUR)
