"""The bad-input corpus: every file of corpus/cases.yaml through the real loader and a real DuckDB.

Each case states, from the file alone, how many records it holds, and the test holds the loader
to it: read = those records = loaded + quarantined + duplicate, every quarantine row with its
exact line and reason, or the exact message of a refused file that wrote nothing. The databases
are built once per setup and copied per case, so the corpus runs in seconds.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from conftest import MINIMAL_REGISTER, run_cli
from ingest_helpers import EMPLOYEES, SUBJECTS, TEST_KEY, rows, write

from governance.errors import LoadError
from governance.store import connect, init_database
from governance.store.ingest import FileResult, load_files
from governance.store.ledger import PSEUDONYM_KEY_ENV, bind_pseudonym_key

CORPUS = Path(__file__).parent / "corpus"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
PL = "event_id,subject_id,purpose_id,system_id,occurred_at"
OK = "s-1,order_fulfilment,crm,2026-10-01T10:00:00Z"


# --- the databases a case starts from ------------------------------------------------------


def _subjects(db: Path, folder: Path) -> None:
    load_files(
        db, [write(folder, "subjects.csv", SUBJECTS), write(folder, "employees.csv", EMPLOYEES)]
    )


def _stored(db: Path, folder: Path) -> None:
    _subjects(db, folder)
    for name, text in [
        ("processing_log.csv", f"{PL}\np-1,{OK}\np-2,s-1,newsletter,mailer,2026-10-02T10:00:00Z\n"),
        (
            "dsr_requests.csv",
            "request_id,subject_id,request_type,received_at,status\n"
            "r-1,s-1,erasure,2026-10-01T10:00:00Z,open\nr-2,s-2,access,2026-10-02T10:00:00Z,open\n",
        ),
        (
            "consent_events.csv",
            "event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,"
            "evidence_ref\nc-1,s-1,newsletter,grant,2026-10-01T10:00:00Z,1.1,web,form-1\n",
        ),
    ]:
        load_files(db, [write(folder, name, text)])


def _erased(db: Path, folder: Path) -> None:
    """Subjects loaded, then s-2 erased as `governance erase` leaves it: its key in
    subject_erasures, its row gone."""
    _subjects(db, folder)
    con = connect(db)
    try:
        bind_pseudonym_key(con, TEST_KEY)
        con.execute(
            "INSERT INTO subject_erasures (subject_key, erased_at) "
            "VALUES (subject_key('s-2'), TIMESTAMPTZ '2026-12-07 09:15:00+00')"
        )
        con.execute("DELETE FROM subjects WHERE subject_id = 's-2'")
    finally:
        con.close()


SETUPS: dict[str, Callable[[Path, Path], None]] = {
    "empty": lambda db, folder: None,
    "subjects": _subjects,
    "stored": _stored,
    "erased": _erased,
}


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One database per setup, built once (the pseudonym key set while building)."""
    mp = pytest.MonkeyPatch()
    mp.setenv(PSEUDONYM_KEY_ENV, TEST_KEY)
    built = {}
    try:
        for name, build in SETUPS.items():
            folder = tmp_path_factory.mktemp(f"setup_{name}")
            db = folder / "template.duckdb"
            init_database(db, MINIMAL_REGISTER)
            build(db, folder)
            built[name] = db
    finally:
        mp.undo()
    return built


# --- files generated at test time -------------------------------------------------------------


def _unclosed_quote_40k(folder: Path, name: str) -> Path:
    records = [f"p-{i},{OK}" for i in range(1, 40_001)]
    records[30_000] = f'p-30001,"{OK}'  # record 30,001, on line 30,002
    return _text(folder, name, PL + "\n" + "\n".join(records) + "\n")


def _record_3mb(folder: Path, name: str) -> Path:
    big = f"p-2,{OK}," + "x" * 3_000_000  # 50 + 3,000,000 bytes
    assert len(big) == 3_000_050
    text = (
        f'{PL},data_category\np-1,{OK},"two\nlines"\n{big}\n'
        "p-3,s-1,order_fulfilment,nowhere,2026-10-01T10:00:00Z,x\n"
    )
    return _text(folder, name, text)


def _long_value(folder: Path, name: str) -> Path:
    return _text(folder, name, f"{PL},data_category\np-1,{OK},{'y' * 100_000}\np-2,{OK},z\n")


def _named_like_a_pattern(decoy: str) -> Callable[[Path, str], Path]:
    """The file, and beside it the file its name matches as a glob pattern."""

    def generate(folder: Path, name: str) -> Path:
        _text(folder, decoy, f"{PL}\np-1,{OK}\n")
        return _text(folder, name, f"{PL}\np-2,{OK}\np-3,{OK}\n")

    return generate


def _gzip_quoted_newline(folder: Path, name: str) -> Path:
    text = (
        f'{PL},data_category\np-1,{OK},"postal\naddress"\n'
        "p-2,s-1,order_fulfilment,nowhere,2026-10-01T10:00:00Z,x\n"
    )
    path = folder / name
    path.write_bytes(gzip.compress(text.encode()))
    return path


def _gzip_truncated(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(gzip.compress(f"{PL}\np-1,{OK}\n".encode())[:-8])
    return path


def _gzip_two_members(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(
        gzip.compress(f"{PL}\np-1,{OK}\n".encode()) + gzip.compress(f"p-2,{OK}\n".encode())
    )
    return path


def _parallel_lines(folder: Path, name: str) -> Path:
    """300,000 records whose event id is the file line they start on, counted while writing."""
    lines = [f"{PL},data_category"]
    for k in range(1, 300_001):
        line = len(lines) + 1
        system = "nowhere" if k in (5, 150_000, 299_999) else "crm"
        category = '"a\nb"' if k in (10, 180_000) else "c"
        surplus = ",surplus" if k in (100_000, 250_000) else ""
        record = f"p-{line},s-1,order_fulfilment,{system},2026-10-01T10:00:00Z,{category}{surplus}"
        lines.extend(record.split("\n"))
        if k in (50_000, 200_000):
            lines.append("")
    return _text(folder, name, "\n".join(lines) + "\n")


def _parquet(sql: str) -> Callable[[Path, str], Path]:
    def generate(folder: Path, name: str) -> Path:
        path = folder / name
        duckdb.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
        return path

    return generate


def _parquet_repeated_column(folder: Path, name: str) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    values = [
        pa.array(["p-1"]),
        pa.array(["s-1"]),
        pa.array(["order_fulfilment"]),
        pa.array(["crm"]),
        pa.array(["2026-10-01T10:00:00Z"]),
        pa.array(["s-2"]),
    ]
    names = [*PL.split(","), "subject_id"]
    path = folder / name
    pq.write_table(pa.Table.from_arrays(values, names=names), path)
    return path


def _text(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


GENERATORS: dict[str, Callable[[Path, str], Path]] = {
    "unclosed_quote_40k": _unclosed_quote_40k,
    "record_3mb": _record_3mb,
    "long_value": _long_value,
    "brackets": _named_like_a_pattern("processing_log_1.csv"),
    "star": _named_like_a_pattern("processing_log_a.csv"),
    "question_mark": _named_like_a_pattern("processing_log_x.csv"),
    "gzip_quoted_newline": _gzip_quoted_newline,
    "gzip_truncated": _gzip_truncated,
    "gzip_two_members": _gzip_two_members,
    "parallel_lines": _parallel_lines,
    "parquet_wrong_types": _parquet(
        "SELECT * FROM (VALUES ('i-1', 1728000000, 12.0, NULL, 'low'),"
        " ('i-2', 1728000000, NULL, NULL, 'high'))"
        " AS t(incident_id, detected_at, subjects_affected, data_categories, severity)"
    ),
    "parquet_file_row_number": _parquet(
        "SELECT * FROM (VALUES"
        " ('p-1', 's-1', 'order_fulfilment', 'crm', TIMESTAMPTZ '2026-10-01 10:00:00+00', 100),"
        " ('p-2', 's-1', 'order_fulfilment', 'nowhere', TIMESTAMPTZ '2026-10-01 10:00:00+00', 101))"
        " AS t(event_id, subject_id, purpose_id, system_id, occurred_at, file_row_number)"
    ),
    "parquet_repeated_column": _parquet_repeated_column,
}


# --- running a case ---------------------------------------------------------------------------


def _case_id(case: dict[str, Any]) -> str:
    return case["file"]


def _place(case: dict[str, Any], folder: Path) -> Path:
    """The case's file in `folder` (its own, so that no other file sits beside it)."""
    folder.mkdir()
    if "generate" in case:
        return GENERATORS[case["generate"]](folder, case["file"])
    target = folder / case["file"]
    shutil.copyfile(CORPUS / "files" / case["file"], target)
    return target


def _database(case: dict[str, Any], templates: dict[str, Path], folder: Path) -> Path:
    db = folder / "case.duckdb"
    shutil.copyfile(templates[case["setup"]], db)
    return db


def _environment(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, TEST_KEY)
    for name, value in (case.get("env") or {}).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def _expected_counts(case: dict[str, Any]) -> tuple[int, int, int, int, int]:
    quarantined = len({row[0] for row in case.get("quarantine", [])})
    loaded, duplicate = case["loaded"], case.get("duplicate", 0)
    # the case's own figures must reconcile with the records it says the file holds
    assert case["records"] == loaded + quarantined + duplicate, case["file"]
    return case["records"], loaded, case.get("updated", 0), quarantined, duplicate


def _check_loaded(case: dict[str, Any], db: Path, path: Path, result: FileResult) -> None:
    c = result.counts
    assert (c.read, c.loaded, c.updated, c.quarantined, c.duplicate) == _expected_counts(case)
    con = connect(db, read_only=True)
    try:
        loaded_at, rows_read, sha256 = con.execute(
            "SELECT loaded_at, rows_read, content_sha256 FROM load_log WHERE load_id = ?",
            [result.load_id],
        ).fetchone()
        found = con.execute(
            "SELECT line, column_name, reason FROM quarantine WHERE load_id = ?", [result.load_id]
        ).fetchall()
        checked = [
            ([list(row) for row in con.execute(check["sql"]).fetchall()], check)
            for check in case.get("check", [])
        ]
    finally:
        con.close()
    load_time = f"{loaded_at:%Y-%m-%dT%H:%M:%SZ}"
    expected = [
        (line, column, reason.replace("{load_time}", load_time))
        for line, column, reason in case.get("quarantine", [])
    ]
    assert sorted(found, key=repr) == sorted(expected, key=repr)
    assert rows_read == case["records"]
    for got, check in checked:
        assert got == check["rows"], check["sql"]
    # what load_log says was loaded is what the file holds, byte for byte
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_corpus_case(
    case: dict[str, Any],
    templates: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _environment(case, monkeypatch)
    path = _place(case, tmp_path / "in")
    db = _database(case, templates, tmp_path)
    if "error" in case or "error_start" in case:
        loads_before = rows(db, "SELECT count(*) FROM load_log")
        with pytest.raises(LoadError) as caught:
            load_files(db, [path])
        message = str(caught.value)
        if "error" in case:
            assert message == f"{path}: {case['error']}"
        else:
            assert message.startswith(f"{path}: {case['error_start']}")
        assert rows(db, "SELECT count(*) FROM load_log") == loads_before
        return
    (result,) = load_files(db, [path])
    _check_loaded(case, db, path, result)


CLI_CASES = [case for case in CASES if case.get("cli")]


@pytest.mark.parametrize("case", CLI_CASES, ids=_case_id)
def test_corpus_case_with_the_command(
    case: dict[str, Any], templates: dict[str, Path], tmp_path: Path
) -> None:
    """The same expectations, as a scheduler sees them: what `governance load` prints and exits."""
    path = _place(case, tmp_path / "in")
    db = _database(case, templates, tmp_path)
    env = {PSEUDONYM_KEY_ENV: TEST_KEY, **(case.get("env") or {})}
    result = run_cli("load", db, path, env=env)
    if "error" in case:
        assert (result.returncode, result.stdout) == (5, "")
        assert result.stderr == f"error: {path}: {case['error']}\n"
        return
    assert result.returncode == 0, result.stderr
    read, loaded, updated, quarantined, duplicate = _expected_counts(case)
    assert result.stdout.splitlines()[0] == (
        f"{path}: read {read}, loaded {loaded} (updated {updated}), quarantined {quarantined}, "
        f"duplicate {duplicate}"
    )


def test_the_corpus_holds_at_least_sixty_files() -> None:
    """The issue asks for 60 bad-input files at least; every committed file has its case."""
    committed = {p.name for p in (CORPUS / "files").iterdir()}
    named = {case["file"] for case in CASES if "generate" not in case}
    assert committed == named
    assert len(CASES) >= 60
