"""Layout 2 of the ledger (a fingerprint per row, a keyed MAC per block of rows) and the move of
a layout-1 ledger (a content hash and keyed link per row) to it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from ledger_helpers import (
    SERIES,
    STAGED,
    STAGED_TABLE,
    append_series,
    open_ledger,
    problems,
    record_load,
)

import governance.store.ledger as ledger_module
from governance.errors import StoreError
from governance.store import queries
from governance.store.ledger import verify_ledger
from governance.store.ledger_upgrade import is_layout_1
from governance.store.pseudonym_key import record_key_check

LAYOUT_1_APPEND = (Path(__file__).parent / "layout1_append.sql").read_text()
FINGERPRINT = (
    "fingerprint = ledger_fingerprint(seq, event_id, subject_key, purpose_id, action, "
    "occurred_at, policy_version, channel, evidence_ref)"
)


def append_layout_1(con: duckdb.DuckDBPyConnection, first: int, last: int, load_id: int) -> None:
    """Append e-<first>..e-<last> as the package did before schema/013."""
    con.execute(STAGED_TABLE)
    con.execute(SERIES, {"first": first, "last": last, "load_id": load_id})
    keys = queries.sql("governance.store", "ledger_sql/append_subject_keys.sql")
    queries.run(con, keys, staged=STAGED)
    rows = last - first + 1
    queries.run(con, LAYOUT_1_APPEND, staged=STAGED, rows_appended=rows)
    record_key_check(con, rows_appended=rows)
    record_load(con, load_id, rows)


@pytest.fixture
def layout_1(minimal_db: Path) -> duckdb.DuckDBPyConnection:
    """A ledger of layout 1: e-1..e-4 and e-5..e-6 in two appends (seals at seq 4 and 6)."""
    con = open_ledger(minimal_db)
    con.execute("ALTER TABLE consent_events ADD COLUMN content_hash VARCHAR")
    con.execute("ALTER TABLE consent_events ADD COLUMN link_hash VARCHAR")
    append_layout_1(con, 1, 4, load_id=1)
    append_layout_1(con, 5, 6, load_id=2)
    return con


def test_a_new_database_has_layout_2(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    assert not is_layout_1(con)
    columns = {row[0] for row in con.execute("DESCRIBE consent_events").fetchall()}
    assert "fingerprint" in columns and not {"content_hash", "link_hash"} & columns


def test_a_layout_1_ledger_verifies_by_its_own_rules(layout_1: duckdb.DuckDBPyConnection) -> None:
    report = verify_ledger(layout_1)
    assert report.ok and report.layout == 1 and report.head_label == "content hash"
    layout_1.execute("UPDATE consent_events SET channel = 'phone' WHERE seq = 2")
    assert problems(layout_1) == ["seq 2 (event e-2): edited: content does not match its hash"]


def test_the_first_append_re_seals_a_layout_1_ledger_in_blocks(
    layout_1: duckdb.DuckDBPyConnection,
) -> None:
    append_series(layout_1, 7, 9, load_id=3)
    assert not is_layout_1(layout_1)
    blocks = layout_1.execute("SELECT first_seq, last_seq, rows FROM ledger_blocks ORDER BY 1")
    assert blocks.fetchall() == [(1, 4, 4), (5, 6, 2), (7, 9, 3)]
    report = verify_ledger(layout_1)
    assert report.ok and report.layout == 2 and report.seals == 3
    # the re-made seals bind the blocks: editing a re-sealed row is named as before
    layout_1.execute("UPDATE consent_events SET action = 'withdraw' WHERE seq = 5")
    assert problems(layout_1) == [
        "seq 5 (event e-5): edited: content does not match its fingerprint"
    ]


def test_a_tampered_layout_1_ledger_is_not_re_sealed(layout_1: duckdb.DuckDBPyConnection) -> None:
    """Re-sealing would launder the edit into valid MACs: the append is refused instead."""
    layout_1.execute("UPDATE consent_events SET channel = 'phone' WHERE seq = 2")
    with pytest.raises(StoreError) as raised:
        append_series(layout_1, 7, 9, load_id=3)
    assert str(raised.value) == (
        "the consent ledger was written in layout 1 and does not verify (1 problem(s): seq 2: "
        "edited: content does not match its hash), so it is not re-sealed in layout 2 and "
        "nothing was appended; run 'governance verify' on the database"
    )
    assert is_layout_1(layout_1)
    assert layout_1.execute("SELECT count(*) FROM consent_events").fetchone()[0] == 6
    assert layout_1.execute("SELECT count(*) FROM ledger_blocks").fetchone()[0] == 0


@pytest.fixture
def blocks_of_three(minimal_db: Path, monkeypatch: pytest.MonkeyPatch) -> duckdb.DuckDBPyConnection:
    """One append of e-1..e-10 in blocks of three seqs: 1-3, 4-6, 7-9 and 10, made and verified
    two blocks per pass (as 64 are at scale)."""
    monkeypatch.setattr(ledger_module, "BLOCK_ROWS", 3)
    monkeypatch.setattr(ledger_module, "BLOCKS_PER_PASS", 2)
    con = open_ledger(minimal_db)
    append_series(con, 1, 10)
    return con


def test_one_append_is_cut_into_blocks(blocks_of_three: duckdb.DuckDBPyConnection) -> None:
    blocks = blocks_of_three.execute(
        "SELECT first_seq, last_seq, rows FROM ledger_blocks ORDER BY 1"
    )
    assert blocks.fetchall() == [(1, 3, 3), (4, 6, 3), (7, 9, 3), (10, 10, 1)]
    assert verify_ledger(blocks_of_three).ok


@pytest.mark.parametrize(
    ("tampering", "expected"),
    [
        pytest.param(
            [
                "UPDATE consent_events SET action = 'withdraw' WHERE seq = 5",
                f"UPDATE consent_events SET {FINGERPRINT} WHERE seq = 5",
            ],
            [
                "seq 4: rewritten: the MAC of the block of seqs 4-6 does not verify, although "
                "every row matches its fingerprint: a row was changed together with its "
                "fingerprint, or the MAC was edited"
            ],
            id="rewritten-row-names-its-block-only",
        ),
        pytest.param(
            [
                "DELETE FROM consent_events WHERE seq BETWEEN 4 AND 6",
                "DELETE FROM ledger_blocks WHERE first_seq = 4",
            ],
            ["seq 4: deleted: seqs 4-6 are missing (3 rows, between event e-3 and e-7)"],
            id="deleted-block-with-its-mac",
        ),
        pytest.param(
            ["DELETE FROM ledger_blocks WHERE first_seq = 4"],
            [
                "seq 4: unsealed: seqs 4-6 are in no MAC block (not appended by the ledger, or "
                "its block was deleted)"
            ],
            id="deleted-mac-block",
        ),
        pytest.param(
            ["UPDATE ledger_blocks SET last_seq = 5, rows = 2 WHERE first_seq = 4"],
            [
                "seq 4: rewritten: the MAC of the block of seqs 4-5 does not verify, although "
                "every row matches its fingerprint: a row was changed together with its "
                "fingerprint, or the MAC was edited",
                "seq 6: unsealed: seq 6 is in no MAC block (not appended by the ledger, or its "
                "block was deleted)",
            ],
            id="shrunk-block",
        ),
    ],
)
def test_block_tampering_is_named(
    blocks_of_three: duckdb.DuckDBPyConnection, tampering: list[str], expected: list[str]
) -> None:
    for statement in tampering:
        blocks_of_three.execute(statement)
    assert problems(blocks_of_three) == expected
