"""What a load reads is a private copy of the file, and load_log hashes exactly those bytes."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from ingest_helpers import figures, load, load_one, rows, with_subjects, write

import governance.store.ingest.loader as loader_module
from governance.errors import LoadError
from governance.store.ingest import FileResult, load_files
from governance.store.ingest.snapshot import Snapshot

HEADER = "event_id,subject_id,purpose_id,system_id,occurred_at\n"
FIRST = HEADER + "p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z\n"
SECOND = FIRST + "p-2,s-1,order_fulfilment,crm,2026-10-02T10:00:00Z\n"
EMPLOYEES = "employee_id,department,active_from\ne-1,IT,2025-01-01\n"
STORED_HASH = "SELECT content_sha256 FROM load_log WHERE kind = 'processing_log'"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_replaced_during_a_batch_is_recorded_with_the_bytes_loaded(
    minimal_db: Path, tmp_path: Path
) -> None:
    subjects = write(
        tmp_path,
        "subjects.csv",
        "subject_id,subject_type,country,created_at\ns-1,customer,KZ,2026-01-05T10:00:00Z\n",
    )
    processing = write(tmp_path, "processing_log.csv", FIRST)

    def replace_the_next_file(result: FileResult) -> None:
        if result.kind == "subjects":
            processing.write_text(SECOND, encoding="utf-8")

    results = load_files(minimal_db, [subjects, processing], on_result=replace_the_next_file)
    assert figures(results[1]) == (2, 2, 0, 0, 0)
    assert rows(
        minimal_db, "SELECT content_sha256 FROM load_log WHERE kind = 'processing_log'"
    ) == [(_sha256(processing),)]
    # the bytes first planned were never loaded, so they are not "already loaded"
    processing.write_text(FIRST, encoding="utf-8")
    assert figures(load_one(minimal_db, processing)) == (1, 0, 0, 0, 1)


def test_a_file_rewritten_while_it_is_read_loads_as_it_was_copied(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "processing_log.csv", FIRST)
    copied = _sha256(path)
    real_stage = loader_module.stage

    def rewrite_then_stage(con, snap: Snapshot, kind):  # type: ignore[no-untyped-def]
        path.write_text(SECOND, encoding="utf-8")  # after the copy, before DuckDB reads
        return real_stage(con, snap, kind)

    monkeypatch.setattr(loader_module, "stage", rewrite_then_stage)
    assert figures(load_one(minimal_db, path)) == (1, 1, 0, 0, 0)
    assert rows(
        minimal_db, "SELECT content_sha256 FROM load_log WHERE kind = 'processing_log'"
    ) == [(copied,)]
    assert rows(minimal_db, "SELECT event_id FROM processing_log") == [("p-1",)]


def test_the_copy_is_owner_only_beside_the_database_and_removed_after(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "exports").mkdir()
    path = write(
        tmp_path / "exports",
        "employees.csv",
        "employee_id,department,active_from\ne-1,IT,2025-01-01\n",
    )
    seen: list[tuple[Path, int, int]] = []
    real_stage = loader_module.stage

    def look_then_stage(con, snap: Snapshot, kind):  # type: ignore[no-untyped-def]
        mode = stat.S_IMODE(snap.path.stat().st_mode)
        seen.append((snap.path, mode, stat.S_IMODE(snap.path.parent.stat().st_mode)))
        return real_stage(con, snap, kind)

    monkeypatch.setattr(loader_module, "stage", look_then_stage)
    load(minimal_db, path)
    ((copy, file_mode, folder_mode),) = seen
    assert copy.parent.parent == minimal_db.parent and copy.name == "source.csv"
    assert (file_mode, folder_mode) == (0o600, 0o700)
    assert not copy.parent.exists()
    assert not list(minimal_db.parent.glob(".governance-load-*"))


def test_the_copy_is_removed_when_the_file_is_refused(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "employees.csv", 'employee_id,department,active_from\ne-1,"IT\n')
    with pytest.raises(LoadError, match="never closed"):
        load(minimal_db, path)
    assert not list(minimal_db.parent.glob(".governance-load-*"))
