"""`governance verify DB` as a scheduler runs it: summary on stdout, exit 0 clean, 8 tampered."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from ledger_helpers import KEY, append_series, open_ledger

from governance.store.migrations import latest_version

ENV = {"GOVERNANCE_PSEUDONYM_KEY": KEY}


@pytest.fixture
def ledger_db(minimal_db: Path) -> Path:
    """The minimal database with five consent events e-1..e-5 in one batch."""
    con = open_ledger(minimal_db)
    append_series(con, 1, 5)
    con.close()
    return minimal_db


def storage_line(db: Path) -> str:
    """The storage line verify prints: every table of the file, and all their rows."""
    con = open_ledger(db)
    try:
        tables = [name for (name,) in con.execute("SHOW TABLES").fetchall()]
        rows = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    finally:
        con.close()
    return f"storage: {len(tables)} tables, {rows} rows, every column of every row read"


def head_hash(db: Path) -> str:
    con = open_ledger(db)
    try:
        return con.execute("SELECT mac FROM ledger_blocks WHERE last_seq = 5").fetchone()[0]
    finally:
        con.close()


def test_a_clean_database_verifies_and_exits_0(ledger_db: Path) -> None:
    result = run_cli("verify", ledger_db, env=ENV)
    assert result.returncode == 0, result.stderr
    register = result.stdout.split("register ")[1][:12]
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{ledger_db}: schema version {latest_version()}, register {register}",
        storage_line(ledger_db),
        "consent ledger: 5 events, seq 1-5, 1 seal, 0 erased subjects",
    ]
    assert lines[3].startswith(
        "key: GOVERNANCE_PSEUDONYM_KEY matches the ledger's key check value (recorded "
    )
    assert lines[4:] == [
        "held against: 1 consent load in load_log (5 rows), 3 subject key mappings, "
        "0 erasure records",
        f"head: seq 5, block MAC {head_hash(ledger_db)}",
        "verified: every fingerprint, block MAC and seal matches; integrity OK",
    ]


def test_a_tampered_ledger_exits_8_naming_each_row(ledger_db: Path) -> None:
    con = open_ledger(ledger_db)
    con.execute("UPDATE consent_events SET channel = 'phone' WHERE seq = 2")
    con.execute("DELETE FROM consent_events WHERE seq = 4")
    con.close()
    result = run_cli("verify", ledger_db, env=ENV)
    assert result.returncode == 8, result.stderr
    loaded = result.stdout.split("loaded ")[1][:16]
    assert result.stdout.splitlines()[-5:] == [
        "FAILED: 3 problems (tampering or damage)",
        "first row that does not verify: seq 2 (event e-2)",
        f"  load_log: load 1 (consent_events_1.csv, loaded {loaded}) loaded 5 consent rows, "
        "the ledger holds 4 of them, within seqs 1-5: 1 row is missing; by the load log its "
        "rows are seqs 1-5",
        "  seq 2 (event e-2): edited: content does not match its fingerprint",
        "  seq 4: deleted: seq 4 is missing (between event e-3 and e-5)",
    ]


def test_verify_without_the_key_exits_4_with_the_reason(ledger_db: Path) -> None:
    result = run_cli("verify", ledger_db, env={"GOVERNANCE_PSEUDONYM_KEY": None})
    assert result.returncode == 4
    assert result.stderr.startswith("error: GOVERNANCE_PSEUDONYM_KEY is not set:")
    assert "Traceback" not in result.stderr


def test_verify_of_an_unmigrated_database_exits_4(ledger_db: Path) -> None:
    con = open_ledger(ledger_db)
    con.execute("DELETE FROM schema_migrations WHERE version = 3")
    con.close()
    result = run_cli("verify", ledger_db, env=ENV)
    assert result.returncode == 4
    assert result.stderr == (
        "error: the database lacks schema migration(s) 003_ledger of this package; "
        "migrate it first (governance init DB --register FILE)\n"
    )


def test_verify_help_has_an_example_and_the_exit_code_is_documented() -> None:
    result = run_cli("verify", "--help")
    assert result.returncode == 0
    assert "governance verify out/metrix.duckdb" in result.stdout
    top = " ".join(run_cli("--help").stdout.split())
    assert "8 verify found tampering or damage" in top


def test_a_database_without_consent_events_verifies(minimal_db: Path) -> None:
    result = run_cli("verify", minimal_db, env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        storage_line(minimal_db),
        "consent ledger: 0 events, 0 seals, 0 erased subjects",
        "key: nothing keyed is stored yet",
        "held against: 0 consent loads in load_log (0 rows), 0 subject key mappings, "
        "0 erasure records",
        "verified: every fingerprint, block MAC and seal matches; integrity OK",
    ]
