"""`governance erase DB SUBJECT_ID`: the person goes from every table that holds identity.

Right to erasure (GDPR Art. 17(1)), with the evidence of consent kept (GDPR Art. 7(1),
17(3)(b); Law 94-V Art. 8). The database is built by the real CLI
(tests/ledger/cli_ledger.py): s-1's name, e-mail and phone are in subjects and in four refused
rows in quarantine, one of them another subject's row carrying s-1's e-mail.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from cli_ledger import EMAIL, ENV, NAME, PHONE, RECHAIN, build, copy, sql, verify
from conftest import run_cli
from ledger_helpers import KEY

from governance.store import connect, erasure
from governance.store.ledger import bind_pseudonym_key, erase_subject

# Event tables keyed by subject_id keep the erased subject's business records: deleting them
# is the DSR process's job (docs/integrity.md). They may hold the id, never the identity.
EVENT_TABLES = {"processing_log", "dsr_requests"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("company"))


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    return copy(built, tmp_path / "company.duckdb")


def identity_found(db: Path) -> dict[tuple[str, str], set[str]]:
    """Every (table, column) of VARCHAR or JSON type holding s-1's id, name, e-mail or phone.

    The id is matched as a whole token (s-10 is someone else), the rest case-insensitively,
    the phone by its digits.
    """
    needles = {
        "id": re.compile(r"(?<![\w-])s-1(?![\w-])"),
        "name": re.compile(re.escape(NAME), re.IGNORECASE),
        "email": re.compile(re.escape(EMAIL), re.IGNORECASE),
    }
    phone = re.sub(r"\D", "", PHONE)[1:]  # the digits after the country code: 8 701... too
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE data_type IN ('VARCHAR', 'JSON') AND NOT internal ORDER BY ALL"
        ).fetchall()
        found: dict[tuple[str, str], set[str]] = {}
        for table, column in columns:
            values = con.execute(
                f'SELECT DISTINCT "{column}"::VARCHAR FROM "{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            for (value,) in values:
                hits = {name for name, pattern in needles.items() if pattern.search(value)}
                if phone in re.sub(r"\D", "", value):
                    hits.add("phone")
                if hits:
                    found.setdefault((table, column), set()).update(hits)
        return found
    finally:
        con.close()


def test_the_database_holds_s1s_identity_before_the_erasure(db: Path) -> None:
    found = identity_found(db)
    assert found[("subjects", "full_name")] == {"name"}
    assert found[("quarantine", "raw_row")] == {"id", "name", "email", "phone"}


def test_erase_removes_the_identity_from_every_table_and_says_what_it_did(db: Path) -> None:
    result = run_cli("erase", db, "s-1", "--request", "DSR-1", env=ENV)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(db))}: erased subject s-1 \(request DSR-1\); recorded in "
        r"subject_erasures at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00",
        lines[0],
    )
    assert lines[1:] == [
        "  subjects        1 deleted (name, e-mail, phone)",
        "  subject_keys    1 deleted (the pseudonym mapping)",
        "  quarantine      4 redacted (values removed; load, line and column kept)",
        "  consent_events  3 kept: pseudonymous evidence of consent (Law 94-V Art. 8; GDPR "
        "Art. 7(1), 17(3))",
        "not erased here: rows keyed by subject_id in dsr_requests 2, processing_log 1: "
        "deleting business records is the DSR process's job (check dsr.erasure_incomplete "
        "reports what is left)",
    ]
    found = identity_found(db)
    assert found == {
        ("dsr_requests", "subject_id"): {"id"},
        ("processing_log", "subject_id"): {"id"},
    }
    assert {table for table, _column in found} <= EVENT_TABLES
    # nobody else lost anything: s-10 (a longer id) and s-2 keep identity and mapping
    kept = sql(db, "SELECT subject_id FROM subjects UNION ALL SELECT subject_id FROM subject_keys")
    assert sorted(kept[0]) == [("s-10",), ("s-10",), ("s-2",), ("s-2",)]


def test_quarantine_rows_keep_load_line_and_column_so_the_loads_still_reconcile(
    db: Path,
) -> None:
    where = "SELECT load_id, kind, source_path, line, column_name FROM quarantine ORDER BY ALL"
    (before,) = sql(db, where)
    assert run_cli("erase", db, "s-1", env=ENV).returncode == 0
    (after,) = sql(db, where)
    assert after == before
    (rows,) = sql(db, "SELECT raw_value, reason, raw_row FROM quarantine ORDER BY load_id, line")
    assert rows == [
        (
            None,
            "erased: values removed on the subject's erasure; was: not a timestamp (ISO-8601 "
            "expected, e.g. 2026-10-05T14:30:00+05:00)",
            '{"subject_id":null,"subject_type":null,"country":null,"created_at":null,'
            '"full_name":null,"email":null,"phone":null}',
        ),
    ] * 2 + [
        (
            None,
            "erased: values removed on the subject's erasure; the reason quoted them",
            '{"event_id":null,"subject_id":null,"purpose_id":null,"action":null,'
            '"occurred_at":null,"policy_version":null,"channel":null,"evidence_ref":null}',
        ),
        (
            None,
            "erased: values removed on the subject's erasure; was: not a timestamp (ISO-8601 "
            "expected, e.g. 2026-10-05T14:30:00+05:00)",
            '{"event_id":null,"subject_id":null,"purpose_id":null,"system_id":null,'
            '"occurred_at":null}',
        ),
    ]


def test_the_erasure_log_records_the_request_and_what_was_removed(db: Path) -> None:
    assert run_cli("erase", db, "s-1", "--request", "DSR-1", env=ENV).returncode == 0
    (logged,) = sql(
        db,
        "SELECT subject_key = subject_key('s-1'), erased_at IS NOT NULL, request_id, "
        "subjects_deleted, subject_keys_deleted, quarantine_redacted, ledger_rows_kept, "
        "ledger_head_seq FROM subject_erasures",
    )
    assert logged == [(True, True, "DSR-1", 1, 1, 4, 3, 10)]


def test_verify_passes_after_an_erasure_and_after_the_files_are_loaded_again(
    built: Path, db: Path
) -> None:
    assert run_cli("erase", db, "s-1", "--request", "DSR-1", env=ENV).returncode == 0
    result = verify(db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "consent ledger: 10 events, seq 1-10, 2 seals, 1 erased subject" in result.stdout
    assert "2 subject key mappings, 1 erasure record" in result.stdout
    reload = run_cli("load", db, *sorted(built.parent.glob("*.csv")), env=ENV)
    assert reload.returncode == 0, reload.stderr
    assert {table for table, _column in identity_found(db)} <= EVENT_TABLES
    assert verify(db).returncode == 0


def test_erasing_again_says_so_and_changes_nothing(db: Path) -> None:
    assert run_cli("erase", db, "s-1", env=ENV).returncode == 0
    again = run_cli("erase", db, "s-1", env=ENV)
    assert again.returncode == 0, again.stderr
    assert re.fullmatch(
        rf"{re.escape(str(db))}: subject s-1 was already erased \(\d{{4}}-[^)]+\): nothing "
        "identifying them is left to remove",
        again.stdout.splitlines()[0],
    )
    assert sql(db, "SELECT count(*) FROM subject_erasures") == [[(1,)]]


def test_an_unknown_subject_exits_9_like_governance_subject(db: Path) -> None:
    result = run_cli("erase", db, "S-404", env=ENV)
    assert result.returncode == 9
    assert result.stderr == (
        "error: no identity of subject 'S-404' in subjects, subject_keys or quarantine, and no "
        "erasure of them recorded: nothing to erase (ids are case-sensitive)\n"
    )


@pytest.mark.parametrize(
    ("request_id", "message"),
    [
        (
            "DSR-404",
            "no such request in dsr_requests (ids are case-sensitive; load the DSR "
            "requests file first, or leave --request out)",
        ),
        ("DSR-3", "that request is about another subject, not s-1"),
        ("DSR-2", "that is a access request, not an erasure request"),
    ],
)
def test_a_request_that_is_not_this_subjects_erasure_request_is_refused(
    db: Path, request_id: str, message: str
) -> None:
    result = run_cli("erase", db, "s-1", "--request", request_id, env=ENV)
    assert result.returncode == 2
    assert result.stderr == f"error: --request {request_id}: {message}\n"
    assert sql(db, "SELECT count(*) FROM subjects WHERE subject_id = 's-1'") == [[(1,)]]


def test_erase_needs_the_ledgers_key(db: Path) -> None:
    missing = run_cli("erase", db, "s-1", env={"GOVERNANCE_PSEUDONYM_KEY": None})
    assert missing.returncode == 4
    assert missing.stderr.startswith("error: GOVERNANCE_PSEUDONYM_KEY is not set:")
    wrong = run_cli("erase", db, "s-1", env={"GOVERNANCE_PSEUDONYM_KEY": "another-key-0123456789"})
    assert wrong.returncode == 4
    assert "it is not the key the ledger was written with" in wrong.stderr
    assert sql(db, "SELECT count(*) FROM subjects WHERE subject_id = 's-1'") == [[(1,)]]


def test_a_failed_erasure_leaves_the_database_as_it_was(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = (
        "SELECT (SELECT count(*) FROM subjects), (SELECT count(*) FROM subject_keys), "
        "(SELECT count(*) FROM subject_erasures), "
        "(SELECT string_agg(raw_row::VARCHAR, '|' ORDER BY load_id, line) FROM quarantine)"
    )
    (before,) = sql(db, snapshot)

    def fail(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(erasure, "_records_left", fail)  # the last step, after every write
    con = connect(db)
    bind_pseudonym_key(con, KEY)
    with pytest.raises(RuntimeError, match="disk full"):
        erase_subject(con, "s-1", request_id="DSR-1")
    con.close()
    assert sql(db, snapshot) == [before]


def test_verify_holds_the_ledger_to_the_erasure_log(db: Path) -> None:
    """A key holder who deletes an erased subject's evidence and re-chains the ledger is
    caught by what the erasure recorded (and by the load log)."""
    assert run_cli("erase", db, "s-1", "--request", "DSR-1", env=ENV).returncode == 0
    sql(db, "DELETE FROM consent_events WHERE subject_key = subject_key('s-1')", *RECHAIN)
    result = verify(db)
    assert result.returncode == 8, result.stderr
    problems = [line[2:] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [p.split(":")[0] for p in problems] == ["load_log", "load_log", "subject_erasures"]
    assert problems[-1].startswith("subject_erasures: the erasure of pseudonym ")
    assert problems[-1].endswith(
        ", request DSR-1) kept 3 ledger rows up to seq 10; the ledger holds 0: 3 were deleted"
    )
