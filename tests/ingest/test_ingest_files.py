"""Whole files: what refuses a file (nothing written), formats, line numbers, kinds from names."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
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
from governance.store.ingest import kind_for_path


def test_missing_required_column_fails_the_file_and_changes_nothing(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    before = table_snapshot(minimal_db)
    path = write(tmp_path, "processing_log.csv", """\
        event_id,subject_id,system_id,when
        p-1,s-1,crm,2026-10-01T10:00:00Z
    """)
    with pytest.raises(LoadError) as caught:
        load(minimal_db, path)
    assert str(caught.value) == (
        f"{path}: missing required columns purpose_id, occurred_at for processing_log "
        "(the header has: event_id, subject_id, system_id, when)"
    )
    assert table_snapshot(minimal_db) == before


def test_latin1_bytes_fail_the_file_naming_the_line(minimal_db: Path, tmp_path: Path) -> None:
    before = table_snapshot(minimal_db)
    path = tmp_path / "subjects.csv"
    path.write_bytes(
        b"subject_id,subject_type,country,created_at,full_name\n"
        b"s-1,customer,KZ,2026-01-05,Anna\n"
        b"s-2,customer,KZ,2026-01-05,Ren\xe9e M\xfcller\n"
    )
    with pytest.raises(LoadError) as caught:
        load(minimal_db, path)
    assert str(caught.value) == (
        f"{path}: not UTF-8 text (first bad bytes on line 3); save it as UTF-8 and load it again"
    )
    assert table_snapshot(minimal_db) == before


def test_empty_file_fails(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "subjects.csv", "")
    with pytest.raises(LoadError, match=r"subjects.csv: empty file \(a header line is required\)$"):
        load(minimal_db, path)
    assert rows(minimal_db, "SELECT count(*) FROM load_log") == [(0,)]


def test_header_only_loads_zero_rows(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "subjects.csv", "subject_id,subject_type,country,created_at\n")
    result = load_one(minimal_db, path)
    assert figures(result) == (0, 0, 0, 0, 0)
    assert result.lines() == [
        f"{path}: read 0, loaded 0 (updated 0), quarantined 0, duplicate 0"
    ]
    assert rows(minimal_db, "SELECT kind, rows_read FROM load_log") == [("subjects", 0)]


def test_binary_file_is_not_csv(minimal_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "subjects.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(LoadError, match=r"subjects.csv: (not UTF-8 text|cannot be read as CSV)"):
        load(minimal_db, path)


def test_rows_with_wrong_field_counts_are_quarantined_and_lines_stay_right(
    minimal_db: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "employees.csv", """\
        employee_id,department,active_from
        e-1,Sales,2025-01-01
        e-2,IT,2025-01-01,surplus
        e-3,IT
        e-4,IT,2025-01-01
        e-5,IT,not-a-date
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (5, 2, 0, 3, 0)
    assert problems(minimal_db) == [
        (3, None, None, "has 4 fields, the header has 3"),
        (4, None, None, "has 2 fields, the header has 3"),
        (6, "active_from", "not-a-date",
         "not a timestamp (ISO-8601 expected, e.g. 2026-10-05T14:30:00+05:00)"),
    ]
    assert rows(minimal_db, "SELECT employee_id, source_line FROM employees ORDER BY 1") == [
        ("e-1", 2), ("e-4", 5)
    ]
    assert rows(minimal_db, "SELECT raw_row FROM quarantine WHERE line = 3") == [
        ('"e-2,IT,2025-01-01,surplus"',)
    ]


def test_lines_stay_right_when_a_large_file_is_read_in_parallel(
    minimal_db: Path, tmp_path: Path
) -> None:
    """Lines come from the order rows are stored in, not a window: check it across row groups."""
    good = "e-{},IT,2025-01-01\n"
    bad_lines = {3, 150_001, 300_001}  # the file line of each bad record (the header is line 1)
    body = "".join(
        f"e-{line},IT,not-a-date\n" if line in bad_lines else good.format(line)
        for line in range(2, 300_002)
    )
    path = tmp_path / "employees.csv"
    path.write_text("employee_id,department,active_from\n" + body, encoding="utf-8")
    result = load_one(minimal_db, path)
    assert figures(result) == (300_000, 299_997, 0, 3, 0)
    assert [line for line, *_ in problems(minimal_db)] == sorted(bad_lines)
    assert rows(
        minimal_db,
        "SELECT count(*) FROM employees WHERE employee_id <> 'e-' || source_line",
    ) == [(0,)]


def test_parquet_file_loads_through_the_same_checks(minimal_db: Path, tmp_path: Path) -> None:
    with_subjects(minimal_db, tmp_path)
    path = tmp_path / "processing_log_2026-10.parquet"
    duckdb.execute(f"""
        COPY (
            SELECT * FROM (VALUES
                ('p-1', 's-1', 'order_fulfilment', 'crm',
                 TIMESTAMPTZ '2026-10-05 14:30:00+05', 'contact_email', 7),
                ('p-2', 's-1', 'order_fulfilment', 'nowhere',
                 TIMESTAMPTZ '2026-10-05 14:30:00+05', NULL, 8)
            ) AS t(event_id, subject_id, purpose_id, system_id, occurred_at, data_category,
                   batch)
        ) TO '{path}' (FORMAT parquet)
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (2, 1, 0, 1, 0)
    # for Parquet, `line` is the row number (the first row is 1)
    assert problems(minimal_db, result.load_id) == [
        (2, "system_id", "nowhere", "unknown system 'nowhere' (not in the register)")
    ]
    assert rows(
        minimal_db, "SELECT event_id, occurred_at::VARCHAR, extra, source_line FROM processing_log"
    ) == [("p-1", "2026-10-05 09:30:00+00", '{"batch":7}', 1)]


def test_compressed_csv_loads_and_a_csv_named_parquet_is_refused(
    minimal_db: Path, tmp_path: Path
) -> None:
    text = "employee_id,department,active_from\ne-1,Sales,2025-01-01\n"
    packed = tmp_path / "employees_2026.csv.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    assert figures(load_one(minimal_db, packed)) == (1, 1, 0, 0, 0)
    misnamed = write(tmp_path, "employees.parquet", text)
    with pytest.raises(LoadError, match=r"employees\.parquet: cannot be read as Parquet: "):
        load(minimal_db, misnamed)


def test_kind_comes_from_the_longest_kind_name_the_file_name_starts_with() -> None:
    assert kind_for_path("exports/consent_events_2026-10.parquet").name == "consent_events"
    assert kind_for_path("access_log.csv").name == "access_log"
    assert kind_for_path("access_grants-q3.csv.gz").name == "access_grants"
    for bad in ("subjectsx.csv", "events.csv"):
        with pytest.raises(LoadError, match="cannot tell the kind from the file name"):
            kind_for_path(bad)


def test_kind_option_overrides_the_file_name(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "hr_export.csv", """\
        employee_id,department,active_from
        e-1,Sales,2025-01-01
    """)
    (result,) = load(minimal_db, path, kind="employees")
    assert (result.kind, figures(result)) == ("employees", (1, 1, 0, 0, 0))
    with pytest.raises(LoadError, match="unknown kind 'staff'; choose one of subjects, "):
        load(minimal_db, path, kind="staff")


def test_every_path_is_checked_before_any_file_is_loaded(
    minimal_db: Path, tmp_path: Path
) -> None:
    subjects = write(tmp_path, "subjects.csv", "subject_id,subject_type,country,created_at\n")
    for bad, message in [
        (tmp_path / "missing.csv", "missing.csv: no such file"),
        (write(tmp_path, "subjects.txt", "x"), "subjects.txt: not a CSV or Parquet file"),
        (tmp_path, "is a folder; pass its files"),
    ]:
        with pytest.raises(LoadError, match=message):
            load(minimal_db, subjects, bad)
    assert rows(minimal_db, "SELECT count(*) FROM load_log") == [(0,)]
