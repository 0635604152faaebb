"""`governance report --engine spark --data DIR`: the report set of a company whose events live
in a lake.

Before the notebooks run, every query the period's reports and dashboard run over event data
(`governance.reports.stored.planned`: the same `.sql` files, with the same parameters) is
transpiled by `checks.dialect.to_spark` and run on Spark over the lake, in a Spark scope made by
the same code as the checks' (`register_lake`, `register_scope`) plus the stored check results,
which live in DuckDB and travel to Spark (they are small). The rows are stored in the DuckDB
database, one table per query and parameters, with the column types DuckDB gives the same query
(its shape is asked of DuckDB over the empty event tables), so the notebooks, which open the
database read-only as ever, read the same figures either engine computed
(`StoredScope`). Queries over the register, the check results and the load log stay on DuckDB.

Missing check runs of the trend's periods are made on Spark too, and the privacy guard compares
the pages with the identifiers where the subjects are, on Spark: only each page's candidate
strings travel there (`publish/sql/identifiers_shown.sql`, transpiled), never the identifiers
to DuckDB.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import sqlglot
from sqlglot import exp

from governance.checks.dialect import to_spark
from governance.errors import ReportError
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.publish.catalogue import TREND_PERIODS
from governance.reports import stored
from governance.scope import RESULT_VIEWS, Scope, checked, localise, rule_sql
from governance.store import queries
from governance.store.connection import connect
from governance.store.transaction import atomic

if TYPE_CHECKING:
    import duckdb
    from pyspark.sql import SparkSession

#: check bookkeeping the report queries read with the events (findings of the scope's run)
RESULT_TABLES = ("check_runs", "check_results", "findings")


def bind_literals(sql_text: str, params: Mapping[str, Any]) -> str:
    """`sql_text` (DuckDB) with each `$name` replaced by its value as a literal: Spark SQL has
    no named parameters. Instants become `CAST('...' AS TIMESTAMPTZ)`, numbers stay numbers."""
    import datetime as dt

    tree = sqlglot.parse_one(sql_text, read="duckdb")

    def literal(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder) or node.name not in params:
            return node
        value = params[node.name]
        if isinstance(value, dt.datetime):
            text = value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")
            return exp.cast(exp.Literal.string(text), "TIMESTAMPTZ")
        if isinstance(value, bool | int | float):
            return exp.Literal.number(value)
        return exp.Literal.string(str(value))

    return tree.transform(literal).sql(dialect="duckdb")


def spark_text(query: stored.QueryFile, params: Mapping[str, Any]) -> str:
    """The Spark SQL of one shipped query; an error naming the file if it has no translation."""
    try:
        return to_spark(bind_literals(query.text, params))
    except (sqlglot.errors.SqlglotError, ValueError) as exc:
        raise ReportError(f"{query.name}: cannot be translated to Spark SQL: {exc}") from exc


@dataclass
class FiguresRun:
    """What `compute_figures` stored: queries per period and language, and the seconds."""

    stored: int = 0
    seconds: float = 0.0
    per_query: dict[str, float] = field(default_factory=dict)


class LakeReports:
    """A Spark session over a lake folder, for one `governance report` run."""

    def __init__(
        self, data: str | Path, master: str = "local[2]", spark: SparkSession | None = None
    ) -> None:
        from governance.checks.spark import spark_session

        self.data = Path(data)
        self._own = spark is None
        self.spark = spark or spark_session(master)

    def close(self) -> None:
        if self._own:
            self.spark.stop()

    # --- checks ---------------------------------------------------------------------------

    def ensure_checks(
        self, db_path: Path, period: Period, framework: str, trend: int = TREND_PERIODS
    ) -> list[str]:
        """Like `runner.ensure_checks`, on Spark: the missing checks of the trend's periods."""
        from governance.checks.runner import selected_checks
        from governance.checks.spark import run_checks_on_spark

        wanted = [period]
        for _ in range(trend - 1):
            wanted.insert(0, wanted[0].previous())
        enabled = [c.id for c in selected_checks(load_pack(framework))]
        con = connect(db_path, read_only=True)
        try:
            missing = {
                p: [c for c in enabled if c not in checked(con, p, framework)] for p in wanted
            }
        finally:
            con.close()
        ran = []
        for p, check_ids in missing.items():
            if check_ids:
                run_checks_on_spark(
                    db_path, self.data, p, framework=framework, check_ids=check_ids,
                    spark=self.spark,
                )  # fmt: skip
                ran.append(p.label)
        return ran

    # --- figures --------------------------------------------------------------------------

    def _prepare(
        self, con: duckdb.DuckDBPyConnection, period: Period, framework: str, lang: str
    ) -> Scope:
        """Spark's views for `period` in `lang` (lake, translated register, check results,
        scope and rule views), and the DuckDB scope that gives the results their types."""
        from governance.checks.spark import register_lake, register_scope

        register_lake(self.spark, self.data)
        scope = Scope.open(con, period, framework, lang=lang)
        # the register's text in the report's language: DuckDB's localised views, as Spark's
        for table in localise(scope.con, lang):
            rows = scope.con.sql(f'SELECT * FROM "{table}"').to_arrow_table()
            self.spark.createDataFrame(rows).createOrReplaceTempView(table)
        for table in RESULT_TABLES:
            rows = con.sql(f'SELECT * FROM "{table}"').to_arrow_table()
            self.spark.createDataFrame(rows).createOrReplaceTempView(table)
        register_scope(self.spark, period, framework)
        for view in RESULT_VIEWS:
            self.spark.sql(to_spark(rule_sql(view)))
        return scope

    def _store(
        self,
        scope: Scope,
        item: stored.Planned,
        rows: pa.Table,
        framework: str,
        lang: str,
    ) -> None:
        """`rows` as the stored result of `item`, typed as DuckDB types the same query."""
        digest = stored.sql_digest(item.query.text)
        params = stored.params_key(item.params)
        table = stored.table_name(item.period.label, framework, lang, digest, params)
        target = f'{stored.SCHEMA}."{table}"'
        # the query as a subquery: its own lines (a trailing comment must not swallow the paren)
        query = item.query.text.strip().rstrip(";")
        shape = f"CREATE OR REPLACE TABLE {target} AS SELECT * FROM (\n{query}\n) LIMIT 0"
        scope.run(shape, **item.params).fetchall()
        expected = [d[0] for d in scope.con.execute(f"SELECT * FROM {target}").description]
        if len(expected) != rows.num_columns:
            raise ReportError(
                f"{item.query.name}: Spark gave {rows.num_columns} columns, DuckDB "
                f"{len(expected)} ({', '.join(expected)})"
            )
        scope.con.register("spark_rows", rows.rename_columns(expected))
        try:
            scope.con.execute(f"INSERT INTO {target} SELECT * FROM spark_rows").fetchall()
        finally:
            scope.con.unregister("spark_rows")
        queries.run(
            scope.con,
            stored.stored_sql("record"),
            period=item.period.label,
            framework=framework,
            lang=lang,
            sql_sha256=digest,
            params=params,
            table_name=table,
            sql_file=item.query.name,
            engine="spark",
            row_count=rows.num_rows,
        ).fetchall()

    def compute_figures(
        self,
        db_path: str | Path,
        period: Period,
        framework: str,
        languages: Sequence[str] = ("en",),
    ) -> FiguresRun:
        """Compute on Spark and store in `db_path` every lake query of `period`'s report set,
        in each of `languages`."""
        started = time.perf_counter()
        run = FiguresRun()
        plan = stored.planned(period)
        texts = {id(item): spark_text(item.query, item.params) for item in plan}  # fail early
        con = connect(db_path)
        try:
            queries.run(con, stored.stored_sql("catalogue")).fetchall()
            for lang in languages:
                for each in (period.previous(), period):
                    items = [item for item in plan if item.period == each]
                    scope = self._prepare(con, each, framework, lang)
                    try:
                        # the scope's own cursor is a connection of its own: one transaction
                        # per scope, so a failing query stores nothing of its period
                        with atomic(scope.con):
                            for item in items:
                                began = time.perf_counter()
                                self._compute_one(scope, item, texts[id(item)], framework, lang)
                                key = f"{each.label} {lang} {item.query.name}"
                                run.per_query[key] = time.perf_counter() - began
                                run.stored += 0 if item.query.creates else 1
                    finally:
                        scope.close()
        finally:
            con.close()
        run.seconds = time.perf_counter() - started
        return run

    def _compute_one(
        self, scope: Scope, item: stored.Planned, text: str, framework: str, lang: str
    ) -> None:
        try:
            if item.query.creates:  # a setup view: in both engines, for the queries after it
                self.spark.sql(text)
                scope.run(item.query.text, **item.params).fetchall()
                return
            rows = self.spark.sql(text).toArrow()
        except ReportError:
            raise
        except Exception as exc:  # Spark's analysis errors name the column, not the file
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ReportError(f"{item.query.name}: failed on Spark: {first}") from exc
        self._store(scope, item, rows, framework, lang)

    # --- the guard ------------------------------------------------------------------------

    def identifiers_shown(self, pages: Mapping[str, str]) -> dict[str, list[str]]:
        """`guard.identifiers_shown`, with the comparison on Spark where the subjects are."""
        from governance.checks.spark import register_lake
        from governance.publish.guard import _page_candidates

        names, kinds, values = [], [], []
        for name, html in pages.items():
            tokens, phones = _page_candidates(html)
            for kind, found in (("token", tokens), ("phone", phones)):
                names += [name] * len(found)
                kinds += [kind] * len(found)
                values += sorted(found)
        register_lake(self.spark, self.data)
        candidates = pa.table(
            {"page": names, "kind": kinds, "value": values},
            schema=pa.schema(
                [("page", pa.string()), ("kind", pa.string()), ("value", pa.string())]
            ),
        )
        self.spark.createDataFrame(candidates).createOrReplaceTempView("guard_candidates")
        text = queries.sql("governance.publish", "sql/identifiers_shown.sql")
        try:
            rows = self.spark.sql(to_spark(text)).collect()
        except sqlglot.errors.SqlglotError as exc:
            raise ReportError(f"governance/publish/sql/identifiers_shown.sql: {exc}") from exc
        shown: dict[str, list[str]] = {}
        for page, value in rows:
            shown.setdefault(page, []).append(value)
        return shown
