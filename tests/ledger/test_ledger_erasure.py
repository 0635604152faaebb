"""Erasing a subject removes the person, keeps the evidence, and the ledger still verifies."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from ledger_helpers import KEY, append_series, open_ledger, problems

from governance.store.integrity import verify_database
from governance.store.ledger import ErasureResult, erase_subject

SUBJECTS = """
INSERT INTO subjects (subject_id, subject_type, country, created_at, full_name, email, load_id,
                      source_line)
SELECT 's-' || i, 'customer', 'KZ', TIMESTAMPTZ '2025-12-01 00:00:00+00', 'Person ' || i,
       'person' || i || '@example.kz', 1, i + 2
FROM range(3) AS r(i)
"""


@pytest.fixture
def ledger(minimal_db: Path) -> duckdb.DuckDBPyConnection:
    """Subjects s-0..s-2 with identity, and nine consent events (three each) in two batches."""
    con = open_ledger(minimal_db)
    con.execute(SUBJECTS)
    append_series(con, 1, 5)
    append_series(con, 6, 9)
    return con


def test_erasure_removes_identity_and_mapping_and_keeps_the_ledger(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    result = erase_subject(ledger, "s-1")
    assert result == ErasureResult(
        "s-1", identity_rows=1, key_rows=1, ledger_rows_kept=3, erased_at=result.erased_at
    )
    assert result.found and result.erased_at is not None
    left = ledger.execute("SELECT subject_id FROM subjects ORDER BY 1").fetchall()
    assert left == [("s-0",), ("s-2",)]
    mapped = ledger.execute("SELECT subject_id FROM subject_keys ORDER BY 1").fetchall()
    assert mapped == [("s-0",), ("s-2",)]
    key = hashlib.sha256(f"{KEY}:s-1".encode()).hexdigest()
    kept = ledger.execute(
        "SELECT seq FROM consent_events WHERE subject_key = ? ORDER BY seq", [key]
    ).fetchall()
    assert kept == [(1,), (4,), (7,)]
    logged = ledger.execute(
        "SELECT subject_key, erased_at, request_id, subjects_deleted, subject_keys_deleted, "
        "quarantine_redacted, ledger_rows_kept, ledger_head_seq FROM subject_erasures"
    ).fetchall()
    assert logged == [(key, result.erased_at, None, 1, 1, 0, 3, 9)]


def test_the_ledger_and_the_database_verify_after_an_erasure(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    erase_subject(ledger, "s-1")
    assert problems(ledger) == []
    report = verify_database(ledger)
    assert report.ok, report.lines()
    assert report.ledger.erased_subjects == 1


def test_consent_state_by_subject_keeps_the_erased_subjects_state_without_the_person(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    erase_subject(ledger, "s-1")
    rows = ledger.execute(
        "SELECT subject_id, purpose_id, action, seq FROM consent_state_by_subject(?) ORDER BY seq",
        ["2026-01-01 00:09:00+00"],
    ).fetchall()
    assert rows == [
        (None, "newsletter", "withdraw", 4),
        ("s-2", "site_analytics", "grant", 5),
        ("s-0", "newsletter", "grant", 6),
        (None, "site_analytics", "grant", 7),
        ("s-2", "newsletter", "withdraw", 8),
        ("s-0", "site_analytics", "grant", 9),
    ]


def test_erasing_an_unknown_subject_changes_nothing(ledger: duckdb.DuckDBPyConnection) -> None:
    result = erase_subject(ledger, "nobody")
    assert result == ErasureResult("nobody", 0, 0, 0)
    assert not result.found and not result.known
    assert ledger.execute("SELECT count(*) FROM subject_erasures").fetchone()[0] == 0


def test_an_erasure_in_the_callers_transaction_rolls_back_with_it(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    ledger.execute("BEGIN TRANSACTION")
    erase_subject(ledger, "s-1")
    ledger.execute("ROLLBACK")
    assert ledger.execute("SELECT count(*) FROM subject_keys").fetchone()[0] == 3
    assert ledger.execute("SELECT count(*) FROM subjects").fetchone()[0] == 3


def test_a_mapping_lost_without_an_erasure_is_an_integrity_problem(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    ledger.execute("DELETE FROM subject_keys WHERE subject_id = 's-1'")
    ledger.execute("INSERT INTO subject_keys VALUES ('s-9', sha256('guess'))")
    ledger.execute("DELETE FROM register_source")
    report = verify_database(ledger)
    key = hashlib.sha256(f"{KEY}:s-1".encode()).hexdigest()
    assert report.integrity_problems == (
        "subject_keys: 1 key mapping names a pseudonym with no row in the consent ledger "
        "(subjects s-9): the ledger rows they were written with were deleted",
        f"consent_events: subject key {key[:16]} (3 events, first at seq 1) has no subject "
        "mapping and no erasure record",
        "register_source: no register is recorded (the row was deleted, or the database was "
        "not built by governance init)",
        "subject_keys: subject s-9 maps to a key that the pseudonym key does not give",
    )
    assert report.ledger.ok and not report.ok


def test_erasing_again_finds_the_earlier_erasure_and_records_nothing(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    first = erase_subject(ledger, "s-1")
    again = erase_subject(ledger, "s-1")
    assert not again.found and again.known
    assert again.erased_before == first.erased_at
    assert ledger.execute("SELECT count(*) FROM subject_erasures").fetchone()[0] == 1
