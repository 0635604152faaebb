"""Schema migrations: numbered `.sql` files shipped in `governance/store/schema/`.

A database records which files it has applied in `schema_migrations`; opening
an older database for writing applies every file it has not applied yet, in
order, inside the caller's transaction. Adding a table is adding a file, never
editing an applied one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.errors import StoreError
from governance.store import queries

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """Every schema file of the package, by version."""
    found = []
    for path in queries.listing("governance.store", "schema"):
        match = _NAME.match(path.rsplit("/", 1)[-1])
        if match:
            found.append(Migration(int(match[1]), match[2], queries.sql("governance.store", path)))
    return sorted(found, key=lambda m: m.version)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to `con`'s database, 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def latest_version() -> int:
    """The schema version this package writes."""
    return available_migrations()[-1].version


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply the pending migrations; the caller owns the transaction."""
    current = schema_version(con)
    if current > latest_version():
        raise StoreError(
            f"the database has schema version {current}, newer than this package's "
            f"{latest_version()}; upgrade the governance package"
        )
    if current == 0:
        con.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for migration in available_migrations():
        # by set membership, not "above the highest": a file merged late with a lower number
        # than one already applied still runs
        if migration.version in done:
            continue
        con.execute(migration.sql)
        con.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
            [migration.version, migration.name],
        )
        applied.append(migration)
    return applied


def open_current(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """A writing connection to an existing database at this package's schema version.

    For the commands that write events or erase (load, erase): they never create a database or
    migrate one (that is `governance init`, which also validates the register).
    """
    from governance.store.connection import connect

    path = Path(db_path)
    if not path.exists():
        raise StoreError(
            f"{path}: no database here; create it with 'governance init {path} --register FILE'"
        )
    con = connect(path)
    current = schema_version(con)
    if current != latest_version():
        con.close()
        raise StoreError(
            f"{path}: schema version {current}, this package writes {latest_version()}; "
            f"run 'governance init {path} --register FILE' to bring it up to date"
        )
    return con
