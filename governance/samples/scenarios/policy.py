"""Policy scenarios: outdated acceptances, and a registered purpose no policy version discloses.

Checks `policy.outdated_acceptance` (subjects who never accepted the latest
material version, two of them only until the year turned) and
`policy.undisclosed_processing` (a register fact, here shown really in use).
"""

from __future__ import annotations

import numpy as np

from governance.samples.scenarios._base import Col, Planter
from governance.samples.scenarios.personas import instant
from governance.samples.timeline import DAY, local, ts


def _months() -> list[tuple[int, int]]:
    """(year, month) of the 24 months of data."""
    return [(2024 + (10 + m) // 12, (10 + m) % 12 + 1) for m in range(24)]


def outdated_acceptance(p: Planter) -> None:
    """Active subjects still on the version they signed up under after a material change."""
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


def undisclosed_processing(p: Planter) -> None:
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
        p.process(p.s(code), purpose, system, instant(at), category)
