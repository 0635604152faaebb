"""Tampering with a real database file, found by `governance verify` as a scheduler runs it.

Each test changes a copy of a database that the real CLI built and loaded (tests/ledger/
cli_ledger.py: consent loads 3 (c-1..c-6 at seqs 1-6) and 4 (c-7, c-8, c-10, c-11 at seqs 7-10),
sealed at seqs 6 and 10), with plain SQL as an intruder with file access would, then runs
`governance verify` in a subprocess. What verify can prove and what it cannot is in
docs/integrity.md; the tests pin both sides.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from cli_ledger import RECHAIN, build, copy, sql, verify

OTHER_KEY = "not-the-ledger-key-0123456789"
WRONG_KEY = (
    "error: GOVERNANCE_PSEUDONYM_KEY does not verify against the consent ledger's key check "
    "value, nor any of its seals or subject key mappings: it is not the key the ledger was "
    "written with; set the ledger's key from your secret store\n"
)
FINGERPRINT = (
    "fingerprint = ledger_fingerprint(seq, event_id, subject_key, purpose_id, action, "
    "occurred_at, policy_version, channel, evidence_ref)"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("company"))


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    return copy(built, tmp_path / "company.duckdb")


def source(db: Path, load_id: int) -> tuple[str, str]:
    """The file and the time (as verify prints it) of a load in load_log."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT source_path, strftime(loaded_at, '%Y-%m-%d %H:%M') FROM load_log "
            "WHERE load_id = ?",
            [load_id],
        ).fetchone()
    finally:
        con.close()


def load(db: Path, load_id: int) -> str:
    """How verify names a load: 'load N (path, loaded YYYY-MM-DD HH:MM)'."""
    path, loaded = source(db, load_id)
    return f"load {load_id} ({path}, loaded {loaded})"


def findings(output: str) -> list[str]:
    """The problem lines verify printed, without their indent."""
    return [line[2:] for line in output.splitlines() if line.startswith("  ")]


def line_starting(output: str, prefix: str) -> str:
    (found,) = [line for line in output.splitlines() if line.startswith(prefix)]
    return found


def test_the_untouched_database_verifies(db: Path) -> None:
    result = verify(db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "consent ledger: 10 events, seq 1-10, 2 seals, 0 erased subjects" in result.stdout
    assert (
        "held against: 2 consent loads in load_log (10 rows), 3 subject key mappings, "
        "0 erasure records"
    ) in result.stdout


def test_wiping_the_ledger_and_its_seals_is_named_load_by_load(db: Path) -> None:
    """The issue's case: DELETE FROM consent_events; DELETE FROM ledger_seals passed verify."""
    sql(db, "DELETE FROM consent_events", "DELETE FROM ledger_seals")
    result = verify(db)
    assert result.returncode == 8, result.stderr
    recorded = line_starting(result.stdout, "key: ").split("(recorded ")[1][:16]
    assert line_starting(result.stdout, "FAILED") == "FAILED: 4 problems (tampering or damage)"
    assert findings(result.stdout) == [
        f"ledger_key_check: the key check value was recorded ({recorded}) by an append, but "
        "the ledger holds no rows and no seals: they were deleted",
        f"load_log: {load(db, 3)} loaded 6 consent rows, the ledger holds none of them: "
        "seqs 1-6 are missing",
        f"load_log: {load(db, 4)} loaded 4 consent rows, the ledger holds none of them: "
        "seqs 7-10 are missing",
        "subject_keys: 3 key mappings name a pseudonym with no row in the consent ledger "
        "(subjects s-1, s-10, s-2): the ledger rows they were written with were deleted",
    ]


def test_cutting_rows_off_the_end_is_named_by_the_seal_and_the_load_log(db: Path) -> None:
    sql(db, "DELETE FROM consent_events WHERE seq > 8")
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert findings(result.stdout) == [
        f"load_log: {load(db, 4)} loaded 4 consent rows, the ledger holds 2 of them, within "
        "seqs 7-8: 2 rows are missing; by the load log its rows are seqs 7-10",
        "seq 9: deleted: seqs 9-10 are missing at the end (the ledger was sealed at seq 10, "
        "event c-11)",
    ]


def test_cutting_the_last_append_with_its_seal_leaves_a_valid_chain_the_load_log_denies(
    db: Path,
) -> None:
    """Rows and seal gone together: the chain alone is an older, valid ledger."""
    sql(
        db,
        "DELETE FROM consent_events WHERE load_id = 4",
        "DELETE FROM ledger_seals WHERE seq = 10",
    )
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert "head: seq 6, block MAC " in result.stdout
    assert findings(result.stdout) == [
        f"load_log: {load(db, 4)} loaded 4 consent rows, the ledger holds none of them: "
        "seqs 7-10 are missing",
    ]


def test_a_row_forged_with_the_key_verifies_what_verify_cannot_prove(db: Path) -> None:
    """What verify cannot prove: the key holder can rewrite a row and every hash after it.

    The rows, their number, their loads and their file order are all as recorded, and the head
    (the MAC of the last block) is unchanged, so nothing in or beside the database shows it:
    the key is the trust anchor (docs/integrity.md, "What verify cannot prove").
    """
    before = verify(db)
    sql(db, "UPDATE consent_events SET action = 'withdraw' WHERE event_id = 'c-4'", *RECHAIN)
    result = verify(db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert line_starting(result.stdout, "head: ") == line_starting(before.stdout, "head: ")


def test_the_last_row_forged_with_the_key_changes_the_head_an_auditor_recorded(
    db: Path,
) -> None:
    """The head verify prints, recorded elsewhere, is what shows a rewrite of the end."""
    before = verify(db)
    sql(db, "UPDATE consent_events SET action = 'withdraw' WHERE event_id = 'c-11'", *RECHAIN)
    result = verify(db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert line_starting(result.stdout, "head: ") != line_starting(before.stdout, "head: ")


def test_a_row_deleted_with_the_key_is_caught_by_the_load_log(db: Path) -> None:
    sql(db, "DELETE FROM consent_events WHERE event_id = 'c-4'", *RECHAIN)
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert findings(result.stdout) == [
        f"load_log: {load(db, 3)} loaded 6 consent rows, the ledger holds 5 of them, within "
        "seqs 1-5: 1 row is missing; by the load log its rows are seqs 1-6",
    ]


def test_a_row_forged_without_the_key_is_tampering_naming_the_row_not_a_wrong_key(
    db: Path,
) -> None:
    """The issue's case: an edited row with seals re-made without the key exited 4."""
    sql(
        db,
        "UPDATE consent_events SET action = 'grant' WHERE event_id = 'c-7'",
        f"UPDATE consent_events SET {FINGERPRINT} WHERE event_id = 'c-7'",
        "UPDATE ledger_seals SET seal_hash = ledger_seal_hash(seq, content_hash)",
        key=OTHER_KEY,
    )
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert result.stderr == ""
    assert line_starting(result.stdout, "first row") == (
        "first row that does not verify: one of seqs 7-10 (its block's MAC fails; the row's "
        "fingerprint was recomputed, so it cannot be named)"
    )
    assert findings(result.stdout) == [
        "seq 1: unsealed: seqs 1-10 were not appended by the ledger (no seal verifies)",
        "seq 6 (event c-6): seal forged: the seal of seq 6 does not verify with this key",
        "seq 7: rewritten: the MAC of the block of seqs 7-10 does not verify, although every "
        "row matches its fingerprint: a row was changed together with its fingerprint, or the "
        "MAC was edited",
        "seq 10 (event c-11): seal forged: the seal of seq 10 does not verify with this key",
    ]


def test_a_ledger_rechained_without_the_key_is_tampering_from_its_first_row(db: Path) -> None:
    sql(
        db,
        "UPDATE consent_events SET action = 'grant' WHERE event_id = 'c-7'",
        *RECHAIN,
        key=OTHER_KEY,
    )
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert line_starting(result.stdout, "first row") == (
        "first row that does not verify: one of seqs 1-6 (its block's MAC fails; the row's "
        "fingerprint was recomputed, so it cannot be named)"
    )


def test_a_genuinely_wrong_key_exits_4(db: Path) -> None:
    result = verify(db, key=OTHER_KEY)
    assert result.returncode == 4
    assert result.stderr == WRONG_KEY
    assert result.stdout == ""


def test_an_altered_key_check_value_is_tampering_when_the_seals_prove_the_key(db: Path) -> None:
    sql(db, "UPDATE ledger_key_check SET check_value = sha256('forged')")
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert findings(result.stdout) == [
        "ledger_key_check: the key check value was altered: it does not match "
        "GOVERNANCE_PSEUDONYM_KEY, which 2 seals and 3 sampled subject key mappings of the "
        "ledger prove to be its key",
    ]
    assert verify(db, key=OTHER_KEY).stderr == WRONG_KEY


def test_a_deleted_key_check_value_is_tampering(db: Path) -> None:
    sql(db, "DELETE FROM ledger_key_check")
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert findings(result.stdout) == [
        "ledger_key_check: the key check value is missing, although the ledger was appended "
        "to after migration 010, whose first append records it: it was deleted",
    ]


def test_a_ledger_older_than_its_key_check_value_verifies_as_before(db: Path) -> None:
    """A ledger sealed before migration 010 has no check value until its next append."""
    sql(
        db,
        "DELETE FROM ledger_key_check",
        "UPDATE schema_migrations SET applied_at = now() + INTERVAL 1 DAY WHERE version = 10",
    )
    result = verify(db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert line_starting(result.stdout, "key: ") == (
        "key: GOVERNANCE_PSEUDONYM_KEY verifies 2 seals and 3 sampled subject key mappings "
        "(no key check value recorded yet: the next append records it)"
    )
    wrong = verify(db, key=OTHER_KEY)
    assert wrong.returncode == 4
    assert wrong.stderr == (
        "error: GOVERNANCE_PSEUDONYM_KEY does not verify any seal or subject key mapping of the "
        "consent ledger: it is not the key the ledger was written with (or every seal was "
        "altered; the ledger predates its key check value, which its next append records)\n"
    )
    # forged seals there: the subject key mappings still prove the key, so it is tampering
    sql(
        db, "UPDATE ledger_seals SET seal_hash = ledger_seal_hash(seq, content_hash)", key=OTHER_KEY
    )
    assert verify(db).returncode == 8


@pytest.mark.parametrize(
    ("tampering", "expected"),
    [
        pytest.param(
            "UPDATE consent_events SET load_id = 4 WHERE seq = 3",
            lambda db: [
                "consent_events: seq 4 (event c-4, load 3 line 5) follows seq 3 (event c-3, "
                "load 4 line 4), against the file order the ledger appends in: a load_id or "
                "source_line of one of them was edited",
                "ledger_seals: the seal at seq 6 records load 3 for seqs 1-6, but 1 of those "
                "rows carries another load_id (first: seq 3, load 4): a load_id was edited",
                f"load_log: {load(db, 3)} loaded 6 consent rows, the ledger holds 5 of them, "
                "within seqs 1-6: 1 row is missing; by the load log its rows are seqs 1-6",
                f"load_log: {load(db, 4)} loaded 4 consent rows, the ledger holds 5 rows "
                "carrying its load_id (seqs 3-10): 1 more than it loaded",
            ],
            id="ledger-load_id",
        ),
        pytest.param(
            "UPDATE consent_events SET source_line = 99 WHERE seq = 2",
            lambda db: [
                "consent_events: seq 3 (event c-3, load 3 line 4) follows seq 2 (event c-2, "
                "load 3 line 99), against the file order the ledger appends in: a load_id or "
                "source_line of one of them was edited",
            ],
            id="ledger-source_line",
        ),
        pytest.param(
            "UPDATE load_log SET rows_loaded = 5 WHERE load_id = 3",
            lambda db: [
                f"load_log: {load(db, 3)} loaded 5 consent rows, the ledger holds 6 rows "
                "carrying its load_id (seqs 1-6): 1 more than it loaded",
                f"load_log: load 3 (consent_events file {source(db, 3)[0]}) does not add up: "
                "read 6 <> loaded 5 + quarantined 0 + duplicate 0",
            ],
            id="load_log-rows_loaded",
        ),
        pytest.param(
            "UPDATE load_log SET rows_loaded = 5, rows_read = 5 WHERE load_id = 3",
            lambda db: [
                f"load_log: {load(db, 3)} loaded 5 consent rows, the ledger holds 6 rows "
                "carrying its load_id (seqs 1-6): 1 more than it loaded",
            ],
            id="load_log-rows_loaded-and-read",
        ),
        pytest.param(
            "DELETE FROM load_log WHERE load_id = 4",
            lambda db: [
                "consent_events: 4 rows (seqs 7-10) carry load_id 4, which load_log does not "
                "record as a consent_events load: their load_id was edited, or the load's "
                "load_log row was deleted or altered",
                "quarantine: 1 row of load 4, which load_log does not record: the load's "
                "load_log row was deleted",
            ],
            id="load_log-row-deleted",
        ),
    ],
)
def test_edited_provenance_is_reported(db: Path, tampering: str, expected) -> None:
    expected_lines = expected(db)
    sql(db, tampering)
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert findings(result.stdout) == expected_lines


# DuckDB's file: three 4 KiB headers, then blocks, each starting with an 8-byte checksum.
FILE_HEADERS = 3 * 4096
BLOCK_CHECKSUM = 8


def test_a_damaged_register_table_is_reported_naming_it_not_a_crash(db: Path) -> None:
    """The issue's case: one flipped byte made `purposes` unreadable, verify passed, check
    exited 6. The byte is in the data of purposes' first text column (pragma_storage_info)."""
    con = duckdb.connect(str(db), read_only=True)
    block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    block, offset = con.execute(
        "SELECT block_id, block_offset FROM pragma_storage_info('purposes') "
        "WHERE block_id >= 0 AND segment_type = 'VARCHAR' ORDER BY column_id LIMIT 1"
    ).fetchone()
    con.close()
    position = FILE_HEADERS + block * block_size + BLOCK_CHECKSUM + offset + 16
    with db.open("r+b") as file:
        file.seek(position)
        byte = file.read(1)
        file.seek(position)
        file.write(bytes([byte[0] ^ 0xFF]))
    # the catalog still opens and count(*) still answers from metadata; the data does not read
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM purposes").fetchone()[0] == 3
        with pytest.raises(duckdb.Error, match="checksum"):
            con.execute("SELECT * FROM purposes").fetchall()
    finally:
        con.close()
    result = verify(db)
    assert result.returncode == 8, result.stderr
    assert "Traceback" not in result.stderr
    (damage,) = findings(result.stdout)
    assert damage.startswith(
        "storage: table purposes cannot be read: Corrupt database file: computed checksum "
    )
    assert "consent ledger: 10 events, seq 1-10, 2 seals, 0 erased subjects" in result.stdout
