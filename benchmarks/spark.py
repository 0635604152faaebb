"""The check catalogue on Spark (local[2]) against DuckDB, on the same data, side by side.

For the 10 % subset and the whole of a scale (about 1 M and 10 M consent events at the large
scale; the subsets are those `queries.measure_scaling` made), the database is exported to
Parquet with `governance export`, then the catalogue runs in a child process on Spark and on
DuckDB, one after the other. Spark's figure includes starting its session (a JVM) because a
scheduled run pays it too. Skipped, with a note in the table, when pyspark or Java is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
import statistics
from pathlib import Path

from benchmarks.datasets import Scale
from benchmarks.measure import Figure, Row, child_run, timed
from benchmarks.queries import PERIOD, catalogue_run
from governance.store.export import export_tables

SPARK_CHILD = """
import json, sys, time
from governance.checks.spark import run_checks_on_spark
started = time.perf_counter()
result = run_checks_on_spark(sys.argv[1], sys.argv[2], sys.argv[3], master="local[2]")
print(json.dumps({
    "wall_s": time.perf_counter() - started,
    "errored": [o.check.id for o in result.errored],
}))
"""


def spark_available() -> bool:
    return importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None


def spark_run(db: Path, lake: Path) -> float:
    """Wall seconds of one catalogue run on Spark, session start included, in a child process."""
    return child_run(SPARK_CHILD, db, lake, PERIOD)["wall_s"]


def measure_spark(scale: Scale, db: Path, repeats: int) -> list[Row]:
    if not spark_available():
        return [
            Row(
                scale.name,
                "check catalogue on Spark: skipped (no pyspark or Java)",
                Figure((0.0,)),
                "s",
            )
        ]
    rows = []
    for label, source in (("10 %", scale.work / "subset10.duckdb"), ("all", db)):
        if not source.exists():
            continue
        lake = scale.work / f"lake-{source.stem}"
        shutil.rmtree(lake, ignore_errors=True)
        export_s, tables = timed(export_tables, source, lake)
        events = next(t.rows for t in tables if t.name == "consent_events")
        on_spark, on_duckdb = [], []
        for _ in range(repeats):
            on_spark.append(spark_run(source, lake))
            on_duckdb.append(catalogue_run(source)["wall_s"])
        ratio = statistics.median(s / d for s, d in zip(on_spark, on_duckdb, strict=True))
        rows.append(
            Row(
                scale.name,
                f"check catalogue on Spark local[2], {events:,} consent events "
                f"({label} of the subjects)",
                Figure(tuple(on_spark)),
                "s",
                f"DuckDB {statistics.median(on_duckdb):.2f} s (Spark / DuckDB)",
                ratio,
            )
        )
        rows.append(
            Row(
                scale.name,
                f"governance export, {events:,} consent events",
                Figure((export_s,)),
                "s",
            )
        )
        shutil.rmtree(lake, ignore_errors=True)
    return rows
