"""Figures computed elsewhere (on Spark, over a lake) and stored in the database: the reports'
seam for a company whose events are not in DuckDB.

Every query a report or the dashboard runs passes through its `Scope` (`run`, `frame`,
`records`: kpis.query, Report.query, run_sql, the DSR report's setup). When the database holds
figures of the scope's period, framework and language (the schema `stored_figures`, written by
`governance report --engine spark`, governance/publish/spark_reports.py), `open_report` makes
the scope a `StoredScope`: a query whose key is stored is answered with the stored rows, one
that reads only the register, the check results or the load log runs on DuckDB as always, and
one that would read event tables that hold no rows here is an error naming its file, never a
silent zero. Without stored figures nothing changes: the scope is the ordinary one.

A stored result is keyed by the SQL text (its SHA-256), the parameters the text declares (as
JSON) and the scope (period, framework, language), so a changed query file or another window
finds nothing stored. `planned` lists the queries a period's reports run that read lake data:
the same files, with the same parameters the report modules give them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb

from governance.errors import ReportError
from governance.period import Period
from governance.scope import RULE_VIEWS, Scope
from governance.store import queries

#: the schema holding the stored figures (sql/stored/catalogue.sql)
SCHEMA = "stored_figures"

#: the packages and folders whose SQL files the reports run
REPORT_SQL = (("governance.metrics", "sql"), ("governance.reports", "sql"))

#: tables that come from the lake besides the event files: the ledger's pseudonym mappings and
#: erasures, and the consent state kept at each month end (`governance export` writes them);
#: the register, check results and load log are always in the database
LAKE_EXTRA_TABLES = (
    "subject_keys",
    "subject_erasures",
    "consent_checkpoints",
    "consent_checkpoint_meta",
)


def stored_sql(name: str) -> str:
    """The text of `governance/reports/sql/stored/<name>.sql`."""
    return queries.sql("governance.reports", f"sql/stored/{name}")


def sql_digest(sql_text: str) -> str:
    return hashlib.sha256(sql_text.encode("utf-8")).hexdigest()


def _plain_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def params_key(params: dict[str, Any]) -> str:
    """The parameters a stored result was computed with, as stable JSON (instants in UTC)."""
    return json.dumps({k: _plain_value(v) for k, v in sorted(params.items())}, sort_keys=True)


def table_name(period: str, framework: str, lang: str, digest: str, params: str) -> str:
    """The stored result's table: one per key, so computing a key again replaces it."""
    key = "\x1f".join((period, framework, lang, digest, params))
    return "f_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def declared(sql_text: str, params: dict[str, Any]) -> dict[str, Any]:
    """The values of the parameters `sql_text` declares (what `queries.run` binds)."""
    names: set[str] = set()
    for statement in duckdb.extract_statements(sql_text):
        names |= set(statement.named_parameters)
    return {name: params[name] for name in names if name in params}


# --- which queries read the lake ----------------------------------------------------------


@dataclass(frozen=True)
class QueryFile:
    """A shipped report or metric SQL file, and what it reads."""

    package: str
    path: str
    text: str
    reads: frozenset[str]
    #: the view it creates (a setup statement such as the DSR report's), or None
    creates: str | None
    parameters: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.package.replace('.', '/')}/{self.path}"


def _analyse(package: str, path: str) -> QueryFile:
    # sqlglot comes with the 'spark' extra: imported only where stored figures are read
    import sqlglot
    from sqlglot import exp

    text = queries.sql(package, path)
    reads: set[str] = set()
    creates = None
    for tree in sqlglot.parse(text, read="duckdb"):
        if tree is None:
            continue
        ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
        if isinstance(tree, exp.Create):
            creates = tree.this.name if isinstance(tree.this, exp.Table) else tree.this.this.name
        tables = {t.name for t in tree.find_all(exp.Table) if t.name} - ctes - {creates}
        reads |= tables
    parameters: set[str] = set()
    for statement in duckdb.extract_statements(text):
        parameters |= set(statement.named_parameters)
    return QueryFile(package, path, text, frozenset(reads), creates, frozenset(parameters))


@cache
def report_files() -> tuple[QueryFile, ...]:
    """Every metric and report SQL file (the stored figures' own SQL excepted)."""
    return tuple(
        _analyse(package, path)
        for package, folder in REPORT_SQL
        for path in queries.listing(package, folder)
        if not path.startswith("sql/stored/")
    )


@cache
def lake_names() -> frozenset[str]:
    """Tables and views whose rows come from the lake: the event tables, the scope's rule views
    over them, and the views report setup statements create over those."""
    from governance.store.ingest.kinds import kinds

    names = set(kinds()) | set(LAKE_EXTRA_TABLES) | set(RULE_VIEWS)
    for query in report_files():
        if query.creates and query.reads & names:
            names.add(query.creates)
    return frozenset(names)


@cache
def _file_by_digest() -> dict[str, QueryFile]:
    return {sql_digest(q.text): q for q in report_files()}


def reads_lake(sql_text: str) -> bool:
    """Whether `sql_text` reads a table or view whose rows live in the lake."""
    known = _file_by_digest().get(sql_digest(sql_text))
    if known is not None:
        return bool(known.reads & lake_names())
    import sqlglot
    from sqlglot import exp

    try:
        trees = sqlglot.parse(sql_text, read="duckdb")
    except sqlglot.errors.ParseError:
        return False
    return any(
        t.name in lake_names()
        for tree in trees
        if tree is not None
        for t in tree.find_all(exp.Table)
    )


@dataclass(frozen=True)
class Planned:
    """One query to compute for a report period: in `period`'s scope, with `params`."""

    query: QueryFile
    period: Period
    params: dict[str, Any] = field(hash=False)


def _windows(period: Period) -> list[dict[str, Any]]:
    """The windows the report modules give windowed queries: the trend's and the period's."""
    from governance.reports._common import period_window, trend_window

    # both read only the report's period; a stand-in avoids opening a report for them
    stand_in: Any = SimpleNamespace(period=period)
    return [trend_window(stand_in), period_window(stand_in)]


def planned(period: Period) -> list[Planned]:
    """What `period`'s report set runs that reads lake data: every metric in the period and the
    one before it (the dashboard compares them), every report query in the period (setup
    statements first, since later queries read the views they create)."""
    lake = lake_names()
    out: list[Planned] = []
    metrics = [q for q in report_files() if q.package == "governance.metrics"]
    reports = [q for q in report_files() if q.package == "governance.reports"]
    for each in (period.previous(), period):
        for query in metrics:
            if query.reads & lake and not query.parameters:
                out.append(Planned(query, each, {}))
    setup = [q for q in reports if q.creates and q.reads & lake]
    for query in setup:
        out.append(Planned(query, period, {}))
    for query in reports:
        if query.creates or not query.reads & lake:
            continue
        if query.parameters:
            for window in _windows(period):
                out.append(Planned(query, period, declared(query.text, window)))
        else:
            out.append(Planned(query, period, {}))
    return out


# --- reading stored figures ---------------------------------------------------------------


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def stored_index(
    con: duckdb.DuckDBPyConnection, period: Period, framework: str, lang: str
) -> dict[tuple[str, str], str] | None:
    """(SQL digest, parameters) -> stored table for the scope, or None when nothing is stored
    for it (the schema absent, as in every database whose events are in DuckDB)."""
    cursor = con.cursor()
    try:
        present = queries.run(cursor, stored_sql("present"), schema=SCHEMA).fetchall()
        if not present[0][0]:
            return None
        rows = queries.run(
            cursor, stored_sql("index"), period=period.label, framework=framework, lang=lang
        ).fetchall()
    finally:
        cursor.close()
    return {(digest, params): table for digest, params, table in rows} or None


@dataclass
class StoredScope(Scope):
    """A scope whose lake-reading queries are answered by stored figures (module docstring)."""

    stored: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    @classmethod
    def serving(cls, scope: Scope) -> Scope:
        """`scope` reading stored figures when the database holds some for it; else `scope`."""
        index = stored_index(scope.con, scope.period, scope.pack.id, scope.lang)
        if index is None:
            return scope
        values = {f.name: getattr(scope, f.name) for f in fields(Scope)}
        return cls(**values, stored=index)

    @property
    def previous(self) -> Scope:
        """The period before, reading its own stored figures (stored with this period's)."""
        if self._previous is None:
            self._previous = StoredScope.serving(
                Scope.open(self._source, self.period.previous(), self.pack, lang=self.lang)
            )
        return self._previous

    def _served(self, sql_text: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The SQL to run for `sql_text` with `params`: its stored rows, itself (register,
        results, setup statements), or an error for lake data nothing stored."""
        key = (sql_digest(sql_text), params_key(declared(sql_text, params)))
        table = self.stored.get(key)
        if table is not None:
            return f"SELECT * FROM {_quoted(SCHEMA)}.{_quoted(table)}", {}
        statements = duckdb.extract_statements(sql_text)
        is_setup = statements and statements[-1].type != duckdb.StatementType.SELECT
        if is_setup or not reads_lake(sql_text):
            return sql_text, params
        known = _file_by_digest().get(key[0])
        what = known.name if known else f"query {sql_text.strip()[:60]!r}"
        raise ReportError(
            f"{what}: not computed from the lake for {self.period.label} "
            f"({self.pack.id}, {self.lang}, {key[1]}); the events of this database are in a "
            "lake: run 'governance report --engine spark --data DIR'"
        )

    def run(self, sql_text: str, /, **params: Any) -> Any:
        text, values = self._served(sql_text, params)
        return super().run(text, **values)

    def frame(self, sql_text: str, /, **params: Any) -> Any:
        text, values = self._served(sql_text, params)
        return super().frame(text, **values)

    def records(self, sql_text: str, /, **params: Any) -> list[dict[str, Any]]:
        text, values = self._served(sql_text, params)
        return super().records(text, **values)


def forget_figures(db_path: str | Path, period: Period, framework: str) -> int:
    """Drop the stored figures of `period` (a report computed by DuckDB replaces them); the
    number of results dropped. Opens the database for writing only when some are stored."""
    from governance.store.connection import connect
    from governance.store.transaction import atomic

    con = connect(db_path, read_only=True)
    try:
        present = queries.run(con, stored_sql("present"), schema=SCHEMA).fetchall()
    finally:
        con.close()
    if not present[0][0]:
        return 0
    con = connect(db_path)
    try:
        with atomic(con):
            tables = queries.run(
                con, stored_sql("forget"), period=period.label, framework=framework
            ).fetchall()
            for (table,) in tables:
                con.execute(f'DROP TABLE IF EXISTS {SCHEMA}."{table}"').fetchall()
        return len(tables)
    finally:
        con.close()
