"""Layout 1 of the consent ledger, kept only to verify it and to move it to layout 2.

Layout 1 (schema/003) stored a SHA-256 content hash and a keyed link per row; layout 2
(schema/013, ledger.py) a fingerprint per row and a keyed MAC per block. A migration cannot move
a ledger from one to the other, because the MACs need the pseudonym key and migrations never
have it. So a database keeps its layout-1 rows after migrating, `verify` checks them by the
rules they were written under (the layout-1 SQL in ledger_sql/layout1/, unchanged), and the
first append with the key verifies them and re-seals them in blocks, in the append's
transaction: a layout-1 ledger that does not verify is never re-sealed, because that would
launder the tampering into valid MACs.
"""

from __future__ import annotations

from typing import Any

import duckdb

from governance.errors import StoreError
from governance.store import queries

LAYOUT_1_COLUMNS = ("content_hash", "link_hash")


def _script(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    return queries.run(con, queries.sql("governance.store", f"ledger_sql/{name}"), **params)


def is_layout_1(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether consent_events still has layout 1's columns (rows or not)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'consent_events' AND column_name = 'link_hash'"
    ).fetchone()[0]
    return bool(found)


def verify_layout_1(con: duckdb.DuckDBPyConnection, *, limit: int) -> list[tuple[Any, ...]]:
    """The problems of a layout-1 ledger, as verify_problems.sql of layout 2 returns them."""
    try:
        _script(con, "layout1/verify_suspects.sql")
        return _script(con, "layout1/verify_problems.sql", limit=limit).fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS ledger_suspects")


def upgrade_layout(con: duckdb.DuckDBPyConnection, *, block_rows: int) -> int:
    """Move a layout-1 ledger to layout 2 in the open transaction; return the rows re-sealed.

    Needs the key bound (the caller has checked it is the ledger's). An empty ledger only loses
    the old columns. A ledger with problems is refused, naming the first ones.
    """
    if not is_layout_1(con):
        return 0
    events = con.execute("SELECT count(*) FROM consent_events").fetchone()[0]
    if events:
        problems = verify_layout_1(con, limit=3)
        if problems:
            named = "; ".join(
                (f"seq {seq}: " if seq is not None else "") + message
                for seq, _event, _kind, message, _total in problems
            )
            raise StoreError(
                f"the consent ledger was written in layout 1 and does not verify "
                f"({problems[0][4]} problem(s): {named}), so it is not re-sealed in layout 2 and "
                "nothing was appended; run 'governance verify' on the database"
            )
        _script(con, "layout1/upgrade.sql", block_rows=block_rows)
    for column in LAYOUT_1_COLUMNS:
        con.execute(f"ALTER TABLE consent_events DROP COLUMN {column}")
    return events


def drop_empty_layout_1(con: duckdb.DuckDBPyConnection) -> None:
    """Give an empty ledger layout 2 at once (a new database, or one whose ledger never held a
    row): nothing needs the key. A ledger with rows waits for the first append with the key."""
    if is_layout_1(con) and not con.execute("SELECT count(*) FROM consent_events").fetchone()[0]:
        for column in LAYOUT_1_COLUMNS:
            con.execute(f"ALTER TABLE consent_events DROP COLUMN {column}")
