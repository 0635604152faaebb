"""The manifest describes the written files and every planted violation, per docs/checks.md."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import duckdb
import pytest

from governance.checks.registry import all_checks
from governance.samples import CHECKS, generate

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "docs" / "checks.md"
COMMITTED = ROOT / "data_samples" / "metrix" / "events"


def catalogue_keys() -> dict[str, list[str]]:
    """check id -> row keys, read from the tables of docs/checks.md."""
    keys = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z_]+\.[a-z_]+)`", line)
        if match:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            keys[match.group(1)] = [k.strip() for k in cells[2].split(",")]
    return keys


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("events")
    generate(folder, scale=400)
    return folder


@pytest.fixture(scope="module")
def manifest(events: Path) -> dict:
    return json.loads((events / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_lists_all_24_checks_in_catalogue_order(manifest: dict) -> None:
    catalogue = catalogue_keys()
    assert len(catalogue) == 24
    assert list(manifest["planted"]) == list(catalogue) == list(CHECKS)
    assert set(CHECKS) == {check.id for check in all_checks()}


def test_every_check_has_planted_rows_or_says_why_not(manifest: dict) -> None:
    for check, entry in manifest["planted"].items():
        assert entry["count"] == len(entry["rows"]), check
        if entry["count"] == 0:
            assert entry.get("note"), f"{check}: no rows planted and no note saying why"
    empty = [c for c, e in manifest["planted"].items() if e["count"] == 0]
    assert empty == ["governance.no_contact"]
    assert all(e["count"] <= 12 for e in manifest["planted"].values())


def test_planted_rows_carry_the_catalogue_keys_and_dates(manifest: dict) -> None:
    catalogue = catalogue_keys()
    for check, entry in manifest["planted"].items():
        expected = ["subject_id" if k == "subject_key" else k for k in catalogue[check]]
        for row in entry["rows"]:
            assert list(row["keys"]) == expected, check
            assert all(v is None or isinstance(v, str) for v in row["keys"].values()), check
            assert row["from"] and row["from"] < "2026-11-01T00:00:00Z", check
            assert row["until"] is None or row["from"] <= row["until"], check


def test_manifest_row_counts_and_hashes_match_the_files(events: Path, manifest: dict) -> None:
    con = duckdb.connect()
    assert len(manifest["files"]) == 13
    for kind, entry in manifest["files"].items():
        path = events / entry["file"]
        assert entry["file"] == f"{kind}.csv"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        rows = con.execute(
            "SELECT count(*) FROM read_csv(?, header = true, all_varchar = true)", [str(path)]
        ).fetchone()[0]
        assert rows == entry["rows"], kind
    assert manifest["seed"] == 20261124 and manifest["scale"] == 400
    assert manifest["period"]["start"] == "2024-11-01"
    assert manifest["period"]["end"] == "2026-10-31"


#: key -> (file, column) where a planted row's key value must occur
WHERE = {
    "event_id": None,  # depends on the check: see _event_file
    "subject_id": ("subjects", "subject_id"),
    "disclosure_id": ("disclosures", "disclosure_id"),
    "employee_id": ("employees", "employee_id"),
    "grant_id": ("access_grants", "grant_id"),
    "record_id": ("data_inventory", "record_id"),
    "request_id": ("dsr_requests", "request_id"),
    "incident_id": ("incidents", "incident_id"),
}


def _event_file(check: str) -> str:
    if check.startswith("access."):
        return "access_log"
    if check == "consent.incomplete_record":
        return "consent_events"
    return "processing_log"


def test_every_planted_rows_keys_exist_in_the_written_files(events: Path, manifest: dict) -> None:
    con = duckdb.connect()
    for kind in manifest["files"]:
        con.execute(
            f"CREATE TABLE {kind} AS SELECT * FROM "
            f"read_csv('{events / (kind + '.csv')}', header = true, all_varchar = true)"
        )
    checked = 0
    for check, entry in manifest["planted"].items():
        for row in entry["rows"]:
            for key, value in row["keys"].items():
                if key not in WHERE or value is None:
                    continue
                table, column = WHERE[key] or (_event_file(check), "event_id")
                found = con.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} = ?", [value]
                ).fetchone()[0]
                assert found >= 1, f"{check}: {key} {value} not in {table}"
                checked += 1
    assert checked > 150
    # the unregistered purposes are really in the processing log, in one month each
    months = con.execute(
        "SELECT purpose_id, count(DISTINCT substr(occurred_at, 1, 7)) FROM processing_log "
        "WHERE purpose_id IN ('credit_scoring', 'voice_biometrics', 'partner_offers') "
        "GROUP BY ALL"
    ).fetchall()
    assert sorted(months) == [("credit_scoring", 1), ("partner_offers", 1), ("voice_biometrics", 1)]


def test_near_misses_are_listed_with_the_check_they_approach(manifest: dict) -> None:
    about = {n["check"] for n in manifest["near_misses"]}
    assert {
        "consent.after_withdrawal",
        "consent.missing",
        "dsr.overdue",
        "retention.overdue",
        "access.unauthorised",
        "breach.late_notification",
    } <= about
    whats = " ".join(n["what"] for n in manifest["near_misses"])
    assert "same second as the withdrawal" in whats
    assert "Nauryz" in whats
    assert "exactly at its due instant" in whats


def test_the_committed_small_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    committed = json.loads((COMMITTED / "manifest.json").read_text(encoding="utf-8"))
    assert committed["scale"] == "small"
    size = sum(p.stat().st_size for p in COMMITTED.iterdir())
    assert size < 10_000_000
    generate(tmp_path, scale="small", seed=committed["seed"])
    fresh = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert fresh == committed, (
        "data_samples/metrix/events is stale: regenerate it with "
        "'governance generate --scale small --out data_samples/metrix/events'"
    )
