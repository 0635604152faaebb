"""Open the DuckDB database: the one place that knows how.

Writers (init, load, check) open it read-write; notebooks and explorers open it
read-only, because DuckDB allows one writing process at a time and a report
must never block a scheduled load. Files are created readable by their owner
only: the database holds personal data.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from governance.errors import StoreError

OWNER_ONLY = 0o077  # umask that leaves files rw------- and folders rwx------


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Create files inside the block readable by their owner only."""
    previous = os.umask(OWNER_ONLY)
    try:
        yield
    finally:
        os.umask(previous)


def connect(db_path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open `db_path`; read-only connections require the database to exist already.

    >>> con = connect("out/metrix.duckdb", read_only=True)  # doctest: +SKIP
    """
    path = Path(db_path)
    if read_only and not path.exists():
        raise StoreError(
            f"{path}: no database here; create it with 'governance init {path} --register FILE'"
        )
    try:
        if read_only:
            con = duckdb.connect(str(path), read_only=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with private_files():
                con = duckdb.connect(str(path))
            path.chmod(0o600)
        # Every timestamp is compared and shown in UTC, whatever the machine's zone.
        con.execute("SET TimeZone = 'UTC'")
        return con
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreError(
                f"{path}: the database is in use by another process that writes to it; "
                "wait for it to finish (a scheduled load or check may be running)"
            ) from None
        raise StoreError(f"{path}: cannot open the database: {message}") from None
    except duckdb.Error as exc:
        raise StoreError(f"{path}: not a DuckDB database this version can open: {exc}") from None
