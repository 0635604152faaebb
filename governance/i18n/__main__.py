"""`python -m governance.i18n update|compile|missing`: the maintainer's catalogue steps.

    update    extract every domain's messages and merge them into each language's .po (new
              messages arrive untranslated, gone ones are dropped; translations are kept)
    compile   compile every .po to its .mo (setup.py does this when the package is built)
    missing   list the messages a catalogue lacks a translation for (exit 1 if any)
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from governance.i18n import LANGUAGES
from governance.i18n.catalogues import DOMAINS, compile_all, locale_folder, po_path
from governance.i18n.extract import messages


def missing(lang: str, domain: str) -> list[str]:
    """The message ids `domain`'s sources use that `lang`'s catalogue does not translate."""
    path = po_path(lang, domain)
    if not path.is_file():
        return [m.id for m in messages(domain) if m.id]
    with path.open("rb") as handle:
        catalog = read_po(handle)
    wanted = [m.id for m in messages(domain) if m.id]
    absent = []
    for message_id in wanted:
        entry = catalog.get(message_id)
        text = entry.string if entry is not None else None
        if isinstance(text, tuple):
            text = all(text) and text[0]
        if entry is None or not text or entry.fuzzy:
            absent.append(message_id if isinstance(message_id, str) else message_id[0])
    return absent


def update() -> None:
    for domain in DOMAINS:
        template = messages(domain)
        for lang in LANGUAGES[1:]:
            path = po_path(lang, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file():
                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=lang, domain=domain)
            else:
                catalog = Catalog(locale=lang, domain=domain, project="governance")
            catalog.update(template, no_fuzzy_matching=True)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
            print(f"{path}: {len(catalog)} messages")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
        return 0
    if command == "compile":
        for mo in compile_all(locale_folder()):
            print(mo)
        return 0
    if command == "missing":
        total = 0
        for lang in LANGUAGES[1:]:
            for domain in DOMAINS:
                for message_id in missing(lang, domain):
                    total += 1
                    print(f"{lang}/{domain}: {message_id!r}")
        return 1 if total else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
