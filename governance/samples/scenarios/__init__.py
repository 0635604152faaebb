"""Planted violations and near misses, built row by row on their own subjects.

Each scenario subject ("persona", `personas.py`) lives an ordinary, clean life
(sign-up, policy acceptances, a few records) plus the one thing its scenario is
about. A planted row breaks one check only; where that cannot be (an
unregistered purpose is also undisclosed), the manifest lists the row under
both checks. Every row that the manifest must name carries a tag; its keys are
filled in once the tables have their final ids.

One module per check area (the folders of `governance/checks/sql/`), each with
the scenarios of its checks and the near misses at their edges; `_base.py` holds
the `Planter` they write through. `security`, `ropa` and `governance` have no
module: their findings are register facts (register.yaml, '# planted').

Times are fixed (the same for every seed and scale), written as Almaty wall-clock
times unless they end in `Z`, and away from period boundaries; `Planter.require` asserts
the facts each scenario relies on (deadlines of the `kz` pack, rules, disclosure by
the policy). Rows are appended in the order `plant` runs the scenarios: that order
fixes the ids, so it is part of the output.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.samples.scenarios import (
    access,
    breach,
    consent,
    cookies,
    disclosure,
    dsr,
    localisation,
    minimisation,
    policy,
    purpose,
    retention,
    transfer,
)
from governance.samples.scenarios._base import Col, Planter, baseline
from governance.samples.scenarios.personas import ERASED, PERSONAS, Persona, setup_personas
from governance.samples.workforce import Employee
from governance.samples.world import World

Scenario = Callable[[Planter], None]

#: the planted violations, in the order of docs/checks.md (one near miss, an erasure
#: answered on its deadline day, is planted with the erasures it comes after)
PLANTED: tuple[Scenario, ...] = (
    consent.missing,
    consent.after_withdrawal,
    consent.incomplete_record,
    policy.outdated_acceptance,
    purpose.unregistered,
    minimisation.unmapped_category,
    disclosure.without_basis,
    access.unauthorised,
    access.stale_grant,
    access.no_confidentiality,
    retention.overdue,
    retention.no_rule,
    dsr.overdue,
    dsr.erasure_incomplete,
    dsr.near_miss_erasure_before_holiday,
    cookies.before_consent,
    cookies.undeclared,
    cookies.undeclared_trackers_before_consent,
    cookies.gpc_ignored,
    localisation.outside_kz,
    transfer.no_safeguard,
    breach.late_notification,
    policy.undisclosed_processing,
)

#: the near misses: rows at the edge of a check that must not be findings
NEAR_MISSES: tuple[Scenario, ...] = (
    consent.near_miss_same_second_as_withdrawal,
    consent.near_miss_new_grant_after_withdrawal,
    consent.near_miss_at_the_grant,
    dsr.near_miss_access_on_deadline_day,
    dsr.near_miss_rectification_across_nauryz,
    dsr.near_miss_withdrawal_across_new_year,
    retention.near_miss_deleted_when_due,
    access.near_miss_at_grant_start,
    cookies.near_miss_strictly_necessary,
    breach.near_miss_notified_on_deadline_day,
)


def plant(world: World, staff: list[Employee]) -> None:
    """Every scenario's rows: the personas' baseline, the violations, then the near misses."""
    p = Planter(world, staff)
    baseline(p)
    for scenario in (*PLANTED, *NEAR_MISSES):
        scenario(p)


__all__ = ["ERASED", "PERSONAS", "Col", "Persona", "Planter", "plant", "setup_personas"]
