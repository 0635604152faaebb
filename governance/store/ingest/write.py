"""Store what a checked file holds: its rows, its quarantine, its load_log row.

Called inside the file's transaction, after every check ran, so that a failure
here rolls back with the rest and the database never holds half a file.
"""

from __future__ import annotations

import duckdb

from governance import __version__
from governance.store.ingest.kinds import Kind
from governance.store.ingest.results import Counts
from governance.store.ingest.snapshot import Snapshot
from governance.store.ingest.sql import run

LEDGER_STAGING = "ingest_ledger_rows"


def prepare_writer(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """Bind the pseudonym key for consent events unless the caller did.

    The comparison with stored ledger rows needs the SQL macro subject_key()
    before anything is written, and a missing key must fail before the transaction.
    """
    if kind.writer != "consent_ledger":
        return
    from governance.store.ledger import bind_pseudonym_key

    if not con.execute("SELECT getvariable('pseudonym_key') IS NOT NULL").fetchone()[0]:
        bind_pseudonym_key(con)


def write_rows(con: duckdb.DuckDBPyConnection, kind: Kind, load_id: int, counts: Counts) -> None:
    """Insert the rows of `ingest_new` (replacing stored ones for upsert kinds)."""
    if kind.writer == "consent_ledger":
        # the ledger numbers, pseudonymises and chains the rows itself; it is the only writer
        # of consent_events, so that the hash chain has one author
        from governance.store.checkpoints import refresh_after_append
        from governance.store.ledger import append_consent_events

        run(con, "ledger_rows", {"load_id": load_id}, kind=kind)
        appended = append_consent_events(con, LEDGER_STAGING)
        if appended != counts.loaded:
            raise RuntimeError(
                f"the consent ledger appended {appended} rows of {counts.loaded} staged"
            )
        refresh_after_append(con)  # the consent state at each month end (store/checkpoints.py)
        return
    if kind.mode == "upsert":
        run(con, "replace_rows", kind=kind)
    inserted = run(con, "insert_rows", {"load_id": load_id}, kind=kind).fetchone()[0]
    if inserted != counts.loaded:
        raise RuntimeError(f"inserted {inserted} rows of {counts.loaded} counted as loaded")


def record_load(
    con: duckdb.DuckDBPyConnection,
    snap: Snapshot,
    kind: Kind,
    header: list[str],
    load_id: int,
    counts: Counts,
) -> None:
    """Keep the file's problems in `quarantine` and its figures in `load_log`."""
    params = {
        "load_id": load_id,
        "kind": kind.name,
        "source": snap.source.name,
        "sha256": snap.sha256,
        "read": counts.read,
        "loaded": counts.loaded,
        "updated": counts.updated,
        "quarantined": counts.quarantined,
        "duplicate": counts.duplicate,
        "package_version": __version__,
    }
    contract = {c.name for c in kind.columns}
    run(con, "quarantine", params, header=header, contract=contract)
    run(con, "load_log", params)
