"""`governance load` as a scheduler runs it: the printed figures, the exit codes, no progress."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import run_cli
from ingest_helpers import rows, write

from governance.store.ingest import Progress, TerminalProgress, load_files, progress_for_stderr


def test_load_prints_the_figures_of_each_file_in_loading_order(
    minimal_db: Path, tmp_path: Path
) -> None:
    processing = write(tmp_path, "processing_log.csv", """\
        event_id,subject_id,purpose_id,system_id,occurred_at
        p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
        p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
        p-2,s-1,order_fulfilment,crm,last tuesday
    """)
    subjects = write(tmp_path, "subjects.csv", """\
        subject_id,subject_type,country,created_at
        s-1,customer,KZ,2026-01-05T10:00:00Z
    """)
    result = run_cli("load", minimal_db, processing, subjects)
    assert result.returncode == 0, result.stderr
    load_id = rows(minimal_db, "SELECT load_id FROM load_log WHERE kind = 'processing_log'")[0][0]
    assert result.stdout.splitlines() == [
        f"{subjects}: read 1, loaded 1 (updated 0), quarantined 0, duplicate 0",
        f"{processing}: read 3, loaded 1 (updated 0), quarantined 1, duplicate 1",
        "  line 4, occurred_at = 'last tuesday': not a timestamp (ISO-8601 expected, "
        "e.g. 2026-10-05T14:30:00+05:00)",
        "  all problems: SELECT line, column_name, raw_value, reason FROM quarantine "
        f"WHERE load_id = {load_id} ORDER BY line",
    ]
    assert result.stderr == ""  # no progress line when stderr is not a terminal

    again = run_cli("load", minimal_db, subjects)
    assert again.returncode == 0
    assert again.stdout == f"{subjects}: already loaded (load 1)\n"


def test_a_broken_file_exits_5_with_one_line(minimal_db: Path, tmp_path: Path) -> None:
    broken = write(tmp_path, "employees.csv", "employee_id,department\ne-1,Sales\n")
    result = run_cli("load", minimal_db, broken)
    assert result.returncode == 5
    assert result.stderr == (
        f"error: {broken}: missing required column active_from for employees "
        "(the header has: employee_id, department)\n"
    )
    assert rows(minimal_db, "SELECT count(*) FROM load_log") == [(0,)]


def test_strict_exits_5_listing_the_first_problems(minimal_db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "cookie_consents.csv", """\
        event_id,visitor_id,cookie_category,action,occurred_at
        k-1,v-1,analytics,grant,2026-10-01T10:00:00Z
        k-2,v-1,ads,grant,2026-10-01T10:00:00Z
    """)
    result = run_cli("load", minimal_db, path, "--strict")
    assert result.returncode == 5
    assert result.stderr.splitlines() == [
        f"error: {path}: --strict: 1 of 2 rows have problems, so nothing from this file was "
        "loaded:",
        "  line 3, cookie_category: 'ads' is not one of strictly_necessary, functional, "
        "analytics, marketing",
    ]
    assert rows(minimal_db, "SELECT count(*) FROM cookie_consents") == [(0,)]


def test_load_of_a_missing_database_exits_4(tmp_path: Path) -> None:
    path = write(tmp_path, "subjects.csv", "subject_id,subject_type,country,created_at\n")
    result = run_cli("load", tmp_path / "nothing.duckdb", path)
    assert result.returncode == 4
    assert "no database here" in result.stderr
    assert not (tmp_path / "nothing.duckdb").exists()


def test_load_help_has_an_example() -> None:
    result = run_cli("load", "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and "governance load " in result.stdout


def test_progress_is_one_overwritten_line_on_a_terminal_and_silent_elsewhere(
    minimal_db: Path, tmp_path: Path
) -> None:
    stream = io.StringIO()
    path = write(tmp_path, "employees.csv", "employee_id,department,active_from\n"
                 "e-1,IT,2025-01-01\n")
    load_files(minimal_db, [path], progress=TerminalProgress(stream))
    assert stream.getvalue() == (
        f"\r\x1b[K[1/1] {path}: reading...\r\x1b[K[1/1] {path}: checking..."
        f"\r\x1b[K[1/1] {path}: writing...\r\x1b[K"
    )
    assert type(progress_for_stderr()) is Progress  # pytest's stderr is not a terminal
