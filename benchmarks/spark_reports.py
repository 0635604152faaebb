"""The report set with its figures computed on Spark (local[2]) against the same set on DuckDB.

On a scale's loaded database (the checks of the trend's periods run once, unmeasured), the
database is exported with `governance export`, and a copy of it keeps the register and the check
runs but no event row: the company whose events live only in the lake. Then, side by side, each
repeat publishes one period's report set in a child process with DuckDB from the full database
and with `--engine spark --data lake/` from the lake company's (Spark's figure includes starting
its session, the figures step, the notebooks and the guard on Spark). A third row times the
figures step alone (`LakeReports.compute_figures`, session start excluded): the part that grows
with the lake. Skipped, with a note in the table, when pyspark or Java is missing.

Not wired into the harness (`python -m benchmarks`); call `measure_spark_reports(scale, repeats)`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.datasets import ROOT, Scale
from benchmarks.measure import Figure, Row, child_run
from benchmarks.queries import PERIOD
from benchmarks.spark import spark_available
from governance.period import Period
from governance.publish.runner import ensure_checks
from governance.reports.stored import lake_names
from governance.store import connect
from governance.store.export import export_tables

SET_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[4])
from governance.publish.runner import build_reports
engine = sys.argv[5]
options = {"engine": "spark", "data": sys.argv[6]} if engine == "spark" else {}
started = time.perf_counter()
build_reports(sys.argv[1], sys.argv[2], sys.argv[3], **options)
print(json.dumps({"wall_s": time.perf_counter() - started}))
"""

FIGURES_CHILD = """
import json, sys, time
from governance.period import Period
from governance.publish.spark_reports import LakeReports
lake = LakeReports(sys.argv[2])
try:
    started = time.perf_counter()
    run = lake.compute_figures(sys.argv[1], Period.parse(sys.argv[3]), "kz")
    print(json.dumps({"wall_s": time.perf_counter() - started, "stored": run.stored}))
finally:
    lake.close()
"""


def lake_company(db: Path, lake_db: Path) -> None:
    """`db` copied to `lake_db` without any event row: the register and check runs only."""
    shutil.copy(db, lake_db)
    con = connect(lake_db)
    try:
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        for table in sorted(lake_names() & tables):
            con.execute(f'DELETE FROM "{table}"')
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _report_set(db: Path, engine: str, lake: Path | None = None) -> float:
    with tempfile.TemporaryDirectory() as out:
        args = [db, PERIOD, Path(out) / "reports", ROOT, engine]
        return child_run(SET_CHILD, *args, *([lake] if lake else []))["wall_s"]


def measure_spark_reports(scale: Scale, repeats: int) -> list[Row]:
    """Rows: the report set on Spark against DuckDB, and Spark's figures step alone."""
    if not spark_available():
        return [
            Row(
                scale.name, "report set on Spark: skipped (no pyspark or Java)", Figure((0.0,)), "s"
            )
        ]
    from benchmarks.harness import loaded_database

    db = loaded_database(scale, None)
    ensure_checks(db, Period.parse(PERIOD), "kz")
    lake = scale.work / "lake-reports"
    shutil.rmtree(lake, ignore_errors=True)
    tables = export_tables(db, lake)
    events = next(t.rows for t in tables if t.name == "consent_events")
    lake_db = scale.fresh("lake-company.duckdb")
    lake_company(db, lake_db)
    on_spark, on_duckdb, figures = [], [], []
    stored = 0
    try:
        for _ in range(repeats):
            on_duckdb.append(_report_set(db, "duckdb"))
            on_spark.append(_report_set(lake_db, "spark", lake))
            step = child_run(FIGURES_CHILD, lake_db, lake, PERIOD)
            figures.append(step["wall_s"])
            stored = step["stored"]
    finally:
        shutil.rmtree(lake, ignore_errors=True)
    ratio = statistics.median(s / d for s, d in zip(on_spark, on_duckdb, strict=True))
    what = f"{events:,} consent events in the lake"
    return [
        Row(
            scale.name,
            f"report set on Spark local[2] ({what}; session, figures, notebooks, guard)",
            Figure(tuple(on_spark)),
            "s",
            f"DuckDB set {statistics.median(on_duckdb):.2f} s (Spark / DuckDB)",
            ratio,
        ),
        Row(scale.name, "report set on DuckDB (same period)", Figure(tuple(on_duckdb)), "s"),
        Row(
            scale.name,
            f"report figures on Spark: {stored} stored queries ({what})",
            Figure(tuple(figures)),
            "s",
        ),
    ]
