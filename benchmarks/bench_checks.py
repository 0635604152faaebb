"""The whole check catalogue at scale, and `consent.missing` against a pandas baseline.

    .venv/bin/python benchmarks/bench_checks.py --db benchmarks/data/large.duckdb --period 2026-10

Prints the catalogue's wall time and the peak resident memory of the process that ran it (a
child process, so the figure is the catalogue's own), then times the `consent.missing` SQL and
the pandas baseline side by side in one process, checks that both return the same rows, and
prints the ratio. Numbers, not assertions: speed is never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from governance.checks.context import prepare_context
from governance.checks.registry import get_check
from governance.frameworks import load_pack
from governance.period import Period
from governance.store import connect

sys.path.insert(0, str(Path(__file__).parent))
from baseline_consent_missing import consent_missing, read_inputs

CATALOGUE_CHILD = """
import json, resource, sys, time
from governance.checks import run_checks
started = time.perf_counter()
result = run_checks(sys.argv[1], sys.argv[2])
wall = time.perf_counter() - started
print(json.dumps({
    "wall_s": wall,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "errored": [o.check.id for o in result.errored],
    "per_check_ms": {o.check.id: o.duration_ms for o in result.outcomes},
    "findings": sum(o.finding_count for o in result.outcomes),
}))
"""


def catalogue(db: Path, period: str) -> dict:
    """Run the whole catalogue in a child process; its wall time and peak memory."""
    out = subprocess.run(
        [sys.executable, "-c", CATALOGUE_CHILD, str(db), period],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def consent_missing_ratio(db: Path, period: str, repeats: int) -> dict:
    """Median seconds of the SQL check and of the pandas baseline, run side by side."""
    p = Period.parse(period)
    con = connect(db)
    prepare_context(con, p, load_pack("kz"))
    check = get_check("consent.missing")
    sql_times, pandas_times, pandas_compute = [], [], []
    for _ in range(repeats):
        started = time.perf_counter()
        sql_rows = con.execute(check.sql).df()
        sql_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        inputs = read_inputs(con, p.start_ts, p.end_ts)
        fetched = time.perf_counter()
        pandas_rows = consent_missing(inputs)
        pandas_times.append(time.perf_counter() - started)
        pandas_compute.append(time.perf_counter() - fetched)
    con.close()
    same = set(sql_rows["event_id"]) == set(pandas_rows["event_id"])
    return {
        "rows": len(sql_rows),
        "same_rows": same,
        "sql_s": statistics.median(sql_times),
        "sql_min_max": (min(sql_times), max(sql_times)),
        "pandas_s": statistics.median(pandas_times),
        "pandas_compute_only_s": statistics.median(pandas_compute),
        "ratio": statistics.median(pandas_times) / statistics.median(sql_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--period", default="2026-10")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    whole = catalogue(args.db, args.period)
    print(
        f"catalogue: {whole['wall_s']:.1f} s wall, peak RSS {whole['peak_rss_mb']:.0f} MB, "
        f"{whole['findings']} findings, errored: {whole['errored'] or 'none'}"
    )
    slowest = sorted(whole["per_check_ms"].items(), key=lambda kv: -kv[1])[:5]
    print("slowest checks: " + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in slowest))
    ratio = consent_missing_ratio(args.db, args.period, args.repeats)
    print(
        f"consent.missing: SQL {ratio['sql_s']:.2f} s, pandas {ratio['pandas_s']:.2f} s "
        f"(compute only {ratio['pandas_compute_only_s']:.2f} s), ratio {ratio['ratio']:.1f}x, "
        f"{ratio['rows']} rows, same rows: {ratio['same_rows']}"
    )


if __name__ == "__main__":
    main()
