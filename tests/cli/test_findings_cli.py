"""`governance findings` and `check --format json`: the finding rows a person or a scheduler
acts on, and a repeated check saying which run it supersedes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli

from governance.checks.output import FINDING_COLUMNS

#: the planted late answers of the committed sample events (dsr.overdue, 2026-10)
OVERDUE = ["DSR-00067", "DSR-00078"]


@pytest.fixture(scope="module")
def checked(
    sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The sample company checked for 2026-10 (run 1), then dsr.overdue again (run 2, JSON)."""
    db = tmp_path_factory.mktemp("findings") / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    first = run_cli("check", db, "--period", "2026-10")
    assert first.returncode == 0, first.stderr
    assert "supersedes" not in first.stdout + first.stderr
    again = run_cli("check", db, "--period", "2026-10", "--check", "dsr.overdue", "-f", "json")
    assert again.returncode == 0, again.stderr
    return db, again


def test_repeated_check_names_the_run_it_supersedes(checked) -> None:
    _, again = checked
    assert again.stderr.strip().splitlines() == [
        "run 2 supersedes run 1 for the checks it ran (period 2026-10, framework kz)"
    ]
    assert json.loads(again.stdout)["run_id"] == 2  # standard output stays JSON


def test_check_json_holds_the_finding_rows(checked) -> None:
    document = json.loads(checked[1].stdout)
    rows = document["findings"]
    assert [r["finding_key"] for r in rows] == OVERDUE
    assert {(r["check_id"], r["severity"]) for r in rows} == {("dsr.overdue", "high")}
    assert rows[0]["details"]["request_id"] == "DSR-00067"
    assert rows[0]["details"]["completed_at"] is None  # never answered


def test_findings_table_shows_each_row_with_the_checks_columns(checked) -> None:
    db, _ = checked
    result = run_cli("findings", db, "--period", "2026-10", "--check", "dsr.overdue")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "findings: period 2026-10, framework kz (latest result per check, run(s) 2)"
    assert lines[2].startswith("dsr.overdue (high, run 2): 2 finding(s) - ")
    assert lines[3].split() == [
        "finding_key",
        "request_id",
        "subject_id",
        "request_type",
        "received_at",
        "deadline",
        "completed_at",
    ]
    assert [line.split()[0] for line in lines[4:6]] == OVERDUE
    assert lines[-1] == "2 finding(s) of 1 check(s); 1 check result(s) read, 0 errored"


def test_findings_default_reads_each_checks_latest_result(checked) -> None:
    """No period: the period checked last; per check its latest run (run 2 re-ran one)."""
    db, _ = checked
    result = run_cli("findings", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["period"] == "2026-10" and document["runs"] == [1, 2]
    runs = {c["check_id"]: c["run_id"] for c in document["checks"]}
    assert runs["dsr.overdue"] == 2 and runs["consent.missing"] == 1
    assert len(runs) == 24
    counted = sum(c["findings"] for c in document["checks"])
    assert counted == len(document["findings"]) > 0


def test_findings_severity_is_that_or_higher(checked) -> None:
    db, _ = checked
    result = run_cli("findings", db, "--period", "2026-10", "--severity", "high", "-f", "json")
    assert result.returncode == 0, result.stderr
    severities = {r["severity"] for r in json.loads(result.stdout)["findings"]}
    assert severities and severities <= {"high", "critical"}


def test_findings_of_one_run_as_csv(checked) -> None:
    db, _ = checked
    result = run_cli("findings", db, "--run", "2", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == FINDING_COLUMNS
    assert [(r["run_id"], r["period"], r["check_id"], r["finding_key"]) for r in rows] == [
        ("2", "2026-10", "dsr.overdue", key) for key in OVERDUE
    ]
    assert json.loads(rows[1]["details"])["subject_id"] == "S-000204"


def test_findings_of_a_period_never_checked_is_a_usage_error(checked) -> None:
    db, _ = checked
    result = run_cli("findings", db, "--period", "2025-01")
    assert result.returncode == 2
    assert "period 2025-01 has no check results under framework kz" in result.stderr
