"""Finished tables into files: CSV (small) or Parquet with zstd (large), byte for byte repeatable.

CSV instants are ISO-8601 with an offset, a deterministic mix of UTC (`Z`) and
Almaty local time (`+05:00`), as real exports mix them; Parquet holds them as
UTC timestamps. Empty values are empty fields (CSV) or nulls (Parquet).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from governance.samples.tables import NULL, Finished, Vocab, numbered
from governance.samples.timeline import LOCAL_OFFSET


def instants(seconds: np.ndarray, file_format: str, salt: int) -> pa.Array:
    """Seconds (-1 empty) as Parquet timestamps, or as CSV text with `Z` or `+05:00`.

    About three rows in ten are written in local time; which ones is a fixed
    pattern of the row number and `salt` (the column), so files repeat exactly.
    """
    seconds = np.asarray(seconds, dtype=np.int64)
    empty = seconds == NULL
    if file_format == "parquet":
        return pa.array(
            np.where(empty, 0, seconds) * 1_000_000, pa.timestamp("us", tz="UTC"), mask=empty
        )
    n = len(seconds)
    local = (np.arange(n, dtype=np.int64) * 7 + salt) % 10 < 3
    shifted = np.where(local, seconds + LOCAL_OFFSET, seconds)
    text = pc.strftime(
        pa.array(np.where(empty, 0, shifted), pa.timestamp("s")), format="%Y-%m-%dT%H:%M:%S"
    )
    suffix = pc.if_else(pa.array(local), pa.scalar("+05:00"), pa.scalar("Z"))
    joined = pc.binary_join_element_wise(text, suffix, "")
    if empty.any():
        joined = pc.if_else(pa.array(~empty), joined, pa.scalar(None, pa.string()))
    return joined


def references(index: np.ndarray, ids: pa.Array, rank: np.ndarray) -> pa.Array:
    """Indices (-1 empty) as the final ids of what they refer to."""
    empty = index < 0
    position = rank[np.where(empty, 0, index)]
    values = ids.take(pa.array(position))
    if empty.any():
        values = pc.if_else(pa.array(~empty), values, pa.scalar(None, pa.string()))
    return values


def arrow_table(
    finished: Finished, vocab: Vocab, file_format: str, refs: dict[str, tuple[pa.Array, np.ndarray]]
) -> pa.Table:
    """The table's columns in contract order, values as they are written."""
    columns: dict[str, pa.Array] = {}
    for position, column in enumerate(finished.spec.columns):
        kind = column.kind
        values = finished.data.get(column.name)
        if kind == "id":
            columns[column.name] = finished.ids
        elif kind == "ts":
            columns[column.name] = instants(values, file_format, position)
        elif kind == "cat":
            columns[column.name] = (
                categories(values, vocab) if file_format == "parquet" else vocab.decode(values)
            )
        elif kind in refs:
            ids, rank = refs[kind]
            columns[column.name] = references(values, ids, rank)
        elif kind == "int":
            columns[column.name] = pa.array(values, pa.int64())
        elif kind == "bool":
            columns[column.name] = pa.array(values, pa.bool_())
        elif kind == "evidence":
            digits = pc.utf8_slice_codeunits(finished.ids, 2)
            evidence = pc.binary_join_element_wise("EV-", digits, "")
            columns[column.name] = pc.if_else(
                pa.array(values), evidence, pa.scalar(None, pa.string())
            )
        else:
            raise ValueError(f"{finished.spec.name}.{column.name}: unknown kind {kind}")
    return pa.table(columns)


def categories(codes: np.ndarray, vocab: Vocab) -> pa.DictionaryArray:
    """Vocab codes as a dictionary array of the words used (Parquet stores it as is)."""
    codes = np.asarray(codes, dtype=np.int64)
    empty = codes < 0
    used = np.flatnonzero(np.bincount(codes[~empty], minlength=len(vocab.words)))
    lookup = np.zeros(max(len(vocab.words), 1), dtype=np.int32)
    lookup[used] = np.arange(len(used), dtype=np.int32)
    indices = pa.array(lookup[np.where(empty, 0, codes)], pa.int32(), mask=empty)
    words = pa.array([vocab.words[i] for i in used.tolist()], pa.string())
    return pa.DictionaryArray.from_arrays(indices, words)


def subjects_arrow(columns: dict, ids: pa.Array, file_format: str) -> pa.Table:
    table = {"subject_id": ids}
    for position, (name, values) in enumerate(columns.items(), start=1):
        table[name] = instants(values, file_format, position) if name == "created_at" else values
    return pa.table(table)


def visitor_ids(count: int) -> pa.Array:
    return numbered("V-", count, 6)


def write(table: pa.Table, path: Path, file_format: str) -> tuple[int, str]:
    """Write `table` to `path`; returns (rows, sha256 of the bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_format == "parquet":
        # dictionary pages for the categorical columns only: ids and instants are near unique
        dictionary = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
        pq.write_table(
            table, path, compression="zstd", row_group_size=1 << 20, use_dictionary=dictionary
        )
    else:
        with path.open("wb") as handle:
            handle.write((",".join(table.column_names) + "\n").encode())
            options = pacsv.WriteOptions(include_header=False, quoting_style="none")
            try:
                pacsv.write_csv(table, handle, options)
            except pa.ArrowInvalid:
                # a value holds a comma (e.g. a list of categories): quote where needed
                handle.seek(0)
                handle.truncate()
                handle.write((",".join(table.column_names) + "\n").encode())
                pacsv.write_csv(
                    table, handle, pacsv.WriteOptions(include_header=False, quoting_style="needed")
                )
    path.chmod(0o600)  # synthetic, but shaped like personal data: treated as such
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return table.num_rows, digest.hexdigest()
