"""A handful of personal data incidents, each notified to the authority the same day.

Same-day notice is within both packs' deadlines: the end of the next working
day (KZ) and 72 hours (GDPR). The late ones are planted in `scenarios`.
"""

from __future__ import annotations

import numpy as np

from governance.samples.tables import NULL
from governance.samples.timeline import DAY, HOUR, MINUTE, at_local, local, local_day
from governance.samples.world import World

#: (month, categories, severity): one incident in each
INCIDENTS = [
    ("2024-12", "email", "low"),
    ("2025-04", "email,full_name", "medium"),
    ("2025-08", "phone", "low"),
    ("2026-01", "support_messages", "medium"),
    ("2026-05", "payment", "high"),
    ("2026-09", "ip_address", "low"),
]


def incidents(world: World) -> None:
    rng = world.rng("incidents")
    calendar = world.calendar
    table = world.tables["incidents"]
    for month, categories, severity in INCIDENTS:
        day = int(local_day(local(f"{month}-05T12:00"))) + int(rng.integers(0, 18))
        while not calendar.is_working(np.array([day]))[0]:
            day += 1
        detected = int(at_local(day, int(rng.integers(9 * HOUR, 14 * HOUR))))
        notified = detected + int(rng.integers(2 * HOUR, 6 * HOUR))
        affected = int(rng.integers(1, 400))
        subjects_told = notified + 2 * DAY + 30 * MINUTE if severity == "high" else NULL
        table.add(
            detected_at=detected,
            subjects_affected=affected,
            data_categories=world.vocab.code(categories),
            severity=world.vocab.code(severity),
            notified_authority_at=notified,
            notified_subjects_at=subjects_told,
        )
