"""verify_ledger names each kind of tampering: the row, the event and what is wrong."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from ledger_helpers import append_series, open_ledger, problems

from governance.errors import StoreError
from governance.store.integrity import verify_database
from governance.store.ledger import bind_pseudonym_key, verify_ledger

RECOMPUTE_FINGERPRINT = (
    "fingerprint = ledger_fingerprint(seq, event_id, subject_key, purpose_id, action, "
    "occurred_at, policy_version, channel, evidence_ref)"
)


@pytest.fixture
def ledger(minimal_db: Path) -> duckdb.DuckDBPyConnection:
    """Ten events e-1..e-10, appended in two batches (seals at seq 6 and 10)."""
    con = open_ledger(minimal_db)
    append_series(con, 1, 6, load_id=1)
    append_series(con, 7, 10, load_id=2)
    return con


def test_an_untouched_ledger_verifies(ledger: duckdb.DuckDBPyConnection) -> None:
    report = verify_ledger(ledger)
    assert report.ok and report.problems == ()
    head = ledger.execute("SELECT mac FROM ledger_blocks WHERE last_seq = 10").fetchone()[0]
    assert (report.events, report.last_seq, report.head_hash, report.seals) == (10, 10, head, 2)


@pytest.mark.parametrize(
    ("tampering", "expected"),
    [
        pytest.param(
            ["UPDATE consent_events SET channel = 'phone' WHERE seq = 4"],
            ["seq 4 (event e-4): edited: content does not match its fingerprint"],
            id="edited-channel",
        ),
        pytest.param(
            ["DELETE FROM consent_events WHERE seq = 5"],
            ["seq 5: deleted: seq 5 is missing (between event e-4 and e-6)"],
            id="deleted-row",
        ),
        pytest.param(
            ["DELETE FROM consent_events WHERE seq BETWEEN 3 AND 5"],
            ["seq 3: deleted: seqs 3-5 are missing (3 rows, between event e-2 and e-6)"],
            id="deleted-rows",
        ),
        pytest.param(
            ["DELETE FROM consent_events WHERE seq = 1"],
            ["seq 1: deleted: seq 1 is missing (before event e-2)"],
            id="deleted-first-row",
        ),
        pytest.param(
            ["DELETE FROM consent_events WHERE seq >= 9"],
            [
                "seq 9: deleted: seqs 9-10 are missing at the end "
                "(the ledger was sealed at seq 10, event e-10)"
            ],
            id="cut-off-the-end",
        ),
        pytest.param(
            [
                "UPDATE consent_events SET seq = CASE seq WHEN 3 THEN 8 ELSE 3 END "
                "WHERE seq IN (3, 8)"
            ],
            [
                "seq 3 (event e-8): reordered: written at seq 8, found at seq 3",
                "seq 8 (event e-3): reordered: written at seq 3, found at seq 8",
            ],
            id="swapped-seq",
        ),
        pytest.param(
            [
                "UPDATE consent_events AS e SET occurred_at = o.occurred_at "
                "FROM consent_events AS o WHERE (e.seq, o.seq) IN ((3, 8), (8, 3))"
            ],
            [
                "seq 3 (event e-3): edited: content does not match its fingerprint",
                "seq 8 (event e-8): edited: content does not match its fingerprint",
            ],
            id="swapped-occurred_at",
        ),
        pytest.param(
            [
                "UPDATE consent_events SET action = 'grant' WHERE seq = 4",
                f"UPDATE consent_events SET {RECOMPUTE_FINGERPRINT} WHERE seq = 4",
            ],
            [
                "seq 1: rewritten: the MAC of the block of seqs 1-6 does not verify, although "
                "every row matches its fingerprint: a row was changed together with its "
                "fingerprint, or the MAC was edited"
            ],
            id="rewritten-with-recomputed-fingerprint",
        ),
        pytest.param(
            ["UPDATE ledger_blocks SET mac = sha256('forged') WHERE first_seq = 7"],
            [
                "seq 7: rewritten: the MAC of the block of seqs 7-10 does not verify, although "
                "every row matches its fingerprint: a row was changed together with its "
                "fingerprint, or the MAC was edited",
                "seq 10 (event e-10): edited: the block ending at seq 10 is not the one it was "
                "sealed with",
            ],
            id="edited-mac",
        ),
        pytest.param(
            [
                "INSERT INTO consent_events SELECT * REPLACE ('e-x' AS event_id) "
                "FROM consent_events WHERE seq = 2"
            ],
            [
                "seq 2 (event e-2): duplicated: seq 2 is held by more than one row",
                "seq 2 (event e-x): duplicated: seq 2 is held by more than one row",
                "seq 2 (event e-x): edited: content does not match its fingerprint",
            ],
            id="inserted-duplicate",
        ),
        pytest.param(
            [
                "INSERT INTO consent_events SELECT * REPLACE (11 AS seq, 'e-11' AS event_id) "
                "FROM consent_events WHERE seq = 10",
                f"UPDATE consent_events SET {RECOMPUTE_FINGERPRINT} WHERE seq = 11",
            ],
            [
                "seq 11: unsealed: seq 11 was not appended by the ledger "
                "(the last seal is at seq 10)",
            ],
            id="appended-outside-the-ledger",
        ),
        pytest.param(
            ["UPDATE ledger_seals SET seq = 5 WHERE seq = 6"],
            ["seq 5 (event e-6): seal forged: the seal of seq 5 does not verify with this key"],
            id="forged-seal",
        ),
    ],
)
def test_tampering_is_named_row_by_row(
    ledger: duckdb.DuckDBPyConnection, tampering: list[str], expected: list[str]
) -> None:
    for statement in tampering:
        ledger.execute(statement)
    assert problems(ledger) == expected


def test_renumbering_after_a_delete_shows_every_moved_row(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    ledger.execute("DELETE FROM consent_events WHERE seq = 8")
    ledger.execute("UPDATE consent_events SET seq = seq - 1 WHERE seq > 8")
    assert problems(ledger) == [
        "seq 8 (event e-9): reordered: written at seq 9, found at seq 8",
        "seq 9 (event e-10): reordered: written at seq 10, found at seq 9",
        "seq 10: deleted: seq 10 is missing at the end (the ledger was sealed at seq 10, "
        "event e-10)",
    ]


def test_a_wrong_key_is_a_configuration_error_not_tampering(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    bind_pseudonym_key(ledger, "not-the-ledger-key-0123")
    with pytest.raises(StoreError) as raised:
        verify_ledger(ledger)
    assert str(raised.value) == (
        "GOVERNANCE_PSEUDONYM_KEY does not verify against the consent ledger's key check value, "
        "nor any of its seals or subject key mappings: it is not the key the ledger was written "
        "with; set the ledger's key from your secret store"
    )


def test_a_wholesale_rewrite_is_counted_in_full_but_listed_only_up_to_the_limit(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    ledger.execute("UPDATE consent_events SET channel = 'phone'")
    report = verify_ledger(ledger, limit=3)
    assert report.problem_count == 10 and not report.ok
    assert [str(problem) for problem in report.problems] == [
        f"seq {i} (event e-{i}): edited: content does not match its fingerprint" for i in (1, 2, 3)
    ]
    lines = verify_database(ledger, limit=3).lines(limit=2)
    assert lines[-5:] == [
        "FAILED: 10 problems (tampering or damage)",
        "first row that does not verify: seq 1 (event e-1)",
        "  seq 1 (event e-1): edited: content does not match its fingerprint",
        "  seq 2 (event e-2): edited: content does not match its fingerprint",
        "  ... and 8 more",
    ]


def test_a_database_from_before_migration_010_still_verifies_read_only(
    ledger: duckdb.DuckDBPyConnection,
) -> None:
    """verify_ledger runs read-only (the subject access package), where nothing can migrate."""
    ledger.execute("DROP TABLE ledger_key_check")
    ledger.execute("DROP MACRO ledger_key_check_value")
    ledger.execute("DELETE FROM schema_migrations WHERE version = 10")
    report = verify_ledger(ledger)
    assert report.ok
    assert report.key_evidence == (
        "GOVERNANCE_PSEUDONYM_KEY verifies 2 seals and 3 sampled subject key mappings "
        "(no key check value recorded yet: the next append records it)"
    )
    bind_pseudonym_key(ledger, "not-the-ledger-key-0123")
    with pytest.raises(StoreError, match="does not verify any seal or subject key mapping"):
        verify_ledger(ledger)
