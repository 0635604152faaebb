"""The columns a file declares, read by the loader itself and refused when two share a name.

DuckDB, given a header that names a column twice, renames the second (`subject_id_1`) and reads
on: the file's own header would then be silently overruled, and which of the two values counts
would depend on the order. The loader reads the header itself instead and hands DuckDB the
column list (so DuckDB does not sniff the file either; the sniffer fails on a small file with
bad quoting and names no line). Names are compared without regard to case, as DuckDB compares
identifiers.

CSV: the header record the census kept, parsed like DuckDB parses it (spaces around a name and
before its opening quote are dropped; an empty name becomes `column<position from 0>`).
Parquet: the names in the file's schema.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from governance.errors import LoadError
from governance.store.ingest.census import BOM, MAX_HEADER_BYTES, Census
from governance.store.ingest.sql import run


def csv_columns(path: Path, census: Census) -> list[str]:
    """The column names of the CSV file at `path` (its user-facing path, for messages)."""
    if census.header is None:
        raise LoadError(
            f"{path}: line 1 is longer than {MAX_HEADER_BYTES} bytes, so it is not a header line"
        )
    raw = census.header.removeprefix(BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError(
            f"{path}: not UTF-8 text (first bad bytes on line 1); save it as UTF-8 and load "
            "it again"
        ) from None
    text = text.removesuffix("\n").removesuffix("\r")
    control = next((ch for ch in text if ord(ch) < 32 and ch not in "\t\r\n"), None)
    if control is not None:
        raise LoadError(
            f"{path}: cannot be read as CSV: line 1 holds control characters (byte "
            f"0x{ord(control):02x}), so it is not a header line; is this a text file?"
        )
    if not text.strip():
        raise LoadError(f"{path}: line 1 is empty; the first line must be the header")
    fields = next(csv.reader(io.StringIO(text, newline=""), skipinitialspace=True))
    names = [name.strip() or f"column{index}" for index, name in enumerate(fields)]
    refuse_repeated(path, names)
    return names


def parquet_columns(con: duckdb.DuckDBPyConnection, path: Path, read_path: Path) -> list[str]:
    """The column names of the Parquet file at `read_path` (`path`: for messages)."""
    names = [row[0] for row in run(con, "header", {"path": str(read_path)}).fetchall()]
    import pyarrow as pa
    import pyarrow.parquet as pq

    # DuckDB has already renamed a repeated name; the schema still holds the file's own names
    try:
        own_names = pq.read_schema(read_path).names
    except (OSError, pa.ArrowException) as exc:
        raise LoadError(f"{path}: cannot be read as Parquet: {exc}") from None
    refuse_repeated(path, own_names)
    return names


def refuse_repeated(path: Path, names: list[str]) -> None:
    """Refuse a header that gives two columns the same name, naming both and their positions."""
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(names, start=1):
        positions.setdefault(name.lower(), []).append(position)
    repeated = [found for found in positions.values() if len(found) > 1]
    if not repeated:
        return
    described = "; ".join(
        " and ".join(f"column {p} ({names[p - 1]!r})" for p in found) for found in repeated
    )
    raise LoadError(
        f"{path}: the header names a column more than once: {described}. Which value counts "
        "would be a guess, so nothing was loaded; rename or remove the repeated column and "
        "load the file again"
    )
