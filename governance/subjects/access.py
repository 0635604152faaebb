"""The subject access package: everything held about one person, for access and portability.

Why it is built this way
    * It is the one place where personal data is meant to leave the database, on a data
      subject's request (right of access, Law 94-V Art. 24 / GDPR Art. 15; portability, GDPR
      Art. 20). It is never part of a scheduled report: `governance report` refuses HTML that
      shows an identifier, and this package is made of nothing else.
    * Completeness is checked, not hoped for: the tables holding a subject are discovered from
      the schema (every base table with a `subject_id` or `subject_key` column), and each must
      have its query in `sql/tables/`. A table added by a later migration stops the package with
      a message naming it, instead of being silently left out.
    * Nothing about anyone else: every query selects by the subject's id or their ledger
      pseudonym; the access log names the accessing employee's department, not the employee.
      Cookie-banner choices belong to a browser's visitor id that nothing links to a subject,
      so they are included only for the visitor ids the subject gives.
    * The folder is written owner-only (0700, files 0600) under a hidden name and renamed into
      place when complete, so nobody sees half a package.

Outputs: `subject.json` (every table, the register facts that apply and the consent ledger's
verification) and one CSV per table (`<table>.csv`, `register_<name>.csv`), from the same
data frames.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from governance.errors import GovernanceError, StoreError
from governance.store import queries
from governance.store.connection import private_files
from governance.store.ledger import PSEUDONYM_KEY_ENV, ensure_pseudonym_key, verify_ledger

NOTICE = (
    "This package holds personal data about one data subject, written on their request "
    "(right of access or portability). Hand it to the subject through a secure channel, keep "
    "it no longer than the request needs, and never attach it to a report."
)


class SubjectError(GovernanceError):
    """The subject is unknown, or their package cannot be written where asked."""

    exit_code = 9


@dataclass(frozen=True)
class SubjectPackage:
    """What the database holds about one subject, table by table."""

    subject_id: str
    generated_at: dt.datetime
    tables: dict[str, pd.DataFrame]
    register: dict[str, pd.DataFrame]
    ledger: dict[str, Any]
    json_columns: dict[str, tuple[str, ...]]

    @property
    def rows(self) -> int:
        return sum(len(frame) for frame in self.tables.values())


def _queries(kind: str) -> dict[str, str]:
    """{name: SQL} of every file in `sql/<kind>/`: `tables` or `register`."""
    return {
        path.rsplit("/", 1)[-1].removesuffix(".sql"): queries.sql("governance.subjects", path)
        for path in queries.listing("governance.subjects", f"sql/{kind}")
    }


def covered_tables() -> tuple[str, ...]:
    """The tables the package has a query for."""
    return tuple(sorted(_queries("tables")))


def subject_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{table: its subject columns} of every base table that identifies a subject."""
    return dict(
        queries.run(con, queries.sql("governance.subjects", "sql/subject_tables")).fetchall()
    )


def _check_coverage(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    found = subject_tables(con)
    missing = sorted(set(found) - set(covered_tables()))
    if missing:
        names = ", ".join(f"{t} ({found[t]})" for t in missing)
        raise GovernanceError(
            f"the subject access package does not cover table(s) {names}: each table holding a "
            "subject must have a query in governance/subjects/sql/tables/<table>.sql, or the "
            "package would leave its rows out"
        )
    return found


def _run(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The query's rows and the names of its JSON columns (written as JSON, not as text)."""
    result = queries.run(con, sql, **params)
    json_columns = tuple(name for name, kind, *_ in result.description if str(kind) == "JSON")
    return result.df(), json_columns


def _ledger_status(con: duckdb.DuckDBPyConnection, consents: pd.DataFrame) -> dict[str, Any]:
    """The proof of the subject's consent rows: fingerprints here, the keyed ledger if we can.

    Each row's fingerprint is recomputed by the query (no key needed). The block MACs and seals
    need the pseudonym key; without it the ledger is reported as not verified, with the reason.
    """
    status: dict[str, Any] = {
        "rows": len(consents),
        "fingerprints_verify": bool(consents["fingerprint_verifies"].fillna(True).all()),
    }
    if not os.environ.get(PSEUDONYM_KEY_ENV, "").strip():
        status["chain"] = {
            "verified": None,
            "note": f"not verified here: {PSEUDONYM_KEY_ENV} is not set; "
            "'governance verify' checks the whole ledger with the key",
        }
        return status
    try:
        report = verify_ledger(con)
    except StoreError as exc:
        status["chain"] = {"verified": None, "note": f"not verified: {exc}"}
        return status
    own = set(consents["seq"].dropna().astype(int))
    status["chain"] = {
        "verified": report.ok,
        "ledger_rows": report.events,
        "head_seq": report.last_seq,
        "head_hash": report.head_hash,
        "problems": report.problem_count,
        "problems_on_these_rows": [str(p) for p in report.problems if p.seq in own],
    }
    return status


def collect_subject(
    con: duckdb.DuckDBPyConnection, subject_id: str, visitor_ids: tuple[str, ...] = ()
) -> SubjectPackage:
    """Everything the database holds about `subject_id`, read on `con` (read-only will do).

    Raises SubjectError when no table holding subjects has a row about them, and
    GovernanceError when a table identifies subjects but has no query here.
    """
    found = _check_coverage(con)
    if os.environ.get(PSEUDONYM_KEY_ENV, "").strip():
        # an erased subject's erasure record is found through the pseudonym of their id
        ensure_pseudonym_key(con)
    params = {"subject_id": subject_id, "visitor_ids": list(visitor_ids)}
    tables: dict[str, pd.DataFrame] = {}
    json_columns: dict[str, tuple[str, ...]] = {}
    for name, sql in sorted(_queries("tables").items()):
        tables[name], json_columns[name] = _run(con, sql, params)
    if not any(len(tables[name]) for name in found):
        raise SubjectError(
            f"no data about subject '{subject_id}' in any of {len(found)} tables holding "
            "subjects (ids are case-sensitive; an erased subject's identity is gone)"
        )
    register: dict[str, pd.DataFrame] = {}
    cursor = con.cursor()  # the subject's TEMP table lives on a cursor of its own
    try:
        queries.run(
            cursor, queries.sql("governance.subjects", "sql/subject_purposes"), **params
        ).fetchall()
        for name, sql in sorted(_queries("register").items()):
            register[name], json_columns[f"register_{name}"] = _run(cursor, sql, params)
    finally:
        cursor.close()
    return SubjectPackage(
        subject_id=subject_id,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        tables=tables,
        register=register,
        ledger=_ledger_status(con, tables["consent_events"]),
        json_columns=json_columns,
    )


def _records(frame: pd.DataFrame, json_columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows as JSON objects: ISO-8601 timestamps, JSON columns nested rather than quoted."""
    records = json.loads(frame.to_json(orient="records", date_format="iso", date_unit="us"))
    for column in json_columns:
        for record in records:  # one subject's rows: a handful to a few thousand
            if isinstance(record.get(column), str):
                record[column] = json.loads(record[column])
    return records


def package_document(package: SubjectPackage) -> dict[str, Any]:
    """The JSON document of a package (what `subject.json` holds)."""
    return {
        "subject_id": package.subject_id,
        "generated_at": package.generated_at.isoformat(),
        "notice": NOTICE,
        "tables": {
            name: _records(frame, package.json_columns[name])
            for name, frame in package.tables.items()
        },
        "register": {
            name: _records(frame, package.json_columns[f"register_{name}"])
            for name, frame in package.register.items()
        },
        "consent_ledger": package.ledger,
    }


def _files(package: SubjectPackage) -> dict[str, str]:
    files = {
        "subject.json": json.dumps(package_document(package), indent=2, ensure_ascii=False) + "\n"
    }
    for name, frame in package.tables.items():
        files[f"{name}.csv"] = frame.to_csv(index=False)
    for name, frame in package.register.items():
        files[f"register_{name}.csv"] = frame.to_csv(index=False)
    return files


def write_package(package: SubjectPackage, out: str | Path) -> dict[str, Path]:
    """Write the package into the folder `out` (new or empty), owner-only; return the files.

    The files are written under a hidden sibling name and renamed to `out` when complete.
    """
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SubjectError(
            f"{target}: exists and is not an empty folder; write each subject access package "
            "to a new folder (it holds one person's data)"
        )
    with private_files():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            written = {}
            for name, text in _files(package).items():
                path = staging / name
                path.write_text(text, encoding="utf-8")
                path.chmod(0o600)
                written[name] = target / name
            if target.exists():
                target.rmdir()
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    target.chmod(0o700)
    return written


def write_subject_package(
    con: duckdb.DuckDBPyConnection,
    subject_id: str,
    out: str | Path,
    visitor_ids: tuple[str, ...] = (),
) -> SubjectPackage:
    """Collect everything held about `subject_id` and write it to `out`; return the package.

    >>> con = connect("out/metrix.duckdb", read_only=True)  # doctest: +SKIP
    >>> write_subject_package(con, "S-000123", "requests/DSR-00042")  # doctest: +SKIP
    """
    package = collect_subject(con, subject_id, visitor_ids)
    write_package(package, out)
    return package
