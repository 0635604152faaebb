"""Every check on DuckDB and on Spark (local[2]) over the exported sample: the same findings.

The sample company is exported with `governance export`, the catalogue runs once on each engine
for a period with findings in most checks, and the two runs stored in the database are compared
check by check: status, count, and every finding's key and details (the row as JSON).
Needs pyspark (the 'spark' extra, installed by `make setup`) and Java 17; skipped without them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance.checks.registry import all_checks
from governance.checks.runner import run_checks
from governance.store import connect
from governance.store.export import export_tables

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: Spark cannot start", allow_module_level=True)

PERIOD = "2026"  # a year: most checks have planted findings in it


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path) -> Iterator[dict]:
    from governance.checks.spark import run_checks_on_spark, spark_session

    folder = tmp_path_factory.mktemp("spark_parity")
    db = folder / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    lake = folder / "lake"
    export_tables(db, lake)
    on_duckdb = run_checks(db, PERIOD)
    spark = spark_session("local[2]")
    try:
        on_spark = run_checks_on_spark(db, lake, PERIOD, spark=spark)
    finally:
        spark.stop()
    con = connect(db, read_only=True)
    try:
        yield {
            "duckdb": _stored(con, on_duckdb.run_id),
            "spark": _stored(con, on_spark.run_id),
            "spark_errors": {o.check.id: o.error for o in on_spark.errored},
        }
    finally:
        con.close()


def _stored(con, run_id: int) -> dict[str, dict]:
    results = {
        check_id: {"status": status, "count": count, "findings": []}
        for check_id, status, count in con.execute(
            "SELECT check_id, status, finding_count FROM check_results WHERE run_id = ?",
            [run_id],
        ).fetchall()
    }
    for check_id, key, details in con.execute(
        "SELECT check_id, finding_key, details FROM findings WHERE run_id = ? "
        "ORDER BY check_id, finding_key, details",
        [run_id],
    ).fetchall():
        results[check_id]["findings"].append((key, json.loads(details)))
    return results


def test_the_export_and_both_runs_cover_the_whole_catalogue(runs: dict) -> None:
    ids = {check.id for check in all_checks()}
    assert set(runs["duckdb"]) == ids == set(runs["spark"])
    assert runs["spark_errors"] == {}
    with_findings = [c for c, r in runs["duckdb"].items() if r["count"]]
    assert len(with_findings) >= 15  # the comparison below is not between two empty sets


@pytest.mark.parametrize("check_id", sorted(check.id for check in all_checks()))
def test_spark_finds_what_duckdb_finds(runs: dict, check_id: str) -> None:
    on_duckdb, on_spark = runs["duckdb"][check_id], runs["spark"][check_id]
    assert on_spark["status"] == on_duckdb["status"], runs["spark_errors"].get(check_id)
    assert on_spark["count"] == on_duckdb["count"]
    assert on_spark["findings"] == on_duckdb["findings"]
