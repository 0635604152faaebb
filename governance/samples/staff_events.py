"""What the roster produces: the employees and grants files, HR processing, the access log."""

from __future__ import annotations

import numpy as np

from governance.samples import rates
from governance.samples.tables import NULL
from governance.samples.timeline import DAY, END, HOUR, START, at_local, date_of, local_day, ts
from governance.samples.workforce import Employee, access_intervals, draw_access_times
from governance.samples.world import EMPLOYEE, GENERIC, World


def roster_tables(world: World, staff: list[Employee]) -> None:
    employees = world.tables["employees"]
    grants = world.tables["access_grants"]
    for e in staff:
        employees.add(
            department=world.vocab.code(e.department),
            active_from=e.active_from,
            active_to=e.active_to if e.active_to is not None else NULL,
            confidentiality_signed_at=e.signed_at if e.signed_at is not None else NULL,
        )
        for g in e.grants:
            grants.add(
                tag=g.tag,
                employee_id=e.number,
                system_id=world.vocab.code(g.system),
                granted_at=g.granted_at,
                revoked_at=g.revoked_at if g.revoked_at is not None else NULL,
                approved_by=g.approved_by if g.approved_by is not None else NULL,
            )


def _payroll_days() -> list[int]:
    """Instants of the monthly payroll run (the 25th, 10:00 local) within the data."""
    days = []
    for year in (2024, 2025, 2026):
        for month in range(1, 13):
            t = at_local(local_day(ts(f"{year}-{month:02d}-25T12:00:00")), 10 * HOUR)
            if START <= t < END:
                days.append(int(t))
    return days


def hr_events(world: World, staff: list[Employee]) -> None:
    """Monthly payroll processing, a final settlement for leavers; pension and tax disclosures."""
    processing = world.tables["processing_log"]
    disclosures = world.tables["disclosures"]
    payroll = _payroll_days()
    subject, t, category = [], [], []
    enpf, src = [], []
    for e in staff:
        for when in payroll:
            if e.active_at(when):
                subject.append(e.subject)
                t.append(when)
                category.append("bank_account")
                month = int(date_of(local_day(when)).month)
                if month in (3, 6, 9, 12):
                    enpf.append((e.subject, when + DAY))
                if month == 1:
                    src.append((e.subject, when + 2 * DAY))
        if e.active_to is not None and START <= e.active_to + 2 * DAY < END:
            subject.append(e.subject)
            t.append(e.active_to + 2 * DAY)
            category.append("employment_record")
    subject_a = np.array(subject, dtype=np.int64)
    t_a = np.array(t, dtype=np.int64)
    ok = ~world.blocked(subject_a, t_a)
    processing.add(
        subject_id=subject_a[ok],
        purpose_id=world.vocab.code("hr_management"),
        system_id=world.vocab.code("hr_system"),
        occurred_at=t_a[ok],
        data_category=world.codes(np.array(category, dtype=object)[ok]),
    )
    for recipient, rows in (("enpf", enpf), ("state_revenue_committee", src)):
        if rows:
            s, when = (np.array(x, dtype=np.int64) for x in zip(*rows, strict=True))
            disclosures.add(
                subject_id=s,
                recipient_id=world.vocab.code(recipient),
                purpose_id=world.vocab.code("hr_management"),
                disclosed_at=when,
                legal_basis=world.vocab.code("legal_obligation"),
            )


#: which subjects each system holds (for the subject an access reads)
SYSTEM_HOLDS = {
    "platform_db": ("customer",),
    "billing": ("customer",),
    "antifraud": ("customer",),
    "crm": ("customer", "prospect"),
    "helpdesk": ("customer", "prospect"),
    "data_warehouse": ("customer", "prospect"),
    "email_platform": ("customer", "prospect"),
    "web_analytics": ("customer", "prospect"),
    "hr_system": ("employee",),
    "ats": ("job_applicant",),
}


def access_log(world: World, staff: list[Employee]) -> None:
    """Reads and changes by employees, each inside one of their active grants.

    The record read belongs to a subject who existed then and had not asked for
    erasure; when none fits, the access is not tied to a subject (a list or report).
    """
    rng = world.rng("access_log")
    count = round(world.profile.access_per_subject * int((world.group == GENERIC).sum()))
    number, system, lo, hi, weight = access_intervals(staff)
    pick = rng.choice(len(number), size=count, p=weight / weight.sum())
    t = draw_access_times(rng, lo[pick], hi[pick])
    system_codes = world.codes(system)[pick]
    subject = np.full(count, NULL, dtype=np.int64)
    holders = (world.group == GENERIC) | (world.group == EMPLOYEE)
    for name, types in SYSTEM_HOLDS.items():
        rows = np.flatnonzero(system_codes == world.vocab.code(name))
        pool = np.flatnonzero(holders & np.isin(world.stype, types))
        if not len(rows) or not len(pool):
            continue
        pool = pool[np.argsort(world.created[pool], kind="stable")]
        known = np.searchsorted(world.created[pool], t[rows], side="right")
        chosen = pool[np.minimum((rng.random(len(rows)) * known).astype(np.int64), len(pool) - 1)]
        fits = (known > 0) & (world.end[chosen] > t[rows])
        subject[rows] = np.where(fits, chosen, NULL)
    actions = world.pick(
        rng, list(rates.ACCESS_ACTIONS), count, list(rates.ACCESS_ACTIONS.values())
    )
    world.tables["access_log"].add(
        employee_id=number[pick],
        system_id=system_codes,
        subject_id=subject,
        occurred_at=t,
        action=actions,
    )
