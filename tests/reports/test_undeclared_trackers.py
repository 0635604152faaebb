"""Undeclared trackers by platform (policy 9.2-9.3: the cookie notice lists every cookie), on
the dashboard's section 9 and in the consent report, and the Global Privacy Control figure.

The sample company's October 2026 has Google Analytics' `_gid` (twice) and DoubleClick's `IDE`
(once) set before consent and undeclared (a planted violation); here a scan of the same month
adds cookies with real names that the Open Cookie Database (the shipped reference) knows: the
same `_gid` and `IDE` (on `metrix.kz` and `.doubleclick.net`: one cookie each with the sample's,
a leading dot aside), DoubleClick's `test_cookie` and three LinkedIn cookies
after it (`li_sugr` during a visit whose browser sent GPC), a cookie nobody knows, and one seen
only in September. They are loaded and checked with the real `governance` command.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, TEST_PSEUDONYM_KEY, run_cli
from great_tables import GT

from governance.metrics import figure_values
from governance.publish.export import notebook_to_html
from governance.publish.guard import identifiers, identifiers_found, offline_problems
from governance.reports import Report, consent_report, dashboard, open_report
from governance.viz.tables import HtmlBlock

#: the visit that sent GPC: a visitor's browser, so it must not reach a report
VISIT = "V-90001"
SCAN = f"""observed_at,cookie_name,domain,page_url,set_before_consent,visit_id,gpc
2026-10-03T10:00:00Z,_gid,metrix.kz,https://metrix.kz/,true,,false
2026-10-03T10:05:00Z,_gid,metrix.kz,https://metrix.kz/pricing,false,,false
2026-10-03T10:00:01Z,IDE,.doubleclick.net,https://metrix.kz/,true,,false
2026-10-04T09:00:00Z,test_cookie,.doubleclick.net,https://metrix.kz/blog,false,,false
2026-10-04T10:00:00Z,li_sugr,.linkedin.com,https://metrix.kz/blog,false,{VISIT},true
2026-10-04T10:00:01Z,bcookie,.linkedin.com,https://metrix.kz/blog,false,,false
2026-10-04T10:00:02Z,lidc,.linkedin.com,https://metrix.kz/blog,false,,false
2026-10-05T10:00:00Z,zz_mystery,metrix.kz,https://metrix.kz/,false,,false
2026-09-20T10:00:00Z,old_mystery,metrix.kz,https://metrix.kz/,false,,false
"""
ENV = {"GOVERNANCE_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY}
#: platform, category, undeclared cookies, of those set before consent, times seen
EXPECTED = [
    ("LinkedIn", "Marketing", "3", "0", "3"),
    # IDE is marketing, test_cookie unknown: the platform takes the more intrusive
    ("DoubleClick/Google Marketing", "Marketing", "2", "1", "3"),
    ("Google Analytics", "Analytics", "1", "1", "4"),
    ("unknown platform", "Unknown", "1", "0", "1"),
]


@pytest.fixture(scope="module")
def scanned_db(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample company with the scan loaded and October 2026 checked."""
    folder = tmp_path_factory.mktemp("undeclared_trackers")
    db = folder / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    scan = folder / "cookie_observations_scan.csv"
    scan.write_text(SCAN, encoding="utf-8")
    loaded = run_cli("load", db, scan, env=ENV)
    assert loaded.returncode == 0, loaded.stderr
    assert "read 9, loaded 9 (updated 0), quarantined 0" in loaded.stdout
    checked = run_cli("check", db, "--period", "2026-10", env=ENV)
    assert checked.returncode == 0, checked.stderr
    return db


@pytest.fixture
def report(scanned_db: Path) -> Iterator[Report]:
    opened = open_report(str(scanned_db), "2026-10", "kz", 5)
    yield opened
    opened.close()


def _rows(table: GT) -> list[tuple[object, ...]]:
    """The rows shown, counts as the reader sees them (text, `3`) whichever type holds them."""
    return [tuple(str(v) for v in r) for r in table._tbl_data.itertuples(index=False)]


def test_undeclared_cookies_are_counted_by_platform_the_most_intrusive_first(
    report: Report,
) -> None:
    table = dashboard.undeclared_trackers(report)
    assert isinstance(table, GT)
    # the September cookie is not of the period; marketing before analytics, then by cookies,
    # the cookies no reference names last
    assert _rows(table) == EXPECTED


def test_the_consent_report_shows_the_same_table(report: Report) -> None:
    table = consent_report.undeclared_trackers(report)
    assert isinstance(table, GT)
    assert _rows(table) == EXPECTED


def test_section_9_counts_undeclared_trackers_and_ignored_gpc(report: Report) -> None:
    figures = figure_values(report.scope)
    assert figures["undeclared_cookies"] == 7
    # analytics or marketing by the reference: three LinkedIn cookies, IDE and _gid
    assert figures["undeclared_trackers"] == 5
    # a plain count of the check's findings: the sample's own (opt-ins against the signal) and
    # li_sugr, a LinkedIn marketing cookie set during the visit that sent GPC
    gpc = report.query(
        "SELECT json_extract_string(f.details, '$.evidence') AS evidence, "
        "json_extract_string(f.details, '$.cookie_name') AS cookie_name "
        "FROM scope_results r JOIN findings f USING (run_id, check_id) "
        "WHERE r.check_id = 'cookies.gpc_ignored'"
    )
    assert figures["gpc_ignored"] == len(gpc)
    assert gpc[gpc["evidence"] == "cookie"]["cookie_name"].tolist() == ["li_sugr"]
    frame = dashboard.section_statuses(report).set_index("figure")
    assert frame.loc["undeclared_trackers", "status"] == "red"  # 5 is above amber's 2
    assert frame.loc["gpc_ignored", "status"] == "red"
    details = dashboard.section_details(report).as_raw_html()
    assert "analytics or advertising trackers" in details
    assert "&lt;5" in details.split("Global Privacy Control ignored")[1].split("</tr>")[0]


def test_the_rendered_table_names_platforms_and_no_visitor(report: Report) -> None:
    html = dashboard.undeclared_trackers(report).as_raw_html()
    assert "Undeclared trackers by platform" in html
    for platform, *_ in EXPECTED:
        assert platform in html
    assert VISIT not in html
    assert identifiers_found(html, identifiers(report.con)) == []


def test_without_undeclared_cookies_a_sentence_says_so(sample_events_db: Path, tmp_path) -> None:
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    # the sample's undeclared cookies fall in 2025-01, 2025-09, 2026-06 and 2026-10
    assert run_cli("check", db, "--period", "2026-09", env=ENV).returncode == 0
    clean = open_report(str(db), "2026-09", "kz", 5)
    try:
        shown = dashboard.undeclared_trackers(clean)
        assert figure_values(clean.scope)["undeclared_trackers"] == 0
    finally:
        clean.close()
    assert isinstance(shown, HtmlBlock)
    assert shown.html == (
        '<p class="gov-note">No undeclared cookies in 2026-09: every cookie seen on the site is '
        "in the cookie list.</p>"
    )


def test_the_table_has_its_section_in_both_notebooks() -> None:
    for name, call in (
        ("compliance_dashboard", "dashboard.undeclared_trackers(report)"),
        ("consent_report", "content.undeclared_trackers(report)"),
    ):
        cells = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells
        at = next(i for i, c in enumerate(cells) if c.source == call)
        assert re.match(r"## Undeclared trackers by platform\n", cells[at - 1].source), name


def _has_governance_kernel() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    return "governance" in KernelSpecManager().find_kernel_specs()


@pytest.mark.skipif(not _has_governance_kernel(), reason="kernel 'governance' missing: make setup")
def test_the_dashboard_page_shows_the_platforms_and_no_visitor(
    scanned_db: Path, tmp_path: Path
) -> None:
    import papermill

    executed = tmp_path / "compliance_dashboard.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "compliance_dashboard.ipynb"),
        str(executed),
        parameters={"db_path": str(scanned_db), "period": "2026-10", "min_cell": 5},
        kernel_name="governance",
        progress_bar=False,
        cwd=str(ROOT / "notebooks"),
    )
    html = notebook_to_html(executed)
    assert offline_problems(html) == []
    table = html.split("Undeclared trackers by platform")[-1].split("Data quality")[0]
    for platform, *_ in EXPECTED:
        assert platform in table
    assert "Times seen" in table
    assert VISIT not in html
    report = open_report(str(scanned_db), "2026-10", "kz", 5)
    try:
        assert identifiers_found(html, identifiers(report.con)) == []
    finally:
        report.close()
