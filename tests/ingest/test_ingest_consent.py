"""Consent events go through the consent ledger: pseudonymised, chained, de-duplicated by key."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import (
    TEST_KEY,
    figures,
    load,
    load_one,
    problems,
    rows,
    table_snapshot,
    with_subjects,
    write,
)

from governance.errors import StoreError
from governance.store import connect
from governance.store.ledger import PSEUDONYM_KEY_ENV, verify_ledger

CONSENTS = """\
    event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref
    c-1,s-1,newsletter,grant,2026-10-01T15:00:00+05:00,1.1,web,form-17
    c-2,s-2,site_analytics,grant,2026-10-01T11:00:00Z,,,
    c-3,s-1,newsletter,withdraw,2026-10-02T10:00:00Z,1.1,email,
"""


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, TEST_KEY)


def test_consent_events_are_appended_to_the_ledger_without_subject_ids(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    result = load_one(minimal_db, write(tmp_path, "consent_events.csv", CONSENTS))
    assert figures(result) == (3, 3, 0, 0, 0)
    ledger = rows(
        minimal_db,
        "SELECT seq, event_id, k.subject_id, occurred_at::VARCHAR, policy_version, source_line "
        "FROM consent_events JOIN subject_keys AS k USING (subject_key) ORDER BY seq",
    )
    assert ledger == [
        (1, "c-1", "s-1", "2026-10-01 10:00:00+00", "1.1", 2),
        (2, "c-2", "s-2", "2026-10-01 11:00:00+00", None, 3),
        (3, "c-3", "s-1", "2026-10-02 10:00:00+00", "1.1", 4),
    ]
    con = connect(minimal_db, read_only=True)
    try:
        assert verify_ledger(con).ok
    finally:
        con.close()


def test_unknown_purpose_policy_version_and_subject_in_consent_events(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    path = write(tmp_path, "consent_events_2026-10.csv", """\
        event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel
        c-1,s-1,newsletter,grant,2026-10-01T10:00:00Z,1.1,web
        c-2,s-1,telemarketing,grant,2026-10-01T10:00:00Z,1.1,web
        c-3,s-1,newsletter,grant,2026-10-01T10:00:00Z,7.0,web
        c-4,s-99,newsletter,grant,2026-10-01T10:00:00Z,1.1,web
    """)
    result = load_one(minimal_db, path)
    assert figures(result) == (4, 1, 0, 3, 0)
    assert problems(minimal_db, result.load_id) == [
        (3, "purpose_id", "telemarketing", "unknown purpose 'telemarketing' (not in the register)"),
        (4, "policy_version", "7.0", "unknown policy version '7.0' (not in the register)"),
        (5, "subject_id", "s-99", "unknown subject 's-99' (load subjects first)"),
    ]


def test_reloaded_consent_events_compare_through_the_subject_key(
    minimal_db: Path, tmp_path: Path
) -> None:
    with_subjects(minimal_db, tmp_path)
    first = load_one(minimal_db, write(tmp_path, "consent_events_a.csv", CONSENTS))
    overlapping = write(tmp_path, "consent_events_b.csv", CONSENTS + """\
        c-4,s-3,newsletter,grant,2026-10-03T10:00:00Z,1.1,web,form-18
    """)
    assert figures(load_one(minimal_db, overlapping)) == (4, 1, 0, 0, 3)
    other_subject = write(tmp_path, "consent_events_c.csv", """\
        event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref
        c-1,s-2,newsletter,grant,2026-10-01T15:00:00+05:00,1.1,web,form-17
    """)
    result = load_one(minimal_db, other_subject)
    assert figures(result) == (1, 0, 0, 1, 0)
    assert problems(minimal_db, result.load_id) == [
        (2, "event_id", "c-1",
         f"already loaded with different values (load {first.load_id}, line 2)")
    ]
    assert rows(minimal_db, "SELECT max(seq), count(*) FROM consent_events") == [(4, 4)]


def test_missing_pseudonym_key_fails_before_any_file_of_the_batch(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV)
    subjects = write(tmp_path, "subjects.csv", "subject_id,subject_type,country,created_at\n")
    consents = write(tmp_path, "consent_events.csv", CONSENTS)
    with pytest.raises(StoreError, match=f"{PSEUDONYM_KEY_ENV} is not set"):
        load(minimal_db, subjects, consents)
    assert rows(minimal_db, "SELECT count(*) FROM load_log") == [(0,)]


def test_a_ledger_refusal_while_writing_rolls_the_whole_file_back(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_subjects(minimal_db, tmp_path)
    load_one(minimal_db, write(tmp_path, "consent_events_a.csv", CONSENTS))
    before = table_snapshot(minimal_db)
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, "another-key-of-enough-length")
    later = write(tmp_path, "consent_events_b.csv", """\
        event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref
        c-9,s-3,newsletter,grant,2026-10-03T10:00:00Z,1.1,web,form-18
        c-10,s-404,newsletter,grant,2026-10-03T10:00:00Z,1.1,web,form-19
    """)
    with pytest.raises(StoreError, match="does not verify"):
        load(minimal_db, later)
    assert table_snapshot(minimal_db) == before
