"""Run the check catalogue for a period and keep the outcome: run, per-check result, findings.

Each check runs in its own transaction: a check whose SQL fails is recorded as
`errored` with DuckDB's message and the others still run. Findings are stored
as JSON rows with a stable key, so later runs can be compared with this one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from governance import __version__
from governance.checks.registry import Check, Severity, all_checks, get_check
from governance.frameworks.pack import FrameworkPack, load_pack
from governance.period import Period
from governance.scope import Scope
from governance.store.connection import connect


@dataclass(frozen=True)
class CheckOutcome:
    check: Check
    status: str  # passed, failed, errored
    finding_count: int
    duration_ms: int
    error: str | None = None
    #: findings per severity: a check whose rows carry a `severity` column grades each finding
    #: (cookies.undeclared: high for a tracker set before consent); otherwise all are the
    #: check's own severity
    by_severity: dict[Severity, int] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        """The check's result severity: its most severe finding's, or the header's."""
        return max(self.by_severity, default=self.check.severity)


@dataclass
class RunResult:
    run_id: int
    period: Period
    framework: str
    outcomes: list[CheckOutcome] = field(default_factory=list)

    @property
    def errored(self) -> list[CheckOutcome]:
        return [o for o in self.outcomes if o.status == "errored"]

    def findings_at_or_above(self, severity: Severity) -> int:
        """How many findings have at least `severity` (for `--fail-on`)."""
        return sum(
            count
            for o in self.outcomes
            for level, count in o.by_severity.items()
            if level >= severity
        )


Progress = Callable[[int, int, Check], None]
#: computes a check's rows on another engine; returns an Arrow table (or anything DuckDB
#: can register: a DataFrame)
Engine = Callable[[Check], object]


def run_checks(
    db_path: str | Path,
    period: Period | str,
    *,
    framework: str = "kz",
    check_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> RunResult:
    """Run the checks of `framework` for `period` against `db_path` and store the run.

    The rows come from `db_path` itself unless an `engine` computes them elsewhere (Spark);
    the run, results and findings are stored in `db_path` either way.
    """
    pack = load_pack(framework)
    checks = selected_checks(pack, check_ids)
    con = connect(db_path)
    try:
        scope = Scope.open(con, Period.of(period), pack, run_id=None, lang="en")
        try:
            return run_in_scope(scope, checks, progress=progress, engine=engine)
        finally:
            scope.close()
    finally:
        con.close()


def selected_checks(pack: FrameworkPack, check_ids: Sequence[str] | None = None) -> list[Check]:
    """The checks to run: those named (all by default) that the pack enables."""
    checks = [get_check(c) for c in check_ids] if check_ids else list(all_checks())
    return [c for c in checks if pack.enabled(c.id)]


def run_in_scope(
    scope: Scope,
    checks: Sequence[Check],
    *,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> RunResult:
    """The runner proper, in an open scope on a read-write connection (tests share it).

    `engine` computes a check's rows elsewhere (Spark, governance/checks/spark.py) and returns
    them as an Arrow table; the findings are stored here the same way as DuckDB's own.
    """
    con, pack = scope.con, scope.pack
    run_id = _start_run(con, scope.period, pack)
    result = RunResult(run_id, scope.period, pack.id)
    for index, check in enumerate(checks, start=1):
        if progress:
            progress(index, len(checks), check)
        result.outcomes.append(_run_one(con, run_id, check, pack, engine))
    status = "completed_with_errors" if result.errored else "completed"
    con.execute(
        "UPDATE check_runs SET finished_at = now(), status = ? WHERE run_id = ?", [status, run_id]
    )
    return result


def _start_run(con: duckdb.DuckDBPyConnection, period: Period, pack: FrameworkPack) -> int:
    register = con.execute("SELECT sha256 FROM register_source").fetchone()
    row = con.execute(
        """
        INSERT INTO check_runs VALUES (
            nextval('check_run_id_seq'), ?, ?, ?, ?, ?, now(), NULL, ?, ?, 'running')
        RETURNING run_id
        """,
        [
            period.label,
            str(period.kind),
            period.start_ts,
            period.end_ts,
            pack.id,
            __version__,
            register[0] if register else None,
        ],
    ).fetchone()
    return int(row[0])


def _run_one(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    check: Check,
    pack: FrameworkPack,
    engine: Engine | None = None,
) -> CheckOutcome:
    started = time.perf_counter()
    key_sql = " || '|' || ".join(f"coalesce(CAST({k} AS VARCHAR), '')" for k in check.keys)
    rows_sql = check.sql
    if engine is not None:
        try:
            con.register("engine_rows", engine(check))
        except Exception as exc:  # the engine's own errors (Spark's AnalysisException...)
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            outcome = CheckOutcome(check, "errored", 0, _ms(started), error=message)
            _record(con, run_id, check, pack, outcome)
            return outcome
        rows_sql = "SELECT * FROM engine_rows"
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE check_rows AS {rows_sql}")
        if engine is not None:
            con.unregister("engine_rows")
        severity_sql = _row_severity(con, check)
        con.execute(
            f"""
            INSERT INTO findings
            SELECT ?, ?, {severity_sql}, {key_sql}, to_json(check_rows) FROM check_rows
            """,
            [run_id, check.id, str(check.severity)],
        )
        by_severity = {
            Severity.parse(level): n
            for level, n in con.execute(
                "SELECT severity, count(*) FROM findings WHERE run_id = ? AND check_id = ? "
                "GROUP BY severity",
                [run_id, check.id],
            ).fetchall()
        }
        count = sum(by_severity.values())
        outcome = CheckOutcome(
            check, "failed" if count else "passed", count, _ms(started), by_severity=by_severity
        )
        _record(con, run_id, check, pack, outcome)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        message = str(exc).splitlines()[0]
        outcome = CheckOutcome(check, "errored", 0, _ms(started), error=message)
        _record(con, run_id, check, pack, outcome)
    return outcome


def _record(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    check: Check,
    pack: FrameworkPack,
    outcome: CheckOutcome,
) -> None:
    con.execute(
        "INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            check.id,
            check.title,
            str(outcome.severity),
            check.section,
            pack.articles(check.id),
            outcome.status,
            outcome.finding_count,
            outcome.error,
            outcome.duration_ms,
        ],
    )


def _row_severity(con: duckdb.DuckDBPyConnection, check: Check) -> str:
    """The SQL of each finding's severity: the row's own `severity` column when the check
    returns one (empty: the check's), else the check's (bound as the third parameter)."""
    columns = [row[0] for row in con.execute("DESCRIBE check_rows").fetchall()]
    if "severity" not in columns:
        return "?"
    known = [str(level) for level in Severity]
    unknown = con.execute(
        "SELECT DISTINCT severity FROM check_rows WHERE severity IS NOT NULL "
        "AND NOT list_contains(?, lower(severity))",
        [known],
    ).fetchall()
    if unknown:
        raise duckdb.InvalidInputException(
            f"{check.path}: severity {unknown[0][0]!r} of a row is not one of {', '.join(known)}"
        )
    return "coalesce(lower(check_rows.severity), ?)"


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
