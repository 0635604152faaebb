"""The DPO and security reports and the RoPA in Russian and Kazakh (issue 18).

Each report section is rendered in English, Russian and Kazakh from one copy of the sample
company and read as a reader reads it: no English word of the reports catalogue is left in
the Russian or Kazakh text (codes, units, proper names and the register's own strings aside,
which are the register's to translate), a count hidden as `<5` in English is hidden in every
language and nothing else is, and numbers are written the language's way (`2 512`, `75,1 %`).
The RoPA page is also opened in headless Chromium at 1,280 px: it must not scroll sideways.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from browser_helpers import offline_page
from great_tables import GT

from governance.checks import run_checks
from governance.i18n import use_language
from governance.i18n.extract import messages
from governance.reports import open_report
from governance.ropa import write_ropa
from governance.store import connect
from governance.viz import SvgChart

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ("consent_report", "dsr_report", "retention_report", "access_disclosure_report", "ropa")
PERIOD = "2026-10"
MIN_CELL = 5
#: strings of the register and of the framework pack: proper names and descriptions that the
#: register translates (`name: {en:, ru:, kk:}`), not the reports catalogue
REGISTER_SOURCES = (
    ROOT / "data_samples" / "metrix" / "register.yaml",
    ROOT / "governance" / "frameworks" / "kz.yaml",
)
#: English words a Russian or Kazakh report keeps on purpose: names of standards and products,
#: units and abbreviations that the law and the trade write in Latin letters
KEPT = {"gdpr", "gpc", "global", "privacy", "control", "cookie", "cookies", "utc", "sha",
        "governance", "dpo", "min_cell", "bin"}  # fmt: skip


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def report_db(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample company (the session fixture is shared: never written) with the
    checks of the period run."""
    db = tmp_path_factory.mktemp("reports_languages") / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    run_checks(db, PERIOD)
    return db


class _Text(HTMLParser):
    """The text a reader sees: no style sheet, no script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def rendered(obj: object) -> str:
    if isinstance(obj, SvgChart):
        return obj.svg
    if isinstance(obj, GT):
        return obj.as_raw_html()
    return obj._repr_html_()  # type: ignore[attr-defined]


def sections(name: str) -> list[str]:
    """The content functions the notebook calls, in order, with `scope` first."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    calls = [
        m[1]
        for cell in nb.cells
        if cell.cell_type == "code"
        and (m := re.fullmatch(r"content\.(\w+)\(report\)", cell.source))
    ]
    return ["scope", *[c for c in calls if c != "scope"]]


def render_reports(db: Path, lang: str) -> dict[tuple[str, str], object]:
    """Every section of every report of PERIOD in `lang`, as the objects the notebook shows."""
    out: dict[tuple[str, str], object] = {}
    for name in REPORTS:
        report = open_report(str(db), PERIOD, "kz", MIN_CELL, lang)
        try:
            module = import_module(f"governance.reports.{name}")
            with use_language(lang):
                for function in sections(name):
                    obj = getattr(module, function)(report)
                    out[name, function] = (obj, visible_text(rendered(obj)))
        finally:
            report.close()
    return out


@pytest.fixture(scope="module")
def shown(report_db: Path) -> Iterator[dict[str, dict[tuple[str, str], object]]]:
    yield {lang: render_reports(report_db, lang) for lang in ("en", "ru", "kk")}


def register_strings() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and node.strip():
            found.append(node.strip())

    for source in REGISTER_SOURCES:
        walk(yaml.safe_load(source.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


def catalogue_words() -> set[str]:
    """The English words of the reports catalogue's message ids (placeholders left out)."""
    words: set[str] = set()
    for message in messages("reports"):
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            text = re.sub(r"\{\w+\}", " ", text)
            words |= {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text)}
    return words - KEPT


def english_left(text: str, register: list[str], english: set[str]) -> set[str]:
    """The catalogue's English words in `text` once register strings and codes are removed."""
    for value in register:
        text = text.replace(value, " ")
    text = re.sub(r"\b[\w-]+(?:\.[\w-]+)+\b", " ", text)  # check ids, domains, e-mail addresses
    words = {w.strip("'-") for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text)}
    return {w for w in words if w.lower() in english}


def suppressed_cells(obj: object) -> dict[str, list[str]]:
    """What a section hides, per column: the `<5` and `-` cells of a table with every other
    count of those columns (sorted, digits only: rows follow names, which the languages sort
    differently), or how many values of a chart are not drawn."""
    if isinstance(obj, GT):
        frame = obj._tbl_data
        return {
            str(column): sorted(re.sub(r"[^\d<-]", "", str(v)) for v in frame[column])
            for column in frame.columns
            if any(isinstance(v, str) and v.startswith("<") for v in frame[column])
        }
    if isinstance(obj, SvgChart) and isinstance(obj.chart.data, pd.DataFrame):
        frame = obj.chart.data
        return {
            str(column): [str(int(frame[column].isna().sum()))]
            for column in frame.columns
            if pd.api.types.is_numeric_dtype(frame[column]) and frame[column].isna().any()
        }
    return {}


# ---------------------------------------------------------------- the reports


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_english_word_of_the_catalogue_is_left_in_the_reports(shown, lang: str) -> None:
    register, english = register_strings(), catalogue_words()
    left = {
        f"{name}.{function}": sorted(found)
        for (name, function), (_, text) in shown[lang].items()
        # the dashboard's table of section 9 (its catalogue, its test); platforms are names
        if (name, function) != ("consent_report", "undeclared_trackers")
        and (found := english_left(text, register, english))
    }
    assert left == {}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_section_hides_exactly_what_the_english_hides(shown, lang: str) -> None:
    hidden = 0
    for key, (obj, _) in shown["en"].items():
        english = suppressed_cells(obj)
        hidden += sum(v.count("<") for values in english.values() for v in values)
        assert suppressed_cells(shown[lang][key][0]) == english, key
        assert shown["en"][key][1].count(f"<{MIN_CELL}") == shown[lang][key][1].count(
            f"<{MIN_CELL}"
        ), key
    assert hidden > 0, "the sample period has small counts to hide"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_numbers_are_written_the_languages_way(shown, lang: str) -> None:
    consent = shown[lang]["consent_report", "consent_by_purpose"][1]
    english = shown["en"]["consent_report", "consent_by_purpose"][1]
    # thousands: `2,512` in English, `2 512` (no-break space) in Russian and Kazakh
    assert re.search(r"\b\d,\d{3}\b", english)
    assert not re.search(r"\b\d,\d{3}\b", consent)
    assert re.search(r"\d[\u00a0\u202f]\d{3}\b", consent)
    # a share: `75.1 %` in English, `75,1 %` in Russian and Kazakh
    assert re.search(r"\d+\.\d\u00a0%", english)
    assert re.search(r"\d+,\d\u00a0%", consent) and not re.search(r"\d+\.\d\u00a0%", consent)


def test_a_small_count_says_why_it_is_hidden_in_every_language(shown) -> None:
    for lang, why in (("en", "single out a person"), ("ru", "конкретного человека")):
        table = shown[lang]["access_disclosure_report", "stale_grants"][1]
        assert "<5" in table and why in table, lang


def test_the_request_types_are_sentences_not_codes(shown) -> None:
    english = shown["en"]["dsr_report", "requests_by_type"][1]
    assert "Withdrawal of consent" in english and "withdraw consent" not in english
    assert "Отзыв согласия" in shown["ru"]["dsr_report", "requests_by_type"][1]


def test_a_suppressed_month_keeps_its_place_on_the_monthly_chart(report_db: Path) -> None:
    """The DSR chart drew only the months it had bars for: a month of <5 requests vanished."""
    report = open_report(str(report_db), PERIOD, "kz", 1_000, "ru")
    try:
        chart = import_module("governance.reports.dsr_report").received_trend(report)
    finally:
        report.close()
    svg = chart.svg
    months = [f"2025-{m:02}" for m in (11, 12)] + [f"2026-{m:02}" for m in range(1, 11)]
    assert all(month in svg for month in months)
    assert svg.count("&lt;1000") + svg.count("<1000") >= len(months)


# ---------------------------------------------------------------- the RoPA


@pytest.fixture(scope="module")
def ropa_pages(report_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ropa_pages")
    pages = {}
    con = connect(report_db, read_only=True)
    try:
        for lang in ("en", "ru", "kk"):
            with use_language(lang):
                pages[lang], _ = write_ropa(con, folder / f"ropa.{lang}.html", "html")
    finally:
        con.close()
    return pages


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_ropa_page_has_no_english_word_of_the_catalogue(ropa_pages, lang: str) -> None:
    html = ropa_pages[lang].read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert english_left(visible_text(html), register_strings(), catalogue_words()) == set()


def test_the_ropa_page_keeps_every_article_30_field(ropa_pages) -> None:
    from governance.ropa import COLUMN_HEADINGS

    html = ropa_pages["en"].read_text(encoding="utf-8")
    # the activity's name is its block's title; every other field is a labelled entry
    headings = [h for c, h in COLUMN_HEADINGS.items() if c != "activity"]
    assert [h for h in headings if h not in html] == []
    assert html.count("<article>") == 14
    assert "size: A4 landscape" in html


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_ropa_page_fits_a_1280_px_window(ropa_pages, lang: str) -> None:
    """It was 1,975 px wide (18 table columns) with rows ~530 px tall."""
    with offline_page(ropa_pages[lang], viewport={"width": 1280, "height": 800}) as seen:
        width = seen.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280
        assert seen.failed == [] and seen.network_requests == []
