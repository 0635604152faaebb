"""The explorers without a browser: set a control's value from Python, read what was redrawn.

Figures are compared with computations written apart from the explorers' SQL: the ledger's
`consent_state` macro for valid consents, pandas for event counts, the checks' stored findings
and a pandas version of the retention rule for the queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import ipywidgets as widgets
import pandas as pd
import pytest
from explore_helpers import explore_database

from governance.checks import findings, latest_run_id
from governance.explore import (
    EVERY,
    ConsentExplorer,
    Explorer,
    FindingExplorer,
    QueueExplorer,
    open_database,
    week_of,
)
from governance.store import connect


@pytest.fixture(scope="module")
def explore_db(tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path) -> Path:
    return explore_database(tmp_path_factory, sample_events_db)


@pytest.fixture
def con(explore_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(explore_db)
    yield connection
    connection.close()


def valid_consents(
    con: duckdb.DuckDBPyConnection, purpose: str, before: dt.datetime, channel: str | None = None
) -> int:
    """Subjects with a valid consent just before `before`, by the ledger's own macro."""
    return con.execute(
        """
        SELECT count(*)
        FROM consent_state(?::TIMESTAMPTZ - INTERVAL 1 MICROSECOND) AS state
        JOIN consent_events AS event USING (event_id)
        WHERE state.purpose_id = ? AND state.valid
          AND (?::VARCHAR IS NULL OR coalesce(event.channel, '(none)') = ?)
        """,
        [before, purpose, channel, channel],
    ).fetchall()[0][0]


# ---------------------------------------------------------------- consent explorer


def test_choosing_another_purpose_redraws_chart_and_figures(con: duckdb.DuckDBPyConnection) -> None:
    explorer = ConsentExplorer(con, purpose="email_marketing")
    before_html, before = explorer.output.value, explorer.frame.copy()
    assert "<svg" in before_html and "E-mail newsletters" in before_html

    explorer.purpose.value = "cookies"

    assert explorer.error is None
    assert explorer.output.value != before_html
    assert "Analytics and advertising cookies" in explorer.output.value
    assert not explorer.frame["valid_at_end"].equals(before["valid_at_end"])


def test_valid_consents_at_each_month_end_are_those_of_consent_state(
    con: duckdb.DuckDBPyConnection,
) -> None:
    explorer = ConsentExplorer(con, purpose="email_marketing")
    explorer.start.value = dt.date(2025, 1, 1)
    explorer.end.value = dt.date(2026, 10, 31)

    frame = explorer.frame
    assert len(frame) == 22
    for row in frame.itertuples():
        assert row.valid_at_end == valid_consents(con, "email_marketing", row.bucket_end)


def test_channel_filter_counts_only_that_channel(con: duckdb.DuckDBPyConnection) -> None:
    explorer = ConsentExplorer(con, purpose="email_marketing", step="week")
    explorer.start.value, explorer.end.value = dt.date(2026, 6, 1), dt.date(2026, 10, 31)
    everything = explorer.frame.copy()

    explorer.channel.value = "web_form"

    frame = explorer.frame
    events = con.execute(
        "SELECT action, occurred_at, channel FROM consent_events WHERE purpose_id = ?",
        ["email_marketing"],
    ).df()
    web = events[events["channel"] == "web_form"]
    for row in frame.itertuples():
        inside = web[
            (web["occurred_at"] >= row.bucket_start) & (web["occurred_at"] < row.bucket_end)
        ]
        assert row.grants == (inside["action"] == "grant").sum()
        assert row.withdrawals == (inside["action"] == "withdraw").sum()
        assert row.valid_at_end == valid_consents(
            con, "email_marketing", row.bucket_end, "web_form"
        )
    assert (frame["grants"] <= everything["grants"]).all()
    assert frame["grants"].sum() < everything["grants"].sum()
    assert "web_form" in explorer.output.value


def test_date_range_and_step_decide_the_buckets(con: duckdb.DuckDBPyConnection) -> None:
    explorer = ConsentExplorer(con, purpose="personalisation")
    with explorer.quietly():
        explorer.start.value = dt.date(2026, 3, 10)
        explorer.end.value = dt.date(2026, 4, 20)
        explorer.step.value = "week"

    starts = explorer.frame["bucket_start"].dt.date.tolist()
    ends = explorer.frame["bucket_end"].dt.date.tolist()
    assert starts[0] == dt.date(2026, 3, 10)  # the first week is cut at the range's start
    assert starts[1] == dt.date(2026, 3, 16)  # then Mondays
    assert ends[-1] == dt.date(2026, 4, 21)  # the end date is inclusive
    assert len(starts) == 7


def test_a_range_that_ends_before_it_starts_is_explained_in_the_output(
    con: duckdb.DuckDBPyConnection,
) -> None:
    explorer = ConsentExplorer(con, purpose="cookies")
    explorer.start.value = dt.date(2026, 9, 1)
    explorer.end.value = dt.date(2026, 8, 1)

    assert explorer.error == "the range starts (2026-09-01) after it ends (2026-08-01)"
    assert "gov-error" in explorer.output.value

    explorer.end.value = dt.date(2026, 9, 30)
    assert explorer.error is None and "<svg" in explorer.output.value


# ---------------------------------------------------------------- finding drill-down


def test_drill_down_shows_the_violating_rows_and_the_rules_behind_them(
    con: duckdb.DuckDBPyConnection,
) -> None:
    explorer = FindingExplorer(con)
    assert explorer.period.value == "2026-10"  # newest first

    explorer.check.value = "retention.overdue"

    run_id = latest_run_id(con, "2026-10")
    expected = findings(con, run_id, "retention.overdue")
    assert explorer.run_id == run_id
    assert sorted(explorer.rows["record_id"]) == sorted(expected["record_id"])
    for record in expected["record_id"]:
        assert record in explorer.output.value
    rules = explorer.facts["Retention rules"]
    held = set(zip(expected["data_category"], expected["system_id"], strict=True))
    assert set(zip(rules["data_category"], rules["system_id"], strict=True)) == held
    assert rules["rule_id"].notna().all()
    systems = explorer.facts["Systems"].set_index("system_id")
    assert set(systems.index) == set(expected["system_id"])
    owners = dict(con.execute("SELECT system_id, owner FROM systems").fetchall())
    assert systems["owner"].to_dict() == {s: owners[s] for s in systems.index}


def test_choosing_another_period_offers_the_checks_of_its_run(
    con: duckdb.DuckDBPyConnection,
) -> None:
    explorer = FindingExplorer(con, check="dsr.overdue")
    october = explorer.run_id

    explorer.period.value = "2026-05"

    may = latest_run_id(con, "2026-05")
    assert explorer.run_id == may != october
    with_findings = con.execute(
        "SELECT check_id FROM check_results WHERE run_id = ? AND finding_count > 0", [may]
    ).fetchall()
    assert {value for _, value in explorer.check.options} == {c for (c,) in with_findings}
    assert explorer.check.value == "dsr.overdue"  # kept: May has dsr.overdue findings too
    assert sorted(explorer.rows["request_id"]) == sorted(
        findings(con, may, "dsr.overdue")["request_id"]
    )


def test_a_purpose_missing_from_the_register_is_shown_as_such(
    con: duckdb.DuckDBPyConnection,
) -> None:
    explorer = FindingExplorer(con, period="2026-05", check="purpose.unregistered")

    purposes = explorer.facts["Purposes"]
    assert len(explorer.rows) == 2
    assert set(purposes["purpose_id"]) == set(explorer.rows["purpose_id"])
    assert not purposes["in_register"].any()
    assert "Register facts: purposes" in explorer.output.value


def test_without_check_runs_the_drill_down_says_how_to_get_them(minimal_db: Path) -> None:
    # minimal_db, not the session's sample database: other tests run checks on that one
    con = connect(minimal_db, read_only=True)
    try:
        explorer = FindingExplorer(con)
    finally:
        con.close()
    assert "governance check" in explorer.error
    assert explorer.check.options == ()


# ---------------------------------------------------------------- the week's queues


def retention_due(con: duckdb.DuckDBPyConnection, week: dt.date) -> set[str]:
    """Records due before the week ends and still held at its start (or deleted late in it)."""
    start, end = week_of(week)
    records = con.execute(
        """
        SELECT i.record_id, i.collected_at, i.last_used_at, i.deleted_at,
               r.start_event, r.period_days, r.grace_days
        FROM data_inventory i
        JOIN retention_rules r ON r.category_id = i.data_category AND r.system_id = i.system_id
        """
    ).df()
    begin = records["collected_at"].where(
        records["start_event"] != "last_used_at",
        records["last_used_at"].fillna(records["collected_at"]),
    )
    due = begin + pd.to_timedelta(records["period_days"] + records["grace_days"], unit="D")
    deleted = records["deleted_at"]
    keep = (due < end) & (deleted.isna() | ((deleted > due) & (deleted >= start)))
    return set(records.loc[keep, "record_id"])


def test_queue_of_a_week_lists_records_due_and_requests_due(con: duckdb.DuckDBPyConnection) -> None:
    explorer = QueueExplorer(con)
    assert explorer.week.value == dt.date(2026, 10, 31)  # the data ends before today
    first_html = explorer.output.value

    explorer.week.value = dt.date(2026, 10, 5)

    start, end = week_of(dt.date(2026, 10, 5))
    assert explorer.output.value != first_html
    assert set(explorer.retention["record_id"]) == retention_due(con, dt.date(2026, 10, 5))
    overdue = explorer.retention["queue"] == "overdue"
    assert (explorer.retention.loc[overdue, "due_at"] < start).all()
    assert (explorer.retention.loc[~overdue, "due_at"] >= start).all()
    requests = explorer.requests
    assert len(requests) > 0
    assert (requests["deadline"] < end).all()
    assert (requests["completed_at"].isna() | (requests["completed_at"] >= start)).all()
    for request in requests["request_id"]:
        assert request in explorer.output.value
    summary = explorer.summary
    assert summary["records_overdue"].sum() + summary["records_due"].sum() == len(
        explorer.retention
    )


def test_requests_overdue_at_month_end_are_in_the_queue_of_its_last_week(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """The queue and the dsr.overdue check share one deadline rule (request_deadlines)."""
    explorer = QueueExplorer(con, week=dt.date(2026, 10, 31))
    overdue = findings(con, latest_run_id(con, "2026-10"), "dsr.overdue")
    still_open = overdue[overdue["completed_at"].isna()]
    assert len(still_open) > 0
    queued = explorer.requests.set_index("request_id")
    for row in still_open.itertuples():
        assert row.request_id in queued.index
        assert queued.loc[row.request_id, "deadline"] == pd.Timestamp(row.deadline)


def test_system_and_owner_pickers_filter_the_queues(con: duckdb.DuckDBPyConnection) -> None:
    explorer = QueueExplorer(con, week=dt.date(2026, 10, 5))
    everything = explorer.retention.copy()
    system = everything["system_id"].value_counts().index[-1]

    explorer.system.value = system

    assert set(explorer.retention["system_id"]) == {system}
    assert len(explorer.retention) == (everything["system_id"] == system).sum()
    assert set(explorer.summary["system_id"]) <= {system}
    assert all(system in systems.split(", ") for systems in explorer.requests["systems"])

    explorer.system.value = EVERY
    owner = explorer.retention["owner"].iloc[0]
    explorer.owner.value = owner
    assert set(explorer.retention["owner"]) == {owner}
    assert set(explorer.summary["owner"]) == {owner}


def test_a_record_is_due_in_the_week_of_its_due_date_and_overdue_after(
    con: duckdb.DuckDBPyConnection,
) -> None:
    overdue = findings(con, latest_run_id(con, "2026-10"), "retention.overdue")
    record = overdue.sort_values("record_id").iloc[0]
    due = pd.Timestamp(record["due_at"])
    explorer = QueueExplorer(con, week=due.date())

    row = explorer.retention.set_index("record_id").loc[record["record_id"]]
    assert row["queue"] == "due this week"
    assert explorer.summary["records_due"].sum() >= 1

    explorer.week.value = due.date() + dt.timedelta(days=7)
    row = explorer.retention.set_index("record_id").loc[record["record_id"]]
    assert row["queue"] == "overdue"


# ---------------------------------------------------------------- what the browser is sent


def shown(picker: widgets.Dropdown) -> str | None:
    """The label the browser's <select> shows: the one at the model's index (None: blank).

    The front end draws a Dropdown from its model state, `index` into `_options_labels`; an
    index of None is a <select> with selectedIndex -1, blank whatever the options are.
    """
    state = picker.get_state()
    return None if state["index"] is None else state["_options_labels"][state["index"]]


def pickers(explorer: Explorer) -> list[widgets.Dropdown]:
    return [c for c in explorer.controls if isinstance(c, widgets.Dropdown)]


def test_every_picker_shows_its_value_after_construction_and_a_redraw(
    con: duckdb.DuckDBPyConnection,
) -> None:
    consents = ConsentExplorer(con)
    drill = FindingExplorer(con)
    queues = QueueExplorer(con)
    assert shown(consents.channel) == "(all channels)" and consents.channel.value == EVERY
    assert shown(queues.system) == "(any)" and shown(queues.owner) == "(any)"

    consents.purpose.value = "cookies"
    drill.period.value = "2026-05"
    queues.week.value = dt.date(2026, 10, 5)

    assert shown(consents.channel) == "(all channels)"
    assert shown(queues.system) == "(any)" and shown(queues.owner) == "(any)"
    for explorer in (consents, drill, queues):
        assert explorer.error is None
        for picker in pickers(explorer):
            assert shown(picker) == picker.label is not None, picker.description


def test_a_picked_channel_system_or_owner_is_shown_and_every_is_picked_back(
    con: duckdb.DuckDBPyConnection,
) -> None:
    consents = ConsentExplorer(con, channel="web_form")
    queues = QueueExplorer(con, week=dt.date(2026, 10, 5))
    system = queues.retention["system_id"].iloc[0]
    owner = queues.retention["owner"].iloc[0]
    assert shown(consents.channel) == "web_form" and "web_form" in consents.output.value

    queues.system.value = system
    queues.owner.value = owner
    consents.channel.value = EVERY

    assert shown(queues.system) == f"{queues.system.label}" and system in shown(queues.system)
    assert shown(queues.owner) == owner
    assert shown(consents.channel) == "(all channels)"
    assert "every channel" in consents.output.value  # EVERY is no filter, not a channel ""


class _TableParents(HTMLParser):
    """For each <table> of a page, the attributes of the element it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.parents: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.parents.append(self.stack[-1][1] if self.stack else {})
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass


def test_every_table_of_the_explorers_scrolls_sideways_inside_the_output(
    con: duckdb.DuckDBPyConnection,
) -> None:
    explorers = [
        ConsentExplorer(con, purpose="email_marketing"),
        FindingExplorer(con, period="2026-10", check="retention.overdue"),
        QueueExplorer(con, week=dt.date(2026, 10, 5)),
    ]
    for explorer in explorers:
        parser = _TableParents()
        parser.feed(explorer.output.value)
        assert len(parser.parents) >= 1, type(explorer).__name__
        for parent in parser.parents:
            assert parent.get("style") == "overflow-x:auto; max-width:100%"
        assert explorer.output.layout.width == "100%"
        assert "gov-explorer-output" in explorer.output._dom_classes
