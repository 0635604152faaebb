"""Read one event file into the staging table `ingest_raw`, or refuse it as a whole.

A file is refused (LoadError, nothing written) only when it cannot be read at
all: missing, not CSV/Parquet, not UTF-8, empty, or lacking a required column.
Anything narrower (a record with too many fields, a bad value) is a problem of
one record and goes to the quarantine instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.errors import LoadError
from governance.store.ingest.kinds import Kind
from governance.store.ingest.sql import run

FORMATS = {".csv": "csv", ".csv.gz": "csv", ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class SourceFile:
    """A file about to be loaded: where it is, how to read it, and what its bytes hash to."""

    path: Path
    format: str
    sha256: str

    @property
    def name(self) -> str:
        """The path as stored in load_log and quarantine: absolute, so it means the same later."""
        return str(self.path.resolve())


def _format(path: Path) -> str:
    name = path.name.lower()
    for suffix, fmt in sorted(FORMATS.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return fmt
    raise LoadError(f"{path}: not a CSV or Parquet file (expected one of {', '.join(FORMATS)})")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_source(path: str | Path) -> SourceFile:
    """Check that `path` is a readable CSV or Parquet file and hash its bytes.

    Done for every file of a batch before any is loaded, so a typo in the last
    path does not leave the first files loaded and the rest not.
    """
    path = Path(path)
    if path.is_dir():
        raise LoadError(f"{path}: is a folder; pass its files (e.g. {path}/*.csv)")
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    fmt = _format(path)
    try:
        sha256 = _sha256(path)
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if fmt == "csv" and not start.strip():
        raise LoadError(f"{path}: empty file (a header line is required)")
    return SourceFile(path=path, format=fmt, sha256=sha256)


def _reader_error(source: SourceFile, exc: duckdb.Error) -> LoadError:
    """The DuckDB error of an unreadable file as one line a person can act on."""
    message = str(exc)
    what = "CSV" if source.format == "csv" else "Parquet"
    if "not utf-8" in message.lower() or "unicode" in message.lower():
        return LoadError(f"{source.path}: not UTF-8 text; save it as UTF-8 and load it again")
    first = next((line for line in message.splitlines() if line.strip()), message)
    first = first.removeprefix("Invalid Input Error: ").removeprefix("IO Error: ")
    return LoadError(f"{source.path}: cannot be read as {what}: {first}")


def read_header(con: duckdb.DuckDBPyConnection, source: SourceFile) -> list[str]:
    """The file's column names in file order."""
    try:
        rows = run(con, "header", {"path": str(source.path)}, format=source.format).fetchall()
    except duckdb.Error as exc:
        raise _reader_error(source, exc) from None
    return [
        row[0] for row in rows if not (source.format == "parquet" and row[0] == "file_row_number")
    ]


def stage(con: duckdb.DuckDBPyConnection, source: SourceFile, kind: Kind) -> list[str]:
    """Fill `ingest_raw` (every record, as text) and `ingest_unreadable` (records set aside).

    Returns the file's columns. Raises LoadError when the header lacks a required
    column or the text is not UTF-8: then no record can be trusted, so none is loaded.
    """
    header = read_header(con, source)
    missing = [name for name in kind.required_columns if name not in header]
    if missing:
        raise LoadError(
            f"{source.path}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} for {kind.name} (the header has: {', '.join(header)})"
        )
    contract = {c.name for c in kind.columns}
    extras = [name for name in header if name not in contract]
    run(con, "drop_staging")
    params = {"path": str(source.path)}
    try:
        run(con, "stage", params, kind=kind, format=source.format, header=header, extras=extras)
    except duckdb.Error as exc:
        raise _reader_error(source, exc) from None
    unreadable, bad_encoding_line = run(con, "unreadable", format=source.format).fetchone()
    if bad_encoding_line is not None:
        raise LoadError(
            f"{source.path}: not UTF-8 text (first bad bytes on line {bad_encoding_line}); "
            "save it as UTF-8 and load it again"
        )
    if unreadable:
        run(con, "renumber")
    return header
