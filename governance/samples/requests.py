"""Data subject requests of the generic subjects: every type, answered in time.

About 1.5% of subjects a year send a request (erasures are drawn with the
subjects, withdrawals by letter with the consents). Each is answered on a
working day within the KZ deadline of its type (which is also within GDPR's
month), during office hours in Almaty. A request whose answer would fall after
the end of the data is answered within hours.
"""

from __future__ import annotations

import numpy as np

from governance.samples import rates
from governance.samples.population import complete_requests
from governance.samples.tables import NULL
from governance.samples.timeline import DAY, END, HOUR, MINUTE, at_local, local_day
from governance.samples.world import GENERIC, World

YEAR = 365.25 * DAY


def add_requests(
    world: World,
    subject: np.ndarray,
    request_type: np.ndarray,
    received: np.ndarray,
    completed: np.ndarray,
    rejected: np.ndarray,
) -> None:
    """Append requests, all answered before the data ends.

    An answer due after the end is given within hours instead: a request still
    open at the end would be overdue in the periods 2026-Q4 and 2026, which end
    after the data.
    """
    table = world.tables["dsr_requests"]
    rng = world.rng("requests_at_end")
    late = completed >= END
    quick = received + rng.integers(30 * MINUTE, 3 * HOUR, len(received))
    completed = np.where(late, np.minimum(quick, END - 1), completed)
    status = np.where(rejected, "rejected", "completed")
    table.add(
        subject_id=subject,
        request_type=world.codes(request_type),
        received_at=received,
        status=world.codes(status),
        completed_at=completed,
        extended_at=NULL,
    )


def generic_requests(
    world: World,
    erased: tuple[np.ndarray, np.ndarray, np.ndarray],
    withdrawals: tuple[np.ndarray, np.ndarray],
) -> None:
    rng = world.rng("requests")
    # erasures (decided with the subjects) are completed within their deadline
    who, received, completed = erased
    add_requests(
        world,
        who,
        np.full(len(who), "erasure", dtype=object),
        received,
        completed,
        np.zeros(len(who), dtype=bool),
    )
    # withdrawals made by a written request: the request is the withdrawal, answered in days
    who, received = withdrawals
    deadlines = rates.kz_deadlines().requests
    days = np.minimum(rng.integers(0, 6, len(who)), deadlines["withdraw_consent"])
    completed = complete_requests(world, rng, received, days)
    add_requests(
        world,
        who,
        np.full(len(who), "withdraw_consent", dtype=object),
        received,
        completed,
        np.zeros(len(who), dtype=bool),
    )
    # the other types, in proportion to each subject's time with the company
    generic = np.flatnonzero((world.group == GENERIC) & (world.stype != "job_applicant"))
    exposure = np.maximum(world.end[generic] - world.created[generic] - 2 * DAY, 0)
    total = exposure.sum() / YEAR * rates.DSR_PER_SUBJECT_YEAR
    count = int(rng.poisson(total))
    if not count or not exposure.sum():
        return
    who = generic[rng.choice(len(generic), count, p=exposure / exposure.sum())]
    lo = world.created[who] + DAY
    t = lo + (rng.random(count) * (world.end[who] - DAY - lo)).astype(np.int64)
    t = at_local(local_day(t), rng.integers(9 * HOUR, 20 * HOUR, count)).astype(np.int64)
    ok = (t > lo) & (t < world.end[who]) & (t < END - DAY)
    who, t = who[ok], t[ok]
    kinds = np.array(list(rates.DSR_TYPES), dtype=object)[
        rng.choice(len(rates.DSR_TYPES), len(who), p=list(rates.DSR_TYPES.values()))
    ]
    days = np.array([deadlines[k] for k in kinds])
    completed = complete_requests(world, rng, t, days)
    rejected = (kinds != "rectification") & (rng.random(len(who)) < rates.REJECTED_SHARE)
    add_requests(world, who, kinds, t, completed, rejected)
