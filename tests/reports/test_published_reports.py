"""The published report set of the sample company: offline, private, small, escaped, valid.

One module fixture publishes every scheduled notebook for 2026-10 from a copy of the sample
database; the tests read what a manager would receive.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_helpers import offline_page
from conftest import SAMPLE_EVENTS

from governance.publish.catalogue import SCHEDULED
from governance.publish.guard import offline_problems
from governance.publish.runner import build_reports

PERIOD = "2026-10"
MANAGEMENT_HTML_LIMIT = 1.5 * 1024 * 1024


@pytest.fixture(scope="module")
def published(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    db = folder / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    run = build_reports(db, PERIOD, folder / "reports")
    assert set(run.html) == {n.name for n in SCHEDULED}
    return folder / "reports" / PERIOD


def _html_files(published: Path) -> list[Path]:
    return sorted(published.glob("*.html"))


class _Resources(HTMLParser):
    """Every element that could load something, with the attribute that would."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if tag in {"script", "link", "img", "iframe", "source"} and name in {"src", "href"}:
                self.loads.append((tag, name, value or ""))


def test_every_scheduled_report_is_published(published: Path) -> None:
    assert [p.stem for p in _html_files(published)] == sorted(n.name for n in SCHEDULED)
    index = (published.parent / "index.html").read_text()
    assert f'href="{PERIOD}/compliance_dashboard.html"' in index


def test_no_published_html_loads_anything_from_the_network(published: Path) -> None:
    for path in _html_files(published):
        html = path.read_text()
        parser = _Resources()
        parser.feed(html)
        remote = [r for r in parser.loads if r[2].startswith(("http:", "https:", "//"))]
        assert remote == [], path.name
        assert offline_problems(html) == [], path.name
        assert "application/vnd.jupyter.widget-state+json" not in html


def test_charts_are_inline_svg(published: Path) -> None:
    html = (published / "compliance_dashboard.html").read_text()
    assert "<svg" in html


def test_no_name_email_phone_or_subject_id_of_the_sample_appears(published: Path) -> None:
    with (SAMPLE_EVENTS / "subjects.csv").open(newline="") as handle:
        subjects = list(csv.DictReader(handle))
    distinctive = set()
    for row in subjects:
        distinctive.update(
            v for k, v in row.items() if k in {"subject_id", "full_name", "email", "phone"} and v
        )
    assert len(distinctive) > 10_000
    for path in _html_files(published):
        html = path.read_text()
        leaked = [v for v in distinctive if v in html]
        assert leaked == [], f"{path.name} shows {leaked[:3]}"


def test_small_counts_are_shown_suppressed(published: Path) -> None:
    texts = [p.read_text() for p in _html_files(published)]
    assert any("&lt;5" in t for t in texts)


def test_the_dashboard_is_under_the_size_limit(published: Path) -> None:
    size = (published / "compliance_dashboard.html").stat().st_size
    assert size < MANAGEMENT_HTML_LIMIT, f"{size / 1024:.0f} KB"


def test_executed_notebooks_pass_nbval(published: Path, tmp_path: Path) -> None:
    """Re-run each executed notebook (with its injected parameters) under pytest --nbval-lax."""
    for notebook in published.glob("*.ipynb"):
        shutil.copy(notebook, tmp_path / notebook.name)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-kernel-name",
            "governance",
            "-p",
            "no:cacheprovider",
            "-q",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def test_the_dashboard_opens_offline_in_headless_chromium(published: Path) -> None:
    with offline_page(published / "compliance_dashboard.html") as seen:
        title = seen.page.title()
    assert seen.failed == [] and seen.errors == []
    assert seen.network_requests == []
    assert title


def test_plain_nbconvert_with_the_governance_template_gives_an_offline_page(
    published: Path, tmp_path: Path
) -> None:
    """The README's command on an executed report: the template is installed as a Jupyter
    nbconvert template (data_files), so nbconvert alone gives the self-contained page."""
    executed = tmp_path / "compliance_dashboard.ipynb"
    shutil.copy(published / "compliance_dashboard.ipynb", executed)
    result = subprocess.run(
        [
            *(sys.executable, "-m", "jupyter", "nbconvert", "--to", "html"),
            *("--template", "governance-offline", str(executed)),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = tmp_path / "compliance_dashboard.html"
    assert offline_problems(page.read_text(encoding="utf-8")) == []
    with offline_page(page) as seen:
        title = seen.page.title()
    assert seen.failed == [] and seen.errors == []
    assert seen.network_requests == []
    assert title
