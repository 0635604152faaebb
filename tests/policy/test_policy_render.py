"""The privacy policy rendered from the register: every list filled, every string escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SAMPLE_REGISTER
from policy_helpers import SECTIONS

from governance.policy import PolicyError, build_document, render_policy
from governance.policy.render import md_escape
from governance.policy.words import duration, wording
from governance.publish.guard import offline_problems
from governance.register.loader import load_register
from governance.store import connect, init_database


class _Text(HTMLParser):
    """The text a reader sees (entities decoded), and the tags of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.tags


def _render(db: Path, fmt: str, version: str | None = None) -> str:
    con = connect(db, read_only=True)
    try:
        return render_policy(build_document(con, version), fmt)
    finally:
        con.close()


def _register_strings() -> dict[str, list[str]]:
    """What the acceptance asks the sample's policy to name, per kind."""
    register = load_register(SAMPLE_REGISTER)
    org = register.organisation
    labels = wording()["cookie_categories"]
    current = register.current_policy_version()
    assert current is not None
    disclosed = set(current.purposes)
    return {
        "purpose": [p.name for p in register.purposes if p.id in disclosed],
        "legal basis": sorted(
            {
                b.name
                for b in register.legal_bases
                for p in register.purposes
                if p.legal_basis == b.id
            }
        ),
        "category": [c.name for c in register.data_categories],
        "recipient": [r.name for r in register.recipients],
        "cookie category": [labels[str(c.category)]["label"] for c in register.cookies],
        "cookie": [c.name for c in register.cookies],
        "contact": [
            org.name,
            org.bin,
            org.contact.email,
            org.contact.phone,
            org.contact.address,
            org.contact.web_form,
            org.responsible_person.name,
            org.responsible_person.email,
            org.responsible_person.phone,
            org.dpo.name,
            org.dpo.email,
            org.dpo.phone,
        ],
        "measure": [m.name for m in register.security_measures if m.status != "planned"],
    }


def test_the_sample_policy_in_markdown_names_everything_the_register_declares(
    sample_db: Path,
) -> None:
    text = _render(sample_db, "md")
    for kind, names in _register_strings().items():
        missing = [n for n in names if md_escape(n) not in text and n not in text]
        assert missing == [], f"{kind} not named in the policy: {missing}"
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in text


def test_the_sample_policy_in_html_names_everything_the_register_declares(
    sample_db: Path,
) -> None:
    text, _ = _visible(_render(sample_db, "html"))
    for kind, names in _register_strings().items():
        missing = [n for n in names if n not in text]
        assert missing == [], f"{kind} not named in the policy: {missing}"
    for heading in SECTIONS:
        assert heading in text


def test_the_sample_policy_states_storage_periods_rights_deadlines_and_transfers(
    sample_db: Path,
) -> None:
    text, _ = _visible(_render(sample_db, "html"))
    # retention per category, in words a reader understands
    assert "75 years after the last use, then deleted" in text
    assert "30 days from collection, then anonymised" in text
    # answer deadlines of the kz pack, with the article
    assert "within 15 working days (Law 94-V Art. 8(7))" in text
    assert "within 1 working day (Law 94-V Art. 25(2)(8))" in text
    assert "within 3 working days (the Company's own term; Law 94-V Art. 25(2)(6))" in text
    # transfers abroad with their safeguard
    assert "standard contractual clauses 2021/914" in text
    # the version history of section 8
    assert "15 June 2025" in text and "First published privacy policy." in text


def test_gdpr_deadlines_come_from_the_gdpr_pack(sample_db: Path) -> None:
    con = connect(sample_db, read_only=True)
    try:
        text = render_policy(build_document(con, framework="gdpr"), "md")
    finally:
        con.close()
    assert "within 1 month, or 3 months for a complex request" in text
    assert "(GDPR Art. 12(3), 17)" in text
    assert "Regulation (EU) 2016/679" in text


def test_an_unstored_older_version_is_rendered_as_the_register_declared_it(
    sample_db: Path,
) -> None:
    old = _render(sample_db, "md", version="1.0")
    new = _render(sample_db, "md", version="2.0")
    analytics = "Product analytics on pseudonymised usage data"
    assert analytics not in old and analytics in new
    assert "version 1.0, in force since 1 March 2024" in old
    # the history of 1.0 stops at 1.0
    assert "15 June 2025" not in old


def test_register_strings_are_escaped_in_html_and_markdown(
    tmp_path: Path, minimal_register: Path
) -> None:
    text = minimal_register.read_text(encoding="utf-8")
    text = text.replace(
        "    name: Fulfilling orders\n",
        '    name: Fulfilling <b>orders</b>\n    description: <script>alert("x")</script>\n',
    )
    text = text.replace(
        "    name: Mail provider GmbH\n", "    name: Mail <img src=x onerror=alert(1)> GmbH\n"
    )
    minimal_register.write_text(text, encoding="utf-8")
    db = tmp_path / "escaped.duckdb"
    init_database(db, minimal_register)

    html = _render(db, "html")
    visible, tags = _visible(html)
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' in visible  # shown as text, not run
    assert "Mail <img src=x onerror=alert(1)> GmbH" in visible
    assert offline_problems(html) == []

    md = _render(db, "md")
    assert '\\<script\\>alert("x")\\</script\\>' in md
    assert "Fulfilling \\<b\\>orders\\</b\\>" in md
    assert "<script>" not in md


def test_the_html_loads_nothing_and_has_no_script(sample_db: Path) -> None:
    html = _render(sample_db, "html")
    assert offline_problems(html) == []
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert html.count("<style>") == 1


def test_an_unknown_framework_is_a_clear_error(sample_db: Path) -> None:
    con = connect(sample_db, read_only=True)
    try:
        with pytest.raises(PolicyError, match="unknown framework 'eu' \\(choose kz or gdpr\\)"):
            build_document(con, framework="eu")
    finally:
        con.close()


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"),
        (30, "30 days"),
        (180, "6 months"),
        (365, "1 year"),
        (395, "13 months"),
        (730, "2 years"),
        (1825, "5 years"),
        (27394, "75 years"),
        (100, "100 days"),
    ],
)
def test_periods_are_told_in_the_unit_a_reader_expects(days: int, words: str) -> None:
    assert duration(days) == words
