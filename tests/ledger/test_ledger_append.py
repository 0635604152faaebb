"""Appending to the consent ledger: seq, subject keys, the MAC blocks, the key, atomicity."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from ledger_helpers import KEY, STAGED, STAGED_TABLE, append_series, open_ledger, problems

import governance.store.ledger as ledger_module
from governance.errors import StoreError
from governance.store import connect
from governance.store.ledger import (
    PSEUDONYM_KEY_ENV,
    append_consent_events,
    bind_pseudonym_key,
    verify_ledger,
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_two_batches_continue_seq_and_keep_the_chain_valid(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    assert append_series(con, 1, 5, load_id=1) == 5
    assert append_series(con, 6, 8, load_id=2) == 3
    rows = con.execute("SELECT seq, event_id, load_id FROM consent_events ORDER BY seq").fetchall()
    assert rows == [(i, f"e-{i}", 1 if i <= 5 else 2) for i in range(1, 9)]
    seals = con.execute(
        "SELECT seq, event_id, rows_appended, load_id FROM ledger_seals ORDER BY seq"
    ).fetchall()
    assert seals == [(5, "e-5", 5, 1), (8, "e-8", 3, 2)]
    report = verify_ledger(con)
    assert (report.ok, report.events, report.last_seq, report.seals) == (True, 8, 8, 2)


def test_subjects_are_mapped_once_to_their_keyed_hash_and_never_stored_in_the_ledger(
    minimal_db: Path,
) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 4)
    append_series(con, 5, 6)
    keys = con.execute("SELECT subject_id, subject_key FROM subject_keys ORDER BY 1").fetchall()
    assert keys == [(f"s-{i}", sha256(f"{KEY}:s-{i}")) for i in range(3)]
    info = con.execute("SELECT name FROM pragma_table_info('consent_events')").fetchall()
    columns = {name for (name,) in info}
    assert "subject_id" not in columns
    first = con.execute("SELECT subject_key FROM consent_events WHERE seq = 1").fetchone()[0]
    assert first == sha256(f"{KEY}:s-1")


def test_seq_follows_file_order_not_staging_order(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    con.execute(STAGED_TABLE)
    con.execute(
        f"""INSERT INTO {STAGED} VALUES
        ('late', 's-1', 'newsletter', 'grant', '2026-01-02 00:00:00+00', 'v', 'web', 'f', NULL,
         1, 9),
        ('early', 's-1', 'newsletter', 'grant', '2026-01-03 00:00:00+00', 'v', 'web', 'f', NULL,
         1, 2)"""
    )
    append_consent_events(con, STAGED)
    rows = con.execute("SELECT seq, event_id, source_line FROM consent_events ORDER BY seq")
    assert rows.fetchall() == [(1, "early", 2), (2, "late", 9)]


def test_the_macs_can_be_recomputed_outside_duckdb(
    minimal_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented scheme, written out in Python: an auditor can check it with any tool."""
    monkeypatch.setattr(ledger_module, "BLOCK_ROWS", 2)
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)  # one append of three rows: blocks of seqs 1-2 and 3
    rows = con.execute(
        "SELECT seq, event_id, subject_key, purpose_id, action, epoch_us(occurred_at), "
        "policy_version, channel, evidence_ref FROM consent_events ORDER BY seq"
    ).fetchall()
    secret = sha256(f"governance consent ledger link v1:{KEY}")[:32]
    lines = [json.dumps(list(row), separators=(",", ":"), ensure_ascii=False) for row in rows]
    assert lines[0] == (
        f'[1,"e-1","{sha256(KEY + ":s-1")}","site_analytics","grant",1767225660000000,'
        '"2026-01","web","form/1"]'
    )

    def mac(first: int, last: int) -> str:
        digest = sha256("\n".join(lines[first - 1 : last]))
        return sha256(secret + sha256(f"block:{first}:{last}:{digest}"))

    blocks = con.execute("SELECT * FROM ledger_blocks ORDER BY first_seq").fetchall()
    assert blocks == [(1, 2, 2, mac(1, 2)), (3, 3, 1, mac(3, 3))]
    seal = con.execute("SELECT content_hash, seal_hash FROM ledger_seals").fetchone()
    assert seal == (mac(3, 3), sha256(secret + sha256(f"seal:3:{mac(3, 3)}")))


def test_the_fingerprint_is_duckdbs_hash_and_stays_the_same(minimal_db: Path) -> None:
    """A DuckDB release that changes hash() would make verify name every row of a failing
    block's neighbours wrongly; this pins it, so such an upgrade is seen here first."""
    con = connect(minimal_db)
    value = con.execute(
        "SELECT ledger_fingerprint(1, 'e-1', 'k', 'newsletter', 'grant', "
        "TIMESTAMPTZ '2026-01-01 00:00:00+00', '2026-01', 'web', NULL)"
    ).fetchone()[0]
    assert value == 10628198697629712930


def test_the_key_never_reaches_the_database_file(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)
    con.close()
    assert KEY.encode() not in minimal_db.read_bytes()


def test_a_missing_key_is_a_clear_store_error(
    minimal_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV, raising=False)
    con = connect(minimal_db)
    with pytest.raises(StoreError) as raised:
        bind_pseudonym_key(con)
    assert str(raised.value) == (
        "GOVERNANCE_PSEUDONYM_KEY is not set: the consent ledger needs the pseudonym key "
        "(at least 16 characters), which is kept outside the database; set it in the "
        "environment from your secret store"
    )
    with pytest.raises(StoreError, match="GOVERNANCE_PSEUDONYM_KEY is not set"):
        append_series(con, 1, 2)
    assert con.execute("SELECT count(*) FROM consent_events").fetchone()[0] == 0


def test_a_short_key_is_refused(minimal_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = connect(minimal_db)
    with pytest.raises(StoreError) as raised:
        bind_pseudonym_key(con, "short-key")
    assert str(raised.value) == (
        "GOVERNANCE_PSEUDONYM_KEY is too short (9 characters): the pseudonym key needs at "
        "least 16 characters"
    )
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, "0123456789abcde")
    with pytest.raises(StoreError, match=r"too short \(15 characters\)"):
        bind_pseudonym_key(con)


def test_the_key_is_read_from_the_environment_when_not_bound(
    minimal_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, KEY)
    con = connect(minimal_db)
    assert append_series(con, 1, 3) == 3
    con.close()
    reader = connect(minimal_db, read_only=True)
    assert verify_ledger(reader).ok


def test_the_macros_refuse_to_hash_without_a_key(minimal_db: Path) -> None:
    con = connect(minimal_db)
    with pytest.raises(duckdb.InvalidInputException, match="the pseudonym key is not bound"):
        con.execute("SELECT subject_key('s-1')").fetchall()
    with pytest.raises(duckdb.InvalidInputException, match="the pseudonym key is not bound"):
        con.execute("SELECT ledger_link_hash('a', 'b')").fetchall()


def test_appending_with_another_key_is_refused(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)
    bind_pseudonym_key(con, "another-key-0123456789")
    with pytest.raises(StoreError) as raised:
        append_series(con, 4, 5)
    assert str(raised.value) == (
        "GOVERNANCE_PSEUDONYM_KEY does not verify against the consent ledger's key check value, "
        "nor any of its seals or subject key mappings: it is not the key the ledger was written "
        "with; set the ledger's key from your secret store"
    )
    assert con.execute("SELECT count(*) FROM consent_events").fetchone()[0] == 3


def test_appending_after_a_seal_was_forged_is_refused_as_tampering(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)
    con.execute("UPDATE ledger_seals SET seal_hash = sha256('forged')")
    with pytest.raises(StoreError) as raised:
        append_series(con, 4, 5)
    assert str(raised.value).startswith(
        "the last seal of the consent ledger (seq 3) does not verify, although "
        "GOVERNANCE_PSEUDONYM_KEY matches the ledger's key check value (recorded "
    )
    assert str(raised.value).endswith(
        "): the seal was altered; run 'governance verify' on the database"
    )


def test_appending_to_an_altered_ledger_is_refused(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)
    con.execute("DELETE FROM consent_events WHERE seq = 3")
    with pytest.raises(StoreError) as raised:
        append_series(con, 4, 5)
    assert str(raised.value) == (
        "the consent ledger ends at seq 2 but was sealed at seq 3 with other content: it was "
        "altered since the last append; run 'governance verify' on the database"
    )


def test_an_append_in_the_callers_transaction_rolls_back_with_it(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 2)
    con.execute("BEGIN TRANSACTION")
    assert append_series(con, 3, 6) == 4
    con.execute("ROLLBACK")
    counts = con.execute(
        "SELECT (SELECT count(*) FROM consent_events), (SELECT count(*) FROM ledger_seals), "
        "(SELECT count(*) FROM subject_keys)"
    ).fetchone()
    assert counts == (2, 1, 2)
    assert append_series(con, 3, 4) == 2
    assert problems(con) == []


def test_an_empty_batch_appends_nothing_and_seals_nothing(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 2)
    con.execute(STAGED_TABLE)
    assert append_consent_events(con, STAGED) == 0
    assert con.execute("SELECT count(*) FROM ledger_seals").fetchone()[0] == 1


def test_a_staged_table_of_the_wrong_shape_is_refused(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    with pytest.raises(StoreError, match="staged table 'nowhere' does not exist"):
        append_consent_events(con, "nowhere")
    con.execute("CREATE TEMP TABLE thin AS SELECT 'e-1' AS event_id, 's-1' AS subject_id")
    with pytest.raises(StoreError) as raised:
        append_consent_events(con, "thin")
    assert str(raised.value) == (
        "staged table 'thin' lacks column(s): purpose_id, action, occurred_at, policy_version, "
        "channel, evidence_ref, extra, load_id, source_line"
    )
    con.execute(STAGED_TABLE)
    con.execute(f"ALTER TABLE {STAGED} ALTER occurred_at TYPE TIMESTAMP")
    with pytest.raises(StoreError) as raised:
        append_consent_events(con, STAGED)
    assert str(raised.value) == (
        "staged table 'staged_consent': occurred_at is TIMESTAMP, expected TIMESTAMPTZ"
    )


def test_the_first_append_records_the_key_check_value_once(minimal_db: Path) -> None:
    """A keyed hash of the key under its own label, recomputable outside DuckDB."""
    con = open_ledger(minimal_db)
    assert con.execute("SELECT count(*) FROM ledger_key_check").fetchone()[0] == 0
    append_series(con, 1, 3)
    append_series(con, 4, 5, load_id=2)
    stored = con.execute("SELECT check_value, ledger_seq FROM ledger_key_check").fetchall()
    assert stored == [(sha256(f"governance consent ledger key check v1:{KEY}"), 0)]
    secret = sha256(f"governance consent ledger link v1:{KEY}")[:32]
    assert stored[0][0] not in {secret, sha256(f"{KEY}:s-1")}


def test_a_ledger_older_than_its_key_check_value_gets_one_at_its_next_append(
    minimal_db: Path,
) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)
    con.execute("DELETE FROM ledger_key_check")
    con.execute(
        "UPDATE schema_migrations SET applied_at = now() + INTERVAL 1 DAY WHERE version = 10"
    )
    assert verify_ledger(con).ok
    append_series(con, 4, 5, load_id=2)
    assert con.execute("SELECT ledger_seq FROM ledger_key_check").fetchall() == [(3,)]
    assert verify_ledger(con).ok


def test_appending_after_the_key_check_value_was_altered_is_refused(minimal_db: Path) -> None:
    con = open_ledger(minimal_db)
    append_series(con, 1, 3)
    con.execute("UPDATE ledger_key_check SET check_value = sha256('forged')")
    with pytest.raises(StoreError) as raised:
        append_series(con, 4, 5)
    assert str(raised.value) == (
        "the consent ledger was altered: ledger_key_check: the key check value was altered: it "
        "does not match GOVERNANCE_PSEUDONYM_KEY, which 1 seal and 3 sampled subject key "
        "mappings of the ledger prove to be its key; run 'governance verify' on the database"
    )
