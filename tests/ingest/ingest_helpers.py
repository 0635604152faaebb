"""Small helpers for the loader's tests: write event files, load them, read back what happened.

The ids come from tests/register/cases/minimal_register.yaml: purposes order_fulfilment,
newsletter, site_analytics; systems crm, mailer; recipients mail_provider, tax_office; policy
versions 1.0 and 1.1; subject types customer, employee.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from governance.store import connect
from governance.store.ingest import FileResult, load_files

TEST_KEY = "ingest-tests-pseudonym-key-0123456789"

SUBJECTS = """\
    subject_id,subject_type,country,created_at
    s-1,customer,KZ,2026-01-05T10:00:00Z
    s-2,customer,KZ,2026-01-06T10:00:00Z
    s-3,employee,DE,2026-01-07T10:00:00Z
"""

EMPLOYEES = """\
    employee_id,department,active_from,confidentiality_signed_at
    e-1,Sales,2025-01-01,2025-01-01
    e-2,IT,2025-02-01,
"""


def write(folder: Path, name: str, text: str) -> Path:
    """Write `text` (dedented, so tests can indent it) to `folder/name`."""
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(db: Path, *paths: Path, **options: Any) -> list[FileResult]:
    """Load `paths` into `db` and check that every file's figures reconcile."""
    results = load_files(db, paths, **options)
    for result in results:
        c = result.counts
        assert c.read == c.loaded + c.quarantined + c.duplicate, result
    return results


def load_one(db: Path, path: Path, **options: Any) -> FileResult:
    """Load one file; return its result."""
    (result,) = load(db, path, **options)
    return result


def figures(result: FileResult) -> tuple[int, int, int, int, int]:
    """(read, loaded, updated, quarantined, duplicate) of a result."""
    c = result.counts
    return c.read, c.loaded, c.updated, c.quarantined, c.duplicate


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    """The rows of `sql` on a read-only connection (as analysts and reports open the file)."""
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def problems(db: Path, load_id: int | None = None) -> list[tuple]:
    """(line, column_name, raw_value, reason) of the quarantine, of one load or all."""
    where = "WHERE load_id = ?" if load_id is not None else ""
    return rows(
        db,
        f"SELECT line, column_name, raw_value, reason FROM quarantine {where} "
        "ORDER BY load_id, line, column_name NULLS FIRST",
        [load_id] if load_id is not None else [],
    )


def with_subjects(db: Path, folder: Path) -> Path:
    """`db` with subjects s-1, s-2, s-3 and employees e-1, e-2 loaded."""
    load(db, write(folder, "subjects.csv", SUBJECTS), write(folder, "employees.csv", EMPLOYEES))
    return db


def table_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every event table's rows plus load_log and quarantine, to show that nothing changed."""
    tables = [
        "load_log", "quarantine", "subjects", "subject_keys", "consent_events",
        "policy_acceptances", "processing_log", "dsr_requests", "disclosures", "employees",
        "access_grants", "access_log", "data_inventory", "cookie_consents",
        "cookie_observations", "incidents",
    ]
    return {t: sorted(rows(db, f"SELECT * FROM {t}"), key=repr) for t in tables}
