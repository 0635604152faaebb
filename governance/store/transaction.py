"""One transaction around a unit of work, whoever opened it.

DuckDB aborts a transaction when a nested BEGIN fails, so a function that must be atomic cannot
simply try BEGIN: it asks whether one is open (the transaction id stays the same between two
statements only inside a transaction) and either joins it or opens, commits and rolls back its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """True when `con` has an explicit transaction open (BEGIN without COMMIT yet)."""
    first = con.execute("SELECT txid_current()").fetchone()[0]
    second = con.execute("SELECT txid_current()").fetchone()[0]
    return first == second


@contextlib.contextmanager
def atomic(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block in the caller's open transaction, or in a new one committed at its end.

    When the caller owns the transaction, an error propagates and the caller rolls back; when we
    own it, we roll back before re-raising, so nothing of the block is left half-done.
    """
    if in_transaction(con):
        yield
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
