"""The runner: runs stored with their findings, errored checks, comparison, history, exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli

from governance.checks import compare_runs, findings, history, latest_run_id, run_checks
from governance.checks.registry import all_checks, get_check, parse_check
from governance.checks.runner import run_in_scope
from governance.frameworks import load_pack
from governance.period import Period
from governance.register import register_hash
from governance.scope import Scope
from governance.store import connect

UTC = dt.UTC


def _insert(db: Path, table: str, rows: list[dict]) -> None:
    con = connect(db)
    frame = pd.DataFrame(rows).assign(load_id=0, source_line=range(2, len(rows) + 2))
    con.register("rows_frame", frame)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows_frame")
    con.close()


def _leaver_with_grants(db: Path) -> None:
    """Employee E1 left on 2026-08-31; grant G1 still open, G2 revoked on 2026-09-20."""
    _insert(
        db,
        "employees",
        [
            {
                "employee_id": "E1",
                "department": "sales",
                "active_from": dt.datetime(2024, 1, 1, tzinfo=UTC),
                "active_to": dt.datetime(2026, 8, 31, tzinfo=UTC),
                "confidentiality_signed_at": dt.datetime(2024, 1, 1, tzinfo=UTC),
            }
        ],
    )
    systems = connect(db, read_only=True).execute("SELECT system_id FROM systems").fetchall()
    _insert(
        db,
        "access_grants",
        [
            {
                "grant_id": "G1",
                "employee_id": "E1",
                "system_id": systems[0][0],
                "granted_at": dt.datetime(2024, 1, 2, tzinfo=UTC),
                "revoked_at": None,
            },
            {
                "grant_id": "G2",
                "employee_id": "E1",
                "system_id": systems[1][0],
                "granted_at": dt.datetime(2024, 1, 2, tzinfo=UTC),
                "revoked_at": dt.datetime(2026, 9, 20, tzinfo=UTC),
            },
        ],
    )


def test_a_run_is_stored_with_its_context_and_one_result_per_check(
    minimal_db: Path, minimal_register: Path
) -> None:
    result = run_checks(minimal_db, "2026-10")
    con = connect(minimal_db, read_only=True)
    run = con.execute(
        "SELECT period, period_kind, framework, register_sha256, status, finished_at IS NOT NULL "
        "FROM check_runs WHERE run_id = ?",
        [result.run_id],
    ).fetchone()
    assert run == ("2026-10", "month", "kz", register_hash(minimal_register), "completed", True)
    stored = con.execute(
        "SELECT count(*) FROM check_results WHERE run_id = ?", [result.run_id]
    ).fetchone()[0]
    assert stored == len(all_checks()) == len(result.outcomes)


def test_the_gdpr_pack_leaves_out_the_kz_localisation_check(minimal_db: Path) -> None:
    result = run_checks(minimal_db, "2026-10", framework="gdpr")
    ids = {o.check.id for o in result.outcomes}
    assert "localisation.outside_kz" not in ids and len(ids) == len(all_checks()) - 1


def test_a_check_whose_sql_fails_is_recorded_as_errored_and_the_others_still_run(
    minimal_db: Path,
) -> None:
    broken = parse_check(
        "-- id: broken.example\n-- title: Broken\n-- severity: high\n-- section: 3\n"
        "-- keys: x\n-- description: d\n-- remediation: r\nSELECT x FROM no_such_table\n",
        "broken.sql",
    )
    con = connect(minimal_db)
    scope = Scope.open(con, Period.parse("2026-10"), load_pack("kz"), run_id=None)
    result = run_in_scope(scope, [broken, get_check("governance.no_contact")])
    assert [(o.check.id, o.status) for o in result.outcomes] == [
        ("broken.example", "errored"),
        ("governance.no_contact", "passed"),
    ]
    assert "no_such_table" in result.outcomes[0].error
    row = con.execute(
        "SELECT status, error_message LIKE '%no_such_table%' FROM check_results "
        "WHERE run_id = ? AND check_id = 'broken.example'",
        [result.run_id],
    ).fetchone()
    assert row == ("errored", True)
    status = con.execute(
        "SELECT status FROM check_runs WHERE run_id = ?", [result.run_id]
    ).fetchone()[0]
    assert status == "completed_with_errors"


def test_runs_compare_as_new_still_open_and_resolved(minimal_db: Path) -> None:
    _leaver_with_grants(minimal_db)
    september = run_checks(minimal_db, "2026-09", check_ids=["access.stale_grant"])
    con = connect(minimal_db)
    con.execute("UPDATE access_grants SET revoked_at = NULL WHERE grant_id = 'G2'")
    con.execute(
        "UPDATE access_grants SET revoked_at = TIMESTAMPTZ '2026-09-25 00:00:00+00' "
        "WHERE grant_id = 'G1'"
    )
    con.close()
    october = run_checks(minimal_db, "2026-10", check_ids=["access.stale_grant"])
    con = connect(minimal_db, read_only=True)
    first = findings(con, september.run_id, "access.stale_grant")
    assert sorted(first["grant_id"]) == ["G1", "G2"]
    compared = compare_runs(con, october.run_id)
    assert dict(zip(compared["finding_key"], compared["state"], strict=True)) == {
        "G1": "resolved",
        "G2": "still_open",
    }
    assert latest_run_id(con, "2026-10") == october.run_id


def test_history_lists_each_period_once_with_the_latest_run(minimal_db: Path) -> None:
    _leaver_with_grants(minimal_db)
    for period in ("2026-09", "2026-10", "2026-10"):
        run_checks(minimal_db, period, check_ids=["access.stale_grant"])
    table = history(connect(minimal_db, read_only=True))
    assert list(table["period"]) == ["2026-09", "2026-10"]
    assert list(table["finding_count"]) == [2, 1]


def _with_unregistered_purpose(db: Path) -> None:
    subject = {
        "subject_id": "S1",
        "subject_type": "customer",
        "country": "KZ",
        "created_at": dt.datetime(2025, 1, 1, tzinfo=UTC),
    }
    con = connect(db, read_only=True)
    subject["subject_type"] = con.execute(
        "SELECT min(subject_type_id) FROM subject_types"
    ).fetchone()[0]
    system = con.execute("SELECT min(system_id) FROM systems").fetchone()[0]
    con.close()
    _insert(db, "subjects", [subject])
    _insert(
        db,
        "processing_log",
        [
            {
                "event_id": "P1",
                "subject_id": "S1",
                "purpose_id": "not_registered",
                "system_id": system,
                "occurred_at": dt.datetime(2026, 10, 5, tzinfo=UTC),
            }
        ],
    )


def test_fail_on_high_exits_10_exactly_when_a_high_finding_exists(minimal_db: Path) -> None:
    _leaver_with_grants(minimal_db)  # medium findings only
    medium_only = run_cli("check", minimal_db, "--period", "2026-10", "--fail-on", "high")
    assert medium_only.returncode == 0, medium_only.stderr
    assert "access.stale_grant" in medium_only.stdout
    at_medium = run_cli("check", minimal_db, "--period", "2026-10", "--fail-on", "medium")
    assert at_medium.returncode == 10
    assert "finding(s) at or above medium" in at_medium.stderr
    _with_unregistered_purpose(minimal_db)
    high = run_cli("check", minimal_db, "--period", "2026-10", "--fail-on", "high")
    assert high.returncode == 10
    # the purpose is unregistered and, by the same token, undisclosed by the policy
    assert "2 finding(s) at or above high" in high.stderr
    lines = {line.split()[0]: line.split() for line in high.stdout.splitlines()[2:-1]}
    assert lines["purpose.unregistered"][-2:] == ["failed", "1"]
    assert lines["policy.undisclosed_processing"][-2:] == ["failed", "1"]


def test_check_json_output_lists_every_check(minimal_db: Path) -> None:
    result = run_cli("check", minimal_db, "--period", "2026-10", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == "2026-10" and data["framework"] == "kz"
    assert {c["check_id"] for c in data["checks"]} == {c.id for c in all_checks()}


@pytest.mark.parametrize("bad", ["2026-13", "October"])
def test_a_bad_period_is_a_usage_error(minimal_db: Path, bad: str) -> None:
    result = run_cli("check", minimal_db, "--period", bad)
    assert result.returncode == 2
    assert f"period '{bad}'" in result.stderr
