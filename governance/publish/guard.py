"""Last look before publishing: the HTML must be offline and carry no personal identifier.

The notebooks are written not to show identifiers; this guard makes sure of it
against the database itself, so a bug in a notebook stops the report instead
of mailing a subject's e-mail address to management.

An identifier hides easily in a longer string (`S-000001_copy`, an e-mail with `_old`
appended) or in another spelling (a phone written `8 777 045 52 16` instead of
`+7 777 045 52 16`). So the visible text is cut into tokens at every character that is not a
letter or digit, and every run of whole tokens is compared (an identifier matches where it
starts and ends on such a boundary: `S-000001` is found in `S-000001_copy` but not in
`S-0000012`); phones are compared as digits, without the country code 7 or 8.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

import duckdb
import pyarrow as pa

from governance.errors import ReportError
from governance.store import queries

_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_LOADING_ATTRS = {"src", "href", "srcset", "data", "poster", "action"}
_WORD = re.compile(r"[\w@.+\-']+", re.UNICODE)
_BOUNDARY = re.compile(r"[^\w]|_", re.UNICODE)
_NUMBER_RUN = re.compile(r"\d[\d\s\-().]*\d")
_DIGIT_GROUP = re.compile(r"\d+")
#: a phone is 7 to 12 digits however it is grouped (a KZ number with its country code is 11)
PHONE_DIGITS = range(7, 13)
_EDGE_PUNCTUATION = ".-+@_'"
#: a word is compared by its runs of at most this many tokens (an e-mail is about five)
MAX_TOKENS_PER_MATCH = 12


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


@dataclass(frozen=True)
class KnownIdentifiers:
    """The database's direct identifiers: lower-cased tokens, and phones as national digits."""

    tokens: frozenset[str]
    phones: frozenset[str]


def identifiers(con: duckdb.DuckDBPyConnection) -> KnownIdentifiers:
    """Every direct identifier in the database: subject ids, names, e-mails, phones, employee
    and visitor ids (`sql/identifiers.sql`)."""
    rows = queries.run(con, queries.sql("governance.publish", "sql/identifiers.sql")).fetchall()
    return KnownIdentifiers(
        tokens=frozenset(token for token, _ in rows if token is not None),
        phones=frozenset(phone for _, phone in rows if phone is not None),
    )


def national_digits(phone: str) -> str:
    """`phone` as digits only, without the 7 or 8 that starts an 11-digit Kazakh number."""
    digits = re.sub(r"\D", "", phone)
    return digits[1:] if len(digits) == 11 and digits[0] in "78" else digits


def _token_runs(word: str) -> set[str]:
    """Every substring of `word` that starts and ends on a token boundary."""
    starts, ends = [0], []
    for match in _BOUNDARY.finditer(word):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(word))
    runs = set()
    for i, start in enumerate(starts):
        for end in ends[i : i + MAX_TOKENS_PER_MATCH]:
            if end > start:
                runs.add(word[start:end])
    return runs


def _candidates(text: str) -> set[str]:
    """The strings of `text` an identifier could be: token runs of each word, and names as
    runs of up to three words."""
    words = _WORD.findall(text.lower())
    candidates: set[str] = set()
    for word in words:
        candidates |= _token_runs(word)
    bare = [word.strip(_EDGE_PUNCTUATION) for word in words]
    for size in (2, 3):
        candidates.update(" ".join(bare[i : i + size]) for i in range(len(bare) - size + 1))
    return candidates


def _phone_candidates(text: str) -> set[str]:
    """Every number of `text` a phone could be: each run of digit groups joined by spaces,
    dashes, dots or brackets, and each stretch of consecutive groups inside it of phone length
    (a count written just before a phone must not hide it). Text nodes are scanned one by one,
    so the figures of neighbouring table cells never join into a number."""
    candidates = set()
    for run in _NUMBER_RUN.findall(text):
        groups = _DIGIT_GROUP.findall(run)
        for first in range(len(groups)):
            digits = ""
            for group in groups[first:]:
                digits += group
                if len(digits) > PHONE_DIGITS.stop:
                    break
                if len(digits) in PHONE_DIGITS:
                    candidates.add(national_digits(digits))
    return candidates


def _page_candidates(html: str) -> tuple[set[str], set[str]]:
    """The token runs and the phone numbers of `html`'s visible text."""
    scanner = _Scanner()
    scanner.feed(html)
    phones: set[str] = set()
    for node in scanner.text:
        phones |= _phone_candidates(node)
    return _candidates(" ".join(scanner.text)), phones


def identifiers_found(html: str, known: KnownIdentifiers) -> list[str]:
    """Identifiers of `known` that appear in the visible text of `html`."""
    tokens, phones = _page_candidates(html)
    return sorted(tokens & known.tokens) + sorted(phones & known.phones)


def identifiers_shown(
    con: duckdb.DuckDBPyConnection, pages: Mapping[str, str]
) -> dict[str, list[str]]:
    """Per page of `pages` (name -> HTML), the database's identifiers it shows (none: absent).

    The same rule as `identifiers` + `identifiers_found`, with the comparison in the database
    (sql/identifiers_shown.sql): only each page's candidates travel, so a report set costs one
    scan of the identifier columns whatever the number of subjects.
    """
    names, kinds, values = [], [], []
    for name, html in pages.items():
        tokens, phones = _page_candidates(html)
        for kind, found in (("token", tokens), ("phone", phones)):
            names += [name] * len(found)
            kinds += [kind] * len(found)
            values += sorted(found)
    con.register("guard_candidates", pa.table({"page": names, "kind": kinds, "value": values}))
    try:
        rows = queries.run(
            con, queries.sql("governance.publish", "sql/identifiers_shown.sql")
        ).fetchall()
    finally:
        con.unregister("guard_candidates")
    shown: dict[str, list[str]] = {}
    for page, value in rows:
        shown.setdefault(page, []).append(value)
    return shown


def check_publishable(name: str, html: str, known: KnownIdentifiers | list[str]) -> None:
    """Raise `ReportError` if `html` is not offline or shows an identifier (of `known`, or the
    identifiers `identifiers_shown` found on it)."""
    problems = offline_problems(html)
    leaked = known if isinstance(known, list) else identifiers_found(html, known)
    if leaked:
        problems.append(f"{len(leaked)} personal identifier(s), e.g. '{leaked[0][:3]}…'")
    if problems:
        raise ReportError(f"{name}: not published: {'; '.join(problems)}")
