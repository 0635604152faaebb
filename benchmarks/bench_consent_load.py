"""Loading the large consent file against DuckDB's own `read_csv` of the same file.

    .venv/bin/python benchmarks/bench_consent_load.py --events benchmarks/data/large

Writes `consent_events.csv` from the large sample (Parquet) once, then, side by side in one
process: (1) `CREATE TABLE AS SELECT * FROM read_csv(...)` into a fresh database; (2) `governance
load` of the same file (validation, de-duplication, the ledger's hashes) into a fresh database
that already holds the register and the subjects. Prints rows per second of each and the ratio.
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
        f"governance load (validated, ledger): {load_s:.1f} s, {rows / load_s:,.0f} rows/s; "
        f"{result.lines()[0] if hasattr(result, 'lines') else result}"
    )
    print(f"ratio (governance / read_csv rows per second): {bare_s / load_s:.2f}")


if __name__ == "__main__":
    main()
