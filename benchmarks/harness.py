"""`python -m benchmarks`: the suite against its floors and peers, at two scales.

    python -m benchmarks                         # small and large (generates large if missing)
    python -m benchmarks --scale small --repeats 1 --results /tmp/results.md   # CI smoke test

For each scale: loading per event file kind against DuckDB's read_csv, consent_state against
the bare query of its rule and against pandas, the check catalogue's wall time and peak memory,
consent.missing against its pandas baseline, how the catalogue grows with the data, and the
catalogue on Spark local[2] against DuckDB at 10 % and all of the data (when pyspark and Java
are there; --no-spark skips it); for the
small scale also the report set against the floor of papermill + nbconvert and the size of each
published HTML file, the cookie reference's load and a 20,000-entry HAR
file (reports read one period, so the large scale adds nothing there but time).
Every figure is the median of --repeats runs with the minimum and maximum beside it. The
Markdown table is printed and written to benchmarks/results.md with the machine's description.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import machine
from benchmarks.cookies import measure_cookies
from benchmarks.datasets import ROOT, scales
from benchmarks.load import measure_loading
from benchmarks.measure import Row, markdown_table
from benchmarks.queries import (
    measure_catalogue,
    measure_consent_missing,
    measure_consent_state,
    measure_scaling,
)
from benchmarks.reports import measure_reports
from benchmarks.spark import measure_spark

DEFAULT_KEY = "benchmark-pseudonym-key-0123456789"


def _step(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)


def run(
    scale_names: list[str],
    repeats: int,
    work: Path,
    *,
    spark: bool = True,
    spark_repeats: int | None = None,
) -> tuple[list[Row], float]:
    started = time.perf_counter()
    rows: list[Row] = []
    for scale in scales(scale_names, work):
        _step(f"{scale.name}: loading every event file kind ({repeats} runs)", started)
        loaded, db = measure_loading(scale, repeats)
        rows += loaded
        _step(f"{scale.name}: consent_state", started)
        rows += measure_consent_state(scale, db, repeats)
        _step(f"{scale.name}: the check catalogue", started)
        rows += measure_catalogue(scale, db, repeats)
        rows += measure_consent_missing(scale, db, repeats)
        _step(f"{scale.name}: check time against data size", started)
        rows += measure_scaling(scale, db, repeats)
        if spark:
            _step(f"{scale.name}: the check catalogue on Spark", started)
            rows += measure_spark(scale, db, spark_repeats or repeats)
        if scale.name == "small":
            _step(f"{scale.name}: the report set", started)
            rows += measure_reports(scale, db, repeats)
            _step(f"{scale.name}: the cookie reference and a HAR file", started)
            rows += measure_cookies(scale, db, repeats)
    return rows, time.perf_counter() - started


def document(rows: list[Row], repeats: int, seconds: float) -> str:
    today = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    missed = [row for row in rows if row.met is False]
    summary = (
        "Every target met."
        if not missed
        else "Missed: " + "; ".join(f"{row.scale} {row.measure}" for row in missed) + "."
    )
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Measured {today} by `python -m benchmarks` in {seconds / 60:.1f} minutes; "
            f"each figure is the median of {repeats} runs (min and max beside it). Ratios come "
            "from runs made side by side. For speeds (rows/s) the ratio is governance / "
            "DuckDB; for times it is the figure / what it is compared with.",
            "",
            *machine.describe(),
            "",
            markdown_table(rows),
            "",
            summary,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--scale",
        action="append",
        choices=["small", "large"],
        help="a scale to measure (repeatable; default: small and large)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "benchmarks" / "data",
        help="folder for generated data and databases (default benchmarks/data)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=ROOT / "benchmarks" / "results.md",
        help="where to write the Markdown results",
    )
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark figures")
    parser.add_argument(
        "--spark-repeats",
        type=int,
        default=None,
        help="runs per Spark figure (default: --repeats; a 10 M run takes minutes)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    os.environ.setdefault("GOVERNANCE_PSEUDONYM_KEY", DEFAULT_KEY)
    rows, seconds = run(
        args.scale or ["small", "large"],
        args.repeats,
        args.work,
        spark=not args.no_spark,
        spark_repeats=args.spark_repeats,
    )
    text = document(rows, args.repeats, seconds)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    print(text)
