"""A path given to `governance load`: checked before any file of the batch is loaded.

A typo in the last path must not leave the first files loaded and the rest not, so every path is
checked first: it exists, it is a file, its name says CSV, Parquet or HAR, it is not empty. Its
bytes are hashed later, when it is loaded (`snapshot.py`), so that the hash is that of the bytes
read. A HAR file (HTTP Archive, `.har`) is read by har.py; `--kind har` reads a file of any name
as one (a crawler may save it as `.json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from governance.errors import LoadError

FORMATS = {
    ".csv": "csv",
    ".csv.gz": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".har": "har",
}


@dataclass(frozen=True)
class SourceFile:
    """A file about to be loaded: where it is and how to read it."""

    path: Path
    format: str
    #: the suffix that says how to read it (`.csv.gz`: gzip-compressed CSV)
    suffix: str

    @property
    def name(self) -> str:
        """The path as stored in load_log and quarantine: absolute, so it means the same later."""
        return str(self.path.resolve())

    @property
    def compressed(self) -> bool:
        return self.suffix.endswith(".gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    raise LoadError(
        f"{path}: not a CSV or Parquet file, nor a HAR file (expected one of {', '.join(FORMATS)})"
    )


def _suffix_of(fmt: str) -> str:
    """The suffix of a file of format `fmt` (the name the private copy gets)."""
    return next(suffix for suffix, named in FORMATS.items() if named == fmt)


def open_source(path: str | Path, fmt: str | None = None) -> SourceFile:
    """Check that `path` is a non-empty CSV, Parquet or HAR file (it is read when it is loaded).

    `fmt` reads the file in that format whatever its name (`--kind har` on `visit.json`).
    """
    path = Path(path)
    if path.is_dir():
        raise LoadError(f"{path}: is a folder; pass its files (e.g. {path}/*.csv)")
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    suffix = _suffix_of(fmt) if fmt else _suffix(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if FORMATS[suffix] == "csv" and not start.strip():
        raise LoadError(f"{path}: empty file (a header line is required)")
    return SourceFile(path=path, format=FORMATS[suffix], suffix=suffix)
