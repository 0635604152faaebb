"""Check every record of the staged file against its kind's rules, in SQL.

The rules come from kinds.yaml (required, type, allowed values, range, not in
the future, references), plus two that hold for every kind: a value holds no NUL
character, and a record naming an erased subject is not loaded (erased.py). Each
broken rule is one row of `ingest_problems`. The records with no problem are
typed into `ingest_typed`. No Python loop touches a record: at ten million rows
the checks are a few column scans inside DuckDB.
"""

from __future__ import annotations

import duckdb

from governance.store.ingest.kinds import Kind
from governance.store.ingest.sql import run


def check_records(
    con: duckdb.DuckDBPyConnection, kind: Kind, *, erasures: bool = False, nul: bool = False
) -> None:
    """Fill `ingest_problems` from `ingest_raw` and type the clean records into `ingest_typed`.

    `erasures`: check the records against `subject_erasures` (the pseudonym key is bound).
    `nul`: the file holds a NUL byte, so values are checked for one (skipped otherwise: a scan
    of every value that finds nothing).
    """
    run(con, "problems", kind=kind, erasures=erasures, nul=nul)
    run(con, "typed", kind=kind)
