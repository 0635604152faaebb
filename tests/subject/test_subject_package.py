"""The subject access package holds every row about the subject, in every table, and nothing else.

The database is the sample company with check runs (findings name subjects), a refused load
(quarantined rows name subjects) and an erased subject whose files were loaded again
(quarantined without their identity; the erasure record is found through their pseudonym), so
that across the subjects tested every table the package covers holds rows. Each table of the
package is compared with a direct query of that table.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import TEST_PSEUDONYM_KEY, run_cli

from governance.checks import run_checks
from governance.errors import GovernanceError
from governance.store import connect
from governance.store.ingest import load_files
from governance.store.ledger import bind_pseudonym_key, erase_subject
from governance.subjects import (
    SubjectError,
    collect_subject,
    covered_tables,
    subject_tables,
    write_subject_package,
)

VISITOR = "V-000002"

#: how a table's rows are told apart, to compare the package with the table itself
ROW_KEYS = {
    "access_log": ["load_id", "source_line"],
    "consent_checkpoints": ["purpose_id", "from_month_end"],
    "consent_events": ["seq"],
    "cookie_consents": ["load_id", "source_line"],
    "data_inventory": ["load_id", "source_line"],
    "disclosures": ["load_id", "source_line"],
    "dsr_requests": ["load_id", "source_line"],
    "findings": ["run_id", "check_id", "finding_key"],
    "policy_acceptances": ["load_id", "source_line"],
    "processing_log": ["load_id", "source_line"],
    "quarantine": ["load_id", "line", "column_name"],
    "subject_erasures": ["subject_key"],
    "subject_keys": ["subject_id", "subject_key"],
    "subjects": ["load_id", "source_line"],
}

#: every row about a subject, queried directly (`?` is the subject id, `$visitors` the ids given)
DIRECT = {
    "consent_checkpoints": "SELECT * FROM consent_checkpoints WHERE subject_key IN "
    "(SELECT subject_key FROM subject_keys WHERE subject_id = ?)",
    "consent_events": "SELECT * FROM consent_events WHERE subject_key IN "
    "(SELECT subject_key FROM subject_keys WHERE subject_id = ?)",
    "subject_erasures": "SELECT * FROM subject_erasures WHERE subject_key = subject_key(?)",
    "findings": "SELECT * FROM findings WHERE details->>'subject_id' = ?",
    "quarantine": "SELECT * FROM quarantine WHERE raw_row->>'subject_id' = ?",
}

PICK_SUBJECTS = """
WITH rows AS (
    SELECT subject_id, 'consents' AS t FROM subject_keys
    UNION SELECT subject_id, 'acceptances' FROM policy_acceptances
    UNION SELECT subject_id, 'processing' FROM processing_log
    UNION SELECT subject_id, 'requests' FROM dsr_requests
    UNION SELECT subject_id, 'disclosures' FROM disclosures
    UNION SELECT subject_id, 'access' FROM access_log
    UNION SELECT subject_id, 'records' FROM data_inventory
    UNION SELECT details->>'subject_id', 'findings' FROM findings
)
SELECT subject_id
FROM rows
WHERE subject_id IN (SELECT subject_id FROM subjects)
GROUP BY subject_id
ORDER BY bool_or(t = 'findings') = $with_findings DESC, count(*) DESC, subject_id
LIMIT 1
"""


@pytest.fixture(scope="module")
def subject_db(
    tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path
) -> tuple[Path, list[str]]:
    """The sample database with findings, quarantined rows and an erased subject listed again.

    Returns the database and three subjects: the one with rows in most tables, one with
    findings, and the erased one (whose processing records stay: the DSR process's job).
    """
    folder = tmp_path_factory.mktemp("subject")
    db = folder / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    for period in ("2026-05", "2026-10"):
        run_checks(db, period)
    con = connect(db)
    try:
        most = con.execute(PICK_SUBJECTS, {"with_findings": False}).fetchall()[0][0]
        flagged = con.execute(PICK_SUBJECTS, {"with_findings": True}).fetchall()[0][0]
        erased, kind, country = con.execute(
            "SELECT subject_id, subject_type, country FROM subjects WHERE subject_id IN "
            "(SELECT subject_id FROM subject_keys) AND subject_id IN "
            "(SELECT subject_id FROM processing_log) AND subject_id NOT IN (?, ?) "
            "ORDER BY subject_id LIMIT 1",
            [most, flagged],
        ).fetchall()[0]
        other = con.execute(
            "SELECT min(subject_id) FROM subjects WHERE subject_id NOT IN (?, ?, ?)",
            [most, flagged, erased],
        ).fetchall()[0][0]
        bind_pseudonym_key(con, TEST_PSEUDONYM_KEY)
        assert erase_subject(con, erased).found
    finally:
        con.close()
    (folder / "subjects_back.csv").write_text(
        "subject_id,subject_type,country,created_at\n"
        f"{erased},{kind},{country},2026-10-20T10:00:00Z\n"
    )
    (folder / "consent_events_back.csv").write_text(
        "event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref\n"
        f"C-9000001,{erased},email_marketing,grant,2026-10-21T10:00:00Z,2.1,web_form,EV-9\n"
    )
    (folder / "processing_log_refused.csv").write_text(
        "event_id,subject_id,purpose_id,system_id,occurred_at\n"
        f"P-9000001,{most},service_contract,platform_db,last tuesday\n"
        f"P-9000002,{other},service_contract,platform_db,not a time\n"
    )
    previous = os.environ.get("GOVERNANCE_PSEUDONYM_KEY")
    os.environ["GOVERNANCE_PSEUDONYM_KEY"] = TEST_PSEUDONYM_KEY
    try:
        load_files(db, sorted(folder.glob("*.csv")))
    finally:
        if previous is None:
            os.environ.pop("GOVERNANCE_PSEUDONYM_KEY", None)
        else:
            os.environ["GOVERNANCE_PSEUDONYM_KEY"] = previous
    return db, [most, flagged, erased]


@pytest.fixture
def con(subject_db: tuple[Path, list[str]]) -> duckdb.DuckDBPyConnection:
    connection = connect(subject_db[0], read_only=True)
    bind_pseudonym_key(connection, TEST_PSEUDONYM_KEY)
    yield connection
    connection.close()


def direct_rows(con: duckdb.DuckDBPyConnection, table: str, subject: str) -> pd.DataFrame:
    if table == "cookie_consents":
        return con.execute("SELECT * FROM cookie_consents WHERE visitor_id = ?", [VISITOR]).df()
    sql = DIRECT.get(table, f"SELECT * FROM {table} WHERE subject_id = ?")
    return con.execute(sql, [subject]).df()


def keys(frame: pd.DataFrame, table: str) -> list[tuple[str, ...]]:
    columns = ROW_KEYS[table]
    return sorted(
        tuple("" if pd.isna(v) else str(v) for v in row)
        for row in frame[columns].itertuples(index=False)
    )


def test_every_table_holding_subjects_is_covered_and_compared_here(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert set(subject_tables(con)) <= set(covered_tables())
    assert set(covered_tables()) == set(ROW_KEYS)


@pytest.mark.parametrize("which", [0, 1, 2], ids=["most_tables", "with_findings", "erased"])
def test_package_holds_every_row_about_the_subject_and_none_about_anyone_else(
    subject_db: tuple[Path, list[str]],
    con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    which: int,
) -> None:
    subject = subject_db[1][which]
    out = tmp_path / "package"
    write_subject_package(con, subject, out, visitor_ids=(VISITOR,))

    document = json.loads((out / "subject.json").read_text())
    assert set(document["tables"]) == set(covered_tables())
    for table in covered_tables():
        expected = direct_rows(con, table, subject)
        written = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
        assert keys(written.replace("", pd.NA), table) == keys(expected, table), table
        assert len(document["tables"][table]) == len(expected), table
        if "subject_id" in written.columns:
            assert set(written["subject_id"]) <= {subject}, table
    # no other person's id anywhere: subjects, employees, visitors other than the one given
    text = "\n".join(path.read_text() for path in sorted(out.iterdir()))
    assert set(re.findall(r"\bS-\d{6}\b", text)) == {subject}
    assert re.findall(r"\bE-\d{4}\b", text) == []
    assert set(re.findall(r"\bV-\d{6}\b", text)) == {VISITOR}


def test_the_subjects_tested_have_rows_in_every_table(
    subject_db: tuple[Path, list[str]], con: duckdb.DuckDBPyConnection
) -> None:
    """So the comparison above is never vacuous for a table."""
    held = set()
    for subject in subject_db[1]:
        package = collect_subject(con, subject, visitor_ids=(VISITOR,))
        held |= {table for table, frame in package.tables.items() if len(frame)}
    assert held == set(covered_tables())


def test_register_facts_cover_what_the_rows_refer_to(
    subject_db: tuple[Path, list[str]], con: duckdb.DuckDBPyConnection
) -> None:
    package = collect_subject(con, subject_db[1][0])
    tables, register = package.tables, package.register
    purposes = set(tables["processing_log"]["purpose_id"]) | set(
        tables["disclosures"]["purpose_id"]
    )
    purposes |= set(tables["consent_events"]["purpose_id"])
    assert set(register["purposes"]["purpose_id"]) == purposes
    assert register["purposes"]["legal_basis"].notna().all()
    systems = set(tables["data_inventory"]["system_id"]) | set(
        tables["processing_log"]["system_id"]
    )
    systems |= set(tables["access_log"]["system_id"])
    assert set(register["systems"]["system_id"]) == systems
    assert set(register["recipients"]["recipient_id"]) == set(tables["disclosures"]["recipient_id"])
    records, rules = tables["data_inventory"], register["retention_rules"]
    pairs = set(zip(records["data_category"], records["system_id"], strict=True))
    assert set(zip(rules["data_category"], rules["system_id"], strict=True)) == pairs
    assert len(register["organisation"]) == 1
    assert "employee_id" not in tables["access_log"].columns
    assert tables["access_log"]["employee_department"].notna().all()


def test_consents_carry_their_ledger_proof(
    subject_db: tuple[Path, list[str]],
    con: duckdb.DuckDBPyConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    subject = subject_db[1][0]
    monkeypatch.delenv("GOVERNANCE_PSEUDONYM_KEY", raising=False)
    unkeyed = collect_subject(con, subject)
    consents = unkeyed.tables["consent_events"]
    assert {"seq", "fingerprint"} <= set(consents.columns)
    assert consents["fingerprint_verifies"].all() and len(consents)
    assert unkeyed.ledger["fingerprints_verify"] is True
    assert unkeyed.ledger["chain"]["verified"] is None
    assert "GOVERNANCE_PSEUDONYM_KEY is not set" in unkeyed.ledger["chain"]["note"]

    monkeypatch.setenv("GOVERNANCE_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
    keyed = collect_subject(con, subject)
    chain = keyed.ledger["chain"]
    head = con.execute("SELECT max(seq), count(*) FROM consent_events").fetchall()[0]
    assert (chain["verified"], chain["problems"], chain["head_seq"]) == (True, 0, head[0])
    assert chain["ledger_rows"] == head[1]


def test_an_erased_subject_listed_again_stays_erased(
    subject_db: tuple[Path, list[str]], con: duckdb.DuckDBPyConnection
) -> None:
    erased = subject_db[1][2]
    package = collect_subject(con, erased)
    assert len(package.tables["subject_erasures"]) == 1
    for table in ("subjects", "subject_keys", "consent_events", "quarantine"):
        assert package.tables[table].empty, table
    assert len(package.tables["processing_log"])  # business records: the DSR process's job
    refused = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE raw_row::VARCHAR = '{}') FROM quarantine "
        "WHERE reason LIKE 'subject erased on %'"
    ).fetchall()[0]
    assert refused == (2, 2)  # the subjects row and the new consent, without the identity


def test_cli_writes_an_owner_only_folder_and_warns_it_holds_personal_data(
    subject_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    db, (subject, *_) = subject_db
    out = tmp_path / "requests" / "DSR-1"
    result = run_cli("subject", db, subject, "--out", out, env={"GOVERNANCE_PSEUDONYM_KEY": None})

    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"warning: {out} holds personal data of subject {subject}")
    assert f"{out}: " in result.stdout and "consent ledger: not verified here" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700  # created by the command
    files = sorted(p.name for p in out.iterdir())
    assert "subject.json" in files and "processing_log.csv" in files
    assert {stat.S_IMODE((out / f).stat().st_mode) for f in files} == {0o600}
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no staging left


def test_unknown_subject_exits_9_and_writes_nothing(
    subject_db: tuple[Path, list[str]], tmp_path: Path
) -> None:
    out = tmp_path / "nobody"
    result = run_cli("subject", subject_db[0], "S-999999", "--out", out)

    assert result.returncode == 9
    assert result.stderr.startswith("error: no data about subject 'S-999999'")
    assert not out.exists()


def test_a_folder_that_is_not_empty_is_refused(
    subject_db: tuple[Path, list[str]], con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    (tmp_path / "earlier.csv").write_text("someone else's data\n")
    with pytest.raises(SubjectError, match="not an empty folder"):
        write_subject_package(con, subject_db[1][0], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier.csv"]


def test_a_table_holding_subjects_without_a_query_stops_the_package(minimal_db: Path) -> None:
    con = connect(minimal_db)
    try:
        con.execute("CREATE TABLE loyalty_cards (card_id VARCHAR, subject_id VARCHAR)")
        with pytest.raises(GovernanceError, match=r"does not cover table\(s\) loyalty_cards"):
            collect_subject(con, "S-1")
    finally:
        con.close()


def test_subject_command_has_help_with_examples() -> None:
    result = run_cli("subject", "--help")
    assert result.returncode == 0, result.stderr
    assert "Examples:" in result.stdout and "governance subject out/metrix.duckdb" in result.stdout
    assert "9 unknown subject" in " ".join(run_cli("--help").stdout.split())
