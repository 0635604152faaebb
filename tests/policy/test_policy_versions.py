"""Published policy texts are stored as published, and `--diff` says what changed in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from governance.policy import (
    PolicyError,
    diff_versions,
    policy_text,
    publish_policy,
    stored_versions,
)
from governance.store import connect, init_database

#: version 1.2 of the minimal register: a purpose added, analytics and IP addresses dropped,
#: full names kept 3 years instead of 5, a new contact phone
VERSION_1_2 = """\
  - version: "1.2"
    published_at: 2026-05-01
    material_change: true
    purposes: [order_fulfilment, newsletter, loyalty]
    data_categories: [contact_email, contact_phone, full_name]
    summary: Loyalty programme added; website analytics stopped
"""

LOYALTY = """\
  - id: loyalty
    name: Loyalty programme
    fides_key: marketing.communications
    legal_basis: consent
    data_categories: [contact_email]
"""


def _edit(register: Path, *edits: tuple[str, str]) -> None:
    text = register.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    register.write_text(text, encoding="utf-8")


def _version_1_2(register: Path) -> None:
    _edit(
        register,
        (
            "    summary: Newsletter and analytics added\n",
            "    summary: Newsletter and analytics added\n" + VERSION_1_2,
        ),
        ("purposes:\n", "purposes:\n" + LOYALTY),
        ("    period_days: 1825\n", "    period_days: 1095\n"),
        ('    phone: "+7 727 000 00 00"\n', '    phone: "+7 727 000 00 99"\n'),
    )


def _text(db: Path, version: str | None = None, fmt: str = "md") -> str:
    con = connect(db, read_only=True)
    try:
        return policy_text(con, version, fmt)[0]
    finally:
        con.close()


def test_publishing_stores_the_latest_text_once(minimal_db: Path) -> None:
    first = publish_policy(minimal_db)
    assert (first.version, first.stored) == ("1.1", True)
    again = publish_policy(minimal_db)
    assert again.stored is False and again.text_sha256 == first.text_sha256
    con = connect(minimal_db, read_only=True)
    try:
        assert stored_versions(con) == ["1.1"]
        items = con.execute(
            "SELECT kind, item_id FROM policy_text_items WHERE version = '1.1' ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    assert items == [
        ("data_category", "contact_email"),
        ("data_category", "contact_phone"),
        ("data_category", "full_name"),
        ("data_category", "ip_address"),
        ("purpose", "newsletter"),
        ("purpose", "order_fulfilment"),
        ("purpose", "site_analytics"),
    ]


def test_a_published_text_does_not_follow_later_register_edits(
    minimal_db: Path, minimal_register: Path
) -> None:
    publish_policy(minimal_db)
    published = _text(minimal_db, "1.1")
    assert "5 years from collection, then deleted" in published
    _edit(minimal_register, ("    period_days: 1825\n", "    period_days: 1095\n"))
    init_database(minimal_db, minimal_register)
    # the stored text is what readers of 1.1 were given, byte for byte
    assert _text(minimal_db, "1.1") == published
    assert "5 years from collection" in _text(minimal_db, "1.1", "html")
    # and it cannot be rewritten: a changed text needs a new version
    with pytest.raises(PolicyError, match=r"published on .* with another text; .*new version"):
        publish_policy(minimal_db)


def test_only_the_latest_version_can_be_published(minimal_db: Path) -> None:
    with pytest.raises(PolicyError, match=r"only the latest policy version \(1.1\)"):
        publish_policy(minimal_db, version="1.0")


def test_diff_says_what_changed_in_words(minimal_db: Path, minimal_register: Path) -> None:
    publish_policy(minimal_db)
    _version_1_2(minimal_register)
    init_database(minimal_db, minimal_register)
    publish_policy(minimal_db)
    con = connect(minimal_db, read_only=True)
    try:
        diff = diff_versions(con, "1.1", "1.2")
    finally:
        con.close()
    assert diff.lines() == [
        "Privacy policy 1.1 (1 June 2024) -> 1.2 (1 May 2026), a material change "
        "(subjects accept it again)",
        "  Summary of 1.2: Loyalty programme added; website analytics stopped",
        "  Data categories removed: IP address",
        "  Purposes added: Loyalty programme (Consent of the data subject)",
        "  Purposes removed: Website analytics (Consent of the data subject)",
        "  Retention changed for Full name: 5 years from collection, then deleted -> "
        "3 years from collection, then deleted",
        "  Contact phone changed: +7 727 000 00 00 -> +7 727 000 00 99",
    ]


def test_diff_of_versions_never_stored_compares_what_the_register_declares(
    minimal_db: Path,
) -> None:
    con = connect(minimal_db, read_only=True)
    try:
        diff = diff_versions(con, "1.0", "1.1")
    finally:
        con.close()
    lines = diff.lines()
    assert "  Data categories added: IP address" in lines
    assert (
        "  Purposes added: E-mail newsletter (Consent of the data subject); "
        "Website analytics (Consent of the data subject)"
    ) in lines
    assert lines[-1].startswith("Note: 1.0 and 1.1 have no stored text")


def test_cli_renders_html_to_a_file_and_markdown_to_stdout(
    minimal_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "policy" / "privacy_policy.html"
    html = run_cli("policy", minimal_db, "--format", "html", "--out", target)
    assert html.returncode == 0, html.stderr
    assert html.stdout.strip() == f"{target}: privacy policy 1.1 (2024-06-01) from the register"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = run_cli("policy", minimal_db, "--version", "1.0")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Privacy Policy and Data Non-Disclosure\n")
    assert "version 1.0, in force since 15 January 2024" in md.stdout


def test_cli_publishes_then_diffs(minimal_db: Path, minimal_register: Path) -> None:
    published = run_cli("policy", minimal_db, "--publish")
    assert published.returncode == 0, published.stderr
    assert "privacy policy 1.1 (2024-06-01) stored; text sha256 " in published.stdout
    again = run_cli("policy", minimal_db, "--publish")
    assert "already stored, unchanged" in again.stdout
    _version_1_2(minimal_register)
    init_database(minimal_db, minimal_register)
    diff = run_cli("policy", minimal_db, "--diff", "1.1", "1.2")
    assert diff.returncode == 0, diff.stderr
    assert "  Purposes added: Loyalty programme (Consent of the data subject)" in diff.stdout
    assert "Note: 1.2 has no stored text" in diff.stdout


def test_cli_unknown_version_lists_the_known_ones(minimal_db: Path) -> None:
    result = run_cli("policy", minimal_db, "--version", "9.9")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: policy version '9.9' is not in the register; "
        "known versions: 1.0 (2024-01-15), 1.1 (2024-06-01)"
    )
    diff = run_cli("policy", minimal_db, "--diff", "1.0", "3.0")
    assert diff.returncode == 2 and "known versions: 1.0 (2024-01-15)" in diff.stderr


def test_cli_policy_help_has_examples_and_bad_format_is_a_usage_error(minimal_db: Path) -> None:
    helped = run_cli("policy", "--help")
    assert helped.returncode == 0 and "governance policy " in helped.stdout
    assert "Example" in helped.stdout
    bad = run_cli("policy", minimal_db, "--format", "pdf")
    assert bad.returncode == 2 and "choose md or html" in bad.stderr


def test_a_text_published_in_russian_records_its_language_and_renders_in_every_language(
    minimal_db: Path,
) -> None:
    first = publish_policy(minimal_db, lang="ru")
    assert (first.version, first.stored, first.lang) == ("1.1", True, "ru")
    con = connect(minimal_db, read_only=True)
    try:
        stored, document = policy_text(con, "1.1", "md", lang="ru")
        english, _ = policy_text(con, "1.1", "md", lang="en")
        kazakh = policy_text(con, "1.1", "html", lang="kk")[0]
        text_md = con.execute("SELECT text_md FROM policy_texts").fetchone()[0]
    finally:
        con.close()
    # the Russian text is the stored one, byte for byte; the others come from its stored facts
    assert document.lang == "ru" and stored == text_md
    assert stored.startswith("# Политика конфиденциальности и неразглашения данных\n")
    assert english.startswith("# Privacy Policy and Data Non-Disclosure\n")
    assert '<html lang="kk">' in kazakh
    # publishing the same facts again, in any language, stores nothing new
    again = publish_policy(minimal_db, lang="en")
    assert (again.stored, again.lang, again.text_sha256) == (False, "ru", first.text_sha256)


def test_cli_renders_the_policy_in_the_language_asked(minimal_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "privacy_policy.kk.html"
    html = run_cli("policy", minimal_db, "--format", "html", "--lang", "kk", "--out", target)
    assert html.returncode == 0, html.stderr
    page = target.read_text(encoding="utf-8")
    assert '<html lang="kk">' in page and "Дербес деректер субъектісінің құқықтары" in page
    md = run_cli("policy", minimal_db, "--lang", "ru")
    assert md.returncode == 0, md.stderr
    assert "редакция 1.1, действует с 1 июня 2024\u202fг." in md.stdout  # Babel's long date
    published = run_cli("policy", minimal_db, "--publish", "--lang", "ru")
    assert "privacy policy 1.1 (2024-06-01) stored (text in ru); text sha256 " in published.stdout
    diff = run_cli("policy", minimal_db, "--diff", "1.0", "1.1", "--lang", "ru")
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.startswith(
        "Политика конфиденциальности: редакция 1.0 (15 января 2024\u202fг.) -> редакция 1.1 "
        "(1 июня 2024\u202fг.)"
    )
    bad = run_cli("policy", minimal_db, "--lang", "de")
    assert bad.returncode == 2 and "choose en, ru, kk" in bad.stderr
