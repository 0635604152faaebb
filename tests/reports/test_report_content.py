"""The five DPO, security and auditor reports: figures, suppression, privacy, escaping, notebooks.

Key figures are compared with computations written independently of the report SQL (pandas,
the `consent_state` macro, the Python twin of the working-day calendar, the checks' findings).
Tables are read back through great_tables' data frame and charts through altair's data, so the
tests see exactly what is rendered. A register string `<script>alert(1)</script>` is planted in
the copy of the sample database to see it escaped.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import duckdb
import nbformat
import pandas as pd
import pytest
from great_tables import GT

from governance.checks import run_checks
from governance.frameworks.calendar import add_working_days, working_days
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.publish.export import notebook_to_html
from governance.publish.guard import (
    check_publishable,
    identifiers,
    identifiers_found,
    offline_problems,
)
from governance.reports import Report, open_report
from governance.reports._common import percent
from governance.reports.dsr_report import REQUEST_TYPES
from governance.reports.parameters import ReportParameters, declared_parameters
from governance.reports.suppression import suppress_count
from governance.store import connect
from governance.viz import SvgChart

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ("consent_report", "dsr_report", "retention_report", "access_disclosure_report", "ropa")
PERIODS = ("2026-10", "2026-Q2", "2026")
PLANTED = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
#: every id format of the sample company: subjects, employees, visitors, requests, records...
ID_PATTERN = re.compile(r"\b(?:S|E|V|DSR|R|G|A|D|P|C|CC|INC)-\d{3,}\b")


def setup_source(name: str) -> str:
    """The setup cell: the two imports in the order ruff's isort keeps them (by name)."""
    imports = sorted([f"{name} as content", "open_report"])
    return "".join(f"from governance.reports import {i}\n" for i in imports) + (
        "\nreport = open_report(db_path, period, framework, min_cell, lang)"
    )


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def report_db(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample company, a planted register string, and the checks of PERIODS."""
    db = tmp_path_factory.mktemp("report_content") / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    con = connect(db)
    try:
        con.execute(
            "UPDATE processing_activities SET name = $s WHERE activity_id = 'hiring'",
            {"s": PLANTED},
        )
        con.execute("UPDATE systems SET name = $s WHERE system_id = 'ats'", {"s": PLANTED})
    finally:
        con.close()
    for period in PERIODS:
        run_checks(db, period)
    return db


@pytest.fixture
def open_at(report_db: Path) -> Iterator[Callable[[str, int], Report]]:
    """Open the report of a period with a given min_cell; connections closed afterwards."""
    opened: list[Report] = []

    def _open(period: str, min_cell: int = 1) -> Report:
        opened.append(open_report(str(report_db), period, "kz", min_cell))
        return opened[-1]

    yield _open
    for report in opened:
        report.close()


@pytest.fixture
def raw(report_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A plain read-only connection for the independent computations."""
    con = connect(report_db, read_only=True)
    yield con
    con.close()


#: the DSR report names request types by sentences ("Withdrawal of consent"), not codes
TYPE_CODES = {label: code for code, label in REQUEST_TYPES.items()}


def content(name: str) -> ModuleType:
    return import_module(f"governance.reports.{name}")


def shown(table: GT) -> pd.DataFrame:
    """The frame a great_tables table displays (great_tables has no public accessor for it)."""
    return table._tbl_data


def number(text: str) -> int:
    return int(str(text).replace(",", ""))


def rendered(obj: object) -> str:
    """The markup an object puts in the report."""
    if isinstance(obj, SvgChart):
        return obj.svg
    if isinstance(obj, GT):
        return obj.as_raw_html()
    return obj._repr_html_()  # type: ignore[attr-defined]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def sections(name: str) -> list[tuple[str, str]]:
    """(heading, function) of each section of the notebook, in order."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    found, heading = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            heading = cell.source.splitlines()[0][3:].strip()
        elif cell.cell_type == "code" and (
            match := re.fullmatch(r"content\.(\w+)\(report\)", cell.source)
        ):
            found.append((heading, match[1]))
    return found


def window(period: str) -> tuple[dt.datetime, dt.datetime]:
    p = Period.parse(period)
    return p.start_ts, p.end_ts


# ---------------------------------------------------------------- the notebooks' shape


@pytest.mark.parametrize("name", REPORTS)
def test_notebook_is_thin_parameterised_and_committed_without_outputs(name: str) -> None:
    path = NOTEBOOKS / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec["name"] == "governance"
    assert nb.metadata.kernelspec["display_name"] == "Python (governance)"
    assert declared_parameters(path) == {
        "db_path": "out/metrix.duckdb",
        "period": "2026-10",
        "framework": "kz",
        "min_cell": 5,
        "lang": "en",
    }
    title, params, setup, *rest = nb.cells
    assert title.cell_type == "markdown" and title.source.startswith("# ")
    assert params.metadata["tags"] == ["parameters"]
    assert setup.source == setup_source(name)
    assert [c.cell_type for c in rest] == ["markdown", "code"] * (len(rest) // 2)
    assert all(
        c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code"
    )
    calls = sections(name)
    assert len(calls) == len(rest) // 2, "each section's code cell is one content.<fn>(report) call"
    assert {fn for _, fn in calls} <= set(content(name).__all__)


# ---------------------------------------------------------------- key figures


def test_requests_by_type_are_counted_from_the_requests(open_at, raw) -> None:
    start, end = window("2026-Q2")
    table = shown(content("dsr_report").requests_by_type(open_at("2026-Q2")))
    requests = raw.execute(
        "SELECT request_type, status, received_at, completed_at FROM dsr_requests"
    ).df()
    # a rejection is an answer: without completed_at it counts as answered when received
    answered_at = requests.completed_at.where(
        requests.completed_at.notna() | (requests.status != "rejected"), requests.received_at
    )
    received = requests[(requests.received_at >= start) & (requests.received_at < end)]
    answered = requests[(answered_at >= start) & (answered_at < end)]
    still_open = requests[
        (requests.received_at < end) & (answered_at.isna() | (answered_at >= end))
    ]
    for _, row in table.iterrows():
        request_type = TYPE_CODES[row["request_type"]]
        assert number(row["received"]) == (received.request_type == request_type).sum()
        assert number(row["answered"]) == (answered.request_type == request_type).sum()
        assert number(row["open_at_end"]) == (still_open.request_type == request_type).sum()
    assert table["received"].map(number).sum() == len(received) > 0


def test_erasure_deadline_share_follows_the_working_day_calendar(open_at, raw) -> None:
    start, end = window("2026")
    days = load_pack("kz").dsr_deadlines["erasure"].working_days
    calendar = working_days("KZ", 2020, 2027)
    almaty = ZoneInfo("Asia/Almaty")
    erasures = raw.execute(
        "SELECT received_at, completed_at FROM dsr_requests WHERE request_type = 'erasure' "
        "AND completed_at >= $s AND completed_at < $e",
        {"s": start, "e": end},
    ).fetchall()
    in_time = sum(
        done.astimezone(almaty).date()
        <= add_working_days(calendar, got.astimezone(almaty).date(), days)
        for got, done in erasures
    )
    row = shown(content("dsr_report").sla_compliance(open_at("2026"))).set_index("request_type")
    erasure = REQUEST_TYPES["erasure"]
    assert number(row.loc[erasure, "answered"]) == len(erasures) > 0
    assert number(row.loc[erasure, "in_time"]) == in_time
    assert number(row.loc[erasure, "late"]) == len(erasures) - in_time > 0
    assert row.loc[erasure, "in_time_share"] == percent(in_time / len(erasures))
    assert row.loc[erasure, "deadline"] == "1 working day, Art. 25(2)(8)"


def test_late_answers_agree_with_the_dsr_overdue_check(open_at, raw) -> None:
    report = open_at("2026")
    sla = shown(content("dsr_report").sla_compliance(report))
    overdue = shown(content("dsr_report").overdue_requests(report)).set_index("request_type")
    start, end = window("2026")
    late_in_check = (
        raw.execute(
            "SELECT details->>'request_type' AS t, count(*) AS n FROM findings "
            "WHERE run_id = $r AND check_id = 'dsr.overdue' "
            "AND CAST(details->>'completed_at' AS TIMESTAMPTZ) >= $s "
            "AND CAST(details->>'completed_at' AS TIMESTAMPTZ) < $e GROUP BY ALL",
            {"r": report.run_id, "s": start, "e": end},
        )
        .df()
        .set_index("t")["n"]
        .rename(index=REQUEST_TYPES)
    )
    late = sla.set_index("request_type")["late"].map(number)
    assert late[late > 0].to_dict() == late_in_check.to_dict()
    assert overdue["answered_late"].map(number)[late_in_check.index].to_dict() == (
        late_in_check.to_dict()
    )


@pytest.fixture(scope="module")
def legal_duty_db(report_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the report database where billing and antifraud records are kept under a legal
    obligation, with erasures completed in 2026-10 that left such records (and others) behind,
    and an access request of 2026-10 rejected without a recorded time."""
    db = tmp_path_factory.mktemp("legal_duty") / "metrix.duckdb"
    shutil.copy(report_db, db)
    con = connect(db)
    try:
        con.execute(
            "UPDATE legal_bases SET legal_obligation = true "
            "WHERE legal_basis_id = 'legal_obligation'"
        )
        con.execute(
            "UPDATE retention_rules SET legal_basis_id = 'legal_obligation' "
            "WHERE system_id IN ('billing', 'antifraud')"
        )
        con.execute(
            "INSERT INTO subjects (subject_id, subject_type, country, created_at, full_name, "
            "email, load_id, source_line) VALUES "
            "('S-990001', 'customer', 'KZ', '2024-12-01', 'Zhanar Kaliyeva', "
            "'zhanar.kept@example.kz', 0, 1), "
            "('S-990002', 'customer', 'KZ', '2024-12-01', NULL, NULL, 0, 2), "
            "('S-990003', 'customer', 'KZ', '2024-12-01', NULL, NULL, 0, 3), "
            "('S-990004', 'customer', 'KZ', '2024-12-01', 'Yerlan Bekov', NULL, 0, 4)"
        )
        con.execute(
            "INSERT INTO dsr_requests (request_id, subject_id, request_type, received_at, status, "
            "completed_at, load_id, source_line) VALUES "
            "('DSR-99001', 'S-990001', 'erasure', '2026-10-05 10:00+00', 'completed', "
            "'2026-10-06 10:00+00', 0, 1), "
            "('DSR-99002', 'S-990002', 'erasure', '2026-10-12 10:00+00', 'completed', "
            "'2026-10-12 15:00+00', 0, 2), "
            # completed in September: not an erasure of the period
            "('DSR-99003', 'S-990003', 'erasure', '2026-09-14 10:00+00', 'completed', "
            "'2026-09-15 10:00+00', 0, 3), "
            "('DSR-99004', 'S-990004', 'access', '2026-10-08 10:00+00', 'rejected', NULL, 0, 4)"
        )
        con.execute(
            "INSERT INTO data_inventory (record_id, system_id, subject_id, data_category, "
            "collected_at, deleted_at, load_id, source_line) VALUES "
            # kept by law: 3 records of 2 erasures
            "('R-9900001', 'billing', 'S-990001', 'iin', '2025-01-01', NULL, 0, 1), "
            "('R-9900002', 'billing', 'S-990001', 'full_name', '2025-01-01', NULL, 0, 2), "
            "('R-9900006', 'antifraud', 'S-990002', 'payment', '2025-06-01', NULL, 0, 6), "
            # not kept by law: a rule without a legal obligation, collected after the erasure,
            # deleted before the period end, an erasure of another period
            "('R-9900003', 'crm', 'S-990001', 'email', '2025-01-01', NULL, 0, 3), "
            "('R-9900004', 'billing', 'S-990001', 'iin', '2026-10-07', NULL, 0, 4), "
            "('R-9900005', 'billing', 'S-990001', 'payment', '2025-01-01', '2026-10-20', 0, 5), "
            "('R-9900007', 'billing', 'S-990003', 'iin', '2025-01-01', NULL, 0, 7)"
        )
    finally:
        con.close()
    return db


def _erasures_completed(db: Path, period: str) -> int:
    start, end = window(period)
    con = connect(db, read_only=True)
    try:
        return con.execute(
            "SELECT count(*) FROM dsr_requests WHERE request_type = 'erasure' "
            "AND status = 'completed' AND completed_at >= $s AND completed_at < $e",
            {"s": start, "e": end},
        ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("min_cell", [1, 5])
def test_records_kept_under_a_legal_duty_after_erasures_are_counted_without_ids(
    legal_duty_db: Path, report_db: Path, min_cell: int
) -> None:
    # the sample's own erasures of 2026-10 delete every record: none is kept by law
    erasures = _erasures_completed(report_db, "2026-10") + 2
    report = open_report(str(legal_duty_db), "2026-10", "kz", min_cell)
    raw = connect(legal_duty_db, read_only=True)
    try:
        html = rendered(content("dsr_report").requests_by_type(report))
        known = identifiers(raw)
    finally:
        report.close()
        raw.close()
    counts = [suppress_count(n, min_cell) for n in (erasures, 3, 2)]
    assert (
        f"Erasures completed in 2026-10: {counts[0]}; records kept under a legal duty after them "
        "(their retention rule's legal basis is a legal obligation): "
        f"{counts[1]}, for {counts[2]} of these erasures."
    ) in visible_text(html)
    assert {"s-990001", "zhanar.kept@example.kz", "zhanar kaliyeva", "yerlan bekov"} <= known.tokens
    assert identifiers_found(html, known) == []
    assert not ID_PATTERN.search(visible_text(html))


def test_a_rejection_without_its_time_is_answered_not_open_and_neither_in_time_nor_late(
    legal_duty_db: Path, report_db: Path
) -> None:
    before, after = (open_report(str(db), "2026-10", "kz", 1) for db in (report_db, legal_duty_db))
    try:
        tables = {
            name: [
                shown(getattr(content("dsr_report"), name)(r)).set_index("request_type")
                for r in (before, after)
            ]
            for name in ("requests_by_type", "sla_compliance")
        }
    finally:
        before.close()
        after.close()

    def changes(name: str, columns: tuple[str, ...]) -> dict[str, int]:
        old, new = (
            frame.loc[REQUEST_TYPES["access"], list(columns)].map(number) for frame in tables[name]
        )
        return (new - old).to_dict()

    by_type = changes("requests_by_type", ("received", "answered", "rejected", "open_at_end"))
    assert by_type == {"received": 1, "answered": 1, "rejected": 1, "open_at_end": 0}
    sla = changes("sla_compliance", ("answered", "in_time", "late", "open_past_deadline"))
    assert sla == {"answered": 1, "in_time": 0, "late": 0, "open_past_deadline": 0}


def test_disclosures_per_recipient_are_counted_from_the_disclosures(open_at, raw) -> None:
    start, end = window("2026-Q2")
    expected = (
        raw.execute(
            "SELECT r.name AS recipient, d.subject_id FROM disclosures d "
            "JOIN recipients r USING (recipient_id) "
            "WHERE d.disclosed_at >= $s AND d.disclosed_at < $e",
            {"s": start, "e": end},
        )
        .df()
        .groupby("recipient")["subject_id"]
        .agg(["size", "nunique"])
    )
    table = shown(content("access_disclosure_report").disclosures_by_recipient(open_at("2026-Q2")))
    table = table.set_index("recipient")
    assert sorted(table.index) == sorted(expected.index)
    assert table["disclosures"].map(number).to_dict() == expected["size"].to_dict()
    assert table["subjects"].map(number).to_dict() == expected["nunique"].to_dict()


def test_transfers_abroad_show_a_recipient_without_a_transfer_entry(open_at, raw) -> None:
    start, end = window("2026-Q2")
    sent = raw.execute(
        "SELECT count(*) FROM disclosures WHERE recipient_id = 'clickvista' "
        "AND disclosed_at >= $s AND disclosed_at < $e",
        {"s": start, "e": end},
    ).fetchone()[0]
    table = shown(content("access_disclosure_report").transfers_abroad(open_at("2026-Q2")))
    row = table.set_index("recipient").loc["ClickVista Ads Inc."]
    assert (row["destination"], row["safeguard"]) == ("US", "none: no transfer recorded")
    assert number(row["disclosures"]) == sent > 0
    assert set(table["destination"]) == {"US", "IE", "NL", "DE"}


def test_valid_consents_at_period_end_agree_with_consent_state(open_at, raw) -> None:
    start, end = window("2026-10")
    state = (
        raw.execute(
            "SELECT p.name, count(*) FILTER (WHERE s.valid) AS valid, count(*) AS decided "
            "FROM consent_state($t) s JOIN purposes p USING (purpose_id) GROUP BY ALL",
            {"t": end - dt.timedelta(microseconds=1)},
        )
        .df()
        .set_index("name")
    )
    withdrawals = (
        raw.execute(
            "SELECT p.name, count(*) AS n FROM consent_events e JOIN purposes p USING (purpose_id) "
            "WHERE e.action = 'withdraw' AND e.occurred_at >= $s AND e.occurred_at < $e "
            "GROUP BY ALL",
            {"s": start, "e": end},
        )
        .df()
        .set_index("name")["n"]
    )
    table = shown(content("consent_report").consent_by_purpose(open_at("2026-10")))
    table = table.set_index("purpose")
    for purpose, row in table.iterrows():
        assert number(row["valid_at_end"]) == state.loc[purpose, "valid"]
        assert number(row["decided"]) == state.loc[purpose, "decided"]
        assert number(row["withdrawals"]) == withdrawals.get(purpose, 0)
        assert row["consent_rate"] == percent(
            state.loc[purpose, "valid"] / state.loc[purpose, "decided"]
        )


def test_policy_coverage_counts_each_active_subject_once_by_its_last_acceptance(
    open_at, raw
) -> None:
    start, end = window("2026-10")
    expected = (
        raw.execute(
            "SELECT coalesce(arg_max(a.policy_version, a.accepted_at), 'none accepted') AS v "
            "FROM (SELECT DISTINCT subject_id FROM processing_log "
            "      WHERE occurred_at >= $s AND occurred_at < $e) s "
            "LEFT JOIN policy_acceptances a ON a.subject_id = s.subject_id AND a.accepted_at < $e "
            "GROUP BY s.subject_id",
            {"s": start, "e": end},
        )
        .df()["v"]
        .value_counts()
    )
    table = shown(content("consent_report").policy_version_coverage(open_at("2026-10")))
    counts = table.set_index("version")["subjects"].map(number)
    assert counts[counts > 0].to_dict() == expected.to_dict()
    row = table.set_index("version").loc["2.1"]
    assert (row["status"], row["covers_material"]) == ("in force", "yes")
    assert table.set_index("version").loc["1.0", "covers_material"] == "no"


def test_cookie_opt_in_of_one_month_is_the_last_choice_per_visitor(open_at, raw) -> None:
    start, end = window("2026-10")
    events = raw.execute(
        "SELECT visitor_id, cookie_category, action, occurred_at, event_id FROM cookie_consents "
        "WHERE occurred_at >= $s AND occurred_at < $e",
        {"s": start, "e": end},
    ).df()
    events["withdraw"] = events["action"].eq("withdraw")
    last = (
        events[events.cookie_category == "marketing"]
        .sort_values(["occurred_at", "withdraw", "event_id"])
        .groupby("visitor_id")
        .last()
    )
    expected = (last["action"] == "grant").sum() / events["visitor_id"].nunique()
    data = content("consent_report").cookie_opt_in(open_at("2026-10")).chart.data
    row = data[(data["month"] == "2026-10") & (data["category"] == "marketing")].iloc[0]
    assert row["opt_in_rate"] == pytest.approx(expected)
    assert list(data["month"].unique()) == [
        f"{m:%Y-%m}" for m in pd.date_range("2025-11", "2026-10", freq="MS")
    ]


def test_retention_figures_match_the_findings_and_the_inventory(open_at, raw) -> None:
    report = open_at("2026-10")
    start, end = window("2026-10")
    overdue = shown(content("retention_report").overdue_by_system(report))
    findings = raw.execute(
        "SELECT count(*) FROM findings WHERE run_id = $r AND check_id = 'retention.overdue'",
        {"r": report.run_id},
    ).fetchone()[0]
    assert overdue["overdue"].map(number).sum() == findings > 0
    deleted = raw.execute(
        "SELECT count(*) FROM data_inventory WHERE deleted_at >= $s AND deleted_at < $e",
        {"s": start, "e": end},
    ).fetchone()[0]
    deletions = shown(content("retention_report").deletions_in_period(report))
    assert deletions["deleted"].map(number).sum() == deleted > 0
    pairs = shown(content("retention_report").held_without_rule(report))
    assert (
        len(pairs)
        == raw.execute(
            "SELECT count(*) FROM findings WHERE run_id = $r AND check_id = 'retention.no_rule'",
            {"r": report.run_id},
        ).fetchone()[0]
        == 3
    )


def test_unauthorised_access_per_month_agrees_with_grants_and_with_the_check(open_at, raw) -> None:
    report = open_at("2026")  # a year: its trend months are exactly the checked period
    start = report.period.start_ts
    log = raw.execute(
        "SELECT l.event_id, s.name AS system, l.employee_id, l.system_id, l.occurred_at "
        "FROM access_log l JOIN systems s USING (system_id) "
        "WHERE occurred_at >= $s AND occurred_at < $e",
        {"s": start, "e": report.period.end_ts},
    ).df()
    grants = raw.execute(
        "SELECT employee_id, system_id, granted_at, revoked_at FROM access_grants"
    ).df()
    joined = log.merge(grants, on=["employee_id", "system_id"], how="left")
    joined["active"] = (joined.granted_at <= joined.occurred_at) & (
        joined.revoked_at.isna() | (joined.revoked_at > joined.occurred_at)
    )
    authorised = joined.groupby("event_id")["active"].any()
    bad = log[log.event_id.isin(authorised[~authorised].index)]
    expected = bad.groupby([bad.system, bad.occurred_at.dt.strftime("%Y-%m")]).size()
    table = shown(content("access_disclosure_report").unauthorised_access(report)).set_index(
        "system"
    )
    got = table.map(number).stack()
    assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert list(table.columns) == [f"2026-{m:02d}" for m in range(1, 13)]
    in_year = table.map(number).to_numpy().sum()
    check = raw.execute(
        "SELECT count(*) FROM findings WHERE run_id = $r AND check_id = 'access.unauthorised'",
        {"r": report.run_id},
    ).fetchone()[0]
    assert in_year == check > 0


# ---------------------------------------------------------------- suppression


def test_small_counts_show_as_below_min_cell_and_zero_stays_zero(open_at, raw) -> None:
    start, end = window("2026-10")
    table = shown(content("dsr_report").requests_by_type(open_at("2026-10", 5)))
    received = (
        raw.execute(
            "SELECT request_type, "
            "count(*) FILTER (WHERE received_at >= $s AND received_at < $e) AS n "
            "FROM dsr_requests GROUP BY ALL",
            {"s": start, "e": end},
        )
        .df()
        .set_index("request_type")["n"]
    )
    cells = dict(zip(table["request_type"], table["received"], strict=True))
    for request_type, text in cells.items():
        assert text == suppress_count(received.get(TYPE_CODES[request_type], 0), 5)
    assert "<5" in cells.values() and "0" in cells.values()


def test_small_counts_are_not_drawn_and_their_rates_not_given(open_at) -> None:
    report = open_at("2026-10", 1_000)
    bars = content("dsr_report").received_trend(report).chart.data
    assert bars["received"].isna().all(), "every month has fewer than 1,000 requests"
    lines = content("consent_report").withdrawal_rate_trend(report).chart.data
    assert lines["withdrawal_rate"].isna().all()
    table = shown(content("consent_report").consent_by_purpose(report))
    assert set(table["withdrawal_rate"]) == {"-"}
    assert set(table["withdrawals"]) <= {"<1000", "0"}
    stats = shown(content("dsr_report").time_to_complete(report))
    assert set(stats["median_days"]) == {"-"}


# ---------------------------------------------------------------- privacy and escaping


@pytest.mark.parametrize("name", REPORTS)
def test_no_identifier_appears_in_any_rendered_object(name: str, open_at, raw) -> None:
    known = identifiers(raw)
    module = content(name)
    for period in ("2026-10", "2026-Q2"):
        report = open_at(period, 1)
        for heading, function in sections(name):
            html = rendered(getattr(module, function)(report))
            assert identifiers_found(html, known) == [], f"{name}: {heading}"
            assert not ID_PATTERN.search(visible_text(html)), f"{name}: {heading}"


def test_register_strings_are_escaped_in_tables_and_charts(open_at) -> None:
    report = open_at("2026-10")
    record = rendered(content("ropa").record_of_processing(report))
    assert ESCAPED in record and PLANTED not in record
    chart = rendered(content("retention_report").deletions_trend(report))
    assert ESCAPED in chart and "<script" not in chart


# ---------------------------------------------------------------- the notebooks, executed


def _execute(name: str, db: str, period: str, folder: str) -> tuple[str, str, float]:
    params = ReportParameters.validate(
        {"db_path": db, "period": period, "framework": "kz", "min_cell": 5, "lang": "en"}
    )
    from governance.publish.execute import run_notebook

    started = time.perf_counter()
    executed = run_notebook(NOTEBOOKS / f"{name}.ipynb", Path(folder) / f"{name}.ipynb", params)
    return name, notebook_to_html(executed), time.perf_counter() - started


def _kernel_installed() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    return "governance" in KernelSpecManager().find_kernel_specs()


@pytest.mark.skipif(not _kernel_installed(), reason="kernel 'governance' missing: run make setup")
def test_notebooks_execute_to_offline_html_naming_their_sections(
    report_db: Path, tmp_path: Path, raw
) -> None:
    known = identifiers(raw)
    with ProcessPoolExecutor(max_workers=len(REPORTS)) as pool:
        results = list(
            pool.map(
                _execute,
                REPORTS,
                [str(report_db)] * len(REPORTS),
                ["2026-10"] * len(REPORTS),
                [str(tmp_path)] * len(REPORTS),
            )
        )
    for name, html, _seconds in results:
        assert offline_problems(html) == [], name
        check_publishable(f"{name}.html", html, known)
        text = visible_text(html)
        for heading, _ in sections(name):
            assert heading in text, f"{name}: section {heading!r} missing"
    ropa_html = dict((n, h) for n, h, _ in results)["ropa"]
    assert ESCAPED in ropa_html and PLANTED not in ropa_html
