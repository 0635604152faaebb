"""Check every record of the staged file against its kind's rules, in SQL.

The rules come from kinds.yaml (required, type, allowed values, range, not in
the future, references); each broken rule is one row of `ingest_problems`. The
records with no problem are typed into `ingest_typed`. No Python loop touches a
record: at ten million rows the checks are a few column scans inside DuckDB.
"""

from __future__ import annotations

import duckdb

from governance.store.ingest.kinds import Kind
from governance.store.ingest.sql import run


def check_records(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """Fill `ingest_problems` from `ingest_raw` and type the clean records into `ingest_typed`."""
    run(con, "problems", kind=kind)
    run(con, "typed", kind=kind)
