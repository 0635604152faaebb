"""`python -m benchmarks`: the suite against its floors and peers, at two scales.

    python -m benchmarks                         # small and large (generates large if missing)
    python -m benchmarks --scale small --repeats 1 --results /tmp/results.md   # CI smoke test
    python -m benchmarks --scale large --only load,reports --memory-limit 2GB   # some groups

For each scale: loading per event file kind against DuckDB's read_csv, consent_state against
the bare query of its rule and against pandas, the check catalogue's wall time and peak memory,
consent.missing against its pandas baseline, how the catalogue grows with the data, and the
catalogue on Spark local[2] against DuckDB at 10 % and all of the data (when pyspark and Java
are there; --no-spark skips it), the report set against the floor of papermill + nbconvert with
its peak memory, the identifier guard over its pages and the size of each published HTML file
(at the large scale also against the small scale's set), for the small scale the cookie
reference's load and a 20,000-entry HAR file, and, once their modules exist, the growth of a
month's checks and reports with the history (benchmarks/history_growth.py) and the report
figures on Spark (benchmarks/spark_reports.py).
Every figure is the median of --repeats runs with the minimum and maximum beside it. The
Markdown table is printed and written to benchmarks/results.md with the machine's description.
--only runs some groups (see GROUPS); without "load" the database a previous run loaded is used
again if the schema has not changed since, else the files are loaded once, unmeasured.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import machine
from benchmarks.cookies import measure_cookies
from benchmarks.datasets import REGISTER, ROOT, Scale, scales
from benchmarks.load import measure_loading
from benchmarks.measure import Figure, Row, markdown_table
from benchmarks.queries import (
    measure_catalogue,
    measure_consent_missing,
    measure_consent_state,
    measure_scaling,
)
from benchmarks.reports import measure_reports, small_set
from benchmarks.spark import measure_spark

DEFAULT_KEY = "benchmark-pseudonym-key-0123456789"

#: what --only can choose, in the order a scale runs them
GROUPS = {
    "load": "loading per event file kind: speed against read_csv, peak RSS",
    "state": "consent_state against its bare query and pandas",
    "checks": "the check catalogue (wall, peak memory) and consent.missing against pandas",
    "scaling": "the catalogue on 10 %, 30 % and all of the subjects",
    "spark": "the catalogue on Spark local[2] against DuckDB",
    "reports": "the report set (wall, peak RSS, the guard, page sizes)",
    "cookies": "the cookie reference and a HAR file (small scale only)",
    "history": "a month's checks and reports as the history grows (history_growth.py)",
    "spark-reports": "the report figures on Spark (spark_reports.py)",
}

#: groups measured by functions other modules provide: (group, module, function, what)
HOOKS = (
    ("history", "benchmarks.history_growth", "measure_history_growth", "history growth"),
    ("spark-reports", "benchmarks.spark_reports", "measure_spark_reports", "Spark reports"),
)

#: the marker beside a loaded database: the schema files it was loaded with
LOADED_MARK = "loaded.schema"


def groups(text: str) -> list[str]:
    """--only's value: comma-separated group names, each one of GROUPS."""
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in GROUPS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown group(s) {', '.join(unknown) or '(none)'}: choose from {', '.join(GROUPS)}"
        )
    return chosen


def hook_rows(
    scale: Scale, repeats: int, module: str, function: str, what: str, db: Path | None = None
) -> list[Row]:
    """The rows `module.function(scale, repeats)` measures, or one row saying why there are none.

    `db`, the scale's loaded database, is passed as `db=` to a function that takes it, so that
    it need not load the scale again (it must not change it).

    These modules are written separately; until one exists, or when it cannot be imported or its
    run fails, the table says so (a failure as a missed target) and the other groups still run.
    """

    def note(text: str, met: bool | None = None) -> list[Row]:
        return [
            Row(
                scale.name,
                f"{what}: {text}",
                Figure((0.0,)),
                "s",
                target="runs" if met is False else "",
                met=met,
            )
        ]

    if importlib.util.find_spec(module) is None:
        return note(f"skipped ({module} does not exist yet)")
    try:
        measure: Callable[[Scale, int], list[Row]] = getattr(
            importlib.import_module(module), function
        )
    except (ImportError, AttributeError) as exc:
        return note(f"skipped ({module}.{function} cannot be imported: {exc})")
    try:
        if db is not None and "db" in inspect.signature(measure).parameters:
            return list(measure(scale, repeats, db=db))
        return list(measure(scale, repeats))
    except Exception as exc:  # one group's failure is a row, not a lost run
        return note(f"failed ({type(exc).__name__}: {str(exc)[:200]})", met=False)


def _schema_files() -> str:
    from governance.store import migrations

    folder = Path(migrations.__file__).parent / "schema"
    return "\n".join(sorted(path.name for path in folder.glob("*.sql")))


def loaded_database(scale: Scale, limit: str | None) -> Path:
    """The database a run of the "load" group left, when its schema is still current; else the
    scale's files loaded once, unmeasured."""
    from governance.store import init_database
    from governance.store.ingest import load_files

    db, mark = scale.work / "loaded.duckdb", scale.work / LOADED_MARK
    if db.exists() and mark.exists() and mark.read_text(encoding="utf-8") == _schema_files():
        return db
    files = scale.csv_files()
    db = scale.fresh("loaded.duckdb")
    init_database(db, REGISTER)
    load_files(db, [csv for _, csv in files], memory=limit)
    mark_loaded(scale)
    return db


def mark_loaded(scale: Scale) -> None:
    (scale.work / LOADED_MARK).write_text(_schema_files(), encoding="utf-8")


def _step(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)


def run(
    scale_names: list[str],
    repeats: int,
    work: Path,
    *,
    spark: bool = True,
    spark_repeats: int | None = None,
    only: list[str] | None = None,
    memory_limit: str | None = None,
) -> tuple[list[Row], float]:
    started = time.perf_counter()
    chosen = set(only or GROUPS)
    if not spark:
        chosen.discard("spark")
    rows: list[Row] = []
    for scale in scales(scale_names, work):
        if "load" in chosen:
            _step(f"{scale.name}: loading every event file kind ({repeats} runs)", started)
            (scale.work / LOADED_MARK).unlink(missing_ok=True)
            loaded, db = measure_loading(scale, repeats, memory_limit)
            mark_loaded(scale)
            rows += loaded
        else:
            _step(f"{scale.name}: the loaded database", started)
            db = loaded_database(scale, memory_limit)
        if "state" in chosen:
            _step(f"{scale.name}: consent_state", started)
            rows += measure_consent_state(scale, db, repeats)
        if "checks" in chosen:
            _step(f"{scale.name}: the check catalogue", started)
            rows += measure_catalogue(scale, db, repeats)
            rows += measure_consent_missing(scale, db, repeats)
        if "scaling" in chosen:
            _step(f"{scale.name}: check time against data size", started)
            rows += measure_scaling(scale, db, repeats)
        if "spark" in chosen:
            _step(f"{scale.name}: the check catalogue on Spark", started)
            rows += measure_spark(scale, db, spark_repeats or repeats)
        if "reports" in chosen:
            _step(f"{scale.name}: the report set", started)
            rows += measure_reports(scale, db, repeats, small_set(rows))
        if "cookies" in chosen and scale.name == "small":
            _step(f"{scale.name}: the cookie reference and a HAR file", started)
            rows += measure_cookies(scale, db, repeats)
        for group, module, function, what in HOOKS:
            if group in chosen:
                _step(f"{scale.name}: {what}", started)
                rows += hook_rows(scale, repeats, module, function, what, db)
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
    parser.add_argument(
        "--only",
        type=groups,
        default=None,
        metavar="GROUP[,GROUP...]",
        help="measure only these groups (default: all): "
        + "; ".join(f"{name}: {what}" for name, what in GROUPS.items()).replace("%", "%%"),
    )
    parser.add_argument(
        "--memory-limit",
        default=None,
        help="DuckDB memory limit of every load, e.g. 2GB (default: governance load's own, "
        "$GOVERNANCE_MEMORY_LIMIT or a tenth of the machine); the load rows name it",
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
        only=args.only,
        memory_limit=args.memory_limit,
    )
    text = document(rows, args.repeats, seconds)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    print(text)
