"""Which engine computes the checks' rows: DuckDB (the database itself) or Spark (a lake).

The choice is the checks layer's, not the command line's: a scheduler calling the package and
`governance check` get the same rules (Spark needs the lake's folder; pyspark is imported only
when Spark is chosen, since it is an optional extra). Either way the run is stored in the
DuckDB database by the ordinary runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from governance.checks.runner import Progress, RunResult, run_checks
from governance.errors import UsageError
from governance.period import Period

ENGINES = ("duckdb", "spark")
DEFAULT_MASTER = "local[2]"


def run_on_engine(
    db_path: str | Path,
    period: Period | str,
    *,
    engine: str = "duckdb",
    framework: str = "kz",
    check_ids: Sequence[str] | None = None,
    data: str | Path | None = None,
    master: str = DEFAULT_MASTER,
    progress: Progress | None = None,
) -> RunResult:
    """Run the catalogue for `period` on `engine` and store the run in `db_path`.

    `data` (the Parquet folder `governance export` writes) and `master` (a Spark master URL)
    are for Spark only.
    """
    chosen = engine.lower()
    if chosen not in ENGINES:
        raise UsageError(f"unknown engine '{engine}': choose {' or '.join(ENGINES)}")
    if chosen == "duckdb":
        return run_checks(
            db_path, period, framework=framework, check_ids=check_ids, progress=progress
        )
    if data is None:
        raise UsageError("--engine spark needs --data DIR (the folder 'governance export' writes)")
    from governance.checks.spark import run_checks_on_spark

    return run_checks_on_spark(
        db_path,
        data,
        period,
        framework=framework,
        check_ids=check_ids,
        master=master,
        progress=progress,
    )
