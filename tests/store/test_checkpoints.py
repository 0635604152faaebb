"""The consent checkpoints: the state at each month end, kept by the load, read by the rules.

The consent rule views and the consent report start a period at the stored state of the month
end at or before it instead of reading the whole ledger (store/checkpoints.py). These tests
hold the stored states to the rule computed over the whole ledger (the rule views with the
checkpoints switched off: no `consent_checkpoint_meta` row, as in a database before schema 014)
and show that the checks, figures and report queries give the same results either way, after
late events, and that a stale or edited checkpoint is not trusted silently.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from conftest import TEST_PSEUDONYM_KEY

from governance.checks.findings import findings
from governance.checks.registry import get_check
from governance.checks.runner import run_in_scope
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.reports._common import read_sql
from governance.scope import Scope
from governance.store import connect, init_database, queries
from governance.store.checkpoints import pending, refresh, verify_checkpoints
from governance.store.ingest import load_files

UTC = dt.UTC
CONSENT_CHECKS = ("consent.missing", "consent.after_withdrawal", "disclosure.without_basis")
#: the columns of the rule's state, as the views and the checkpoints both hold them
STATE = "subject_key, purpose_id, occurred_at, valid, channel, ever_valid, withdrawn_since"

_CASES = Path(__file__).parents[1] / "checks" / "test_check_cases.py"


def _case_harness() -> Any:
    """The check-case harness of tests/checks (its YAML cases and table loader), imported by
    path under a name of its own, so both test folders can be collected in one session."""
    spec = importlib.util.spec_from_file_location("check_case_harness", _CASES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HARNESS = _case_harness()
CONSENT_CASES = [param for param in HARNESS._case_params() if param.values[1] in CONSENT_CHECKS]


@pytest.fixture
def loaded(sample_events_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the loaded sample company (the load built its checkpoints)."""
    monkeypatch.setenv("GOVERNANCE_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    return db


@pytest.fixture
def con(loaded: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(loaded)
    try:
        yield connection
    finally:
        connection.close()


def switch_off(con: duckdb.DuckDBPyConnection) -> None:
    """Make the checkpoints not cover the ledger: the rules then read every ledger row."""
    con.execute("DELETE FROM consent_checkpoint_meta")


def month_ends(con: duckdb.DuckDBPyConnection) -> list[dt.datetime]:
    """Every month end from the ledger's first event to the month after its last."""
    first, last = con.execute(
        "SELECT min(occurred_at), max(occurred_at) FROM consent_events"
    ).fetchone()
    ends, day = [], dt.datetime(first.year, first.month, 1, tzinfo=UTC)
    while day <= last:
        day = dt.datetime(day.year + day.month // 12, day.month % 12 + 1, 1, tzinfo=UTC)
        ends.append(day)
    return ends


def stored_state(con: duckdb.DuckDBPyConnection, at: dt.datetime) -> set[tuple]:
    rows = con.execute(
        f"SELECT {STATE} FROM consent_checkpoints "
        "WHERE from_month_end <= $at AND (until_month_end IS NULL OR until_month_end > $at)",
        {"at": at},
    ).fetchall()
    assert len(rows) == len({row[:2] for row in rows}), f"a pair holds two states at {at}"
    return set(rows)


def view_rows(con: duckdb.DuckDBPyConnection, period: Period, view: str, where: str) -> set[tuple]:
    # consent_states has no channel
    columns = STATE if view == "consent_changes" else STATE.replace(" channel,", "")
    scope = Scope.open(con, period, "kz", run_id=None)
    try:
        return set(
            scope.con.execute(f"SELECT {columns}, next_at FROM {view} WHERE {where}").fetchall()
        )
    finally:
        scope.close()


def test_the_load_stores_the_rules_state_at_every_month_end(con: duckdb.DuckDBPyConnection) -> None:
    todo = pending(con)
    assert todo.built and todo.intact and todo.new_rows == 0
    ends = month_ends(con)
    assert len(ends) > 20
    stored = {at: stored_state(con, at) for at in ends}
    switch_off(con)
    for at in ends:
        # the state at a month end is the one holding at the end of the month before it,
        # computed by the rule over the whole ledger
        month = Period.parse(f"{(at - dt.timedelta(days=1)):%Y-%m}")
        whole = view_rows(con, month, "consent_changes", "next_at IS NULL")
        assert stored[at] == {row[:-1] for row in whole}, f"state at {at}"


@pytest.mark.parametrize("label", ["2025-01", "2025-12", "2026-03", "2026-Q3", "2026-10", "2026"])
def test_rule_views_from_the_checkpoints_equal_the_whole_ledger(
    con: duckdb.DuckDBPyConnection, label: str
) -> None:
    period = Period.parse(label)
    # every state that holds at some instant of the period or at its end
    holding = f"next_at IS NULL OR next_at > TIMESTAMPTZ '{period.start_ts.isoformat()}'"
    anchored = {
        view: view_rows(con, period, view, holding)
        for view in ("consent_changes", "consent_states")
    }
    switch_off(con)
    for view, rows in anchored.items():
        assert rows, view
        assert rows == view_rows(con, period, view, holding), view


def _report_rates(con: duckdb.DuckDBPyConnection, window: dict[str, Any]) -> pd.DataFrame:
    scope = Scope.open(con, Period.parse("2026-10"), "kz", run_id=None)
    try:
        return queries.frame(scope.con, read_sql("consent_report", "consent_rates"), **window)
    finally:
        scope.close()


@pytest.mark.parametrize(
    "window",
    [
        # the trend: twelve months up to the period end, starting long before the period
        {"start": dt.datetime(2025, 11, 1, tzinfo=UTC), "months": 1},
        # the period itself
        {"start": dt.datetime(2026, 10, 1, tzinfo=UTC), "months": 1},
        # a window starting before any checkpoint
        {"start": dt.datetime(2024, 10, 1, tzinfo=UTC), "months": 3},
    ],
)
def test_consent_report_figures_equal_the_whole_ledger(
    con: duckdb.DuckDBPyConnection, window: dict[str, Any]
) -> None:
    params = {
        "window_start": window["start"],
        "window_end": dt.datetime(2026, 11, 1, tzinfo=UTC),
        "step_months": window["months"],
    }
    anchored = _report_rates(con, params)
    assert anchored["decided"].sum() > 0
    switch_off(con)
    pd.testing.assert_frame_equal(anchored, _report_rates(con, params))


def _consent_file(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A consent event file of (subject_id, purpose_id, action, occurred_at) rows."""
    path = tmp_path / "consent_events.csv"
    lines = [
        "event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref"
    ]
    lines += [
        f"LATE-{i},{subject},{purpose},{action},{at},1.0,app,EV-LATE-{i}"
        for i, (subject, purpose, action, at) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_late_event_redoes_every_month_end_after_it(
    loaded: Path, tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    subject, purpose, last = con.execute(
        """
        SELECT k.subject_id, e.purpose_id, max(e.occurred_at)
        FROM consent_events e JOIN subject_keys k USING (subject_key)
        GROUP BY ALL HAVING max(e.occurred_at) < TIMESTAMPTZ '2025-06-01' ORDER BY ALL LIMIT 1
        """
    ).fetchone()
    before = stored_state(con, dt.datetime(2026, 10, 1, tzinfo=UTC))
    con.close()
    # a withdrawal and a grant at one instant (the withdrawal wins), months in the past
    late = (last + dt.timedelta(hours=1)).isoformat()
    load_files(
        loaded,
        [
            _consent_file(
                tmp_path, [(subject, purpose, "grant", late), (subject, purpose, "withdraw", late)]
            )
        ],
    )
    again = connect(loaded)
    try:
        assert pending(again).new_rows == 0
        after = stored_state(again, dt.datetime(2026, 10, 1, tzinfo=UTC))
        changed = after - before
        assert len(changed) == 1
        assert not next(iter(changed))[3]  # no longer valid
        assert verify_checkpoints(again) == []  # the refreshed months equal a full rebuild
    finally:
        again.close()


def test_rows_appended_without_a_refresh_are_not_hidden_by_stale_checkpoints(
    con: duckdb.DuckDBPyConnection,
) -> None:
    key, purpose, last = con.execute(
        """
        SELECT subject_key, purpose_id, max(occurred_at) FROM consent_events
        GROUP BY ALL HAVING max(occurred_at) < TIMESTAMPTZ '2025-06-01'
           AND arg_max(action, occurred_at) = 'grant'
        ORDER BY ALL LIMIT 1
        """
    ).fetchone()
    # appended behind the load's back (no refresh), before the anchor of October 2026
    con.execute(
        "INSERT INTO consent_events BY NAME SELECT * REPLACE (seq + 1000000 AS seq, "
        "'withdraw' AS action, occurred_at + INTERVAL 1 MINUTE AS occurred_at, "
        "'LATE' AS event_id) FROM consent_events WHERE subject_key = $key AND purpose_id = "
        "$purpose AND occurred_at = $last LIMIT 1",
        {"key": key, "purpose": purpose, "last": last},
    )
    assert pending(con).new_rows == 1
    rows = view_rows(
        con,
        Period.parse("2026-10"),
        "consent_changes",
        f"subject_key = '{key}' AND purpose_id = '{purpose}' AND next_at IS NULL",
    )
    assert [row[3] for row in rows] == [False]  # the withdrawal is seen


def test_an_edited_checkpoint_is_found_by_recomputing(con: duckdb.DuckDBPyConnection) -> None:
    assert verify_checkpoints(con) == []
    con.execute(
        "UPDATE consent_checkpoints SET valid = NOT valid WHERE rowid = (SELECT min(rowid) "
        "FROM consent_checkpoints WHERE from_month_end = TIMESTAMPTZ '2026-03-01')"
    )
    assert verify_checkpoints(con) == [dt.datetime(2026, 3, 1, tzinfo=UTC)]


def test_a_database_without_checkpoints_gets_them_at_its_next_load(
    loaded: Path, tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # as a database created before schema 014 has them: none
    con.execute("DELETE FROM consent_checkpoints")
    switch_off(con)
    assert not pending(con).built
    subject = con.execute("SELECT min(subject_id) FROM subject_keys").fetchone()[0]
    con.close()
    load_files(
        loaded,
        [_consent_file(tmp_path, [(subject, "email_marketing", "grant", "2026-10-30T10:00:00Z")])],
    )
    again = connect(loaded)
    try:
        todo = pending(again)
        assert todo.built and todo.intact and todo.new_rows == 0
        assert verify_checkpoints(again) == []
        assert again.execute("SELECT count(*) FROM consent_checkpoints").fetchone()[0] > 1000
    finally:
        again.close()


@pytest.mark.parametrize(("path", "check_id", "case"), CONSENT_CASES)
def test_consent_check_cases_give_the_same_findings_from_checkpoints(
    path: Path, check_id: str, case: dict[str, Any], tmp_path: Path, minimal_register: Path
) -> None:
    """The check cases of tests/checks (whose expected rows hold the rule over the whole
    ledger) with the checkpoints built: the same findings."""
    HARNESS._edit_register(minimal_register, case.get("register_edits") or [])
    db = tmp_path / "case.duckdb"
    init_database(db, minimal_register)
    pack = load_pack(case.get("framework", "kz"))
    check = get_check(check_id)
    con = connect(db)
    try:
        HARNESS._load_tables(con, case.get("tables") or {})
        found = {}
        for built in (False, True):
            if built:
                refresh(con)
                assert pending(con).built
            scope = Scope.open(con, Period.parse(str(case["period"])), pack, run_id=None)
            try:
                result = run_in_scope(scope, [check])
            finally:
                scope.close()
            assert result.outcomes[0].status != "errored", result.outcomes[0].error
            frame = findings(con, result.run_id, check_id)
            found[built] = HARNESS._rows(frame, sorted(frame.columns))
    finally:
        con.close()
    assert found[True] == found[False]
