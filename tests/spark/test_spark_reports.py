"""`governance report --engine spark --data lake/`: the same report set for a company whose
events live only in the lake.

One module fixture publishes 2026-10 twice: from the sample database with DuckDB, and from a
second database that holds the register and the check runs but no event row at all, with the
events read by Spark from `governance export`'s Parquet folder. The published figures are then
compared as data: the dashboard's figures and status board, what every stored query gives the
notebooks, and the cells of every table on every page. Needs pyspark and Java 17 (the 'spark'
extra); skipped without them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli

from governance.errors import ReportError
from governance.metrics import kpis
from governance.metrics.figures import figure_values
from governance.period import Period
from governance.publish.catalogue import SCHEDULED
from governance.publish.runner import build_reports
from governance.reports import dashboard
from governance.reports.notebook import open_report
from governance.reports.stored import StoredScope, lake_names, planned
from governance.store import connect
from governance.store.export import export_tables

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: Spark cannot start", allow_module_level=True)

PERIOD = "2026-10"


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from governance.checks.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path, spark: object
) -> dict:
    folder = tmp_path_factory.mktemp("spark_reports")
    full = folder / "metrix.duckdb"
    shutil.copy(sample_events_db, full)
    lake = folder / "lake"
    export_tables(full, lake)
    on_duckdb = build_reports(full, PERIOD, folder / "duckdb_reports")
    # the lake company: the same register and check runs, and no event row in the database
    lake_db = folder / "lake_company.duckdb"
    shutil.copy(full, lake_db)
    con = connect(lake_db)
    try:
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        for table in sorted(lake_names() & tables):
            con.execute(f'DELETE FROM "{table}"')
        left = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in lake_names() & tables
        }
    finally:
        con.close()
    assert set(left.values()) == {0}
    on_spark = build_reports(
        lake_db, PERIOD, folder / "spark_reports", engine="spark", data=lake, spark=spark
    )
    return {"full": full, "lake_db": lake_db, "lake": lake, "duckdb": on_duckdb, "spark": on_spark}


class _Tables(HTMLParser):
    """The text of every table cell of a page, table by table and row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self._depth += 1
            self.tables.append([])
        elif tag == "tr" and self._depth:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self._depth:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(page: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables


def test_both_engines_publish_the_whole_set(published: dict) -> None:
    names = {n.name for n in SCHEDULED}
    assert set(published["duckdb"].html) == names == set(published["spark"].html)


@pytest.mark.parametrize("name", sorted(n.name for n in SCHEDULED))
def test_every_table_of_every_page_is_the_same(published: dict, name: str) -> None:
    on_duckdb = _tables(published["duckdb"].html[name])
    on_spark = _tables(published["spark"].html[name])
    assert on_spark == on_duckdb
    if name != "ropa":  # the others show figures computed from the events
        assert any(len(table) > 1 for table in on_duckdb)


def test_the_dashboard_figures_and_status_board_are_the_same(published: dict) -> None:
    a = open_report(str(published["full"]), PERIOD)
    b = open_report(str(published["lake_db"]), PERIOD)
    try:
        assert not isinstance(a.scope, StoredScope) and isinstance(b.scope, StoredScope)
        for scope_a, scope_b in ((a.scope, b.scope), (a.scope.previous, b.scope.previous)):
            assert figure_values(scope_b) == pytest.approx(figure_values(scope_a), nan_ok=True)
        assert figure_values(a.scope)["processing_events"] > 0
        pd.testing.assert_frame_equal(dashboard.section_statuses(b), dashboard.section_statuses(a))
    finally:
        a.close()
        b.close()


def test_every_stored_query_gives_what_duckdb_computes(published: dict) -> None:
    a = open_report(str(published["full"]), PERIOD)
    b = open_report(str(published["lake_db"]), PERIOD)
    period = Period.parse(PERIOD)
    try:
        compared = 0
        for item in planned(period):
            now = item.period == period
            pair = (a.scope, b.scope) if now else (a.scope.previous, b.scope.previous)
            if item.query.creates:
                for scope in pair:
                    scope.run(item.query.text).fetchall()
                continue
            expected = pair[0].frame(item.query.text, **item.params)
            got = pair[1].frame(item.query.text, **item.params)
            pd.testing.assert_frame_equal(got, expected, obj=item.query.name)
            compared += 1
        assert compared >= 30
    finally:
        a.close()
        b.close()


def test_a_lake_query_nobody_stored_is_an_error_naming_its_file(published: dict) -> None:
    report = open_report(str(published["lake_db"]), PERIOD)
    try:
        other = {"window_start": report.period.start_ts, "window_end": report.period.end_ts}
        with pytest.raises(ReportError, match=r"consent_report/gpc\.sql: not computed"):
            report.query(
                kpis.queries.sql("governance.reports", "sql/consent_report/gpc"),
                step_months=2,
                **other,
            )
        # the register is in the database: read there as always
        assert not report.query("SELECT name FROM purposes").empty
    finally:
        report.close()


def test_the_guard_finds_the_lakes_identifiers_on_spark(published: dict, spark: object) -> None:
    """The lake company's database has no subject: the guard compares the pages on Spark."""
    from governance.publish.spark_reports import LakeReports

    subjects = str(published["lake"] / "subjects.parquet")
    con = connect(published["full"], read_only=True)
    try:
        subject_id, email = con.execute(
            f"SELECT subject_id, email FROM read_parquet('{subjects}') WHERE email IS NOT NULL "
            "ORDER BY subject_id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    lake = LakeReports(published["lake"], spark=spark)
    pages = {
        "leaky": f"<p>Top requester: {subject_id}_copy, write to {email.upper()}</p>",
        "clean": "<p>Nothing personal here: 12 requests, 97.3 %</p>",
    }
    shown = lake.identifiers_shown(pages)
    assert shown == {"leaky": sorted([subject_id.lower(), email.lower()])}
    published_pages = {
        name: path.read_text(encoding="utf-8") for name, path in published["spark"].html.items()
    }
    assert lake.identifiers_shown(published_pages) == {}


def test_spark_without_data_is_a_usage_error(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_db, db)
    result = run_cli("report", db, "--period", PERIOD, "--engine", "spark", "-o", tmp_path / "r")
    assert result.returncode == 2, result.stderr
    assert "--data" in result.stderr


def test_a_query_spark_cannot_read_is_an_error_naming_its_file() -> None:
    from governance.publish.spark_reports import spark_text
    from governance.reports.stored import QueryFile

    query = QueryFile(
        "governance.reports",
        "sql/example/asof.sql",
        "SELECT 1 FROM a NATURAL ASOF JOIN b",  # sqlglot cannot read it: no translation
        frozenset({"a", "b"}),
        None,
        frozenset(),
    )
    with pytest.raises(ReportError, match=r"governance/reports/sql/example/asof\.sql: cannot be"):
        spark_text(query, {})
