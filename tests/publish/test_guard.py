"""The report guard finds identifiers however they are written: inside longer strings, and
phones in any grouping, with or without the country code (written from how people really type
them, not from our generator)."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import ReportError
from governance.publish.guard import (
    KnownIdentifiers,
    check_publishable,
    identifiers,
    identifiers_found,
    national_digits,
)

KNOWN = KnownIdentifiers(
    tokens=frozenset({"s-000001", "aigerim.sadykova.4821@example.kz", "aigerim sadykova"}),
    phones=frozenset({national_digits("+7 777 045 52 16")}),
)


def _html(text: str) -> str:
    return f"<html><body><table><tr><td>{text}</td></tr></table></body></html>"


@pytest.mark.parametrize(
    "shown",
    [
        "S-000001",
        "subject S-000001_copy was exported",
        "old-S-000001",
        "(s-000001)",
        "aigerim.sadykova.4821@example.kz_old",
        "mailto:aigerim.sadykova.4821@example.kz.",
        "Contact: Aigerim Sadykova, manager",
        "+7 777 045 52 16",
        "8 777 045 52 16",
        "8 (777) 045-52-16",
        "87770455216",
        "7770455216",
        "+7-777-045-5216",
        "tel. 3 8 777 045 52 16",
    ],
)
def test_an_identifier_is_found_however_it_is_written(shown: str) -> None:
    assert identifiers_found(_html(shown), KNOWN), shown


@pytest.mark.parametrize(
    "shown",
    [
        "S-0000012",
        "XS-000001",
        "aigerim.sadykova.4821@example.kzz",
        "Aigerim",
        "2026-10-05 14:30",
        "7 777",
        "777 045 52 17",
    ],
)
def test_other_strings_are_not_taken_for_identifiers(shown: str) -> None:
    assert identifiers_found(_html(shown), KNOWN) == [], shown


def test_figures_of_neighbouring_cells_do_not_join_into_a_phone() -> None:
    cells = "".join(f"<td>{part}</td>" for part in ("8", "777", "045", "52", "16"))
    assert identifiers_found(f"<table><tr>{cells}</tr></table>", KNOWN) == []


def test_markup_and_attributes_are_not_searched_only_the_visible_text() -> None:
    assert identifiers_found('<a title="S-000001">a link</a>', KNOWN) == []


def test_the_database_phones_are_compared_by_national_digits(minimal_db: Path) -> None:
    from governance.store import connect

    con = connect(minimal_db)
    con.execute(
        "INSERT INTO subjects (subject_id, subject_type, country, created_at, full_name, email, "
        "phone, load_id, source_line) VALUES ('S-000777', 'customer', 'KZ', now(), "
        "'Dana Abenova', 'dana.abenova@example.kz', '+7 (701) 234-56-78', 0, 2)"
    )
    known = identifiers(con)
    con.close()
    assert "7012345678" in known.phones
    assert {"s-000777", "dana abenova", "dana.abenova@example.kz"} <= known.tokens
    with pytest.raises(ReportError, match="1 personal identifier"):
        check_publishable("dashboard.html", _html("call 8 701 234 56 78"), known)
    check_publishable("dashboard.html", _html("12 subjects, 3 requests"), known)


def test_what_the_register_publishes_is_not_a_subjects_identifier(minimal_db: Path) -> None:
    """Among a million subjects one shares the responsible person's name (the RoPA and the
    policy print it): that name on a page is the public fact. The subject's own id, e-mail and
    phone stay identifiers; a subject who also has the contact phone does not make it one."""
    from governance.store import connect

    con = connect(minimal_db)
    con.execute(
        "INSERT INTO subjects (subject_id, subject_type, country, created_at, full_name, email, "
        "phone, load_id, source_line) VALUES "
        "('S-000778', 'customer', 'KZ', now(), 'Aigerim Sadykova', 'aigerim.s@example.kz', "
        "'+7 701 999 88 77', 0, 2), "
        "('S-000779', 'customer', 'KZ', now(), 'Dana Abenova', 'privacy@minimal.example.kz', "
        "'8 727 000 00 00', 0, 3)"
    )
    known = identifiers(con)
    con.close()
    ropa = _html(
        "Responsible person: Aigerim Sadykova, privacy@minimal.example.kz, +7 727 000 00 00"
    )
    check_publishable("ropa.html", ropa, known)
    assert {"s-000778", "aigerim.s@example.kz", "s-000779", "dana abenova"} <= known.tokens
    assert "aigerim sadykova" not in known.tokens
    assert "7019998877" in known.phones and "7270000000" not in known.phones
    with pytest.raises(ReportError, match="1 personal identifier"):
        check_publishable("ropa.html", _html("S-000778"), known)


def test_the_database_side_comparison_finds_what_the_python_one_finds(minimal_db: Path) -> None:
    """`identifiers_shown` (the report runner's: the comparison in DuckDB, for a million
    subjects) and `identifiers_found` (against the set in Python) agree page by page."""
    from governance.publish.guard import identifiers_shown
    from governance.store import connect

    con = connect(minimal_db)
    con.execute(
        "INSERT INTO subjects (subject_id, subject_type, country, created_at, full_name, email, "
        "phone, load_id, source_line) VALUES "
        "('S-000801', 'customer', 'KZ', now(), 'Aliya Nurlanova', 'aliya.n@example.kz', "
        "'+7 (705) 111-22-33', 0, 2), "
        "('S-000802', 'customer', 'KZ', now(), 'Aigerim Sadykova', NULL, NULL, 0, 3)"
    )
    pages = {
        "clean": _html("12 subjects, 3 requests; contact Aigerim Sadykova"),
        "leaky": _html("S-000801_copy wrote from ALIYA.N@example.kz, call 8 705 111 22 33"),
        "named": _html("Aliya Nurlanova asked for erasure"),
    }
    try:
        known = identifiers(con)
        shown = identifiers_shown(con, pages)
    finally:
        con.close()
    expected = {name: sorted(identifiers_found(html, known)) for name, html in pages.items()}
    assert shown == {name: found for name, found in expected.items() if found}
    assert shown["leaky"] == ["7051112233", "aliya.n@example.kz", "s-000801"]
    assert shown["named"] == ["aliya nurlanova"]
