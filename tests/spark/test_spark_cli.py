"""`governance export` and `governance check --engine spark` as a scheduler runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import run_cli

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: Spark cannot start", allow_module_level=True)


def test_export_then_check_on_spark_stores_the_same_findings(
    tmp_path: Path, sample_events_db: Path
) -> None:
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    lake = tmp_path / "lake"
    exported = run_cli("export", db, lake)
    assert exported.returncode == 0, exported.stderr
    assert (lake / "consent_events.parquet").exists() and (lake / "purposes.parquet").exists()
    assert not (lake / "load_log.parquet").exists()  # bookkeeping stays behind

    options = ("--period", "2026", "--check", "retention.overdue", "--format", "json")
    on_duckdb = run_cli("check", db, *options)
    on_spark = run_cli("check", db, *options, "--engine", "spark", "--data", lake)
    assert on_spark.returncode == 0, on_spark.stderr
    first, second = json.loads(on_duckdb.stdout), json.loads(on_spark.stdout)
    runs = (first.pop("run_id"), second.pop("run_id"))
    assert runs[0] != runs[1] and second == first
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = [
            con.execute(
                "SELECT finding_key, details FROM findings WHERE run_id = ? ORDER BY ALL", [run]
            ).fetchall()
            for run in runs
        ]
    finally:
        con.close()
    assert stored[0] and stored[1] == stored[0]


def test_spark_without_data_is_a_usage_error(tmp_path: Path, sample_events_db: Path) -> None:
    result = run_cli("check", sample_events_db, "--engine", "spark")
    assert result.returncode == 2
    assert "--engine spark needs --data DIR" in result.stderr
