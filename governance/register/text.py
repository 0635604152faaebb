"""Reader-facing text of the register, in English and optionally in Russian and Kazakh.

A name or description is written either as plain text (English) or as a mapping of language to
text that holds the English text under `en`:

    name: Customer support
    name: {en: Customer support, ru: Поддержка клиентов, kk: Клиенттерді қолдау}

Either way the model holds a `Text`: a `str` whose value is the English text, so everything that
reads `purpose.name` as a string (checks, the Fides export, comparisons) keeps working, and whose
`translations` carry the other languages (stored as the `<column>_i18n` JSON of the register
tables; `governance.scope` reads them for a report in another language).

>>> text = Text("Customer support", {"ru": "Поддержка клиентов"})
>>> text, text.in_language("ru"), text.in_language("kk")
('Customer support', 'Поддержка клиентов', 'Customer support')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from governance.i18n import DEFAULT_LANGUAGE, LANGUAGES

_FORM = "{en: ..., ru: ..., kk: ...}"


class Text(str):
    """English text with its translations (language -> text, English excluded)."""

    translations: Mapping[str, str]

    def __new__(cls, english: str, translations: Mapping[str, str] | None = None) -> Text:
        text = super().__new__(cls, english)
        text.translations = dict(translations or {})
        return text

    def in_language(self, lang: str) -> str:
        """The text in `lang`, or the English text where there is no translation."""
        return self.translations.get(lang, str(self))

    def as_mapping(self) -> dict[str, str]:
        """Every language's text, English first (the register's mapping form)."""
        return {DEFAULT_LANGUAGE: str(self), **self.translations}

    def translations_json(self) -> str | None:
        """The `<column>_i18n` JSON of the register tables, or None for English-only text."""
        if not self.translations:
            return None
        return json.dumps(self.as_mapping(), ensure_ascii=False)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(_serialise),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
                    "required": [DEFAULT_LANGUAGE],
                    "additionalProperties": False,
                },
            ]
        }


def _validate(value: Any) -> Text:
    """Plain text, or a mapping of known languages to text that includes English."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value.strip())
    if isinstance(value, list):
        raise ValueError(f"must be text, or a mapping of language to text: {_FORM} (found a list)")
    if not isinstance(value, dict):
        # the loader words these as for any text field ("has no value", "put it in quotes")
        raise PydanticCustomError("string_type", "Input should be a valid string")
    unknown = [str(lang) for lang in value if lang not in LANGUAGES]
    if unknown:
        raise ValueError(
            f"unknown language {', '.join(repr(u) for u in unknown)} "
            f"(languages are {', '.join(LANGUAGES)}: write {_FORM})"
        )
    if DEFAULT_LANGUAGE not in value:
        raise ValueError(
            f"the English text is missing: a translated text needs '{DEFAULT_LANGUAGE}' "
            f"(write {_FORM}; found {', '.join(map(str, value))})"
        )
    texts = {}
    for lang, text in value.items():
        if text is not None and not isinstance(text, str):
            raise ValueError(
                f"the '{lang}' text must be text, but YAML read {text!r} as {_kind(text)} "
                "(put it in quotes)"
            )
        if not text or not text.strip():
            if lang == DEFAULT_LANGUAGE:
                raise ValueError(f"the '{lang}' text is empty: the English text is required")
            raise ValueError(f"the '{lang}' text is empty (leave the language out instead)")
        texts[lang] = text.strip()
    english = texts.pop(DEFAULT_LANGUAGE)
    return Text(english, texts)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    return "a mapping" if isinstance(value, dict) else f"a {type(value).__name__}"


def _serialise(value: Text) -> str | dict[str, str]:
    """As the register writes it: plain text when there are no translations."""
    if isinstance(value, Text) and value.translations:
        return value.as_mapping()
    return str(value)


def _not_empty(value: Text) -> Text:
    if not value:
        raise PydanticCustomError("string_too_short", "String should have at least 1 character")
    return value


#: a name: translatable text that must not be empty
Name = Annotated[Text, AfterValidator(_not_empty)]
