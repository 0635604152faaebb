"""Load a register YAML file into a validated `Register`, reporting every fault at once.

Each entry is validated on its own, so one malformed purpose does not hide a
wrong reference three sections further down. Only when nothing is wrong is a
`Register` returned; otherwise a `RegisterError` lists each problem with file,
line, YAML path and reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from governance.errors import Problem, RegisterError
from governance.register.models import LIST_SECTIONS, Organisation, Register
from governance.register.taxonomy import suggestion
from governance.register.validation import ValidEntries, entry_key, validate_references
from governance.register.yaml_source import YamlPath, YamlSource, parse_yaml, read_yaml

_ALLOWED_TOP_LEVEL = {"organisation", "cookie_reference", *LIST_SECTIONS}
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def load_register(path: str | Path) -> Register:
    """Read and validate the register at `path`.

    >>> register = load_register("data_samples/metrix/register.yaml")  # doctest: +SKIP
    >>> register.organisation.name  # doctest: +SKIP
    'metriX company'
    """
    return register_from_source(read_yaml(Path(path)))


def register_from_text(text: str, name: str = "<register>") -> Register:
    """Validate a register given as YAML text (used by importers and tests)."""
    return register_from_source(parse_yaml(text, name))


def register_hash(path: str | Path) -> str:
    """SHA-256 of the register file's bytes: recorded in the database at `init`."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def register_from_source(source: YamlSource) -> Register:
    """Validate parsed YAML; raise `RegisterError` with all problems, or return the register."""
    data = source.data
    if data is None:
        reason = "a register is a mapping of sections; found an empty file"
        raise RegisterError([Problem(source.file, "", reason)])
    if not isinstance(data, dict):
        reason = f"a register is a mapping of sections; found {_yaml_kind(data)}"
        raise RegisterError([source.problem((), reason)])
    problems: list[Problem] = list(source.problems)
    for key in data:
        if key not in _ALLOWED_TOP_LEVEL:
            hint = suggestion(str(key), _ALLOWED_TOP_LEVEL) or (
                f" (sections are: {', '.join(sorted(_ALLOWED_TOP_LEVEL))})"
            )
            problems.append(source.problem((key,), f"unknown section{hint}"))
    entries = ValidEntries()
    if "organisation" not in data:
        # no line: the fault is an absence, not something written somewhere
        problems.append(Problem(source.file, "", "the 'organisation' section is missing"))
    else:
        entries.organisation = _validate_one(
            source, ("organisation",), Organisation, data["organisation"], problems
        )
    for section, model in LIST_SECTIONS.items():
        raw = data.get(section)
        if raw is None:
            entries.sections[section] = []
            continue
        if not isinstance(raw, list):
            problems.append(
                source.problem(
                    (section,),
                    f"must be a list of entries, each starting with '- ' (found {_yaml_kind(raw)})",
                )
            )
            entries.sections[section] = []
            entries.broken_sections.add(section)
            continue
        valid = []
        for index, item in enumerate(raw):
            entry = _validate_one(source, (section, index), model, item, problems)
            if entry is not None:
                valid.append((index, entry))
            elif isinstance(item, dict) and (key := entry_key(section, item)):
                entries.invalid_keys.setdefault(section, set()).add(key)
        entries.sections[section] = valid
    problems.extend(validate_references(source, entries))
    references = _cookie_reference_files(source, data.get("cookie_reference"), problems)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise RegisterError(problems)
    return Register(
        organisation=entries.organisation,
        **{section: [entry for _, entry in items] for section, items in entries.sections.items()},
        cookie_reference=references,
    )


def _cookie_reference_files(source: YamlSource, raw: Any, problems: list[Problem]) -> list[str]:
    """`cookie_reference`: one file name or a list of them (checked to exist at `init`)."""
    if raw is None:
        return []
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        problems.append(
            source.problem(
                ("cookie_reference",),
                "must be a file name or a list of file names (CSV files in the Open Cookie "
                "Database's columns, relative to this register)",
            )
        )
        return []
    return [n.strip() for n in names]


def _validate_one(
    source: YamlSource, path: YamlPath, model: type[BaseModel], raw: Any, problems: list[Problem]
) -> Any:
    """`raw` validated as `model`, or None after appending one problem per fault to `problems`."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            location = (*path, *error["loc"])
            problems.append(source.problem(location, _reason(error, model)))
        return None


def _reason(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    """A pydantic error in words a register author can act on.

    `model` is the model the error's `loc` is relative to; it names the fields
    an unknown one could be a misspelling of.
    """
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        fields = _fields_at(model, error["loc"][:-1])
        hint = suggestion(str(error["loc"][-1]), set(fields)) or (
            f" (fields here are: {', '.join(fields)})" if fields else ""
        )
        return f"unknown field{hint}"
    if kind == "value_error":
        return str(ctx.get("error") or error["msg"])
    if kind == "invalid_key":
        return f"{value!r} is not a field name (field names are text)"
    if value is None and (kind.endswith("_type") or kind == "model_attributes_type"):
        return "has no value"
    if kind in {"model_type", "model_attributes_type"}:
        return f"must be a mapping of fields, not {_yaml_kind(value)}"
    if kind == "list_type":
        return f"must be a list, not {_yaml_kind(value)} (write [a, b] or one '- a' line per item)"
    if kind == "string_type":
        return f"must be text, but YAML read {value!r} as {_yaml_kind(value)} (put it in quotes)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "enum":
        return f"'{value}' is not one of {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        if "A-Z" in str(ctx.get("pattern", "")):
            return f"'{value}' is not a two-letter ISO country code in capitals (e.g. KZ)"
        return (
            f"'{value}' is not a valid id (lower-case letters, digits, '_', '-' and '.', "
            "starting with a letter or digit)"
        )
    if kind == "date_from_datetime_inexact":
        return f"'{value}' has a time of day; write the date only (YYYY-MM-DD)"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        if isinstance(value, str) and _DATE_SHAPE.match(value):
            return f"'{value}' is not a real calendar date"
        return f"'{value}' is not a date (write YYYY-MM-DD)"
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return f"{value!r} is not a whole number"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{value!r} is not true or false"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')} (got {value!r})"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more (got {value!r})"
    return f"{error['msg']} (got {value!r})"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model found at `loc` inside `model`, or [] if none is."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """The model class inside an annotation such as `Person | None` or `list[Person]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def _yaml_kind(value: Any) -> str:
    """What YAML made of a value, in the words of the YAML a person wrote ("a list")."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.datetime | dt.date):
        return "a date"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else f"a {type(value).__name__}"
