"""Checks across register entries: unique ids, references that resolve, taxonomy keys.

The pydantic models check each entry alone; this module checks what only the
whole register can tell. Each rule appends a `Problem` and carries on, so a
person fixing a register sees every fault in one run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from governance.errors import Problem
from governance.register.models import Entry, Organisation
from governance.register.taxonomy import TAXONOMY_OF_SECTION, suggestion, taxonomy_keys
from governance.register.yaml_source import YamlPath, YamlSource

#: (section, field) -> section the field refers to; a list field refers item by item
REFERENCES: dict[tuple[str, str], str] = {
    ("purposes", "legal_basis"): "legal_bases",
    ("purposes", "data_categories"): "data_categories",
    ("processing_activities", "purpose"): "purposes",
    ("processing_activities", "data_categories"): "data_categories",
    ("processing_activities", "subject_types"): "subject_types",
    ("processing_activities", "legal_basis"): "legal_bases",
    ("processing_activities", "systems"): "systems",
    ("processing_activities", "recipients"): "recipients",
    ("processing_activities", "retention_rules"): "retention_rules",
    ("processing_activities", "security_measures"): "security_measures",
    ("transfers", "activity"): "processing_activities",
    ("transfers", "recipient"): "recipients",
    ("retention_rules", "data_category"): "data_categories",
    ("retention_rules", "system"): "systems",
    ("retention_rules", "legal_basis"): "legal_bases",
    ("policy_versions", "purposes"): "purposes",
    ("policy_versions", "data_categories"): "data_categories",
}

#: words used in messages for what a section holds
NOUNS = {
    "subject_types": "subject type",
    "data_categories": "data category",
    "legal_bases": "legal basis",
    "purposes": "purpose",
    "systems": "system",
    "recipients": "recipient",
    "processing_activities": "processing activity",
    "transfers": "transfer",
    "retention_rules": "retention rule",
    "cookies": "cookie",
    "policy_versions": "policy version",
    "security_measures": "security measure",
}


def entry_key(section: str, entry: Entry | dict) -> str | None:
    """The identifier other entries use to refer to `entry`."""
    get: Callable[[str], object] = (
        entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name, None)
    )
    if section == "policy_versions":
        key = get("version")
    elif section == "cookies":
        name, domain = get("name"), get("domain")
        key = f"{name}@{domain}" if name and domain else None
    else:
        key = get("id")
    return str(key) if key is not None else None


@dataclass
class ValidEntries:
    """Entries that passed their own model, with their index in the file.

    `invalid_keys` holds the ids of entries that failed their model, and
    `broken_sections` the sections that are not a list at all: a reference to
    one of them is not reported again as "unknown".
    """

    organisation: Organisation | None = None
    sections: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    invalid_keys: dict[str, set[str]] = field(default_factory=dict)
    broken_sections: set[str] = field(default_factory=set)


def validate_references(source: YamlSource, entries: ValidEntries) -> list[Problem]:
    """Every cross-register problem of `entries`, in file order."""
    problems: list[Problem] = []
    known: dict[str, set[str]] = {}
    for section, items in entries.sections.items():
        known[section] = _check_unique(source, section, items, problems)
    for section, items in entries.sections.items():
        _check_taxonomy(source, section, items, problems)
        for (ref_section, field_name), target in REFERENCES.items():
            if ref_section != section or target in entries.broken_sections:
                continue
            valid = known.get(target, set())
            tolerated = entries.invalid_keys.get(target, set())
            for index, entry in items:
                value = getattr(entry, field_name)
                values = value if isinstance(value, list) else [value]
                for position, ref in enumerate(values):
                    if ref is None or ref in valid or ref in tolerated:
                        continue
                    path: YamlPath = (section, index, field_name)
                    if isinstance(value, list):
                        path = (*path, position)
                    problems.append(
                        source.problem(path, _unknown_reference(target, str(ref), valid))
                    )
    _check_transfers_cross_border(source, entries, problems)
    _check_one_rule_per_pair(source, entries, problems)
    problems.sort(key=lambda p: p.line or 0)
    return problems


def _unknown_reference(target: str, ref: str, valid: set[str]) -> str:
    """Why `ref` does not resolve, with a did-you-mean or the declared ids."""
    hint = suggestion(ref, valid)
    if not hint:
        listed = ", ".join(sorted(valid)[:12]) or "none declared"
        hint = f" (declared: {listed}{', ...' if len(valid) > 12 else ''})"
    return f"unknown {NOUNS[target]} '{ref}'{hint}"


def _check_unique(
    source: YamlSource, section: str, items: Iterable[tuple[int, Entry]], problems: list[Problem]
) -> set[str]:
    """Report entries whose key repeats an earlier one; return the distinct keys."""
    seen: dict[str, int] = {}
    for index, entry in items:
        key = entry_key(section, entry)
        if key is None:
            continue
        if key in seen:
            field_name = (
                "version"
                if section == "policy_versions"
                else ("name" if section == "cookies" else "id")
            )
            problems.append(
                source.problem(
                    (section, index, field_name),
                    f"duplicate {NOUNS[section]} '{key}' (first declared at "
                    f"{section}[{seen[key]}], line {source.line((section, seen[key]))})",
                )
            )
        else:
            seen[key] = index
    return set(seen)


def _check_taxonomy(
    source: YamlSource, section: str, items: Iterable[tuple[int, Entry]], problems: list[Problem]
) -> None:
    """Report `fides_key` values that are not in the section's fideslang branch."""
    branch = TAXONOMY_OF_SECTION.get(section)
    if branch is None:
        return
    keys = taxonomy_keys(branch)
    for index, entry in items:
        fides_key = entry.fides_key  # type: ignore[attr-defined]
        if fides_key not in keys:
            problems.append(
                source.problem(
                    (section, index, "fides_key"),
                    f"'{fides_key}' is not a fideslang {branch.replace('_', ' ')} key"
                    f"{suggestion(fides_key, keys)}",
                )
            )


def _check_transfers_cross_border(
    source: YamlSource, entries: ValidEntries, problems: list[Problem]
) -> None:
    """Report transfers whose destination is the organisation's own country."""
    home = entries.organisation.country if entries.organisation else None
    for index, transfer in entries.sections.get("transfers", []):
        if home and transfer.destination_country == home:  # type: ignore[attr-defined]
            problems.append(
                source.problem(
                    ("transfers", index, "destination_country"),
                    f"'{home}' is the organisation's own country: a transfer here is cross-border "
                    "by definition (declare domestic recipients on the activity only)",
                )
            )


def _check_one_rule_per_pair(
    source: YamlSource, entries: ValidEntries, problems: list[Problem]
) -> None:
    """Report a second retention rule for one (data category, system) pair.

    Two rules for one category on one system would make "overdue" ambiguous.
    """
    seen: dict[tuple[str, str], str] = {}
    for index, rule in entries.sections.get("retention_rules", []):
        pair = (rule.data_category, rule.system)  # type: ignore[attr-defined]
        if pair in seen:
            problems.append(
                source.problem(
                    ("retention_rules", index),
                    f"a second rule for data category '{pair[0]}' on system '{pair[1]}' "
                    f"(rule '{seen[pair]}' already covers it)",
                )
            )
        else:
            seen[pair] = rule.id  # type: ignore[attr-defined]
