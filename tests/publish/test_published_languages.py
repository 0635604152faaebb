"""The sample company's report set in English, Russian and Kazakh, with the dashboard as PDF, as
a reader gets it: every page in headless Chromium at 1,280 px with the network off, the PDF's
pages rendered to images.

One module fixture publishes every scheduled notebook for 2026-10 in the three languages
(`governance report --lang en,ru,kk --pdf`); the tests only read what it published.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from browser_helpers import BROWSER_ARGS

from governance.i18n import LANGUAGES, use_language
from governance.publish.catalogue import SCHEDULED
from governance.publish.navigation import page_name, report_title
from governance.publish.runner import build_reports

PERIOD = "2026-10"
WIDTH = 1280
#: the sections of the dashboard (its `##` headings): each starts an A4 page of the PDF
DASHBOARD_SECTIONS = 10
#: a long section (the figures behind every status) may run on to a page more, no more
MAX_EXTRA_PAGES = 3


@pytest.fixture(scope="module")
def archive(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("languages")
    db = folder / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    run = build_reports(db, PERIOD, folder / "reports", lang=["en", "ru", "kk"], pdf=True)
    assert len(run.html) == len(SCHEDULED) * len(LANGUAGES)
    return folder / "reports"


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        yield launched
        launched.close()


def _look(browser, path: Path, screenshot: Path | None = None) -> dict:
    """Open `path` offline at 1,280 px: what a test asserts about it."""
    context = browser.new_context(offline=True, viewport={"width": WIDTH, "height": 900})
    try:
        page = context.new_page()
        failed: list[str] = []
        requests: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("request", lambda r: requests.append(r.url))
        # as a reader opens it: through the period's link, not the build folder it points at
        page.goto(path.absolute().as_uri())
        page.wait_for_load_state("load")
        seen = page.evaluate(
            """() => ({
                title: document.title,
                lang: document.documentElement.lang,
                scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                links: [...document.querySelectorAll('nav a, .reports a')].map(a => a.href),
            })"""
        )
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=False)
    finally:
        context.close()
    seen["failed"] = failed
    seen["network"] = [u for u in requests if not u.startswith(("file:", "data:"))]
    return seen


def _pages(archive: Path) -> list[tuple[str, str, Path]]:
    return [
        (nb.name, lang, archive / PERIOD / page_name(nb.name, lang))
        for nb in SCHEDULED
        for lang in LANGUAGES
    ]


def _missing_targets(links: list[str]) -> list[str]:
    return [url for url in links if not Path(unquote(url.removeprefix("file://"))).is_file()]


def test_every_page_in_every_language_is_titled_linked_and_offline(archive: Path, browser) -> None:
    problems = []
    for name, lang, path in _pages(archive):
        seen = _look(browser, path)
        with use_language(lang):
            title = f"{report_title(name)}, {PERIOD} — metriX company"
        if seen["title"] != title:
            problems.append(f"{path.name}: title {seen['title']!r}")
        if seen["lang"] != lang:
            problems.append(f"{path.name}: <html lang={seen['lang']!r}>")
        # index, the six reports of the period and the three languages of this one
        if len(seen["links"]) != 1 + len(SCHEDULED) + len(LANGUAGES):
            problems.append(f"{path.name}: {len(seen['links'])} header links")
        if missing := _missing_targets(seen["links"]):
            problems.append(f"{path.name}: links to missing {missing}")
        if seen["failed"] or seen["network"]:
            problems.append(f"{path.name}: requests {seen['failed'] + seen['network']}")
    assert problems == []


def test_no_page_scrolls_sideways_at_1280_px(archive: Path, browser) -> None:
    wide = {path.name: _look(browser, path)["scroll"] for _n, _l, path in _pages(archive)}
    assert {page: px for page, px in wide.items() if px > 0} == {}


def test_the_index_links_every_language_version_and_they_exist(
    archive: Path, browser, tmp_path: Path
) -> None:
    seen = _look(browser, archive / "index.html", tmp_path / "index.png")
    assert seen["title"] == "Privacy compliance reports — metriX company"
    assert seen["lang"] == "en"
    assert seen["scroll"] <= 0
    assert seen["failed"] == [] and seen["network"] == []
    assert _missing_targets(seen["links"]) == []
    pages = {Path(url).name for url in seen["links"]}
    assert {p.name for _n, _l, p in _pages(archive)} <= pages
    assert {f"compliance_dashboard{s}.pdf" for s in ("", ".ru", ".kk")} <= pages
    index = (archive / "index.html").read_text()
    assert index.count('<li style="background:') == DASHBOARD_SECTIONS  # the period's colours


def _pdf_pages(path: Path) -> list:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(path)
    return [document[i] for i in range(len(document))]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_dashboard_pdf_has_an_a4_page_per_section_none_blank(archive: Path, lang: str) -> None:
    pages = _pdf_pages(archive / PERIOD / page_name("compliance_dashboard", lang, "pdf"))
    assert DASHBOARD_SECTIONS <= len(pages) <= DASHBOARD_SECTIONS + MAX_EXTRA_PAGES
    for number, page in enumerate(pages, 1):
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842), f"page {number} is not A4"
        pixels = page.render(scale=0.5).to_numpy()[:, :, :3]
        inked = (pixels < 240).any(axis=2).mean()
        assert inked > 0.005, f"page {number} is blank ({inked:.4f} inked)"


def test_each_dashboard_section_starts_a_pdf_page(archive: Path) -> None:
    """The print CSS breaks before every `##` heading but the first (it shares the title's
    page): the headings, in the page's language, open pages in order."""
    html = (archive / PERIOD / "compliance_dashboard.ru.html").read_text()
    headings = [
        unescape(re.sub(r"<[^>]+>", "", h)).replace("¶", "").strip()
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    ]
    assert len(headings) == DASHBOARD_SECTIONS
    openings = [
        page.get_textpage().get_text_range().strip()
        for page in _pdf_pages(archive / PERIOD / "compliance_dashboard.ru.pdf")
    ]
    opened = [h for h in headings[1:] if any(text.startswith(h) for text in openings)]
    assert opened == headings[1:]


def test_plain_nbconvert_titles_a_russian_report_in_russian(archive: Path, tmp_path: Path) -> None:
    """`jupyter nbconvert --template governance-offline` on an executed Russian notebook: the
    title and the page's language come from what papermill recorded, the header from what the
    runner recorded in the notebook: the very page published."""
    executed = tmp_path / "dsr_report.ru.ipynb"
    shutil.copy(archive / PERIOD / "dsr_report.ru.ipynb", executed)
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
    page = (tmp_path / "dsr_report.ru.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    assert "<title>Запросы субъектов персональных данных, 2026-10 — metriX company</title>" in page
    # the executed notebook records the period's set (export.notebook_to_html), so plain
    # nbconvert of it gives the published page, header included
    assert 'class="gov-nav"' in page
    assert page == (archive / PERIOD / "dsr_report.ru.html").read_text(encoding="utf-8")
