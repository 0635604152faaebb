"""Loading: rows per second of `governance load` per event file kind against `read_csv`.

Each repeat loads every file into a fresh database (register initialised, files in dependency
order, as `governance load` orders them) and, just before each file, times DuckDB's own
`CREATE TABLE AS SELECT * FROM read_csv(file)` into a scratch database: the pair is side by
side, and the ratio is taken per repeat. For consent events one more figure, the floor any
ledger has: the same read that also swaps the subject id for its keyed pseudonym and stores a
SHA-256 of each row (and, cheaper still, an MD5), with no validation at all: what a ledger that
names each edited row must do whatever else it does.

Each load runs in a child process (`load_files`, what `governance load` calls, within the
memory limit given, else the suite's default), timed inside the child, so that its peak
resident memory is its own: one more row per kind, the load's peak RSS, with the issue 19 target
(under 3 GB) on the large consent file.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import duckdb

from benchmarks.datasets import REGISTER, Scale
from benchmarks.measure import Figure, Row, child_run, timed
from governance.store import init_database
from governance.store.connection import memory_limit

LEDGER_FLOOR = """
CREATE TABLE floor AS
SELECT
    *,
    {digest}(json_array(
        event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
        evidence_ref
    )::VARCHAR) AS content_hash
FROM (
    SELECT events.* EXCLUDE (subject_id), keys.subject_key
    FROM read_csv(?) AS events
    JOIN subject_keys AS keys USING (subject_id)
)
"""


# Peak memory is the child's VmHWM, as /usr/bin/time -v would report it for `governance load`
# (see queries.CATALOGUE_CHILD for why not getrusage), and the largest process the load started,
# if any (RUSAGE_CHILDREN of the child itself, which is small when it forks).
LOAD_CHILD = """
import json, resource, sys, time
from governance.store.ingest import load_files
results = []
started = time.perf_counter()
load_files(sys.argv[1], [sys.argv[2]], memory=sys.argv[3] or None, on_result=results.append)
wall = time.perf_counter() - started
with open("/proc/self/status", encoding="ascii") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({
    "wall_s": wall,
    "peak_mb": peak_kb / 1024,
    "read": sum(r.counts.read for r in results),
}))
"""

#: the issue 19 target: the large consent file loads with peak RSS under 3 GB
LOAD_PEAK_MB = 3 * 1024


def load_run(db: Path, csv: Path, limit: str | None = None) -> dict:
    """One `load_files` of `csv` into `db` in a child process: wall seconds, peak MB, rows read."""
    return child_run(LOAD_CHILD, db, csv, limit or "")


def peak_row(scale_name: str, kind: str, peak: Figure, limit: str) -> Row:
    """The peak RSS row of loading `kind` within `limit`; judged for the large consent file."""
    judged = kind == "consent_events" and scale_name == "large"
    return Row(
        scale_name,
        f"load {kind}: peak RSS (memory limit {limit})",
        peak,
        "MB",
        target="< 3 GB" if judged else "",
        met=peak.median < LOAD_PEAK_MB if judged else None,
    )


#: the ledger's own digest, and the cheapest one DuckDB has (a floor below the floor)
FLOOR_DIGESTS = {"sha256": "SHA-256", "md5": "MD5"}


def _bare_read(scratch: Path, csv: Path) -> int:
    con = duckdb.connect(str(scratch))
    try:
        con.execute("CREATE OR REPLACE TABLE bare AS SELECT * FROM read_csv(?)", [str(csv)])
        return con.execute("SELECT count(*) FROM bare").fetchone()[0]
    finally:
        con.close()


def _ledger_floor(scratch: Path, csv: Path, digest: str) -> float:
    con = duckdb.connect(str(scratch))
    try:
        con.execute(
            "CREATE OR REPLACE TABLE subject_keys AS SELECT DISTINCT subject_id, "
            "sha256('benchmark:' || subject_id) AS subject_key FROM read_csv(?)",
            [str(csv)],
        )
        con.execute("DROP TABLE IF EXISTS floor")
        seconds, _ = timed(con.execute, LEDGER_FLOOR.format(digest=digest), [str(csv)])
        return seconds
    finally:
        con.close()


def measure_loading(scale: Scale, repeats: int, limit: str | None = None) -> tuple[list[Row], Path]:
    """The loading rows, and the database the last repeat loaded (for the query figures).

    `limit`: the DuckDB memory limit of every load (default: the suite's, named in the rows).
    """
    files = scale.csv_files()
    speeds: dict[str, list[float]] = {kind: [] for kind, _ in files}
    bare_speeds: dict[str, list[float]] = {kind: [] for kind, _ in files}
    ratios: dict[str, list[float]] = {kind: [] for kind, _ in files}
    peaks: dict[str, list[float]] = {kind: [] for kind, _ in files}
    floor_speeds: dict[str, list[float]] = {digest: [] for digest in FLOOR_DIGESTS}
    floor_ratios: dict[str, list[float]] = {digest: [] for digest in FLOOR_DIGESTS}
    db = scale.fresh("loaded.duckdb")
    for _ in range(repeats):
        db = scale.fresh("loaded.duckdb")
        init_database(db, REGISTER)
        for kind, csv in files:
            bare_s, rows = timed(_bare_read, scale.fresh("scratch.duckdb"), csv)
            loaded = load_run(db, csv, limit)
            if loaded["read"] != rows:
                raise RuntimeError(f"{csv}: the load read {loaded['read']} rows, DuckDB {rows}")
            load_s = loaded["wall_s"]
            rows = max(rows, 1)
            speeds[kind].append(rows / load_s)
            bare_speeds[kind].append(rows / bare_s)
            ratios[kind].append(bare_s / load_s)
            peaks[kind].append(loaded["peak_mb"])
            if kind == "consent_events":
                for digest in FLOOR_DIGESTS:
                    floor_s = _ledger_floor(scale.fresh("floor.duckdb"), csv, digest)
                    floor_speeds[digest].append(rows / floor_s)
                    floor_ratios[digest].append(bare_s / floor_s)
    chosen = memory_limit(limit)
    result = []
    for kind, _ in files:
        # the target (issue 3) is for the large consent file; small files measure overheads
        judged = kind == "consent_events" and scale.name == "large"
        result.append(
            Row(
                scale.name,
                f"load {kind} (validated)",
                Figure(tuple(speeds[kind])),
                "rows/s",
                against=f"read_csv {statistics.median(bare_speeds[kind]):,.0f} rows/s",
                ratio=statistics.median(ratios[kind]),
                target=">= 0.5" if judged else "",
                met=statistics.median(ratios[kind]) >= 0.5 if judged else None,
            )
        )
        result.append(peak_row(scale.name, kind, Figure(tuple(peaks[kind])), chosen))
        if kind != "consent_events":
            continue
        for digest, name in FLOOR_DIGESTS.items():
            result.append(
                Row(
                    scale.name,
                    f"ledger floor: read_csv + pseudonym join + {name} per row, no validation",
                    Figure(tuple(floor_speeds[digest])),
                    "rows/s",
                    against="read_csv (same file)",
                    ratio=statistics.median(floor_ratios[digest]),
                )
            )
    return result, db
