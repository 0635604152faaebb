"""How the published pages of a period are named, titled and linked to each other.

Language versions sit side by side in the period folder: English keeps the plain name
(`compliance_dashboard.html`, the address people already have), another language adds its
code before the suffix (`compliance_dashboard.ru.html`, `compliance_dashboard.kk.pdf`), the
executed notebook and its log likewise (`compliance_dashboard.ru.ipynb`).

Every page carries a header with a link to the archive's index, to the other reports of the
period in its own language, and to the same report in the other languages published. The
runner knows the whole set before it runs a notebook, so it gives each page its `Navigation`
(exported by `governance.publish.export.ReportNavigation` through the offline template).
The section colours of the period (the dashboard's status per policy section) travel in a
`<meta name="governance-sections">` of every page, where `archive.rebuild_index` reads them:
the published pages are the record, no side file to keep in step with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from governance.i18n import LANGUAGE_NAMES, LANGUAGES, _, use_language
from governance.publish.catalogue import SCHEDULED

#: `compliance_dashboard.ru.html` -> name, language, suffix
_PAGE = re.compile(r"^(?P<name>[A-Za-z0-9_\-]+?)(?:\.(?P<lang>[a-z]{2}))?\.(?P<suffix>[a-z]+)$")
#: nbconvert's HTML post-processing may order the attributes either way
_SECTIONS_META = re.compile(r'<meta\b[^>]*\bname="governance-sections"[^>]*>')
_CONTENT = re.compile(r'\bcontent="([^"]*)"')


def page_name(name: str, lang: str = "en", suffix: str = "html") -> str:
    """The file of report `name` in `lang`: English keeps the plain name.

    >>> page_name("ropa"), page_name("ropa", "kk"), page_name("ropa", "ru", "pdf")
    ('ropa.html', 'ropa.kk.html', 'ropa.ru.pdf')
    """
    return f"{name}.{suffix}" if lang == "en" else f"{name}.{lang}.{suffix}"


def parse_page(filename: str) -> tuple[str, str, str] | None:
    """(name, language, suffix) of a published file, None for a name this does not give.

    >>> parse_page("dsr_report.ru.html"), parse_page("index.html")
    (('dsr_report', 'ru', 'html'), ('index', 'en', 'html'))
    """
    match = _PAGE.match(filename)
    if match is None or (match["lang"] or "en") not in LANGUAGES:
        return None
    return match["name"], match["lang"] or "en", match["suffix"]


def report_title(name: str) -> str:
    """The readable name of report `name` in the current language ("Data subject requests")."""
    for notebook in SCHEDULED:
        if notebook.name == name:
            return _(notebook.title)
    return name.replace("_", " ").capitalize()


def page_title(name: str, period: str, organisation: str = "") -> str:
    """The `<title>` of a report page, in the current language."""
    if organisation:
        return _("{report}, {period} — {organisation}").format(
            report=report_title(name), period=period, organisation=organisation
        )
    return _("{report}, {period}").format(report=report_title(name), period=period)


def encode_statuses(statuses: Mapping[int, str]) -> str:
    """`1:green 2:red ...`, the content of the `governance-sections` meta element."""
    return " ".join(f"{section}:{status}" for section, status in sorted(statuses.items()))


def read_statuses(html: str) -> dict[int, str]:
    """The section colours a published page carries (empty when it carries none)."""
    meta = _SECTIONS_META.search(html)
    content = _CONTENT.search(meta[0]) if meta else None
    if content is None:
        return {}
    statuses = {}
    for item in content[1].split():
        section, _sep, status = item.partition(":")
        if section.isdigit() and status:
            statuses[int(section)] = status
    return statuses


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    current: bool = False
    lang: str | None = None  # the language of the page linked to, when not the page's own


@dataclass(frozen=True)
class Navigation:
    """What the runner tells every page of a period about the set it belongs to."""

    reports: tuple[str, ...]
    languages: tuple[str, ...] = ("en",)
    organisation: str = ""
    statuses: Mapping[int, str] = field(default_factory=dict)

    def as_resources(self) -> dict[str, object]:
        """Plain values for nbconvert's resources (they cross a process boundary)."""
        return {
            "reports": list(self.reports),
            "languages": list(self.languages),
            "organisation": self.organisation,
            "statuses": dict(self.statuses),
        }

    @classmethod
    def from_resources(cls, values: Mapping[str, object]) -> Navigation:
        return cls(
            tuple(values.get("reports") or ()),  # type: ignore[arg-type]
            tuple(values.get("languages") or ("en",)),  # type: ignore[arg-type]
            str(values.get("organisation") or ""),
            # JSON (a notebook's metadata) keeps the section numbers as text
            {int(k): v for k, v in dict(values.get("statuses") or {}).items()},  # type: ignore[call-overload]
        )

    def header(self, name: str, lang: str) -> dict[str, object]:
        """The header of page `name` in `lang`: index, the period's reports, other languages."""
        with use_language(lang):
            return {
                "label": _("Reports"),
                "index": Link("../index.html", _("All reports")),
                "reports": [
                    Link(page_name(other, lang), report_title(other), other == name)
                    for other in self.reports
                ],
                "languages_label": _("Language"),
                "languages": [
                    Link(page_name(name, other), LANGUAGE_NAMES[other], other == lang, other)
                    for other in self.languages
                ],
            }


def languages_of(files: Iterable[str], suffix: str = "html") -> dict[str, list[str]]:
    """Report name -> the languages it is published in (LANGUAGES order), from file names."""
    found: dict[str, set[str]] = {}
    for filename in files:
        parsed = parse_page(filename)
        if parsed is not None and parsed[2] == suffix:
            found.setdefault(parsed[0], set()).add(parsed[1])
    return {name: [lang for lang in LANGUAGES if lang in langs] for name, langs in found.items()}
