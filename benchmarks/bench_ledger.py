"""Time the consent ledger at the design's scale: append and verify 10 M consent events.

Builds a fresh database from the sample register, generates the events in SQL (range()) into a
staged temp table shaped like the loader's, then times `append_consent_events` (committed),
`verify_ledger` and one `consent_state` query. Numbers, not assertions: run it by hand. CPU time
(summed over DuckDB's threads) is printed beside wall time: it stays meaningful on a busy machine.

    .venv/bin/python benchmarks/bench_ledger.py                 # 10 M events, 1 M subjects
    .venv/bin/python benchmarks/bench_ledger.py --rows 1000000 --threads 2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from governance.store import connect, init_database
from governance.store.ledger import (
    append_consent_events,
    bind_pseudonym_key,
    consent_state,
    verify_ledger,
)

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data_samples" / "metrix" / "register.yaml"
T = TypeVar("T")

STAGE = """
CREATE OR REPLACE TEMP TABLE staged_consent AS
SELECT
    'ce-' || i AS event_id,
    's-' || (hash(i) % $subjects) AS subject_id,
    ['marketing', 'analytics', 'profiling', 'newsletter'][1 + i % 4] AS purpose_id,
    CASE WHEN hash(i * 7) % 10 = 0 THEN 'withdraw' ELSE 'grant' END AS action,
    TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds((hash(i * 13) % 63072000)::BIGINT)
        AS occurred_at,
    CASE WHEN i % 3 = 0 THEN '2025-01' ELSE '2024-06' END AS policy_version,
    ['web', 'app', 'call_centre'][1 + i % 3] AS channel,
    'evidence/' || i AS evidence_ref,
    NULL::JSON AS extra,
    1::BIGINT AS load_id,
    i + 2 AS source_line
FROM range($rows) AS r(i)
"""


def timed(label: str, action: Callable[[], T]) -> T:
    """Run `action`, print how long it took, return its result."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<34} {wall:8.2f} s wall {cpu:8.2f} s CPU (all threads)", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: temp dir)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        init_database(db, REGISTER)
        con = connect(db)
        if args.threads:
            con.execute(f"SET threads = {int(args.threads)}")
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        print(f"{args.rows:,} consent events, {args.subjects:,} subjects, {threads} threads")
        bind_pseudonym_key(con, "benchmark-pseudonym-key-0123456789")
        con.execute(
            con.extract_statements(STAGE)[0], {"rows": args.rows, "subjects": args.subjects}
        )

        def append() -> int:
            con.execute("BEGIN TRANSACTION")
            count = append_consent_events(con, "staged_consent")
            con.execute("COMMIT")
            return count

        appended = timed("append_consent_events (+commit)", append)
        report = timed("verify_ledger", lambda: verify_ledger(con))
        state = timed("consent_state at 2025-06-30", lambda: consent_state(con, "2025-06-30"))
        print(
            f"appended {appended:,}; verify: {len(report.problems)} problems, head seq "
            f"{report.last_seq}; consent_state: {len(state):,} (subject, purpose) rows; "
            f"database {db.stat().st_size / 2**20:,.0f} MiB"
        )
        con.close()


if __name__ == "__main__":
    main()
