"""Tell new rows from duplicates, conflicts and updates, by key, in SQL.

Within the file: copies of a record are duplicates; a key given with different
values is a conflict the file must settle, so all its records are quarantined.
Against the stored rows: the same values are a duplicate; other values are an
update for state snapshots (upsert kinds) and a conflict for events (append
kinds), which do not change once they happened. The values compared are the
kind's non-key columns; `extra` is not compared, so a later export that adds a
column does not turn every reloaded row into a conflict.
"""

from __future__ import annotations

import duckdb

from governance.store.ingest.kinds import Kind
from governance.store.ingest.sql import run


def reconcile(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """Fill `ingest_conflicts`, `ingest_matches` and the view `ingest_new` (the rows to store).

    Keys that the file repeats are rare, so only they are grouped with their values;
    the stored table is joined only on the candidates' keys.
    """
    for step in (
        "versions",
        "file_conflicts",
        "candidates",
        "matches",
        "stored_conflicts",
        "new_rows",
    ):
        run(con, step, kind=kind)
