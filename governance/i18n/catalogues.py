"""Where the translations come from: one `.po` per language and domain, compiled to `.mo`.

A domain is one area's catalogue (`DOMAINS`), so that people translating the policy and people
translating the dashboard never edit the same file. At run time the domains of a language are
chained into one `gettext.GNUTranslations`: the first domain that knows a message translates it.

The `.mo` files are made when the package is built (setup.py runs `compile_all`) and are not kept
in git. A source checkout that has not been built, or whose `.po` is newer than its `.mo` (a
translator's edit), gets the catalogue compiled in memory from the `.po` by Babel instead, so
the words shown are always those of the `.po` beside them.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: the catalogues, each with what its messages are extracted from (extract.py)
DOMAINS = ("reports", "dashboard", "policy", "publish")


def locale_folder() -> Path:
    """`governance/locale`, as installed."""
    from governance.store import queries  # imported here: the store imports the register

    return queries.directory("governance", "locale")


def po_path(lang: str, domain: str) -> Path:
    return locale_folder() / lang / "LC_MESSAGES" / f"{domain}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Every domain of `lang` chained; a language without catalogues translates nothing."""
    chain: gettext.NullTranslations | None = None
    for domain in DOMAINS:
        found = _domain(lang, domain)
        if found is None:
            continue
        if chain is None:
            chain = found
        else:
            chain.add_fallback(found)
    return chain or gettext.NullTranslations()


def _domain(lang: str, domain: str) -> gettext.GNUTranslations | None:
    po = po_path(lang, domain)
    mo = po.with_suffix(".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.is_file():
        return None
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of `po` (fuzzy entries are left out, as msgfmt does)."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all(root: Path) -> list[Path]:
    """Compile every `.po` under `root` (a locale folder) to the `.mo` beside it."""
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_po(po))
        written.append(mo)
    return written
