"""Keys and reloads: duplicates, conflicts, upserts, idempotence, --strict, atomic files."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import (
    figures,
    load,
    load_one,
    problems,
    rows,
    table_snapshot,
    with_subjects,
    write,
)

from governance.errors import LoadError
from governance.store.ingest import FileResult, load_files

PROCESSING = """\
    event_id,subject_id,purpose_id,system_id,occurred_at
    p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
    p-2,s-1,newsletter,mailer,2026-10-02T10:00:00Z
"""


def test_repeated_ids_in_a_file_identical_is_duplicate_different_is_quarantined(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "processing_log.csv", """\
        event_id,subject_id,purpose_id,system_id,occurred_at
        p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
        p-2,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
        p-1,s-1,order_fulfilment,crm,2026-10-01T15:00:00+05:00
        p-2,s-2,order_fulfilment,crm,2026-10-01T10:00:00Z
        p-3,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (5, 2, 0, 2, 1)
    assert problems(minimal_db, result.load_id) == [
        (3, "event_id", "p-2", "event id p-2 appears again at line 5 with different values"),
        (5, "event_id", "p-2", "event id p-2 appears earlier at line 3 with different values"),
    ]
    assert rows(minimal_db, "SELECT event_id, source_line FROM processing_log ORDER BY 1") == [
        ("p-1", 2), ("p-3", 6)
    ]


def test_composite_key_conflict_names_every_key_column(minimal_db: Path, tmp_path: Path) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "policy_acceptances.csv", """\
        subject_id,policy_version,accepted_at,channel
        s-1,1.1,2026-10-01T10:00:00Z,web
        s-1,1.1,2026-10-01T10:00:00Z,app
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (2, 0, 0, 2, 0)
    assert problems(minimal_db, result.load_id)[0] == (
        2, "subject_id, policy_version, accepted_at", "s-1, 1.1, 2026-10-01T10:00:00Z",
        "key (subject_id, policy_version, accepted_at) = (s-1, 1.1, 2026-10-01T10:00:00Z) "
        "appears again at line 3 with different values",
    )


def test_same_bytes_again_is_a_no_op(minimal_db: Path, tmp_path: Path) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "processing_log.csv", PROCESSING)
    first = load_one(minimal_db, path)
    before = table_snapshot(minimal_db)
    again = load_one(minimal_db, path)
    assert again.already_loaded and again.load_id == first.load_id
    assert again.lines() == [f"{path}: already loaded (load {first.load_id})"]
    assert table_snapshot(minimal_db) == before


def test_overlapping_files_count_the_overlap_as_duplicates(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    first = write(tmp_path, "processing_log_a.csv", PROCESSING)
    second = write(tmp_path, "processing_log_b.csv", PROCESSING + """\
        p-3,s-2,order_fulfilment,crm,2026-10-03T10:00:00Z
    """)
    assert figures(load_one(minimal_db, first)) == (2, 2, 0, 0, 0)
    assert figures(load_one(minimal_db, second)) == (3, 1, 0, 0, 2)
    assert rows(minimal_db, "SELECT count(*) FROM processing_log") == [(3,)]


def test_an_event_loaded_before_with_other_values_is_quarantined(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    first = load_one(minimal_db, write(tmp_path, "processing_log_a.csv", PROCESSING))
    changed = write(tmp_path, "processing_log_b.csv", """\
        event_id,subject_id,purpose_id,system_id,occurred_at
        p-2,s-1,newsletter,crm,2026-10-02T10:00:00Z
    """)
    result = load_one(minimal_db, changed)
    assert figures(result) == (1, 0, 0, 1, 0)
    assert problems(minimal_db, result.load_id) == [
        (2, "event_id", "p-2",
         f"already loaded with different values (load {first.load_id}, line 3)")
    ]
    assert rows(minimal_db, "SELECT system_id FROM processing_log WHERE event_id = 'p-2'") == [
        ("mailer",)
    ]


def test_a_newer_snapshot_replaces_a_request_whose_status_changed(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    header = "request_id,subject_id,request_type,received_at,status,completed_at\n"
    october = write(tmp_path, "dsr_requests_2026-10.csv", header + (
        "r-1,s-1,erasure,2026-10-01T10:00:00Z,open,\n"
        "r-2,s-2,access,2026-10-02T10:00:00Z,open,\n"
    ))
    november = write(tmp_path, "dsr_requests_2026-11.csv", header + (
        "r-1,s-1,erasure,2026-10-01T10:00:00Z,completed,2026-10-03T09:00:00Z\n"
        "r-2,s-2,access,2026-10-02T10:00:00Z,open,\n"
    ))
    first, second = load(minimal_db, october, november)
    assert figures(first) == (2, 2, 0, 0, 0)
    assert figures(second) == (2, 1, 1, 0, 1)
    assert second.lines()[0] == (
        f"{november}: read 2, loaded 1 (updated 1), quarantined 0, duplicate 1"
    )
    assert rows(
        minimal_db,
        "SELECT request_id, status, completed_at IS NOT NULL, load_id FROM dsr_requests "
        "ORDER BY 1",
    ) == [("r-1", "completed", True, second.load_id), ("r-2", "open", False, first.load_id)]


def test_strict_loads_nothing_from_a_file_with_a_bad_row(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    before = table_snapshot(minimal_db)
    path = write(tmp_path, "processing_log.csv", PROCESSING + """\
        p-3,s-1,order_fulfilment,crm,yesterday
    """)
    with pytest.raises(LoadError) as caught:
        load(minimal_db, path, strict=True)
    assert caught.value.exit_code == 5
    assert str(caught.value) == (
        f"{path}: --strict: 1 of 3 rows have problems, so nothing from this file was loaded:\n"
        "  line 4, occurred_at = 'yesterday': not a timestamp (ISO-8601 expected, "
        "e.g. 2026-10-05T14:30:00+05:00)"
    )
    assert table_snapshot(minimal_db) == before
    clean = write(tmp_path, "processing_log_clean.csv", PROCESSING)
    assert figures(load_one(minimal_db, clean, strict=True)) == (2, 2, 0, 0, 0)


def test_a_file_failing_mid_batch_writes_nothing_and_keeps_the_earlier_files(
    minimal_db: Path, tmp_path: Path
) -> None:
    subjects = write(tmp_path, "subjects.csv", """\
        subject_id,subject_type,country,created_at
        s-1,customer,KZ,2026-01-05T10:00:00Z
    """)
    broken = tmp_path / "processing_log.csv"
    broken.write_bytes(
        b"event_id,subject_id,purpose_id,system_id,occurred_at\n"
        b"p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z\n"
        b"p-2,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z \xff\n"
    )
    later = write(tmp_path, "policy_acceptances.csv", """\
        subject_id,policy_version,accepted_at,channel
        s-1,1.1,2026-10-01T10:00:00Z,web
    """)
    seen: list[FileResult] = []
    with pytest.raises(LoadError, match=r"processing_log\.csv: not UTF-8 text"):
        # given out of order on purpose: subjects still load first
        load_files(minimal_db, [broken, later, subjects], on_result=seen.append)
    assert [result.kind for result in seen] == ["subjects"]
    assert rows(minimal_db, "SELECT kind FROM load_log") == [("subjects",)]
    assert rows(minimal_db, "SELECT count(*) FROM subjects") == [(1,)]
    assert rows(minimal_db, "SELECT count(*) FROM processing_log") == [(0,)]
    assert rows(minimal_db, "SELECT count(*) FROM policy_acceptances") == [(0,)]


def test_a_file_whose_rows_were_quarantined_is_tried_again(
    minimal_db: Path, tmp_path: Path
) -> None:
    """The reason said "load subjects first": after that, the same file must load."""
    path = write(tmp_path, "processing_log.csv", PROCESSING)
    first = load_one(minimal_db, path)
    assert figures(first) == (2, 0, 0, 2, 0)
    with_subjects(minimal_db, tmp_path)
    again = load_one(minimal_db, path)
    assert figures(again) == (2, 2, 0, 0, 0)
    assert again.lines()[1] == (
        f"  loaded again: load {first.load_id} of the same file quarantined rows, "
        "and what they refer to has changed since"
    )
    assert load_one(minimal_db, path).already_loaded


def test_a_file_with_quarantined_rows_is_not_loaded_again_when_nothing_changed(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "processing_log.csv", PROCESSING + """\
        p-3,s-404,order_fulfilment,crm,2026-10-01T10:00:00Z
    """)
    first = load_one(minimal_db, path)
    assert figures(first) == (3, 2, 0, 1, 0)
    again = load_one(minimal_db, path)
    assert again.already_loaded
    assert again.lines() == [
        f"{path}: already loaded (load {first.load_id})",
        "  with 1 rows quarantined: SELECT line, column_name, raw_value, reason FROM quarantine "
        f"WHERE load_id = {first.load_id} ORDER BY line",
    ]
    assert rows(minimal_db, "SELECT count(*) FROM load_log WHERE kind = 'processing_log'") == [
        (1,)
    ]
