"""The register's names in the reader's language: `governance init` stores the English text and
its translations, and a scope opened in Russian or Kazakh reads them through the same queries
(`SELECT name FROM purposes`), on the read-only connection a report uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance.i18n import use_language
from governance.period import Period
from governance.scope import Scope, localise
from governance.store import init_database
from governance.store.connection import connect

PERIOD = Period.parse("2026-10")
PURPOSE_NAMES = (
    "SELECT purpose_id, name FROM purposes WHERE purpose_id IN ('payments', 'cookies') "
    "ORDER BY purpose_id"
)
TEMP_VIEWS = "SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal"


def purpose_names(db: Path, lang: str) -> list[tuple[str, str]]:
    con = connect(db, read_only=True)
    try:
        with use_language(lang):
            scope = Scope.open(con, PERIOD, "kz")
        return scope.con.execute(PURPOSE_NAMES).fetchall()
    finally:
        con.close()


def test_init_stores_the_english_text_and_every_language_as_json(sample_db: Path) -> None:
    con = connect(sample_db, read_only=True)
    try:
        name, name_i18n, description_i18n = con.execute(
            "SELECT name, name_i18n, description_i18n FROM purposes WHERE purpose_id = 'payments'"
        ).fetchone()
    finally:
        con.close()
    assert name == "Accepting payments and refunds"
    assert json.loads(name_i18n) == {
        "en": "Accepting payments and refunds",
        "ru": "Приём платежей и возврат средств",
        "kk": "Төлемдерді қабылдау және қаражатты қайтару",
    }
    assert description_i18n is None  # the register gives no description for it


def test_a_scope_in_russian_reads_russian_purpose_names(sample_db: Path) -> None:
    assert purpose_names(sample_db, "ru") == [
        ("cookies", "Аналитические и рекламные файлы cookie на metrix.kz"),
        ("payments", "Приём платежей и возврат средств"),
    ]


def test_a_scope_in_kazakh_reads_kazakh_purpose_names(sample_db: Path) -> None:
    assert purpose_names(sample_db, "kk") == [
        ("cookies", "metrix.kz сайтындағы талдамалық және жарнамалық cookie файлдары"),
        ("payments", "Төлемдерді қабылдау және қаражатты қайтару"),
    ]


def test_a_scope_in_english_reads_the_tables_unchanged(sample_db: Path) -> None:
    assert purpose_names(sample_db, "en") == [
        ("cookies", "Analytics and advertising cookies on metrix.kz"),
        ("payments", "Accepting payments and refunds"),
    ]


def test_joins_and_every_translated_column_follow_the_language(sample_db: Path) -> None:
    con = connect(sample_db, read_only=True)
    try:
        with use_language("ru"):
            scope = Scope.open(con, PERIOD, "kz")
        row = scope.con.execute(
            "SELECT a.name, p.name, b.name, a.description FROM processing_activities a "
            "JOIN purposes p USING (purpose_id) JOIN legal_bases b ON b.legal_basis_id = "
            "a.legal_basis_id WHERE a.activity_id = 'payroll'"
        ).fetchone()
        # the localised view keeps every column, in the table's order
        columns = [c[0] for c in scope.con.execute("SELECT * FROM purposes LIMIT 0").description]
        stored = [c[0] for c in con.execute("SELECT * FROM purposes LIMIT 0").description]
    finally:
        con.close()
    assert row == (
        "Заработная плата, налоги и пенсионные взносы",
        "Управление персоналом и расчёт заработной платы",
        "Трудовые отношения",
        "Заработная плата и пособия по временной нетрудоспособности, индивидуальный "
        "подоходный налог и пенсионные взносы.",
    )
    # the localised view keeps every column in the table's order, and the table's rowid as a
    # column (the policy lists the register in its own order by it)
    assert columns == [*stored, "rowid"]


def test_the_connection_and_its_other_cursors_keep_english(sample_db: Path) -> None:
    con = connect(sample_db, read_only=True)
    try:
        with use_language("ru"):
            Scope.open(con, PERIOD, "kz")
        other = con.cursor().execute(PURPOSE_NAMES).fetchall()
        own = con.execute(PURPOSE_NAMES).fetchall()
    finally:
        con.close()
    assert other == [
        ("cookies", "Analytics and advertising cookies on metrix.kz"),
        ("payments", "Accepting payments and refunds"),
    ]
    assert own == other


def test_text_without_a_translation_reads_in_english(
    tmp_path: Path, minimal_register: Path
) -> None:
    text = minimal_register.read_text(encoding="utf-8").replace(
        "    name: Fulfilling orders\n",
        "    name: {en: Fulfilling orders, ru: Исполнение заказов}\n",
    )
    minimal_register.write_text(text, encoding="utf-8")
    db = tmp_path / "translated.duckdb"
    init_database(db, minimal_register)
    con = connect(db, read_only=True)
    try:
        assert "purposes" in localise(con, "kk")
        kazakh = con.execute("SELECT name FROM purposes ORDER BY purpose_id").fetchall()
        localise(con, "ru")  # again, in another language: the views are replaced
        russian = con.execute("SELECT name FROM purposes ORDER BY purpose_id").fetchall()
    finally:
        con.close()
    assert kazakh == [("E-mail newsletter",), ("Fulfilling orders",), ("Website analytics",)]
    assert russian == [("E-mail newsletter",), ("Исполнение заказов",), ("Website analytics",)]


def test_english_makes_no_views_and_an_unknown_language_is_refused(sample_db: Path) -> None:
    con = connect(sample_db, read_only=True)
    try:
        assert localise(con, "en") == []
        temp = con.execute(TEMP_VIEWS).fetchone()[0]
        with pytest.raises(ValueError, match="unknown language 'de'"):
            localise(con, "de")
    finally:
        con.close()
    assert temp == 0


def test_a_scope_asked_for_english_stays_english_and_its_previous_period_follows_it(
    sample_db: Path,
) -> None:
    # what a check stores is computed in English whatever language the caller speaks
    con = connect(sample_db, read_only=True)
    try:
        with use_language("ru"):
            english = Scope.open(con, PERIOD, "kz", lang="en")
            russian = Scope.open(con, PERIOD, "kz")
        names = english.con.execute(PURPOSE_NAMES).fetchall()
        previous = russian.previous.con.execute(PURPOSE_NAMES).fetchall()
    finally:
        con.close()
    assert names[1] == ("payments", "Accepting payments and refunds")
    assert previous[1] == ("payments", "Приём платежей и возврат средств")
