"""Read one file's snapshot into the staging table `ingest_raw`, or refuse it as a whole.

A file is refused (LoadError, nothing written) when no record of it can be trusted or some of
its records could vanish unseen: not UTF-8, a header lacking a required column or naming one
twice, a quoted value never closed (everything after it would be one value), line endings DuckDB
cannot read, or a reader whose figures disagree with the file's own count of its records.
Anything narrower (a record with too many fields, a bad value) is a problem of one record and
goes to the quarantine instead.

A HAR file is no table: har.py turns the cookies its responses set into the same staging tables.

Every record read gets the line an editor shows for it: DuckDB's numbering skips what the census
(census.py) finds, and renumber.sql corrects it, only when there is something to correct.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import numpy as np
import pyarrow as pa

from governance.errors import LoadError
from governance.store.ingest.census import Census
from governance.store.ingest.header import csv_columns, parquet_columns
from governance.store.ingest.kinds import Kind
from governance.store.ingest.snapshot import Snapshot
from governance.store.ingest.sql import run

T = TypeVar("T")


@dataclass(frozen=True)
class Staged:
    """What the checks need to know of a staged file."""

    header: list[str]
    #: the records the file holds, by its own count (its bytes, or a Parquet footer)
    records: int
    #: the file holds a NUL byte somewhere (then values are checked for it)
    has_nul: bool


def stage(con: duckdb.DuckDBPyConnection, snap: Snapshot, kind: Kind) -> Staged:
    """Fill `ingest_raw` (every record, as text) and `ingest_unreadable` (records set aside)."""
    if snap.source.format == "har":
        # har.py builds a Staged, so it is imported here rather than at the top
        from governance.store.ingest.har import stage_har

        return stage_har(con, snap, kind)
    path = snap.source.path
    census = snap.census
    if census is not None:
        _refuse_open_quote(snap, census)
        header = csv_columns(path, census)
    else:
        header = _reading(snap, lambda: parquet_columns(con, path, snap.path))
    missing = [name for name in kind.required_columns if name not in header]
    if missing:
        raise LoadError(
            f"{path}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} for {kind.name} (the header has: {', '.join(header)})"
        )
    contract = {c.name for c in kind.columns}
    extras = [name for name in header if name not in contract]
    run(con, "drop_staging")
    params = {"path": str(snap.path)}
    fmt = snap.source.format
    try:
        run(con, "stage", params, kind=kind, format=fmt, header=header, extras=extras)
    except duckdb.Error as exc:
        # DuckDB stops at bytes it cannot read (a binary file, mixed line endings) without
        # naming a line: name it
        bad_line = snap.first_bad_utf8_line() if census is not None else None
        if bad_line is not None:
            raise _not_utf8(path, bad_line) from None
        _refuse_line_ends(snap, census)
        raise _reader_error(snap, exc) from None
    _census_tables(con, census)
    parsed, set_aside, bad_encoding_line, first_set_aside = run(
        con, "unreadable", format=fmt
    ).fetchone()
    if bad_encoding_line is not None:
        raise _not_utf8(path, bad_encoding_line)
    _refuse_line_ends(snap, census)
    # the file's own count of its records, to hold the reader's figures against
    records = census.records if census else run(con, "parquet_rows", params).fetchone()[0]
    if parsed + set_aside != records:
        _refuse_disagreement(snap, records, parsed, set_aside, first_set_aside)
    if set_aside or (census is not None and not census.plain):
        run(con, "renumber")
    return Staged(header=header, records=records, has_nul=census is None or census.has_nul)


def _not_utf8(path: Path, line: int) -> LoadError:
    return LoadError(
        f"{path}: not UTF-8 text (first bad bytes on line {line}); save it as UTF-8 and load "
        "it again"
    )


def _refuse_open_quote(snap: Snapshot, census: Census) -> None:
    """Refuse, before reading, a file whose records cannot be split, naming the line."""
    path = snap.source.path
    if census.open_quote_line is not None:
        line, last = census.open_quote_line, census.lines
        lost = f"line {line}"
        if last > line:
            lost = f"lines {line} to {last} ({last - line + 1} lines)"
        raise LoadError(
            f"{path}: line {line}: a quoted value starts here and is never closed, so {lost} "
            "cannot be split into records; nothing was loaded. Close the quote (a quote inside "
            'a value is written twice: "") and load the file again'
        )


def _refuse_line_ends(snap: Snapshot, census: Census | None) -> None:
    """Refuse a file whose lines end in ways DuckDB cannot read, naming the first such line."""
    if census is not None and census.line_end_problem is not None:
        line, what = census.line_end_problem
        raise LoadError(
            f"{snap.source.path}: line {line} {what}; the CSV reader needs one line ending "
            "throughout (LF or CRLF), so nothing was loaded. Save the file with one line ending "
            "and load it again"
        )


def _refuse_disagreement(
    snap: Snapshot, records: int, parsed: int, set_aside: int, first_set_aside: int | None
) -> None:
    """The reader returned other figures than the file's own count: some record would vanish
    or be invented, so nothing is loaded."""
    where = f"; look at the quotes on and before line {first_set_aside}" if first_set_aside else ""
    raise LoadError(
        f"{snap.source.path}: the file holds {records} records by its lines, but the "
        f"{snap.source.format.upper()} reader returned {parsed} and set {set_aside} aside, so "
        f"nothing was loaded (a quote in an unexpected place makes the split uncertain{where})"
    )


def _census_tables(con: duckdb.DuckDBPyConnection, census: Census | None) -> None:
    """Hand the census's blank units and line shifts to SQL (empty for Parquet)."""
    empty = np.zeros(0, dtype=np.int64)
    blanks = census.blank_units if census is not None else empty
    shift_units = census.shift_units if census is not None else empty
    shift_lines = census.shift_lines if census is not None else empty
    con.register("census_blank_units", pa.table({"unit": blanks}))
    con.register("census_line_shifts", pa.table({"from_unit": shift_units, "shift": shift_lines}))
    try:
        run(con, "census_tables")
    finally:
        con.unregister("census_blank_units")
        con.unregister("census_line_shifts")


def _reading(snap: Snapshot, read: Callable[[], T]) -> T:
    """Run `read`, turning a DuckDB error into one line about the user's file."""
    try:
        return read()
    except duckdb.Error as exc:
        raise _reader_error(snap, exc) from None


def _reader_error(snap: Snapshot, exc: duckdb.Error) -> LoadError:
    """The DuckDB error of an unreadable file as one line a person can act on."""
    message = snap.message(str(exc))
    what = "CSV" if snap.source.format == "csv" else "Parquet"
    if "not utf-8" in message.lower() or "unicode" in message.lower():
        return LoadError(f"{snap.source.path}: not UTF-8 text; save it as UTF-8 and load it again")
    first = next((line for line in message.splitlines() if line.strip()), message)
    first = first.removeprefix("Invalid Input Error: ").removeprefix("IO Error: ")
    return LoadError(f"{snap.source.path}: cannot be read as {what}: {first}")
