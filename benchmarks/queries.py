"""Queries on a loaded database: consent_state, the check catalogue, and how checks scale.

consent_state(as_of) is compared with the bare DuckDB query of its rule (one arg_max of the
action per subject and purpose: the least any formulation can do) and with the pandas way (read
the events, sort, keep the last per pair), in the same process, one after the other. The check
catalogue runs in a child process, so its peak resident memory is its own. Scaling runs the
catalogue on subsets of the same database that keep 10 %, 30 % and all of the subjects with
every row about them.
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import duckdb

from benchmarks.datasets import Scale
from benchmarks.measure import Figure, Row, child_run, timed

PERIOD = "2026-10"
AS_OF = "2026-10-31 23:59:59+00"

# The same question asked both ways: how many (subject, purpose) pairs, how many valid. DuckDB
# prunes what the question does not use, through the macro as through the bare query.
MACRO_COUNT = """
SELECT count(*), count(*) FILTER (WHERE valid) FROM consent_state(?::TIMESTAMPTZ)
"""
BARE_COUNT = """
SELECT count(*), count(*) FILTER (WHERE valid)
FROM (
    SELECT arg_max(action, (occurred_at, action = 'withdraw', seq)) = 'grant' AS valid
    FROM consent_events
    WHERE occurred_at <= ?::TIMESTAMPTZ
    GROUP BY subject_key, purpose_id
)
"""
# Whole rows: every column of the latest event, hashed so that all of them are produced.
MACRO_ROWS = """
SELECT count(*), count(*) FILTER (WHERE valid),
       sum(hash(subject_key, purpose_id, action, occurred_at, seq, event_id, policy_version))
FROM consent_state(?::TIMESTAMPTZ)
"""
BARE_ROWS = """
SELECT count(*), count(*) FILTER (WHERE latest.action = 'grant'),
       sum(hash(subject_key, purpose_id, latest.action, latest.occurred_at, latest.seq,
                latest.event_id, latest.policy_version))
FROM (
    SELECT subject_key, purpose_id,
           arg_max({'action': action, 'occurred_at': occurred_at, 'seq': seq,
                    'event_id': event_id, 'policy_version': policy_version},
                   (occurred_at, action = 'withdraw', seq)) AS latest
    FROM consent_events
    WHERE occurred_at <= ?::TIMESTAMPTZ
    GROUP BY subject_key, purpose_id
)
"""
EVENTS = """
SELECT subject_key, purpose_id, action, occurred_at, seq
FROM consent_events WHERE occurred_at <= ?::TIMESTAMPTZ
"""


def _pandas_state(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """consent_state the pandas way: the latest event per (subject, purpose), ties as the rule."""
    events = con.execute(EVENTS, [AS_OF]).df()
    events["withdraw"] = events["action"].eq("withdraw")
    latest = events.sort_values(["occurred_at", "withdraw", "seq"]).drop_duplicates(
        ["subject_key", "purpose_id"], keep="last"
    )
    return len(latest), int(latest["action"].eq("grant").sum())


def _side_by_side(
    con: duckdb.DuckDBPyConnection, first: str, second: str, repeats: int
) -> tuple[list[float], list[float], set]:
    """Seconds of two queries run one after the other `repeats` times, and their answers."""
    firsts, seconds, answers = [], [], set()
    for _ in range(repeats):
        elapsed, answer = timed(lambda sql=first: con.execute(sql, [AS_OF]).fetchone())
        firsts.append(elapsed)
        answers.add(tuple(answer))
        elapsed, answer = timed(lambda sql=second: con.execute(sql, [AS_OF]).fetchone())
        seconds.append(elapsed)
        answers.add(tuple(answer))
    return firsts, seconds, answers


def _ratio(numerators: list[float], denominators: list[float]) -> float:
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def measure_consent_state(scale: Scale, db: Path, repeats: int) -> list[Row]:
    """The macro against the bare query of its rule (the same question), whole rows against a
    hand-written arg_max, and pandas (read, sort, last per pair) against the macro."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        events = con.execute("SELECT count(*) FROM consent_events").fetchone()[0]
        macro_count, bare_count, counted = _side_by_side(con, MACRO_COUNT, BARE_COUNT, repeats)
        macro_rows, bare_rows, rows = _side_by_side(con, MACRO_ROWS, BARE_ROWS, repeats)
        pandas_s, in_pandas = [], set()
        for _ in range(repeats):
            elapsed, answer = timed(_pandas_state, con)
            pandas_s.append(elapsed)
            in_pandas.add(answer)
    finally:
        con.close()
    if len(counted) != 1 or len(rows) != 1 or {a[:2] for a in rows} | in_pandas != counted:
        raise RuntimeError(
            f"consent_state and its baselines disagree: {counted} {rows} {in_pandas}"
        )
    judged = scale.name == "large"
    ratio = _ratio(macro_count, bare_count)
    label = f"consent_state at {events:,} events"
    return [
        Row(
            scale.name,
            f"{label}: pairs and valid consents",
            Figure(tuple(macro_count)),
            "s",
            "bare DuckDB arg_max of the rule, same question",
            ratio,
            "<= 1.3" if judged else "",
            ratio <= 1.3 if judged else None,
        ),
        Row(
            scale.name,
            f"{label}: whole rows",
            Figure(tuple(macro_rows)),
            "s",
            "hand-written arg_max of the row",
            _ratio(macro_rows, bare_rows),
        ),
        Row(
            scale.name,
            f"{label}: pandas (read, sort, last per pair)",
            Figure(tuple(pandas_s)),
            "s",
            "consent_state whole rows (pandas / SQL)",
            _ratio(pandas_s, macro_rows),
        ),
    ]


# Peak memory is the child's VmHWM (/proc/self/status), not getrusage's ru_maxrss: Linux carries
# ru_maxrss over from the forked copy of the parent, so a child of a harness that just held
# 10 M events in pandas would report the harness's peak (12 GB) instead of its own (about 1 GB).
CATALOGUE_CHILD = """
import json, sys, time
from governance.checks import run_checks
started = time.perf_counter()
result = run_checks(sys.argv[1], sys.argv[2])
wall = time.perf_counter() - started
with open("/proc/self/status", encoding="ascii") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({
    "wall_s": wall,
    "peak_mb": peak_kb / 1024,
    "errored": [o.check.id for o in result.errored],
}))
"""


def catalogue_run(db: Path) -> dict:
    """One run of the whole catalogue for PERIOD in a child process: wall seconds, peak MB."""
    return child_run(CATALOGUE_CHILD, db, PERIOD)


def measure_catalogue(scale: Scale, db: Path, repeats: int) -> list[Row]:
    runs = [catalogue_run(db) for _ in range(repeats)]
    wall = Figure(tuple(r["wall_s"] for r in runs))
    peak = Figure(tuple(r["peak_mb"] for r in runs))
    large = scale.name == "large"
    return [
        Row(
            scale.name,
            "check catalogue (24 checks, one period): wall",
            wall,
            "s",
            target="< 30 s" if large else "",
            met=wall.median < 30 if large else None,
        ),
        Row(
            scale.name,
            "check catalogue: peak memory",
            peak,
            "MB",
            target="< 4 GB" if large else "",
            met=peak.median < 4096 if large else None,
        ),
    ]


DROPPED = """
CREATE TEMP TABLE dropped AS
SELECT subject_id, any_value(subject_key) AS subject_key
FROM (
    SELECT subject_id, subject_key FROM subject_keys
    UNION ALL
    SELECT subject_id, NULL FROM subjects
)
WHERE hash(subject_id) % 100 >= ?
GROUP BY subject_id
"""
SUBSET = """
DELETE FROM {table} WHERE {column} IN (SELECT {column} FROM dropped)
"""


def _subset(source: Path, target: Path, percent: int) -> int:
    """A copy of `source` keeping `percent` % of the subjects; its consent event count."""
    shutil.copy(source, target)
    con = duckdb.connect(str(target))
    try:
        con.execute(DROPPED, [percent])
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND column_name IN ('subject_id', 'subject_key') "
            "AND table_name IN (SELECT table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema = 'main') "
            "AND table_name NOT IN ('findings')"
        ).fetchall()
        for table, column in columns:
            con.execute(SUBSET.format(table=f'"{table}"', column=f'"{column}"'))
        con.execute("CHECKPOINT")
        return con.execute("SELECT count(*) FROM consent_events").fetchone()[0]
    finally:
        con.close()


def measure_scaling(scale: Scale, db: Path, repeats: int) -> list[Row]:
    """Catalogue wall time at 10 %, 30 % and 100 % of the subjects, against linear growth."""
    points = []
    for percent in (10, 30, 100):
        if percent == 100:
            target, events = db, None
        else:
            target = scale.fresh(f"subset{percent}.duckdb")
            events = _subset(db, target, percent)
        if events is None:
            con = duckdb.connect(str(db), read_only=True)
            events = con.execute("SELECT count(*) FROM consent_events").fetchone()[0]
            con.close()
        wall = Figure(tuple(catalogue_run(target)["wall_s"] for _ in range(repeats)))
        points.append((events, wall))
    base_events, base_wall = points[0]
    rows = []
    for events, wall in points:
        growth = events / base_events
        rows.append(
            Row(
                scale.name,
                f"check catalogue at {events:,} consent events",
                wall,
                "s",
                against=f"{base_events:,} events (data x{growth:.1f})",
                ratio=wall.median / base_wall.median,
                target=f"about x{growth:.1f} (linear)" if growth > 1 else "",
            )
        )
    return rows


def measure_consent_missing(scale: Scale, db: Path, repeats: int) -> list[Row]:
    """The consent.missing check against the same rule in pandas (issue 4's baseline)."""
    from benchmarks.baseline_consent_missing import consent_missing, read_inputs
    from governance.checks.registry import get_check
    from governance.frameworks import load_pack
    from governance.period import Period
    from governance.scope import Scope
    from governance.store import connect

    period = Period.parse(PERIOD)
    database = connect(db, read_only=True)
    sql_s, pandas_s = [], []
    try:
        con = Scope.open(database, period, load_pack("kz"), run_id=None).con
        check = get_check("consent.missing")
        for _ in range(repeats):
            seconds, in_sql = timed(lambda: con.execute(check.sql).df())
            sql_s.append(seconds)
            seconds, in_pandas = timed(
                lambda: consent_missing(read_inputs(con, period.start_ts, period.end_ts))
            )
            pandas_s.append(seconds)
            if set(in_sql["event_id"]) != set(in_pandas["event_id"]):
                raise RuntimeError("consent.missing: SQL and pandas find different rows")
    finally:
        database.close()
    ratio = statistics.median(p / s for s, p in zip(sql_s, pandas_s, strict=True))
    return [
        Row(
            scale.name,
            "check consent.missing: pandas baseline",
            Figure(tuple(pandas_s)),
            "s",
            f"SQL check {statistics.median(sql_s):.2f} s (pandas / SQL)",
            ratio,
        )
    ]
