"""On the generated sample company, the checks find every planted violation and nothing else.

The generator's manifest lists, per check, the planted rows with the interval in which each
violates (`from`, `until`). For each period below, the expected findings are the planted rows
whose interval overlaps the period; the test compares them with the stored findings, check by
check, by the check's key columns.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_EVENTS

from governance.checks import all_checks, findings, run_checks
from governance.period import Period
from governance.store import connect

MANIFEST = json.loads((SAMPLE_EVENTS / "manifest.json").read_text())
PERIODS = [
    "2024-Q4",
    "2025-Q1",
    "2025-Q2",
    "2025-Q3",
    "2025-Q4",
    "2026-Q1",
    "2026-Q2",
    "2026-Q3",
    "2026-Q4",
    "2025",
    "2026",
    "2026-03",
    "2026-10",
]


def _instant(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _as_stored(value: str | None) -> str:
    """The manifest writes instants as ISO `...Z`; finding keys hold DuckDB's text for them."""
    if value and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
        return value.replace("T", " ").replace("Z", "+00")
    return value or ""


def _active_subjects(db: Path, period: Period) -> set[str]:
    con = connect(db, read_only=True)
    rows = con.execute(
        "SELECT DISTINCT subject_id FROM processing_log WHERE occurred_at >= ? AND occurred_at < ?",
        [period.start_ts, period.end_ts],
    ).fetchall()
    con.close()
    return {r[0] for r in rows}


def _expected(check_id: str, keys: tuple[str, ...], period: Period, db: Path) -> set[str]:
    rows = MANIFEST["planted"][check_id]["rows"]
    active = _active_subjects(db, period) if check_id == "policy.outdated_acceptance" else None
    expected = set()
    for row in rows:
        start, until = _instant(row["from"]), _instant(row["until"])
        if not (start < period.end_ts and (until is None or until >= period.start_ts)):
            continue
        if active is not None and row["keys"]["subject_id"] not in active:
            continue  # the check counts only subjects processed in the period
        expected.add("|".join(_as_stored(row["keys"].get(k)) for k in keys))
    return expected


@pytest.fixture(scope="module")
def manifest_db(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy: the session's sample database is shared and must not gain check runs."""
    db = tmp_path_factory.mktemp("manifest") / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    return db


@pytest.fixture(scope="module")
def runs(manifest_db: Path) -> dict[str, int]:
    return {p: run_checks(manifest_db, p).run_id for p in PERIODS}


def test_the_manifest_covers_every_check() -> None:
    assert set(MANIFEST["planted"]) == {c.id for c in all_checks()}


@pytest.mark.parametrize("check", all_checks(), ids=lambda c: c.id)
def test_findings_equal_the_planted_violations(
    check, runs: dict[str, int], manifest_db: Path
) -> None:
    con = connect(manifest_db, read_only=True)
    try:
        for label, run_id in runs.items():
            period = Period.parse(label)
            found = findings(con, run_id)
            found_keys = set(found.loc[found["check_id"] == check.id, "finding_key"])
            expected = _expected(check.id, check.keys, period, manifest_db)
            assert found_keys == expected, f"{check.id} in {label}"
    finally:
        con.close()


def test_planted_violations_are_found_at_least_once() -> None:
    planted = {c: v["count"] for c, v in MANIFEST["planted"].items()}
    assert sum(planted.values()) >= 100
    assert all(count > 0 for c, count in planted.items() if c != "governance.no_contact")
