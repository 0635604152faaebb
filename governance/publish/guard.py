"""Last look before publishing: the HTML must be offline and carry no personal identifier.

The notebooks are written not to show identifiers; this guard makes sure of it
against the database itself, so a bug in a notebook stops the report instead
of mailing a subject's e-mail address to management.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import duckdb

from governance.errors import ReportError

_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_LOADING_ATTRS = {"src", "href", "srcset", "data", "poster", "action"}
_WORD = re.compile(r"[\w@.+\-]+", re.UNICODE)
_PHONE = re.compile(r"\+?\d[\d\s\-()]{7,}\d")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in _LOADING_ATTRS and value and _EXTERNAL.match(value):
                self.external.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def offline_problems(html: str) -> list[str]:
    """What in `html` would reach the network or carry widget state."""
    scanner = _Scanner()
    scanner.feed(html)
    problems = [f"loads {ref}" for ref in scanner.external]
    if scanner.scripts:
        problems.append(f"{scanner.scripts} script element(s)")
    if "application/vnd.jupyter.widget-state+json" in html:
        problems.append("widget state")
    if re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", html):
        problems.append("CSS @import from the network")
    return problems


def identifiers(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every direct identifier in the database, lower-cased: subject ids, names, e-mails, phones."""
    rows = con.execute(
        """
        SELECT DISTINCT lower(v) FROM (
            SELECT unnest([subject_id, full_name, email, phone]) AS v FROM subjects
            UNION ALL SELECT employee_id FROM employees
            UNION ALL SELECT visitor_id FROM cookie_consents
        ) WHERE v IS NOT NULL AND length(v) >= 4
        """
    ).fetchall()
    return {r[0] for r in rows}


def identifiers_found(html: str, known: set[str]) -> list[str]:
    """Identifiers of `known` that appear in the visible text of `html` (names as word runs)."""
    scanner = _Scanner()
    scanner.feed(html)
    words = _WORD.findall(" ".join(scanner.text).lower())
    candidates = set(words)
    candidates.update(" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    candidates.update(" ".join(words[i : i + 3]) for i in range(len(words) - 2))
    found = sorted(candidates & known)
    # phones are written with spaces or dashes: compare digit strings
    phones = {_digits(k): k for k in known if k.startswith("+")}
    seen = {_digits(m) for m in _PHONE.findall(" ".join(scanner.text))}
    found += sorted(phones[d] for d in seen & set(phones))
    return found


def _digits(text: str) -> str:
    return re.sub(r"[^\d+]", "", text)


def check_publishable(name: str, html: str, known: set[str]) -> None:
    """Raise `ReportError` if `html` is not offline or shows an identifier."""
    problems = offline_problems(html)
    leaked = identifiers_found(html, known)
    if leaked:
        problems.append(f"{len(leaked)} personal identifier(s), e.g. '{leaked[0][:3]}…'")
    if problems:
        raise ReportError(f"{name}: not published: {'; '.join(problems)}")
