"""Minimisation scenarios: records of a category that no purpose uses.

Check `minimisation.unmapped_category`. The category is a register fact
(register.yaml, '# planted'): held with retention rules and disclosed by the
policy, so that its records break this check only.
"""

from __future__ import annotations

from governance.samples.scenarios._base import Planter, assert_disclosed
from governance.samples.scenarios.personas import instant


def unmapped_category(p: Planter) -> None:
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
        collected = instant(at)
        assert_disclosed(p, category, collected)
        for k in range(count):
            s = p.s(f"mm{k + 1}")
            p.record(s, system, category, collected, collected)
        p.tag(
            "minimisation.unmapped_category",
            None,
            {"data_category": category, "system_id": system, "records": str(count)},
            collected,
        )
