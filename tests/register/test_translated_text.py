"""Reader-facing register text in several languages (docs/register.md, "Text in several
languages"): plain text stays valid and reads as before; a mapping carries its translations,
which survive a round trip through YAML. Faults in a mapping, with their lines, are cases of
test_register_errors.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import RegisterError
from governance.register import load_register, register_from_text
from governance.register.fides import register_to_yaml
from governance.register.text import Text

MINIMAL = Path(__file__).parent / "cases" / "minimal_register.yaml"
SAMPLE = Path(__file__).resolve().parents[2] / "data_samples" / "metrix" / "register.yaml"


def minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


def test_plain_text_is_the_english_text_with_no_translations() -> None:
    purpose = load_register(MINIMAL).purposes[0]
    assert purpose.name == "Fulfilling orders"
    assert isinstance(purpose.name, str)
    assert purpose.name.translations == {}
    assert purpose.name.in_language("ru") == "Fulfilling orders"


def test_a_mapping_reads_as_its_english_text_and_keeps_the_others() -> None:
    register = register_from_text(
        minimal_with(
            "    name: Fulfilling orders\n",
            "    name: {en: Fulfilling orders, ru: Исполнение заказов,\n"
            "           kk: Тапсырыстарды орындау}\n",
        )
    )
    name = register.purposes[0].name
    assert name == "Fulfilling orders"
    assert f"{name}" == "Fulfilling orders"
    assert name.translations == {"ru": "Исполнение заказов", "kk": "Тапсырыстарды орындау"}
    assert [name.in_language(lang) for lang in ("en", "ru", "kk")] == [
        "Fulfilling orders",
        "Исполнение заказов",
        "Тапсырыстарды орындау",
    ]


def test_a_language_may_be_left_out_and_falls_back_to_english() -> None:
    register = register_from_text(
        minimal_with(
            "    name: Fulfilling orders\n",
            "    name:\n      en: Fulfilling orders\n      ru: '  Исполнение заказов '\n",
        )
    )
    name = register.purposes[0].name
    assert name.as_mapping() == {"en": "Fulfilling orders", "ru": "Исполнение заказов"}
    assert name.in_language("kk") == "Fulfilling orders"


def test_the_company_name_stays_one_string() -> None:
    text = minimal_with("  name: Minimal LLP\n", "  name: {en: Minimal LLP, ru: ТОО Minimal}\n")
    with pytest.raises(RegisterError) as info:
        register_from_text(text)
    assert [(p.location, p.line) for p in info.value.problems] == [("organisation.name", 4)]


def test_translations_survive_the_register_yaml_round_trip() -> None:
    register = load_register(SAMPLE)
    again = register_from_text(register_to_yaml(register))
    assert again.model_dump(mode="json") == register.model_dump(mode="json")
    assert again.purposes[0].name.translations == register.purposes[0].name.translations


def test_english_only_text_is_written_back_as_plain_text() -> None:
    assert "name: Fulfilling orders\n" in register_to_yaml(load_register(MINIMAL))


def test_the_sample_register_names_every_purpose_in_russian_and_kazakh() -> None:
    register = load_register(SAMPLE)
    sections = (
        "subject_types",
        "data_categories",
        "legal_bases",
        "purposes",
        "systems",
        "processing_activities",
        "security_measures",
    )
    untranslated = [
        (section, entry.id)
        for section in sections
        for entry in getattr(register, section)
        if set(entry.name.translations) != {"ru", "kk"}
    ]
    assert untranslated == []


def test_translations_are_stored_as_json_and_english_only_text_as_null() -> None:
    assert Text("Payments", {"ru": "Платежи"}).translations_json() == (
        '{"en": "Payments", "ru": "Платежи"}'
    )
    assert Text("Payments").translations_json() is None
