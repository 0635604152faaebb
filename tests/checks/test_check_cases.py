"""Every check on tiny hand-made datasets: each violating row and each near miss.

In the style of dbt / SQLMesh unit tests, one YAML file per check in `cases/`
(`dsr.overdue` -> `cases/dsr_overdue.yaml`) holds one or more scenarios:

    check: dsr.overdue
    cases:
      - name: kz_nauryz            # the test id is "<check>:<name>"
        period: 2026-03            # month, quarter or year
        framework: kz              # kz (default) or gdpr
        register_edits:            # optional text replacements on the minimal register YAML;
          - replace: "old text"    # each `replace` must occur exactly once
            with: "new text"
        tables:                    # rows per table, only the columns that matter
          dsr_requests:
            - {request_id: q1, subject_id: s1, ...}
        expected:                  # the exact rows the check returns, in any order
          - {request_id: q1, deadline: "2026-03-26T19:00:00Z"}

Every expected row names the check's key columns (its header's `keys`) and any
other column it asserts; all expected rows of a scenario assert the same columns.
Near misses (rows that must NOT be flagged) sit in `tables` with a comment saying why.

The harness fills `load_id` (0), `source_line` (row index) and the NOT NULL
columns no case cares about (`_DEFAULTS`). `consent_events` rows name a
`subject_id`, as the event files do; the table has no such column, so it becomes
`subject_key = 'k-' || subject_id`, `seq` is the row order and the hashes are
placeholders. Every subject id mentioned anywhere gets a `subject_keys` row,
unless the case lists `subject_keys` itself.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml

from governance.checks.findings import findings
from governance.checks.registry import all_checks, get_check
from governance.checks.runner import run_in_scope
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.scope import Scope
from governance.store import connect, init_database

CASES_DIR = Path(__file__).parent / "cases"

#: NOT NULL columns that no case cares about, filled when a case leaves them out
_DEFAULTS: dict[str, dict[str, Any]] = {
    "subjects": {"subject_type": "customer", "created_at": "2024-01-01T00:00:00Z"},
    "employees": {"department": "operations", "active_from": "2020-01-01T00:00:00Z"},
    "access_log": {"action": "read"},
    "cookie_observations": {"page_url": "https://minimal.example.kz/"},
    "incidents": {"subjects_affected": 1, "severity": "high"},
    "dsr_requests": {"status": "open"},
}
_CASE_KEYS = {"name", "period", "framework", "register_edits", "tables", "expected"}
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _plain(value: Any) -> Any:
    """YAML dates and datetimes back to ISO text, recursively (DuckDB casts text on insert)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _load(path: Path) -> dict[str, Any]:
    return _plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def _case_params() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = _load(path)
        for case in document["cases"]:
            params.append(
                pytest.param(
                    path, document["check"], case, id=f"{document['check']}:{case['name']}"
                )
            )
    return params


def _normalise(value: Any) -> Any:
    """One comparable form: timestamps as UTC ISO text, whole floats as ints, NaN as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        value = value.isoformat()
    elif isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _TIMESTAMP.match(value):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is None:
            stamp = stamp.tz_localize("UTC")
        return stamp.tz_convert("UTC").isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _edit_register(register: Path, edits: list[dict[str, str]]) -> None:
    text = register.read_text(encoding="utf-8")
    for edit in edits:
        old, new = edit["replace"], edit["with"]
        count = text.count(old)
        assert count == 1, f"register edit: {old!r} occurs {count} times in the minimal register"
        text = text.replace(old, new)
    register.write_text(text, encoding="utf-8")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame([{**_DEFAULTS.get(table, {}), **row} for row in rows])
    columns = {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }
    assert columns, f"no table {table}"
    if "load_id" in columns:
        frame["load_id"] = 0
        frame["source_line"] = range(len(frame))
    if table == "consent_events" and "event_id" not in frame:
        frame["event_id"] = None
    con.register("case_rows", frame)
    try:
        if table == "consent_events":
            con.execute(
                """
                INSERT INTO consent_events BY NAME
                SELECT * EXCLUDE (subject_id, event_id),
                       coalesce(event_id, 'ce-' || (source_line + 1)) AS event_id,
                       'k-' || subject_id AS subject_key,
                       source_line + 1 AS seq
                FROM case_rows
                """
            )
        else:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM case_rows")
    finally:
        con.unregister("case_rows")


def _load_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict[str, Any]]]) -> None:
    for table, rows in tables.items():
        if rows:
            _insert(con, table, rows)
    if "subject_keys" not in tables:
        subject_ids = sorted(
            {row["subject_id"] for rows in tables.values() for row in rows if "subject_id" in row}
        )
        if subject_ids:
            _insert(
                con,
                "subject_keys",
                [{"subject_id": s, "subject_key": f"k-{s}"} for s in subject_ids],
            )


def _rows(frame: pd.DataFrame, columns: list[str]) -> Counter[tuple[Any, ...]]:
    records = frame.to_dict("records") if len(frame) else []
    return Counter(tuple(_normalise(r.get(c)) for c in columns) for r in records)


@pytest.mark.parametrize(("path", "check_id", "case"), _case_params())
def test_check_case(
    path: Path, check_id: str, case: dict[str, Any], tmp_path: Path, minimal_register: Path
) -> None:
    unknown = set(case) - _CASE_KEYS
    assert not unknown, f"{path.name}: case '{case['name']}' has unknown keys {sorted(unknown)}"
    check = get_check(check_id)
    pack = load_pack(case.get("framework", "kz"))
    assert pack.enabled(check.id), f"{check.id} is not enabled in the {pack.id} pack"

    register = minimal_register  # a private copy in tmp_path, safe to edit
    _edit_register(register, case.get("register_edits") or [])
    db = tmp_path / "case.duckdb"
    init_database(db, register)

    con = connect(db)
    try:
        _load_tables(con, case.get("tables") or {})
        scope = Scope.open(con, Period.parse(str(case["period"])), pack, run_id=None)
        result = run_in_scope(scope, [check])
        outcome = result.outcomes[0]
        assert outcome.status != "errored", f"{check.id} failed to run: {outcome.error}"
        found = findings(con, result.run_id, check.id)
        keys = con.execute(
            "SELECT finding_key FROM findings WHERE run_id = ?", [result.run_id]
        ).fetchall()
    finally:
        con.close()

    assert outcome.finding_count == len(found)
    assert len(set(keys)) == len(keys), f"{check.id}: finding keys repeat: {sorted(keys)}"

    expected = case.get("expected") or []
    if not expected:
        assert found.empty, f"{check.id} flagged rows it must not:\n{found.to_string()}"
        return
    columns = list(expected[0])
    for row in expected:
        assert list(row) == columns, f"expected rows assert different columns: {row}"
    missing_keys = [k for k in check.keys if k not in columns]
    assert not missing_keys, f"expected rows lack the check's key columns {missing_keys}"
    assert not found.empty, f"{check.id} returned no rows; expected {expected}"
    unknown_columns = [c for c in columns if c not in found.columns]
    assert not unknown_columns, (
        f"{check.id} returns no columns {unknown_columns} (it returns {list(found.columns)})"
    )
    want = Counter(tuple(_normalise(row[c]) for c in columns) for row in expected)
    got = _rows(found, columns)
    assert got == want, (
        f"{check.id}, case '{case['name']}' ({columns}):\n"
        f"  missing (expected, not returned): {sorted(map(str, want - got))}\n"
        f"  unexpected (returned, not expected): {sorted(map(str, got - want))}"
    )


def test_every_check_has_a_case_file() -> None:
    files = {p.stem for p in CASES_DIR.glob("*.yaml")}
    wanted = {c.id.replace(".", "_") for c in all_checks()}
    assert sorted(wanted - files) == [], "checks without a case file in tests/checks/cases/"


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_case_file_names_an_existing_check(path: Path) -> None:
    document = _load(path)
    check = get_check(document["check"])  # CheckError on an unknown id
    assert path.stem == check.id.replace(".", "_"), f"{path.name} holds cases of {check.id}"
    names = [case["name"] for case in document["cases"]]
    assert names and len(set(names)) == len(names), f"{path.name}: case names missing or repeated"
