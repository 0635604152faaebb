"""The scenario subjects ("personas"): who they are, and the attributes drawn before anyone else.

Personas are fixed, not random: the same codes, sign-up times and countries for
every seed and scale, so that each planted row can name its subject by code
(`do3`, `nm6`). Their attributes are set before the generic population is
drawn; their rows are written later, by the area modules.

Times are written as Almaty wall-clock times unless they end in `Z` (see `instant`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from governance.samples.timeline import HOUR, MINUTE, at_local, local, local_day, ts
from governance.samples.world import World


@dataclass(frozen=True)
class Persona:
    code: str
    created: str  # Almaty wall-clock time
    stype: str = "customer"
    country: str = "KZ"
    #: accepts the material policy version within days (False: planted outdated acceptance)
    reaccept: bool = True
    #: platform_db records collected at sign-up
    platform: tuple[str, ...] = ("full_name", "email", "username")


def instant(text: str) -> int:
    """`2025-04-15T09:20:00Z` is UTC; anything else is an Almaty wall-clock time."""
    return ts(text[:-1]) if text.endswith("Z") else local(text)


def _wall(seconds: int) -> str:
    """Seconds as an Almaty wall-clock string (the inverse of `local`)."""
    return dt.datetime.fromtimestamp(seconds + 5 * HOUR, dt.UTC).strftime("%Y-%m-%dT%H:%M")


def _personas() -> list[Persona]:
    people: list[Persona] = []

    def group(
        prefix: str, count: int, first: str, step_hours: float, offset: int = 0, **kwargs: Any
    ) -> None:
        start = local(first)
        for i in range(count):
            extra = {k: (v[i] if isinstance(v, list) else v) for k, v in kwargs.items()}
            when = _wall(start + int(i * step_hours * HOUR))
            people.append(Persona(f"{prefix}{offset + i + 1}", when, **extra))

    group("do", 8, "2024-11-02T10:00", 20)
    group("cm", 6, "2024-11-04T11:00", 48)
    group("aw", 6, "2024-11-05T12:00", 60)
    group("ir", 8, "2024-11-06T13:00", 60)
    group("po", 5, "2024-11-07T14:00", 50, reaccept=False)
    group("ro", 3, "2024-11-09T10:30", 70, country=["RU", "UZ", "DE"])
    group("db", 6, "2024-11-12T15:00", 60)
    group("ap", 2, "2024-11-18T09:30", 100, stype="job_applicant", platform=())
    group("ro", 3, "2024-11-20T11:30", 70, offset=3)
    group(
        "lo",
        4,
        "2024-11-24T11:00",
        40,
        platform=[("full_name", "username")] * 2 + [("email", "username")] * 2,
    )
    group("nr", 3, "2024-11-26T15:30", 60)
    group("mm", 4, "2024-12-01T16:00", 60)
    group("ei", 4, "2024-12-02T10:00", 60)
    group("tr", 4, "2024-12-05T12:00", 60)
    group("nm", 8, "2024-12-08T13:00", 60)
    return people


PERSONAS = _personas()

#: scenario erasures: (persona, received, completed, identity kept)
ERASED = [
    ("do7", "2026-02-10T10:00", "2026-02-17T11:00", False),
    ("ei1", "2025-08-05T11:00", "2025-08-06T15:00", True),
    ("ei2", "2025-12-02T10:00", "2025-12-03T12:00", False),
    ("ei3", "2026-04-07T10:00", "2026-04-07T17:00", True),
    ("ei4", "2026-08-18T11:00", "2026-08-19T16:00", True),
    ("nm6", "2025-12-15T17:00", "2025-12-17T16:00", False),
]


def setup_personas(world: World) -> None:
    """Attributes of the scenario subjects (before the generic ones are drawn)."""
    facts = world.facts
    material = facts.version_published(facts.latest_material())
    for i, persona in enumerate(PERSONAS):
        s = world.first_scenario + i
        created = local(persona.created)
        world.stype[s] = persona.stype
        world.country[s] = persona.country
        world.created[s] = created
        world.female[s] = i % 2 == 0
        world.birth_day[s] = local_day(created) - (24 + (i * 7) % 40) * 365 - (i * 37) % 300
        if persona.reaccept and created < material:
            world.blk_lo[s] = material
            world.blk_hi[s] = at_local(local_day(material) + 1 + i % 4, 10 * HOUR)
            world.t2[s] = world.blk_hi[s]
        else:
            world.t2[s] = max(created + MINUTE, facts.introduced_at)
    # erasures of scenario subjects: (code, received, completed, keep identity)
    for code, received, completed, keep in ERASED:
        s = world.first_scenario + [p.code for p in PERSONAS].index(code)
        world.end[s] = instant(received)
        world.erased_at[s] = instant(completed)
        world.keep_identity[s] = keep
