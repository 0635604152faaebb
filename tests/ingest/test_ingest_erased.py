"""Erased subjects stay erased: the key they are recognised by, and when it is needed.

The records themselves (one quarantine row holding none of their values) are corpus cases
(corpus/cases.yaml, setup `erased`); these tests pin when the pseudonym key is asked for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import TEST_KEY, figures, load, problems, rows, with_subjects, write

from governance.errors import LoadError
from governance.store import connect
from governance.store.ingest import kinds, load_file, plan
from governance.store.ledger import PSEUDONYM_KEY_ENV, bind_pseudonym_key

PROCESSING = """\
    event_id,subject_id,purpose_id,system_id,occurred_at
    p-1,s-1,order_fulfilment,crm,2026-10-01T10:00:00Z
    p-2,s-2,order_fulfilment,crm,2026-10-01T10:00:00Z
"""


def _erase(db: Path, *subject_ids: str) -> None:
    """What `governance erase` leaves behind: the subject's key in subject_erasures, no row."""
    con = connect(db)
    try:
        bind_pseudonym_key(con, TEST_KEY)
        for subject_id in subject_ids:
            con.execute(
                "INSERT INTO subject_erasures (subject_key, erased_at) "
                "VALUES (subject_key(?), TIMESTAMPTZ '2026-12-07 10:00:00+00')",
                [subject_id],
            )
            con.execute("DELETE FROM subjects WHERE subject_id = ?", [subject_id])
    finally:
        con.close()


def test_every_kind_naming_subjects_is_checked_and_only_those() -> None:
    named = {name: [c.name for c in kind.subject_columns] for name, kind in kinds().items()}
    assert {name for name, columns in named.items() if columns} == {
        "subjects",
        "consent_events",
        "policy_acceptances",
        "processing_log",
        "dsr_requests",
        "disclosures",
        "access_log",
        "data_inventory",
    }
    assert all(columns in ([], ["subject_id"]) for columns in named.values())


def test_without_the_key_a_batch_is_refused_before_its_first_file(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV, raising=False)
    with_subjects(minimal_db, tmp_path)
    _erase(minimal_db, "s-2", "s-3")
    employees = write(
        tmp_path, "employees_2.csv", "employee_id,department,active_from\ne-9,IT,2025-01-01\n"
    )
    processing = write(tmp_path, "processing_log.csv", PROCESSING)
    loads = rows(minimal_db, "SELECT count(*) FROM load_log")
    with pytest.raises(LoadError) as caught:
        load(minimal_db, employees, processing)
    assert str(caught.value) == (
        f"{processing}: 2 subjects were erased (governance erase), and recognising them in this "
        "processing_log file needs the pseudonym key: set GOVERNANCE_PSEUDONYM_KEY from your "
        "secret store and load again"
    )
    assert rows(minimal_db, "SELECT count(*) FROM load_log") == loads  # not even the employees


def test_a_key_bound_by_the_caller_is_enough(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV, raising=False)
    with_subjects(minimal_db, tmp_path)
    _erase(minimal_db, "s-2")
    ((source, kind),) = plan([write(tmp_path, "processing_log.csv", PROCESSING)])
    con = connect(minimal_db)
    try:
        bind_pseudonym_key(con, TEST_KEY)
        result = load_file(con, source, kind)
    finally:
        con.close()
    assert figures(result) == (2, 1, 0, 1, 0)
    assert problems(minimal_db, result.load_id) == [
        (3, "subject_id", None, "subject erased on 2026-12-07: not loaded again (governance erase)")
    ]


def test_without_erasures_no_key_is_needed(
    minimal_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV, raising=False)
    with_subjects(minimal_db, tmp_path)
    (result,) = load(minimal_db, write(tmp_path, "processing_log.csv", PROCESSING))
    assert figures(result) == (2, 2, 0, 0, 0)
