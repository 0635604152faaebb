"""The management dashboard in Russian and Kazakh (issue 18): every word a reader sees is in the
language asked, numbers are written as that language writes them, and the privacy rules do not
depend on the language: the same cells are suppressed and no identifier gets through, whatever
the words around them.

The sample company (tests/conftest.py `sample_events_db`) is copied once into this module's own
folder and checked for the six months the trend needs; the shared fixture is never written.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from governance.checks import run_checks
from governance.i18n.extract import messages
from governance.metrics import kpis
from governance.publish.guard import identifiers, identifiers_found
from governance.reports import Report, dashboard, open_report

NOTEBOOK = ROOT / "notebooks" / "compliance_dashboard.ipynb"
MONTHS = ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")
SECTIONS = (
    "summary",
    "status_board",
    "section_details",
    "headline_kpis",
    "findings_by_severity",
    "findings_trend",
    "what_is_overdue",
    "requests_by_type",
    "undeclared_trackers",
    "data_quality",
)
#: kept as they are in every language: law and standard names, codes and units the Russian and
#: Kazakh texts write in Latin letters ("файлы cookie", "Global Privacy Control", "CSV", "UTF-8")
KEPT = {"gdpr", "dpo", "kz", "pp", "utc", "csv", "utf", "cookie", "cookies", "global", "privacy",
        "control", "metrix"}  # fmt: skip


@pytest.fixture(scope="module")
def languages_db(sample_events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the sample company, checked for the six months of the trend."""
    db = tmp_path_factory.mktemp("dashboard_languages") / "metrix.duckdb"
    shutil.copy(sample_events_db, db)
    for month in MONTHS:
        run_checks(db, month)
    return db


def _render(obj: Any) -> str:
    if hasattr(obj, "as_raw_html"):
        return obj.as_raw_html()
    if hasattr(obj, "svg"):
        return obj.svg
    return obj._repr_html_()


def _open(db: Path, lang: str) -> Report:
    return open_report(str(db), "2026-10", "kz", 5, lang)


@pytest.fixture(scope="module")
def rendered(languages_db: Path) -> Iterator[dict[str, dict[str, str]]]:
    """Every section of the dashboard as the HTML export carries it, per language."""
    out: dict[str, dict[str, str]] = {}
    for lang in ("en", "ru", "kk"):
        report = _open(languages_db, lang)
        try:
            out[lang] = {name: _render(getattr(dashboard, name)(report)) for name in SECTIONS}
        finally:
            report.close()
    # the kernel's language is a context variable: leave English for the tests after these
    _open(languages_db, "en").close()
    yield out


def _visible(html: str) -> str:
    """The text a reader sees: no styles, no tags, entities decoded."""
    html = re.sub(r"<style\b.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return htmllib.unescape(html)


def _cells(html: str) -> list[str]:
    """The text of every table cell (or chart text), in order."""
    found = re.findall(r"<(td|th|text)\b[^>]*>(.*?)</\1>", html, flags=re.S)
    # \s would also fold the no-break spaces the languages write numbers with
    return [re.sub(r"[ \t\r\n]+", " ", _visible(inner)).strip() for _, inner in found]


def _register_names(db: Path) -> list[str]:
    """Names the register (another catalogue) and the cookie reference give: purposes, systems,
    the company, tracker platforms."""
    report = _open(db, "en")
    try:
        scope = report.scope
        names = [report.organisation]
        names += list(kpis.consent_rates(scope)["purpose"])
        names += list(kpis.overdue_by_system(scope)["system"])
        names += list(kpis.undeclared_trackers(scope)["platform"])
    finally:
        report.close()
    return sorted({n for n in names if n}, key=len, reverse=True)


#: the heading of the data-quality table's column of file kinds
_FILE = {"ru": "Файл", "kk": "Файл"}


def _english_words() -> set[str]:
    """Every word of the dashboard's English catalogue, but the ones kept in all languages."""
    words: set[str] = set()
    for message in messages("dashboard"):
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text or "")}
    return words - KEPT


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_english_word_of_the_catalogue_reaches_a_reader(
    rendered: dict[str, dict[str, str]], languages_db: Path, lang: str
) -> None:
    english = _english_words()
    assert {"status", "requests", "hidden", "green"} <= english  # the set is the catalogue's
    names = _register_names(languages_db)
    for section, html in rendered[lang].items():
        text = _visible(html)
        for name in names:  # translated separately, in the register
            text = text.replace(name, " ")
        # codes shown as data: file kinds, column names, check ids, domains (dsr_requests,
        # subject_id, cookies.undeclared, metrix.kz)
        text = re.sub(r"\b\w+(?:[._]\w+)+\b", " ", text)
        if section == "data_quality":  # its first column: kinds of file, codes (subjects)
            cells = _cells(html)
            column = cells[cells.index(_FILE[lang]) + 5 :: 5]
            kinds = [k for k in column if re.fullmatch(r"[a-z_]+", k)]  # not the note below
            text = re.sub(r"\b(?:" + "|".join(map(re.escape, kinds)) + r")\b", " ", text)
        left = sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() in english})
        assert left == [], f"{lang} {section}: {left}"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_same_cells_are_suppressed_in_every_language(
    rendered: dict[str, dict[str, str]], lang: str
) -> None:
    """Small-count suppression decides on numbers, never on words: `<5` and `≥5` stand in the
    same cells of the same tables in English, Russian and Kazakh."""

    def suppressed(html: str) -> list[tuple[int, str]]:
        return [
            (i, "<" if "<5" in c else "≥")
            for i, c in enumerate(_cells(html))
            if "<5" in c or "≥5" in c
        ]

    for section in SECTIONS:
        english, translated = rendered["en"][section], rendered[lang][section]
        assert len(_cells(translated)) == len(_cells(english)), section
        assert suppressed(translated) == suppressed(english), section
    assert suppressed(rendered[lang]["status_board"])  # section 7 is decided by a small count


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_trend_draws_the_same_bars_in_every_language(languages_db: Path, lang: str) -> None:
    charts = {}
    for each in ("en", lang):
        report = _open(languages_db, each)
        try:
            charts[each] = dashboard.findings_trend(report).chart.data
        finally:
            report.close()
    _open(languages_db, "en").close()
    assert list(charts[lang]["findings"]) == list(charts["en"]["findings"])
    assert list(charts[lang]["period"]) == list(charts["en"]["period"])


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_identifier_guard_finds_nothing_in_any_language(
    rendered: dict[str, dict[str, str]], languages_db: Path, lang: str
) -> None:
    report = _open(languages_db, "en")
    try:
        known = identifiers(report.con)
    finally:
        report.close()
    for section, html in rendered[lang].items():
        assert identifiers_found(html, known) == [], f"{lang} {section}"


@pytest.mark.parametrize(
    ("lang", "share", "thousands", "status", "heading"),
    [
        ("en", "99.8\N{NO-BREAK SPACE}%", "14,110", "RED", "7. Rights of data subjects"),
        ("ru", "99,8\N{NO-BREAK SPACE}%", "14\N{NO-BREAK SPACE}110", "КРАСНЫЙ",
         "7. Права субъектов персональных данных"),
        ("kk", "99,8\N{NO-BREAK SPACE}%", "14\N{NO-BREAK SPACE}110", "ҚЫЗЫЛ",
         "7. Дербес деректер субъектілерінің құқықтары"),
    ],
)  # fmt: skip
def test_numbers_and_words_are_written_as_the_language_writes_them(
    rendered: dict[str, dict[str, str]],
    lang: str,
    share: str,
    thousands: str,
    status: str,
    heading: str,
) -> None:
    board = _cells(rendered[lang]["status_board"])
    assert share in board  # section 1: active customers who accepted the policy
    assert status in board and heading in board
    # the row of section 7 says why it is red although its figure is suppressed
    row = board[board.index(heading) :][:8]
    assert any(c.startswith("<5") and "1" in c[2:] for c in row), row
    assert thousands in _cells(rendered[lang]["data_quality"])  # rows read from access_log


def _has_governance_kernel() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    return "governance" in KernelSpecManager().find_kernel_specs()


@pytest.mark.skipif(not _has_governance_kernel(), reason="kernel 'governance' missing: make setup")
def test_the_dashboard_notebook_runs_and_exports_in_russian(
    languages_db: Path, tmp_path: Path
) -> None:
    import papermill

    from governance.publish.export import notebook_to_html

    executed = tmp_path / "compliance_dashboard.ru.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(executed),
        parameters={
            "db_path": str(languages_db),
            "period": "2026-10",
            "framework": "kz",
            "min_cell": 5,
            "lang": "ru",
        },
        kernel_name="governance",
        progress_bar=False,
        cwd=str(NOTEBOOK.parent),
    )
    html = notebook_to_html(executed)
    headings = [
        " ".join(_visible(h).split())
        for h in re.findall(r"<h[12]\b[^>]*>(.*?)</h[12]>", html, flags=re.S)
    ]
    for title in (
        "Панель соблюдения требований о персональных данных",
        "Сводка",
        "Статус по разделам политики",
        "Основные показатели",
        "Нарушения в динамике",
        "Качество данных загруженных файлов",
    ):
        assert any(h.startswith(title) for h in headings), (title, headings)
    for english in ("Privacy compliance dashboard", "Headline figures", "What is overdue"):
        assert not any(english in h for h in headings), english
    text = _visible(html)
    assert "1. Общие положения" in text and "10. Контактная информация" in text
    report = _open(languages_db, "en")
    try:
        assert identifiers_found(html, identifiers(report.con)) == []
    finally:
        report.close()
