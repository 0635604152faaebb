"""`governance load`: event files into the database, one transaction per file.

Each file is read, checked and written inside its own transaction: a file that
cannot be read, or (with strict) has a bad row, changes nothing, while the files
of the batch before it stay loaded. Loading is idempotent: the same bytes again
are a no-op, and overlapping files de-duplicate by key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from governance.errors import LoadError
from governance.store.connection import limit_memory
from governance.store.ingest.erased import erasure_check
from governance.store.ingest.kinds import (
    FORMAT_KINDS,
    Kind,
    kind_for_path,
    kind_named,
    load_rank,
)
from governance.store.ingest.progress import Progress
from governance.store.ingest.reconcile import reconcile
from governance.store.ingest.results import Counts, FileResult, first_problems, staged_counts
from governance.store.ingest.snapshot import folder_for, snapshot
from governance.store.ingest.source import SourceFile, open_source
from governance.store.ingest.sql import run
from governance.store.ingest.stage import stage
from governance.store.ingest.validate import check_records
from governance.store.ingest.write import prepare_writer, record_load, write_rows
from governance.store.migrations import open_current
from governance.store.transaction import atomic

Step = Callable[[str], None]


def _no_step(what: str) -> None:
    """Progress is optional."""


def load_file(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    kind: Kind,
    *,
    strict: bool = False,
    step: Step = _no_step,
) -> FileResult:
    """Load one file on `con` in one transaction (its own, or the caller's when one is open).

    What is read is a private copy of the file, hashed as it was copied (snapshot.py): the
    load_log hash is that of the bytes loaded, whatever happens to the file meanwhile.
    The same bytes loaded before as the same kind are not loaded again, with one
    exception: when that load quarantined rows and, since, rows of a kind they
    refer to were loaded or the register was replaced, the file is loaded again,
    because what was missing then (a subject, a purpose) may be there now; the
    rows loaded the first time then count as duplicates.
    """
    step("reading")
    with snapshot(source, folder_for(con)) as snap:
        previous = run(
            con, "previous_load", {"sha256": snap.sha256, "kind": kind.name}, kind=kind
        ).fetchone()
        if previous and not previous[2]:
            return FileResult(
                source.path,
                kind.name,
                previous[0],
                Counts(0, 0, 0, 0, 0),
                already_loaded=True,
                quarantined_before=previous[1],
            )
        prepare_writer(con, kind)
        erasures = erasure_check(con, source, kind)
        try:
            with atomic(con):
                load_id = run(con, "next_load_id").fetchone()[0]
                staged = stage(con, snap, kind)
                step("checking")
                check_records(con, kind, erasures=erasures, nul=staged.has_nul)
                reconcile(con, kind)
                counts = staged_counts(con, staged.records)
                if not counts.reconciles():
                    raise RuntimeError(f"{source.path}: the figures do not reconcile: {counts}")
                problems = first_problems(con)
                if strict and counts.quarantined:
                    raise LoadError(
                        f"{source.path}: --strict: {counts.quarantined} of {counts.read} rows "
                        "have problems, so nothing from this file was loaded:\n"
                        + "\n".join(f"  {problem}" for problem in problems)
                    )
                step("writing")
                write_rows(con, kind, load_id, counts)
                record_load(con, snap, kind, staged.header, load_id, counts)
        finally:
            # the working tables can hold millions of rows; a broken connection must not hide
            # the error that broke it
            with contextlib.suppress(duckdb.Error):
                run(con, "drop_staging")
    return FileResult(
        source.path,
        kind.name,
        load_id,
        counts,
        problems,
        earlier_load=previous[0] if previous else None,
    )


def plan(paths: Iterable[str | Path], kind: str | None = None) -> list[tuple[SourceFile, Kind]]:
    """Each file with its kind, in loading order: kinds referred to before those referring.

    Every path is checked (exists, CSV, Parquet or HAR, kind known) before anything is
    loaded. Files of the same rank keep the order given, so snapshots given
    oldest first end with the newest state.
    """
    chosen = kind_named(kind) if kind else None
    # `--kind har` names a format as well as a kind: read every file as HAR, whatever its name
    fmt = kind if kind in FORMAT_KINDS else None
    planned = [(open_source(p, fmt), chosen or kind_for_path(p)) for p in paths]
    for source, file_kind in planned:
        held = FORMAT_KINDS.get(source.format, file_kind.name)
        if held != file_kind.name:
            raise LoadError(
                f"{source.path}: a {source.format.upper()} file holds {held}, not {file_kind.name}"
            )
    if not planned:
        raise LoadError("no files to load")
    return sorted(planned, key=lambda item: load_rank(item[1]))


def load_files(
    db_path: str | Path,
    paths: Iterable[str | Path],
    *,
    kind: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    memory: str | None = None,
) -> list[FileResult]:
    """Load event files into `db_path`, each in its own transaction, in dependency order.

    Stops at the first file that cannot be loaded (LoadError): the files before
    it stay loaded, it writes nothing, and the files after it are not tried,
    because they may refer to its rows. `on_result` sees each result as soon as
    its file is committed. The load runs within `memory` (connection.memory_limit: by default
    a tenth of the machine), spilling to disk beyond it rather than growing with the file.

    >>> load_files("out/metrix.duckdb", ["subjects.csv", "consent_events.csv"])  # doctest: +SKIP
    """
    progress = progress or Progress()
    planned = plan(paths, kind)
    con = open_current(db_path)
    try:
        limit_memory(con, memory)
        for source, file_kind in planned:
            # a missing pseudonym key fails before the first file, not after the subjects are in
            prepare_writer(con, file_kind)
            erasure_check(con, source, file_kind)
        results = []
        for index, (source, file_kind) in enumerate(planned, start=1):

            def step(what: str, index: int = index, source: SourceFile = source) -> None:
                progress.step(index, len(planned), source.path, what)

            try:
                result = load_file(con, source, file_kind, strict=strict, step=step)
            finally:
                progress.clear()
            results.append(result)
            if on_result:
                on_result(result)
        return results
    finally:
        con.close()
