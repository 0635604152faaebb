"""Loading the large consent file against DuckDB's own `read_csv` of the same file.

    .venv/bin/python benchmarks/bench_consent_load.py --events benchmarks/data/large

Writes `consent_events.csv` from the large sample (Parquet) once, then, side by side in one
process: (1) `CREATE TABLE AS SELECT * FROM read_csv(...)` into a fresh database; (2) the floor of
any ledger: the same statement that also swaps the subject id for its pseudonym (a join on the
subject keys) and stores a SHA-256 of each row's content, with no validation, numbering or links;
(3) `governance load` of the same file (validation, de-duplication, the ledger's hashes) into a
fresh database that already holds the register and the subjects. Prints rows per second of each
and the ratios: (2) bounds what (3) can reach while rows stay pseudonymous and individually
hashed, which the ledger must do to name an edited row.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import duckdb

from governance.store import init_database
from governance.store.ingest import load_files

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data_samples" / "metrix" / "register.yaml"


FLOOR = """
CREATE TABLE floor AS
SELECT
    *,
    sha256(json_array(
        event_id, subject_key, purpose_id, action, epoch_us(occurred_at), policy_version,
        channel, evidence_ref
    )::VARCHAR) AS content_hash
FROM (
    SELECT events.* EXCLUDE (subject_id), keys.subject_key
    FROM read_csv(?) AS events
    JOIN subject_keys AS keys USING (subject_id)
)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=Path, default=ROOT / "benchmarks" / "data" / "large")
    args = parser.parse_args()
    os.environ.setdefault("GOVERNANCE_PSEUDONYM_KEY", "benchmark-key-0123456789abcdef")
    csv_path = args.events / "consent_events.csv"
    if not csv_path.exists():
        duckdb.execute(
            f"COPY (SELECT * FROM read_parquet('{args.events / 'consent_events.parquet'}')) "
            f"TO '{csv_path}' (HEADER)"
        )
    with tempfile.TemporaryDirectory(dir=args.events) as tmp:
        bare = duckdb.connect(str(Path(tmp) / "bare.duckdb"))
        started = time.perf_counter()
        bare.execute(f"CREATE TABLE consent AS SELECT * FROM read_csv('{csv_path}')")
        bare_s = time.perf_counter() - started
        rows = bare.execute("SELECT count(*) FROM consent").fetchone()[0]
        bare.execute(
            "CREATE TABLE subject_keys AS SELECT DISTINCT subject_id, "
            "sha256('benchmark:' || subject_id) AS subject_key FROM consent"
        )
        started = time.perf_counter()
        bare.execute(FLOOR, [str(csv_path)])
        floor_s = time.perf_counter() - started
        bare.close()

        db = Path(tmp) / "governance.duckdb"
        init_database(db, REGISTER)
        load_files(db, [args.events / "subjects.parquet"])
        started = time.perf_counter()
        (result,) = load_files(db, [csv_path])
        load_s = time.perf_counter() - started
    print(f"rows: {rows:,}")
    print(f"DuckDB read_csv into a table: {bare_s:.1f} s, {rows / bare_s:,.0f} rows/s")
    print(
        f"floor: read_csv + pseudonym join + SHA-256 per row: {floor_s:.1f} s, "
        f"{rows / floor_s:,.0f} rows/s (ratio {bare_s / floor_s:.2f})"
    )
    print(
        f"governance load (validated, ledger): {load_s:.1f} s, {rows / load_s:,.0f} rows/s; "
        f"{result.lines()[0] if hasattr(result, 'lines') else result}"
    )
    print(f"ratio (governance / read_csv rows per second): {bare_s / load_s:.2f}")


if __name__ == "__main__":
    main()
