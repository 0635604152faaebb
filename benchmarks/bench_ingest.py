"""Time `governance load` at the design's scale: subjects, processing_log and consent_events CSVs.

Writes the files with DuckDB (range()) into a temp folder, one row in 1000 of processing_log with
an unregistered purpose (loads: evidence, not bad data) and one in 100,000 with an unknown system
(quarantined), then loads them into a fresh database from the sample register and prints each
file's figures, wall time and the peak resident memory. Then loads processing_log again (same
bytes: a no-op) and an overlapping copy plus one row (a full check: every row a duplicate).
Numbers, not assertions.

    .venv/bin/python benchmarks/bench_ingest.py                      # 1 M subjects, 10 M events
    .venv/bin/python benchmarks/bench_ingest.py --subjects 100000 --events 1000000 --consents 0
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from governance.store import init_database
from governance.store.ingest import load_files

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data_samples" / "metrix" / "register.yaml"

SUBJECTS = """
COPY (
    SELECT 's-' || i AS subject_id, 'customer' AS subject_type, 'KZ' AS country,
           TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(i % 10000000) AS created_at,
           'user' || i || '@example.kz' AS email
    FROM range($subjects) AS t(i)
) TO '{path}' (HEADER)
"""

PROCESSING = """
COPY (
    SELECT 'p-' || i AS event_id, 's-' || (hash(i) % $subjects) AS subject_id,
           CASE WHEN i % 1000 = 0 THEN 'unregistered_purpose' ELSE '{purpose}' END AS purpose_id,
           CASE WHEN i % 100000 = 7 THEN 'no_such_system' ELSE '{system}' END AS system_id,
           strftime(TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i % 20000000),
                    '%Y-%m-%dT%H:%M:%SZ') AS occurred_at,
           'contact_email' AS data_category
    FROM range($events) AS t(i)
) TO '{path}' (HEADER)
"""

CONSENTS = """
COPY (
    SELECT 'c-' || i AS event_id, 's-' || (hash(i) % $subjects) AS subject_id,
           '{purpose}' AS purpose_id,
           CASE WHEN i % 10 = 0 THEN 'withdraw' ELSE 'grant' END AS action,
           strftime(TIMESTAMPTZ '2025-06-01 00:00:00+00' + to_seconds(i % 20000000),
                    '%Y-%m-%dT%H:%M:%S+05:00') AS occurred_at,
           NULL AS policy_version, 'web' AS channel, 'form-' || i AS evidence_ref
    FROM range($consents) AS t(i)
) TO '{path}' (HEADER)
"""


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _timed_load(db: Path, path: Path) -> None:
    start = time.perf_counter()
    (result,) = load_files(db, [path])
    elapsed = time.perf_counter() - start
    print(f"{elapsed:8.1f} s  peak {_peak_mb():6d} MB  {result.lines()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--consents", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("GOVERNANCE_PSEUDONYM_KEY", "benchmark-pseudonym-key-0123456789")

    folder = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        db = folder / "bench.duckdb"
        init_database(db, REGISTER)
        con = duckdb.connect(str(db), read_only=True)
        purpose = con.execute("SELECT min(purpose_id) FROM purposes").fetchone()[0]
        system = con.execute("SELECT min(system_id) FROM systems").fetchone()[0]
        con.close()
        counts = {"subjects": args.subjects, "events": args.events, "consents": args.consents}
        files = {
            "subjects": (SUBJECTS, folder / "subjects.csv"),
            "processing": (PROCESSING, folder / "processing_log.csv"),
            "consents": (CONSENTS, folder / "consent_events.csv"),
        }
        writer = duckdb.connect()
        start = time.perf_counter()
        for name, (template, path) in files.items():
            if name == "consents" and not args.consents:
                continue
            sql = template.format(path=path, purpose=purpose, system=system)
            statement = writer.extract_statements(sql)[0]
            writer.execute(statement, {k: counts[k] for k in statement.named_parameters})
        writer.close()
        print(f"files written in {time.perf_counter() - start:.1f} s to {folder}")
        for _, path in files.values():
            if path.exists():
                _timed_load(db, path)
        _timed_load(db, files["processing"][1])
        overlap = folder / "processing_log_copy.csv"
        shutil.copy(files["processing"][1], overlap)
        with overlap.open("a") as handle:
            handle.write("p-extra,s-1,unregistered_purpose,no_such_system,2026-01-01T00:00:00Z,\n")
        _timed_load(db, overlap)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
