"""The bytes a load reads: a private copy of the file, hashed and counted as it is copied.

Why a copy, and not the file itself:

* DuckDB's readers take a path as a glob pattern: `processing_log_[1].csv` names the files
  matching `processing_log_1.csv`, and `*` and `?` match too. DuckDB documents no escape for a
  literal path (wrapping a character in brackets happens to work for some characters today,
  which is a behaviour, not a contract), and the user's path is not ours to rewrite. The copy
  has a fixed name without glob characters (`source.csv`, `source.csv.gz`, `source.parquet`:
  the suffix says how DuckDB decompresses), so DuckDB reads exactly that file.
* `load_log` records the SHA-256 of what was loaded, and that hash is what makes a reload a
  no-op. Hashing the file and then letting DuckDB read it again by name would record the old
  hash for a file replaced in between (or rewritten while DuckDB reads it). The copy is made
  from one read of the file that also feeds the hash and the line census, and nothing else
  writes it, so what DuckDB reads is by construction the bytes that were hashed.
  Hashing again after the read would catch a change but cost a second read and still not name
  the bytes read; a hard link shares the inode, so a file rewritten in place would change under
  it.

The copy lives beside the database (owner-only, like the database, whose personal data it
holds; the system's temporary folder may be a RAM disk, and a copy must not grow memory with
the file) and is removed as soon as the file is loaded.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import hashlib
import os
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.errors import LoadError
from governance.store.ingest.census import Census, LineCensus
from governance.store.ingest.source import SourceFile

BLOCK = 1 << 20


@dataclass(frozen=True)
class Snapshot:
    """One file as loaded: where its private copy is, what its bytes hash to, and (CSV) the
    census of its lines."""

    source: SourceFile
    path: Path
    sha256: str
    census: Census | None

    def message(self, text: str) -> str:
        """`text` (a DuckDB error) speaking of the user's file instead of the copy."""
        return text.replace(str(self.path), str(self.source.path))

    def first_bad_utf8_line(self) -> int | None:
        """The first line holding bytes that are not UTF-8, or None.

        Only asked after DuckDB stopped on the file (a binary file makes it fail before it
        reports the encoding): decoding costs more than the census, so it is not done always.
        """
        decoder = codecs.getincrementaldecoder("utf-8")()
        opener = gzip.open if self.source.compressed else open
        newlines = 0
        with opener(self.path, "rb") as text:
            while block := text.read(BLOCK):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    return newlines + block.count(b"\n", 0, exc.start) + 1
                newlines += block.count(b"\n")
        return None


def folder_for(con: duckdb.DuckDBPyConnection) -> Path:
    """Where copies go: beside the database file, or the temporary folder for one in memory."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if row and row[0]:
        return Path(row[0]).resolve().parent
    return Path(tempfile.gettempdir())


@contextlib.contextmanager
def snapshot(source: SourceFile, folder: Path) -> Iterator[Snapshot]:
    """A private copy of `source` in `folder`, removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix=".governance-load-", dir=folder) as private:
        target = Path(private) / f"source{source.suffix}"
        try:
            sha256, census = _copy(source, target)
        except OSError as exc:
            raise LoadError(f"{source.path}: cannot be read: {exc.strerror or exc}") from None
        yield Snapshot(source=source, path=target, sha256=sha256, census=census)


def _copy(source: SourceFile, target: Path) -> tuple[str, Census | None]:
    """Copy `source` to `target` in one read, hashing it and, for CSV, taking its census."""
    digest = hashlib.sha256()
    census = LineCensus() if source.format == "csv" else None
    gunzip = _Gunzip(source) if census is not None and source.compressed else None
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with source.path.open("rb") as reader, os.fdopen(descriptor, "wb") as writer:
        while block := reader.read(BLOCK):
            digest.update(block)
            writer.write(block)
            if gunzip is not None:
                for text in gunzip.feed(block):
                    census.feed(text)  # type: ignore[union-attr]
            elif census is not None:
                census.feed(block)
    if gunzip is not None:
        gunzip.finish()
    return digest.hexdigest(), census.finish() if census is not None else None


class _Gunzip:
    """The text of a gzip stream, block by block (several members one after another, as
    `cat a.gz b.gz` makes, are one text, as DuckDB and gzip read them)."""

    def __init__(self, source: SourceFile):
        self.source = source
        self._inflate = zlib.decompressobj(wbits=31)
        self._member_open = False

    def feed(self, block: bytes) -> Iterator[bytes]:
        while block:
            self._member_open = True
            try:
                text = self._inflate.decompress(block)
            except zlib.error as exc:
                raise LoadError(f"{self.source.path}: not a readable gzip file ({exc})") from None
            if text:
                yield text
            if not self._inflate.eof:
                return
            block = self._inflate.unused_data
            self._inflate = zlib.decompressobj(wbits=31)
            self._member_open = False

    def finish(self) -> None:
        """Refuse a stream cut off inside a member."""
        if self._member_open:
            raise LoadError(f"{self.source.path}: not a readable gzip file (it ends too early)")
