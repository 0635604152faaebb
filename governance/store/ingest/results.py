"""What a file load did, in figures and in the words the CLI prints.

The figures always reconcile: read = loaded + quarantined + duplicate, where
quarantined counts records (a record with two bad values is one record, two
quarantine rows) and loaded includes the rows that replaced stored ones (updated).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.store.ingest.sql import run

SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class QuarantinedValue:
    """One problem of one record, as the quarantine table holds it."""

    line: int
    column_name: str | None
    raw_value: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.column_name:
            where += f", {self.column_name}"
            # show the value unless the reason already quotes it
            if self.raw_value is not None and self.raw_value not in self.reason:
                where += f" = '{self.raw_value}'"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Counts:
    """The reconciled figures of one file."""

    read: int
    loaded: int
    updated: int
    quarantined: int
    duplicate: int

    def reconciles(self) -> bool:
        return self.read == self.loaded + self.quarantined + self.duplicate


@dataclass(frozen=True)
class FileResult:
    """The outcome of loading one file.

    `already_loaded` is set when the same bytes were loaded before as the same
    kind: nothing was done (all counts 0), `load_id` is that earlier load and
    `quarantined_before` its quarantined rows. `earlier_load` names an earlier
    load of the same bytes whose quarantined rows this load tried again (see
    `load_file`).
    """

    path: Path
    kind: str
    load_id: int
    counts: Counts
    problems: tuple[QuarantinedValue, ...] = ()
    already_loaded: bool = False
    quarantined_before: int = 0
    earlier_load: int | None = None

    def lines(self) -> list[str]:
        """What the CLI prints for this file: the counts line, then the first problems."""
        if self.already_loaded:
            lines = [f"{self.path}: already loaded (load {self.load_id})"]
            if self.quarantined_before:
                lines.append(f"  with {self.quarantined_before} rows quarantined: {self._query()}")
            return lines
        c = self.counts
        lines = [
            f"{self.path}: read {c.read}, loaded {c.loaded} (updated {c.updated}), "
            f"quarantined {c.quarantined}, duplicate {c.duplicate}"
        ]
        if self.earlier_load is not None:
            lines.append(
                f"  loaded again: load {self.earlier_load} of the same file quarantined rows, "
                "and what they refer to has changed since"
            )
        if c.quarantined:
            lines.extend(f"  {problem}" for problem in self.problems)
            lines.append(f"  all problems: {self._query()}")
        return lines

    def _query(self) -> str:
        """The SQL that lists every problem of this load."""
        return (
            "SELECT line, column_name, raw_value, reason FROM quarantine "
            f"WHERE load_id = {self.load_id} ORDER BY line"
        )


def staged_counts(con: duckdb.DuckDBPyConnection, records: int) -> Counts:
    """The figures of the file staged on `con`, which holds `records` records by its own
    count (not by what the reader returned: see census.py)."""
    return Counts(*run(con, "counts", {"records": records}).fetchone())


def first_problems(
    con: duckdb.DuckDBPyConnection, limit: int = SHOWN_PROBLEMS
) -> tuple[QuarantinedValue, ...]:
    """The first problems of the staged file, by line."""
    rows = run(con, "first_problems", {"limit": limit}).fetchall()
    return tuple(QuarantinedValue(*row) for row in rows)
