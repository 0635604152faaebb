"""The archive's index and who may read the archive, on builds written by the test (no notebooks).

Each fake build holds what a run leaves: pages (one per language), an executed notebook and its
log, and the `governance-sections` meta the runner gives every page (navigation.py).
"""

from __future__ import annotations

import grp
import os
import re
from pathlib import Path

import pytest

from governance.errors import ReportError
from governance.publish.archive import STATUS_COLOURS, Archive
from governance.publish.navigation import (
    encode_statuses,
    languages_of,
    page_name,
    parse_page,
    read_statuses,
)

RED_FIRST = {1: "red", 2: "amber", 3: "green", 4: "n/a"}


def _publish(archive: Archive, label: str, pages: dict[str, str]) -> Path:
    """Publish a build of `pages` (file name -> body) with the period's section colours."""
    build = archive.new_build(label)
    meta = f'<meta content="{encode_statuses(RED_FIRST)}" name="governance-sections"/>'
    for name, body in pages.items():
        (build / name).write_text(f"<html><head>{meta}</head><body>{body}</body></html>")
    return archive.publish(label, build)


def _one_period(tmp_path: Path, group: str | None = None) -> Archive:
    archive = Archive(tmp_path / "reports", group=group)
    with archive.locked():
        _publish(
            archive,
            "2026-10",
            {
                "compliance_dashboard.html": "en",
                "compliance_dashboard.ru.html": "ru",
                "compliance_dashboard.pdf": "%PDF",
                "compliance_dashboard.ipynb": "{}",
                "compliance_dashboard.ru.log": "log",
            },
        )
        archive.rebuild_index("metriX company")
    return archive


def test_language_versions_are_named_beside_the_english_page() -> None:
    assert page_name("dsr_report") == "dsr_report.html"
    assert page_name("dsr_report", "ru") == "dsr_report.ru.html"
    assert page_name("dsr_report", "kk", "pdf") == "dsr_report.kk.pdf"
    assert parse_page("dsr_report.kk.html") == ("dsr_report", "kk", "html")
    assert parse_page("dsr_report.html") == ("dsr_report", "en", "html")
    assert parse_page("dsr_report.de.html") is None  # not a language the suite writes
    files = ["ropa.kk.html", "ropa.html", "ropa.ipynb", "dsr_report.ru.html", "ropa.ru.pdf"]
    assert languages_of(files) == {"ropa": ["en", "kk"], "dsr_report": ["ru"]}
    assert languages_of(files, "pdf") == {"ropa": ["ru"]}


def test_section_colours_survive_nbconverts_attribute_order() -> None:
    page = '<meta content="1:green 10:red" name="governance-sections"/>'
    assert read_statuses(page) == {1: "green", 10: "red"}
    assert read_statuses('<meta name="governance-sections" content="2:amber">') == {2: "amber"}
    assert read_statuses("<html></html>") == {}


def test_the_index_shows_the_dashboards_colours() -> None:
    from governance.viz.charts import STATUS_COLOURS as DASHBOARD_COLOURS

    assert STATUS_COLOURS == DASHBOARD_COLOURS


def test_index_lists_periods_newest_first_with_readable_names_and_colours(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "reports")
    with archive.locked():
        for label in ("2026-09", "2026-Q3", "2026-10", "2025-12"):
            _publish(archive, label, {"dsr_report.html": "x", "ropa.html": "x"})
        index = archive.rebuild_index("metriX company").read_text()
    periods = re.findall(r'<span class="period">([^<]+)</span>', index)
    # a quarter ends with its last month: that month is the newer (later start)
    assert periods == ["2026-10", "2026-09", "2026-Q3", "2025-12"]
    assert ">Data subject requests</a>" in index and ">Record of processing activities</a>" in index
    assert ">dsr report<" not in index
    assert "<title>Privacy compliance reports — metriX company</title>" in index
    assert '<html lang="en">' in index
    chips = re.findall(
        r'<li style="background: (#[0-9a-f]+)" title="Section (\d+): ([^"]+)"', index
    )
    assert chips[:4] == [
        (STATUS_COLOURS["red"], "1", "red"),
        (STATUS_COLOURS["amber"], "2", "amber"),
        (STATUS_COLOURS["green"], "3", "green"),
        (STATUS_COLOURS["n/a"], "4", "no data"),
    ]


def test_index_puts_language_versions_and_the_pdf_side_by_side(tmp_path: Path) -> None:
    index = (_one_period(tmp_path).root / "index.html").read_text()
    row = re.search(r'<span class="versions">(.*?)</span></li>', index)
    assert row is not None
    links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', row[1])
    assert links == [
        ("2026-10/compliance_dashboard.html", "EN"),
        ("2026-10/compliance_dashboard.pdf", "PDF"),
        ("2026-10/compliance_dashboard.ru.html", "RU"),
    ]


def test_the_index_speaks_the_runs_first_language(tmp_path: Path) -> None:
    archive = _one_period(tmp_path)
    with archive.locked():
        index = archive.rebuild_index("metriX company", "ru").read_text()
    assert '<html lang="ru">' in index
    assert ">Панель соблюдения требований о персональных данных</a>" in index
    assert 'title="Раздел 1: красный"' in index


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}


def test_by_default_pages_are_for_everyone_and_notebooks_and_logs_for_the_owner(
    tmp_path: Path,
) -> None:
    archive = _one_period(tmp_path)
    assert _modes(archive.root / "2026-10") == {
        "compliance_dashboard.html": 0o644,
        "compliance_dashboard.ru.html": 0o644,
        "compliance_dashboard.pdf": 0o644,
        "compliance_dashboard.ipynb": 0o600,
        "compliance_dashboard.ru.log": 0o600,
    }
    assert (archive.root / "2026-10").resolve().stat().st_mode & 0o777 == 0o755
    assert (archive.root / "index.html").stat().st_mode & 0o777 == 0o644


def test_a_group_shares_the_archive_with_that_group_only(tmp_path: Path) -> None:
    """`--group NAME`: pages, PDFs, the index and the folders readable by the group (and by
    nobody else); what can show personal data stays the owner's, in the owner's group."""
    group = grp.getgrgid(os.getegid()).gr_name  # a group the test's user is in
    archive = _one_period(tmp_path, group=group)
    folder = (archive.root / "2026-10").resolve()
    assert _modes(folder) == {
        "compliance_dashboard.html": 0o640,
        "compliance_dashboard.ru.html": 0o640,
        "compliance_dashboard.pdf": 0o640,
        "compliance_dashboard.ipynb": 0o600,
        "compliance_dashboard.ru.log": 0o600,
    }
    shared = [
        folder,
        archive.root,
        archive.root / "index.html",
        folder / "compliance_dashboard.pdf",
    ]
    assert {p.stat().st_gid for p in shared} == {os.getegid()}
    assert folder.stat().st_mode & 0o777 == 0o750
    assert archive.root.stat().st_mode & 0o070 == 0o050
    assert (archive.root / "index.html").stat().st_mode & 0o777 == 0o640


def test_a_failed_build_stays_the_owners_even_with_a_group(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "reports", group=grp.getgrgid(os.getegid()).gr_name)
    with archive.locked():
        build = archive.new_build("2026-10")
        (build / "dsr_report.ipynb").write_text("{}")
        kept = archive.set_aside("2026-10", build)
    assert kept.stat().st_mode & 0o777 == 0o700
    assert archive.failed.stat().st_mode & 0o777 == 0o700


def test_an_unknown_group_is_refused_by_name() -> None:
    with pytest.raises(ReportError, match="--group no-such-group-here: no such group"):
        Archive(Path("reports"), group="no-such-group-here")
