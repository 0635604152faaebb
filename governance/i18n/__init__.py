"""The suite's words in English, Russian and Kazakh: gettext catalogues managed with Babel.

Every sentence, label and heading a reader sees is an English message id wrapped in `_()` (Python,
Jinja templates) or written in a place the extractor reads (the dashboard's YAML, the notebooks'
Markdown cells). `governance/locale/<lang>/LC_MESSAGES/<domain>.po` holds its translations, one
catalogue per area (`DOMAINS`), compiled to `.mo` when the package is built (setup.py) and, for a
source checkout, in memory from the `.po` when no current `.mo` is there (catalogues.py).

The language is the reader's, set once per report, policy or command with `use_language`
(a context variable: one kernel, one language) and read by `_()` and by the Babel formatting of
numbers and dates (`formats.py`). English needs no catalogue: its message ids are its text.

    >>> with use_language("ru"):  # doctest: +SKIP
    ...     _("Summary")
    'Сводка'
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from governance.i18n.catalogues import DOMAINS, translations

#: the languages a report, policy or RoPA can be asked for (`--lang`, notebook parameter `lang`)
LANGUAGES = ("en", "ru", "kk")
DEFAULT_LANGUAGE = "en"
#: how each language names itself (the index shows the versions side by side)
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}

_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


def check_language(lang: str) -> str:
    """`lang` if the suite speaks it, else ValueError naming the languages it speaks."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}' (choose {', '.join(LANGUAGES)})")
    return lang


def current_language() -> str:
    return _current.get()


def set_language(lang: str) -> None:
    """Make `lang` the language of this context from now on (a report kernel sets it once)."""
    _current.set(check_language(lang))


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """`lang` for the duration of a block (a command rendering one document)."""
    token = _current.set(check_language(lang))
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """`message` (English) in the current language."""
    lang = _current.get()
    if lang == "en":
        return message
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` in the current language (Russian has three)."""
    lang = _current.get()
    if lang == "en":
        return singular if n == 1 else plural
    return translations(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for extraction where it is translated later (tables of constants)."""
    return message


__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAINS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "N_",
    "_",
    "check_language",
    "current_language",
    "ngettext",
    "set_language",
    "use_language",
]
