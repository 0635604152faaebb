"""`build_reports(lang=[...])` and `governance report --lang`: one page per report and language,
named beside the English page, titled and linked in its own language.

Tiny notebooks written by the test (as in tests/reports/test_report_pipeline.py) keep this about
the publishing, not the reports' content.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from conftest import run_cli

from governance.checks import run_checks
from governance.publish.runner import build_reports, languages_asked

PARAMETERS = (
    'db_path = "x.duckdb"\nperiod = "2026-10"\nframework = "kz"\nmin_cell = 5\nlang = "en"\n'
)


def _notebook(folder: Path, name: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {name}"),
        params,
        nbformat.v4.new_code_cell("print(f'{period} in {lang}')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "governance",
        "display_name": "Python (governance)",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")


class _Page(HTMLParser):
    """The page's language, title and header links (href, text, aria-current, hreflang)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.links: list[tuple[str, str, bool, str | None]] = []
        self._in: str | None = None
        self._nav = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        elif tag == "title":
            self._in = "title"
        elif tag == "nav":
            self._nav = True
        elif tag == "a" and self._nav:
            self.links.append(
                (values["href"], "", values.get("aria-current") == "page", values.get("hreflang"))
            )
            self._in = "a"

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav = False
        if tag in {"a", "title"}:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "a":
            href, text, current, lang = self.links[-1]
            self.links[-1] = (href, text + data, current, lang)


def test_languages_are_taken_repeated_or_as_a_comma_list() -> None:
    assert languages_asked("en") == ("en",)
    assert languages_asked("ru,kk") == ("ru", "kk")
    assert languages_asked(["en", "ru,kk", "ru"]) == ("en", "ru", "kk")


def test_an_unknown_language_is_refused_before_anything_runs(
    minimal_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    result = run_cli("report", minimal_db, "--lang", "en,de", "--out", out)
    assert result.returncode == 2
    assert "de: choose en, ru, kk" in result.stderr
    assert not out.exists()


def test_each_language_is_a_page_of_its_own_linked_to_the_others(
    minimal_db: Path, tmp_path: Path
) -> None:
    run_checks(minimal_db, "2026-10")
    notebooks = tmp_path / "nbs"
    for name in ("dsr_report", "ropa"):
        _notebook(notebooks, name)
    out = tmp_path / "reports"
    run = build_reports(
        minimal_db,
        "2026-10",
        out,
        lang=["en", "ru"],
        notebooks=["dsr_report", "ropa"],
        notebook_dir=notebooks,
    )
    folder = out / "2026-10"
    assert sorted(p.name for p in folder.glob("*.html")) == [
        "dsr_report.html",
        "dsr_report.ru.html",
        "ropa.html",
        "ropa.ru.html",
    ]
    assert set(run.html) == {"dsr_report", "dsr_report.ru", "ropa", "ropa.ru"}
    assert (folder / "ropa.ru.ipynb").exists() and (folder / "ropa.ru.log").exists()
    # the kernel ran in the page's language
    assert "2026-10 in ru" in (folder / "ropa.ru.html").read_text()
    assert "2026-10 in en" in (folder / "ropa.html").read_text()

    english = _Page((folder / "dsr_report.html").read_text())
    assert english.lang == "en"
    assert re.fullmatch(r"Data subject requests, 2026-10 — .+", english.title)
    russian = _Page((folder / "dsr_report.ru.html").read_text())
    assert russian.lang == "ru"
    assert re.fullmatch(r"Запросы субъектов персональных данных, 2026-10 — .+", russian.title)
    assert russian.links == [
        ("../index.html", "Все отчёты", False, None),
        ("dsr_report.ru.html", "Запросы субъектов персональных данных", True, None),
        ("ropa.ru.html", "Реестр процессов обработки персональных данных", False, None),
        ("dsr_report.html", "English", False, "en"),
        ("dsr_report.ru.html", "Русский", True, "ru"),
    ]
    index = (out / "index.html").read_text()
    assert index.index('href="2026-10/dsr_report.html"') < index.index(
        'href="2026-10/dsr_report.ru.html"'
    )
