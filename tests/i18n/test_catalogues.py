"""Every message the code, templates, YAML and notebooks use has a Russian and a Kazakh
translation: a catalogue that lacks one fails here, naming the message."""

from __future__ import annotations

import pytest

from governance.i18n import LANGUAGES, _, use_language
from governance.i18n.__main__ import missing
from governance.i18n.catalogues import DOMAINS, compile_po, po_path


@pytest.mark.parametrize("lang", LANGUAGES[1:])
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogue_translates_every_message_its_sources_use(lang: str, domain: str) -> None:
    absent = missing(lang, domain)
    assert not absent, f"{po_path(lang, domain)} lacks {len(absent)} translation(s): {absent[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES[1:])
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_catalogue_compiles(lang: str, domain: str) -> None:
    assert compile_po(po_path(lang, domain))


def test_english_is_its_own_catalogue_and_other_languages_translate() -> None:
    with use_language("en"):
        assert _("no change") == "no change"
    with use_language("ru"):
        assert _("no change") != "no change"
    with pytest.raises(ValueError, match="unknown language 'de'"), use_language("de"):
        pass
