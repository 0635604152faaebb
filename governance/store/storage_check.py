"""Read every table of the database in full, so damaged storage is found by `verify`.

Why every column of every row
    DuckDB checksums each storage block and refuses a block whose checksum fails, but only when
    it reads that block. A query that does not need the damaged column, or `count(*)` (answered
    from the row-group metadata), passes; so did `governance verify`, which read the ledger's
    tables and a few columns of others, while `governance check` then failed on a register
    table. Here each table is read as one hash per whole row folded into one value: every data
    block of every column is read once, by DuckDB's own scan (set-based, no rows in Python).
    A table that cannot be read is a finding naming the table and DuckDB's error, not a crash;
    the other tables are still read. Damage to the file's header or catalog is found earlier:
    the file does not open (exit 4).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from governance.store import queries


def _sql(name: str) -> str:
    return queries.sql("governance.store", f"integrity_sql/{name}")


@dataclass(frozen=True)
class StorageReport:
    """Every table read in full: how many, their rows, and those that could not be read."""

    tables: int
    rows: int
    unreadable: tuple[tuple[str, str], ...]

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(
            f"storage: table {table} cannot be read: {error}" for table, error in self.unreadable
        )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def read_every_table(con: duckdb.DuckDBPyConnection) -> StorageReport:
    """Read every column of every row of every table of the database file (read-only)."""
    tables = [name for (name,) in queries.run(con, _sql("base_tables")).fetchall()]
    rows = 0
    unreadable = []
    for table in tables:  # one set-based query per table, so a failure names its table
        try:
            count, _digest = queries.run(con, _sql("read_table"), table=table).fetchone()
        except duckdb.Error as exc:
            unreadable.append((table, _first_line(exc)))
            continue
        rows += count
    return StorageReport(len(tables), rows, tuple(unreadable))
