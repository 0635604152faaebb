"""The check catalogue on Apache Spark, for data that lives in a data lake.

The same `.sql` files as on DuckDB, transpiled by `dialect.to_spark` (sqlglot), run over
Parquet files in the layout `governance export` writes (`DIR/<table>.parquet`, register tables
included). The period, the framework's figures and the working-day calendar are made by the
same `scope_frames` as for DuckDB and handed to Spark as small DataFrames; the scope's shared
rule views (`governance/rules/`) are transpiled like a check. Each check's rows come back as
Arrow and are stored in the DuckDB database by the ordinary runner, so findings, history and
reports do not know which engine computed them.

Spark needs Java 17+ and the optional extra (`pip install -e '.[spark]'`). `master` is any
Spark master URL: `local[2]` on one machine, `spark://host:7077` or `yarn` on a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from governance.checks.dialect import to_spark
from governance.checks.registry import Check
from governance.checks.runner import Progress, RunResult, run_checks
from governance.errors import CheckError
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.scope import RULE_VIEWS, calendar_years, rule_sql, scope_frames

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"


def spark_session(master: str = DEFAULT_MASTER) -> SparkSession:
    """A Spark session in UTC (timestamps are instants, as in DuckDB), quiet, with Arrow on."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise CheckError(
            "the Spark engine needs pyspark: pip install -e '.[spark]' (and Java 17 or newer)"
        ) from None
    spark = (
        SparkSession.builder.master(master)
        .appName("governance-checks")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def register_lake(spark: SparkSession, data_dir: Path) -> list[str]:
    """A temp view per `<table>.parquet` of `data_dir`; the names registered."""
    files = sorted(Path(data_dir).glob("*.parquet"))
    if not files:
        raise CheckError(
            f"{data_dir}: no Parquet files; write them with 'governance export DB {data_dir}'"
        )
    for path in files:
        spark.read.parquet(str(path)).createOrReplaceTempView(path.stem)
    return [path.stem for path in files]


def register_scope(spark: SparkSession, period: Period, framework: str) -> None:
    """The scope's tables and rule views of `period` under `framework`, as Spark temp views.

    The scope row goes in as `scope` directly: its frame already has the types that
    rules/scope.sql gives it in DuckDB.
    """
    first, last = spark.sql(to_spark(rule_sql("calendar_span"))).collect()[0]
    years = calendar_years(first, last, period)
    for name, frame in scope_frames(period, load_pack(framework), None, years).items():
        view = "scope" if name == "scope_frame" else name
        spark.createDataFrame(frame).createOrReplaceTempView(view)
    for view in RULE_VIEWS:
        spark.sql(to_spark(rule_sql(view)))


def spark_rows(spark: SparkSession, check: Check) -> pa.Table:
    """One check's rows computed by Spark, as an Arrow table."""
    return spark.sql(to_spark(check.sql)).toArrow()


def run_checks_on_spark(
    db_path: str | Path,
    data_dir: str | Path,
    period: Period | str,
    *,
    framework: str = "kz",
    check_ids: Sequence[str] | None = None,
    master: str = DEFAULT_MASTER,
    progress: Progress | None = None,
    spark: SparkSession | None = None,
) -> RunResult:
    """Run the catalogue on Spark over `data_dir` and store the run in `db_path`.

    `spark`: an existing session (tests share one); otherwise one is started on `master` and
    stopped afterwards.
    """
    period = Period.of(period)
    own = spark is None
    session = spark or spark_session(master)
    try:
        register_lake(session, Path(data_dir))
        register_scope(session, period, framework)
        return run_checks(
            db_path,
            period,
            framework=framework,
            check_ids=check_ids,
            progress=progress,
            engine=lambda check: spark_rows(session, check),
        )
    finally:
        if own:
            session.stop()
