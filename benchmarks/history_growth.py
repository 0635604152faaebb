"""A month costs a month: one period's checks and consent report figures as the history doubles.

Issue 19 measured the check catalogue and the report set for one month growing 2.0x and 1.9x
when the consent history doubled: the consent rules windowed over every ledger row. With the
consent state kept at each month end (governance/store/checkpoints.py) a period reads the state
at its start plus its own events. This measures it: a copy of the loaded database, and a copy
with twice the consent history and the same months, the same consent events appended again
24 months earlier through the ledger's own append (a staged table, as the loader leaves one;
the load's checkpoint refresh then redoes every month end after them). On both, side by side:
the whole check catalogue for PERIOD and the consent report's figures for it (the period's
table, the 12-month trend and the dashboard's consent rates), each in a child process. Then
the same with the checkpoints switched off (the rules read the whole ledger, as before them),
for comparison. Target: the doubled history within 1.3x.

Not wired into the harness; `python -m benchmarks.history_growth --db loaded.duckdb --work DIR`
runs it by hand on a loaded database (its copies go to DIR and are deleted afterwards).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import duckdb

from benchmarks.datasets import REGISTER, Scale, scales
from benchmarks.measure import Figure, Row, child_run, markdown_table
from benchmarks.queries import PERIOD, catalogue_run

#: how far back the copy of the history is shifted: the large sample spans 24 months
SHIFT_MONTHS = 24
TARGET = 1.3

# The ledger's own columns only (seq, subject_key, purpose_id, action, occurred_at,
# policy_version, channel, evidence_ref), back to subject ids through the key mapping: the
# ledger pseudonymises and chains staged rows itself.
STAGE_EARLIER = f"""
CREATE OR REPLACE TEMP TABLE history_staged AS
SELECT 'H-' || e.seq AS event_id, k.subject_id, e.purpose_id, e.action,
       e.occurred_at - INTERVAL {SHIFT_MONTHS} MONTH AS occurred_at, e.policy_version,
       e.channel, e.evidence_ref, CAST(NULL AS JSON) AS extra, CAST(-1 AS BIGINT) AS load_id,
       e.seq AS source_line
FROM consent_events e
JOIN subject_keys k USING (subject_key)
ORDER BY e.seq
"""

# The consent report's figures for one period, in a fresh process: the period's table, the
# 12-month trend (both consent_report/consent_rates.sql) and the dashboard's consent rates.
REPORT_CHILD = """
import json, sys, time
from governance.metrics import kpis
from governance.period import Period
from governance.reports._common import read_sql
from governance.scope import Scope
from governance.store import connect, queries

db, label = sys.argv[1], sys.argv[2]
period = Period.parse(label)
trend_start = period.end_ts.replace(year=period.end_ts.year - 1)
started = time.perf_counter()
con = connect(db, read_only=True)
scope = Scope.open(con, period, "kz")
rates = read_sql("consent_report", "consent_rates")
for start in (period.start_ts, trend_start):
    queries.frame(scope.con, rates, window_start=start, window_end=period.end_ts, step_months=1)
kpis.consent_rates(scope)
wall = time.perf_counter() - started
with open("/proc/self/status", encoding="ascii") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"wall_s": wall, "peak_mb": peak_kb / 1024}))
"""


def _loaded(scale: Scale, target: Path) -> Path:
    """A database with every event file of `scale` loaded (about 2 minutes for large)."""
    from governance.store import init_database
    from governance.store.ingest import load_files

    init_database(target, REGISTER)
    load_files(target, [csv for _, csv in scale.csv_files()])
    return target


def double_history(db: Path) -> int:
    """Append the consent events of `db` again, SHIFT_MONTHS earlier, through the ledger and
    the load's checkpoint refresh; the rows appended."""
    from governance.store import connect
    from governance.store.checkpoints import refresh_after_append
    from governance.store.connection import limit_memory
    from governance.store.ledger import append_consent_events, bind_pseudonym_key

    con = connect(db)
    try:
        limit_memory(con)
        bind_pseudonym_key(con)
        con.execute("BEGIN TRANSACTION")
        con.execute(STAGE_EARLIER)
        appended = append_consent_events(con, "history_staged")
        refresh_after_append(con)
        con.execute("DROP TABLE history_staged")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        return appended
    finally:
        con.close()


def switch_off_checkpoints(db: Path) -> None:
    """Make the rules read the whole ledger, as before the checkpoints (no covering meta)."""
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM consent_checkpoint_meta")
    finally:
        con.close()


def _events(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM consent_events").fetchone()[0]
    finally:
        con.close()


def _figures(db: Path, repeats: int) -> dict[str, Figure]:
    checks = [catalogue_run(db)["wall_s"] for _ in range(repeats)]
    report = [child_run(REPORT_CHILD, db, PERIOD)["wall_s"] for _ in range(repeats)]
    return {"check": Figure(tuple(checks)), "report": Figure(tuple(report))}


def _rows(
    scale: str, mode: str, events: tuple[int, int], runs: list[dict[str, Figure]]
) -> list[Row]:
    judged = mode == "checkpoints"
    rows = []
    for name, label in (("check", "check catalogue"), ("report", "consent report figures")):
        base, doubled = runs[0][name], runs[1][name]
        ratio = doubled.median / base.median
        rows += [
            Row(scale, f"{label}, {PERIOD}, {mode}: {events[0]:,} events", base, "s"),
            Row(
                scale,
                f"{label}, {PERIOD}, {mode}: {events[1]:,} events (history x2)",
                doubled,
                "s",
                against=f"{events[0]:,} events",
                ratio=ratio,
                target=f"<= {TARGET}" if judged else "",
                met=ratio <= TARGET if judged else None,
            ),
        ]
    return rows


def measure_history_growth(
    scale: Scale, repeats: int, db: Path | None = None, work: Path | None = None
) -> list[Row]:
    """One period's checks and consent report figures on the loaded database and on a copy
    with twice its consent history (same months), with the checkpoints and without them.

    `db`: a loaded database to copy (default: load `scale` into `work`); it is not changed.
    `work`: where the copies go (default: the scale's work folder); they are deleted after.
    """
    os.environ.setdefault("GOVERNANCE_PSEUDONYM_KEY", "benchmark-pseudonym-key-0123456789")
    folder = work or scale.work
    folder.mkdir(parents=True, exist_ok=True)
    base, doubled = folder / "history-1x.duckdb", folder / "history-2x.duckdb"
    built = None
    try:
        if db is None:
            built = db = _loaded(scale, folder / "history-loaded.duckdb")
        shutil.copy(db, base)
        shutil.copy(db, doubled)
        double_history(doubled)
        events = (_events(base), _events(doubled))
        rows = _rows(
            scale.name, "checkpoints", events, [_figures(base, repeats), _figures(doubled, repeats)]
        )
        for copy in (base, doubled):
            switch_off_checkpoints(copy)
        rows += _rows(
            scale.name,
            "whole ledger",
            events,
            [_figures(base, repeats), _figures(doubled, repeats)],
        )
        return rows
    finally:
        for path in (base, doubled, built):
            for leftover in (path, path.with_name(path.name + ".wal")) if path else ():
                leftover.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "large"])
    parser.add_argument("--db", type=Path, help="a loaded database to copy (not changed)")
    parser.add_argument("--work", type=Path, help="where the copies go (deleted afterwards)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent / "data"
    (scale,) = scales([args.scale], root)
    rows = measure_history_growth(scale, args.repeats, args.db, args.work)
    print(markdown_table(rows), file=sys.stdout)


if __name__ == "__main__":
    main()
