"""The explorers' test database: the sample company with check runs for two months.

Built once per session from the shared `sample_events_db` (copied, never written), because
both explore test modules need it: the drill-down needs check runs, the notebook test reads it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.checks import run_checks

#: 2026-05 holds findings of purpose.unregistered and consent.missing; 2026-10 is the latest
CHECKED_PERIODS = ("2026-05", "2026-10")
_built: dict[str, Path] = {}


def explore_database(tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path) -> Path:
    """A copy of the sample database with the checks of CHECKED_PERIODS run (kz)."""
    if "db" not in _built:
        db = tmp_path_factory.mktemp("explore") / "metrix.duckdb"
        shutil.copy(sample_events_db, db)
        for period in CHECKED_PERIODS:
            run_checks(db, period)
        _built["db"] = db
    return _built["db"]
