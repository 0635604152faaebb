"""The sample company's privacy policy in Russian and Kazakh reads as a policy in that language.

Issue 18: a public document of a company in Kazakhstan is expected in Russian and in the state
language; articles of the law are cited by their official Russian names in both; no legal
statement (a transfer's safeguard, a storage period's basis, a right's answer deadline, a
purpose's legal basis) is left empty in any language.

Register strings (purpose names, safeguards, ...) are the register's own words: they get their
translations in the register, so they are taken out of the text before it is searched for
English words of the policy catalogue.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_REGISTER

from governance.i18n import LANGUAGES, _, use_language
from governance.i18n.extract import messages
from governance.policy import PolicyDocument, build_document, render_policy
from governance.store import connect, init_database

#: words a Russian or Kazakh policy writes in Latin letters: «файлы cookie» / «cookie
#: файлдары» is the term both languages use, GDPR is part of the regulation's official name
NOT_ENGLISH = {"cookie", "gdpr"}
#: document fields that hold the suite's own words (wording.yaml), translated by the catalogue;
#: every other string of a document comes from the register or is a code
WORDING_FIELDS = {"law", "law_short", "authority", "title", "how", "label", "text"}
#: the official Russian name of the law, as both languages cite it
LAW_94_V = (
    "Закон Республики Казахстан от 21 мая 2013 года № 94-V «О персональных данных и их защите»"
)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`governance init` of the sample company's register, in a folder of this module."""
    db = tmp_path_factory.mktemp("policy_languages") / "metrix.duckdb"
    init_database(db, SAMPLE_REGISTER)
    return db


def _document(db: Path, framework: str = "kz") -> PolicyDocument:
    con = connect(db, read_only=True)
    try:
        return build_document(con, framework=framework)
    finally:
        con.close()


class _Page(HTMLParser):
    """The visible text of a page, its <html lang>, <title>, and its tables as cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lang: str | None = None
        self.title = ""
        self.tables: list[dict[str, Any]] = []
        self.definitions: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._cell: list[str] | None = None
        self._dt = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "table":
            self.tables.append({"head": [], "rows": []})
        elif tag == "tr" and self.tables and "thead" not in self._stack:
            self.tables[-1]["rows"].append([])
        if tag in {"td", "th", "dt", "dd"}:
            self._cell = []
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None and self.tables:
            text = " ".join("".join(self._cell).split())
            if "thead" in self._stack:
                self.tables[-1]["head"].append(text)
            elif tag == "td":  # a row group's <th> spans rows: only the data cells count
                self.tables[-1]["rows"][-1].append(text)
        elif tag == "dt" and self._cell is not None:
            self._dt = " ".join("".join(self._cell).split())
        elif tag == "dd" and self._cell is not None:
            self.definitions.append((self._dt, " ".join("".join(self._cell).split())))
        if tag in {"td", "th", "dt", "dd"}:
            self._cell = None
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "title":
            self.title += data
        elif "style" not in self._stack:
            self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        """What a reader sees, runs of white space as one space (the no-break space after `№`
        included)."""
        return " ".join(" ".join(self.parts).split())


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _register_strings(value: Any, key: str | None = None) -> list[str]:
    """Every string of a document that the register wrote (names, safeguards, contacts...)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _register_strings(v, k)]
    if isinstance(value, list):
        return [s for item in value for s in _register_strings(item, key)]
    if isinstance(value, str) and key not in WORDING_FIELDS:
        return [value]
    return []


def _catalogue_words() -> set[str]:
    """The English words of the policy catalogue's message ids (placeholders left out)."""
    words: set[str] = set()
    for message in messages("policy"):
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if text:
                words |= {
                    w.lower() for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", " ", text))
                }
    return words - NOT_ENGLISH


def _without_register_strings(text: str, document: PolicyDocument) -> str:
    """`text` with the register's own strings (English until the register translates them),
    e-mails, URLs and codes (cookie names, domains: words with `_`, `.` or digits) taken out."""
    strings = set(_register_strings(document.model_dump(mode="json")))
    for value in sorted(strings, key=len, reverse=True):
        if len(value) > 1:
            text = text.replace(value, " ")
    return re.sub(r"\S+@\S+|https?://\S+|\S*[_\d]\S*|\S+\.\S+", " ", text)


def _english_left(text: str, document: PolicyDocument) -> list[str]:
    """English words of the policy catalogue in `text`, register strings and codes aside."""
    english = _catalogue_words()
    left = re.findall(r"[A-Za-z]{2,}", _without_register_strings(text, document))
    return sorted({w for w in left if w.lower() in english})


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_policy_has_no_english_word_of_the_catalogue(
    sample_db: Path, lang: str, fmt: str
) -> None:
    document = _document(sample_db)
    rendered = render_policy(document, fmt, lang)
    text = _page(rendered).text if fmt == "html" else rendered.replace("\\", "")
    assert _english_left(text, document) == []


def test_the_search_finds_the_english_of_an_english_policy(sample_db: Path) -> None:
    """The same search on the English text finds the catalogue's words: it can fail."""
    document = _document(sample_db)
    found = _english_left(_page(render_policy(document, "html", "en")).text, document)
    assert {"Company", "processes", "personal", "rights", "within"} <= set(found)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_law_articles_are_cited_by_their_official_russian_names(sample_db: Path, lang: str) -> None:
    document = _document(sample_db)
    text = _page(render_policy(document, "html", lang)).text
    assert LAW_94_V in text
    # Law 94-V Art. 8(7): 15 working days to answer a withdrawal of consent
    assert "(Закон № 94-V, ст. 8 п. 7)" in text
    # Art. 25(2)(8): one working day for a correction, erasure or blocking
    assert "(Закон № 94-V, ст. 25 п. 2 пп. 8)" in text
    # Art. 16: the transfer abroad with no recorded safeguard
    assert "Закон № 94-V, ст. 16" in text
    ours = _without_register_strings(text, document)  # "94-V Art. 7" of the register aside
    for english in ("Art", "Law", "working day"):
        assert english not in ours


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("ru", "Общий регламент ЕС по защите данных (GDPR)"),
        ("kk", "Еуропалық Одақтың деректерді қорғау жөніндегі жалпы регламенті (GDPR)"),
    ],
)
def test_the_gdpr_is_cited_by_its_name_in_the_language(
    sample_db: Path, lang: str, name: str
) -> None:
    text = _page(render_policy(_document(sample_db, "gdpr"), "html", lang)).text
    assert name in text
    assert "(GDPR, ст. 12 п. 3, ст. 15)" in text  # the right of access, Art. 12(3), 15


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Privacy Policy of metriX company, version 2.1"),
        ("ru", "Политика конфиденциальности metriX company, редакция 2.1"),
        ("kk", "metriX company құпиялылық саясаты, 2.1 редакциясы"),
    ],
)
def test_the_page_says_its_language_and_has_a_title_in_it(
    sample_db: Path, lang: str, title: str
) -> None:
    page = _page(render_policy(_document(sample_db), "html", lang))
    assert page.lang == lang
    assert page.title == title


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_legal_statement_is_empty_in_any_language(sample_db: Path, lang: str) -> None:
    """The safeguard of a transfer (4.2), the basis of a storage period (6), the answer deadline
    of a right (7) and the legal basis of a purpose (3) always say something."""
    page = _page(render_policy(_document(sample_db), "html", lang))
    with use_language(lang):
        legal_columns = {_("Safeguard"), _("Set by"), _("The Company answers")}
        legal_basis = _("Legal basis")
        storage_heads = [_("Data"), _("Kept"), _("For"), _("Set by")]
    checked = 0
    for table in page.tables:
        column = table["head"][-1]
        if column not in legal_columns or (
            column == _("Set by") and table["head"] != storage_heads
        ):
            continue  # the cookie tables' "Set by" is the cookie's provider, not a legal basis
        for row in table["rows"]:
            checked += 1
            assert row[-1], f"{lang}: an empty '{column}' cell in the row {row}"
    assert checked >= 3 + 30 + 7  # 4 transfers abroad, every storage rule, every right
    bases = [value for term, value in page.definitions if term == legal_basis]
    assert len(bases) == 11 and all(bases)
