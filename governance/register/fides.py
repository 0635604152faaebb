"""Import Fides manifests into a `Register`: the bridge for teams whose data map lives in Fides.

Fides (ethyca/fides) keeps the facts the register holds in its own YAML
"manifests". `import_fides` reads them, checks each resource with fideslang's
own models (a file Fides would reject is rejected here too, naming file and
line), maps the resources onto register entries, and validates the result with
the register's normal rules (`register_from_source`), so an imported register
obeys exactly what a hand-written one does. Every problem found is reported at
once, located in the manifest a person has to edit.

What maps where, and why:

organization -> organisation
    name; security_policy; controller -> responsible_person (role "controller");
    data_protection_officer -> dpo; contact = the DPO's e-mail, phone and
    address, else the controller's, because data questions go to the DPO first
    (GDPR Art. 38(4)). Fides records no country, so the caller passes `country`
    (default "KZ", this suite's home jurisdiction). The description and the
    representative have no field in the register and are dropped. Exactly one
    organization is required: a register describes one company.
system -> systems
    id = slug of fides_key, name, owner = administrating_department,
    description. hosting_country stays empty: Fides does not say where a system
    runs, and the `ropa.incomplete` check should show that gap instead of the
    importer guessing. Data flows (ingress, egress) are not register facts.
privacy_declarations -> processing_activities
    one activity per declaration: id = "<system id>.<slug of the declaration
    name>" (the data use's slug when unnamed, "_2", "_3" on a repeat), purpose =
    the purpose of its data_use, its declared data_categories and data_subjects,
    systems = [its system], legal_basis_for_processing as a legal basis (else
    none). Categories of referenced datasets are not added to the activity: the
    declaration is what the company states it processes for that purpose, and
    widening it silently would hide the gaps `minimisation.unmapped_category`
    exists to find. retention_period and third_parties are free text without
    what a register entry needs (a period in days, a recipient's kind and
    country), so they are dropped.
data_use -> purposes
    one per distinct data use of a declaration: id = the key with dots as "_",
    fides_key = the key, name and description from the taxonomy,
    data_categories = the union of the categories declared with it, legal_basis
    only when every declaration of that use names the same one.
data categories -> data_categories
    one per distinct key declared by a declaration or found anywhere in a
    dataset (dataset, collection, field, nested field): the register must know
    every category the company holds, not only those tied to a purpose.
    `special` is set for the taxonomy branches holding GDPR Art. 9 and 10 data.
data_subjects -> subject_types
    one per distinct data subject of a declaration.
legal_basis_for_processing -> legal_bases
    one per basis used, with its GDPR Art. 6(1) point; "Consent" is consent-based.
data_category, data_use, data_subject resources
    a manifest's own name and description for a default taxonomy key win over
    fideslang's, since they are the words the team uses. A key outside
    fideslang's default taxonomy is reported where it is used, as the register
    does: register entries accept default keys only.
policy -> `FidesImport.policies`, not the register
    Fides policy rules are constraints to evaluate a data map against, not
    facts the company declares, so they are returned for a caller to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from fideslang import DEFAULT_TAXONOMY
from fideslang.models import (
    ContactDetails,
    DataCategory,
    Dataset,
    DataSubject,
    DataUse,
    LegalBasisForProcessingEnum,
    Organization,
    Policy,
    PrivacyDeclaration,
    PrivacyRule,
    System,
)
from pydantic import BaseModel, ValidationError

from governance.errors import Problem, RegisterError
from governance.register.loader import register_from_source
from governance.register.models import Register
from governance.register.taxonomy import suggestion, taxonomy_keys
from governance.register.yaml_source import YamlPath, YamlSource, parse_yaml, read_yaml

#: top-level manifest keys this importer reads, and the fideslang model of each resource
MANIFEST_MODELS: dict[str, type[BaseModel]] = {
    "organization": Organization,
    "system": System,
    "dataset": Dataset,
    "policy": Policy,
    "data_category": DataCategory,
    "data_use": DataUse,
    "data_subject": DataSubject,
}

#: name under which the generated register is validated before problems are relocated
_REGISTER_NAME = "<register imported from Fides>"

#: where a problem with the caller's `country` argument is reported
_COUNTRY_ORIGIN = Problem(file="the country given for the import", location="", reason="")

#: Fides legal basis -> (register id, name, consent based, GDPR reference)
_LEGAL_BASES: dict[LegalBasisForProcessingEnum, tuple[str, str, bool, str]] = {
    LegalBasisForProcessingEnum.CONSENT: ("consent", "Consent", True, "Art. 6(1)(a)"),
    LegalBasisForProcessingEnum.CONTRACT: (
        "contract",
        "Performance of a contract",
        False,
        "Art. 6(1)(b)",
    ),
    LegalBasisForProcessingEnum.LEGAL_OBLIGATION: (
        "legal_obligation",
        "Legal obligation",
        False,
        "Art. 6(1)(c)",
    ),
    LegalBasisForProcessingEnum.VITAL_INTEREST: (
        "vital_interests",
        "Vital interests",
        False,
        "Art. 6(1)(d)",
    ),
    LegalBasisForProcessingEnum.PUBLIC_INTEREST: (
        "public_interest",
        "Public interest",
        False,
        "Art. 6(1)(e)",
    ),
    LegalBasisForProcessingEnum.LEGITIMATE_INTEREST: (
        "legitimate_interests",
        "Legitimate interests",
        False,
        "Art. 6(1)(f)",
    ),
}

#: taxonomy branches of special-category (GDPR Art. 9) and criminal (Art. 10) data
_SPECIAL_BRANCHES = (
    "user.biometric",
    "user.authorization.biometric",
    "user.health_and_medical",
    "user.criminal_history",
    "user.demographic.political_opinion",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.sexual_orientation",
)


# --- what the import returns -------------------------------------------------------------


@dataclass(frozen=True)
class RuleMatch:
    """One side of a Fides policy rule: how `values` are matched (ANY, ALL, NONE, OTHER)."""

    matches: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class FidesPolicyRule:
    """A Fides policy rule, e.g. "no contact data for advertising to customers"."""

    name: str
    data_categories: RuleMatch
    data_uses: RuleMatch
    data_subjects: RuleMatch


@dataclass(frozen=True)
class FidesPolicy:
    """A Fides policy: its rules constrain a data map; they are not facts of the register."""

    fides_key: str
    name: str | None
    description: str | None
    rules: tuple[FidesPolicyRule, ...]


@dataclass(frozen=True)
class FidesImport:
    """The result of `import_fides`: the validated register and the policies kept beside it."""

    register: Register
    policies: tuple[FidesPolicy, ...]


# --- public API --------------------------------------------------------------------------


def import_fides(paths: str | Path | Iterable[str | Path], *, country: str = "KZ") -> FidesImport:
    """Read Fides manifests (a directory, a file, or several) into a validated register.

    `country` is the organisation's country, which Fides does not record.
    Raises `RegisterError` listing every problem, each naming the manifest file
    and line to fix.

    >>> result = import_fides("fixtures/fides_demo")  # doctest: +SKIP
    >>> [s.id for s in result.register.systems]  # doctest: +SKIP
    ['demo_analytics_system', 'demo_marketing_system']
    """
    inputs = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    problems: list[Problem] = []
    manifests = _read_manifests(_manifest_files(inputs, problems), problems)
    organisation = _the_organisation(manifests, inputs, problems)
    declarations = _declarations(manifests.get("system", []))
    uses = _taxonomy_uses(declarations, manifests.get("dataset", []))
    problems.extend(_taxonomy_problems(uses, _custom_definitions(manifests)))
    if problems or organisation is None:
        raise RegisterError(problems)
    draft = _build_register(organisation, manifests, declarations, uses, country)
    register = _validate(draft)
    return FidesImport(register=register, policies=_policies(manifests.get("policy", [])))


def register_to_yaml(register: Register) -> str:
    """Register YAML that `register_from_text` loads back to an equal `Register`.

    Defaults and empty values are left out, so the file holds only what was
    declared and reads like one written by hand.
    """
    return _dump(register.model_dump(mode="json", exclude_none=True, exclude_defaults=True))


# --- reading manifests -------------------------------------------------------------------


@dataclass(frozen=True)
class _Resource:
    """One Fides resource: its raw mapping, its fideslang model, and where it is written."""

    kind: str
    raw: dict[str, Any]
    model: Any
    source: YamlSource
    path: YamlPath

    def at(self, sub: YamlPath = ()) -> Problem:
        """A located `Problem` without a reason yet: the origin of what it maps to."""
        return self.source.problem((*self.path, *sub), "")


Manifests = dict[str, list[_Resource]]


def _manifest_files(inputs: list[Path], problems: list[Problem]) -> list[Path]:
    """Files to read: a directory contributes its .yml/.yaml files, recursively, sorted."""
    files: list[Path] = []
    for path in inputs:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())
        if not found:
            problems.append(Problem(str(path), "", "no Fides manifests (.yml or .yaml files) here"))
        files.extend(found)
    return files


def _read_manifests(files: list[Path], problems: list[Problem]) -> Manifests:
    """Every resource of every file, by kind; a bad file is reported and the others still read."""
    manifests: Manifests = {}
    for path in files:
        try:
            source = read_yaml(path)
        except RegisterError as exc:
            problems.extend(exc.problems)
            continue
        _collect_resources(source, manifests, problems)
    return manifests


def _collect_resources(source: YamlSource, manifests: Manifests, problems: list[Problem]) -> None:
    data = source.data
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        reason = f"a Fides manifest is a mapping of resource types; found {found}"
        problems.append(source.problem((), reason))
        return
    for kind, items in data.items():
        if kind not in MANIFEST_MODELS:
            known = ", ".join(MANIFEST_MODELS)
            problems.append(source.problem((str(kind),), f"unknown resource type (read: {known})"))
        elif not isinstance(items, list):
            problems.append(source.problem((kind,), "must be a list of resources"))
        else:
            for index, raw in enumerate(items):
                resource = _parse_resource(source, kind, index, raw, problems)
                if resource is not None:
                    manifests.setdefault(kind, []).append(resource)


def _parse_resource(
    source: YamlSource, kind: str, index: int, raw: Any, problems: list[Problem]
) -> _Resource | None:
    """Check one resource with its fideslang model, as Fides itself would."""
    path: YamlPath = (kind, index)
    if not isinstance(raw, dict):
        problems.append(source.problem(path, f"must be a mapping, not {type(raw).__name__}"))
        return None
    try:
        model = MANIFEST_MODELS[kind].model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(source.problem((*path, *error["loc"]), _fides_reason(error)))
        return None
    except (TypeError, ValueError) as exc:
        problems.append(source.problem(path, _unreadable_reason(kind, raw, exc)))
        return None
    return _Resource(kind, raw, model, source, path)


def _unreadable_reason(kind: str, raw: dict[str, Any], exc: Exception) -> str:
    """Why fideslang failed outside its own validation, in words a manifest author can act on."""
    declarations = (raw.get("privacy_declarations") if kind == "system" else None) or []
    unnamed = [d for d in declarations if not (isinstance(d, dict) and d.get("name"))]
    if len(declarations) > 1 and unnamed:
        # fideslang sorts declarations by name and cannot compare a missing name
        return (
            "fideslang cannot read a system with several privacy_declarations unless every "
            "one has a name: name them all"
        )
    return f"fideslang cannot read this {kind}: {exc}"


def _fides_reason(error: Any) -> str:
    """A fideslang validation error in words; whole mappings are not echoed back."""
    if error["type"] == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    value = error.get("input")
    if isinstance(value, dict | list):
        return message
    return f"{message} (got {value!r})"


def _the_organisation(
    manifests: Manifests, inputs: list[Path], problems: list[Problem]
) -> _Resource | None:
    """The one organization a register describes; none or several is a problem."""
    found = manifests.get("organization", [])
    if not found:
        where = str(inputs[0]) if len(inputs) == 1 else "the Fides manifests"
        reason = "no 'organization' resource: the register needs the organisation that processes"
        problems.append(Problem(where, "", reason))
        return None
    first = found[0].at()
    for extra in found[1:]:
        reason = (
            f"a second organization: a register describes one company (the first is in "
            f"{first.file} line {first.line})"
        )
        problems.append(replace(extra.at(), reason=reason))
    return found[0]


# --- declarations and taxonomy keys -------------------------------------------------------


@dataclass(frozen=True)
class _Declaration:
    """A privacy declaration with its index in the file (fideslang reorders them by name)."""

    system: _Resource
    index: int
    model: PrivacyDeclaration

    def at(self, sub: YamlPath = ()) -> Problem:
        return self.system.at(("privacy_declarations", self.index, *sub))


@dataclass(frozen=True)
class _Use:
    """One place a taxonomy key is used: the key, its taxonomy branch, and the origin."""

    branch: str
    key: str
    origin: Problem


def _declarations(systems: list[_Resource]) -> list[_Declaration]:
    """Declarations in file order; each already passed fideslang as part of its system."""
    return [
        _Declaration(system, index, PrivacyDeclaration.model_validate(raw))
        for system in systems
        for index, raw in enumerate(system.raw.get("privacy_declarations") or [])
    ]


def _taxonomy_uses(declarations: list[_Declaration], datasets: list[_Resource]) -> list[_Use]:
    """Every taxonomy key the manifests use, in file order."""
    uses: list[_Use] = []
    for decl in declarations:
        uses.append(_Use("data_use", decl.model.data_use, decl.at(("data_use",))))
        for i, key in enumerate(decl.model.data_categories):
            uses.append(_Use("data_category", key, decl.at(("data_categories", i))))
        for i, key in enumerate(decl.model.data_subjects):
            uses.append(_Use("data_subject", key, decl.at(("data_subjects", i))))
    for dataset in datasets:
        for sub, key in _dataset_categories(dataset.raw):
            uses.append(_Use("data_category", key, dataset.at(sub)))
    return uses


def _dataset_categories(
    node: dict[str, Any], path: YamlPath = ()
) -> Iterator[tuple[YamlPath, str]]:
    """(path, key) of every category in a dataset, its collections and (nested) fields.

    Walks the raw mapping rather than the model because fideslang sorts
    collections and fields by name, which would break the file locations.
    """
    for i, key in enumerate(node.get("data_categories") or []):
        yield (*path, "data_categories", i), key
    for child in ("collections", "fields"):
        for i, item in enumerate(node.get(child) or []):
            if isinstance(item, dict):
                yield from _dataset_categories(item, (*path, child, i))


def _custom_definitions(manifests: Manifests) -> dict[tuple[str, str], _Resource]:
    """(branch, key) -> the manifest resource defining that taxonomy key."""
    return {
        (branch, resource.model.fides_key): resource
        for branch in ("data_category", "data_use", "data_subject")
        for resource in manifests.get(branch, [])
    }


def _taxonomy_problems(uses: list[_Use], custom: dict[tuple[str, str], _Resource]) -> list[Problem]:
    """Each use of a key outside fideslang's default taxonomy, worded as the register does."""
    problems = []
    for use in uses:
        keys = taxonomy_keys(use.branch)
        if use.key in keys:
            continue
        reason = f"'{use.key}' is not a fideslang {use.branch.replace('_', ' ')} key"
        reason += suggestion(use.key, keys)
        definition = custom.get((use.branch, use.key))
        if definition is not None:
            where = definition.at()
            reason += (
                f" (defined as a custom key in {where.file} line {where.line}; the register "
                "accepts keys of fideslang's default taxonomy only)"
            )
        problems.append(replace(use.origin, reason=reason))
    return problems


# --- building the register ------------------------------------------------------------------


@dataclass
class _Draft:
    """Register data as plain mappings, with the manifest origin of each entry."""

    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[YamlPath, Problem] = field(default_factory=dict)

    def add(self, section: str, entry: dict[str, Any], origin: Problem) -> None:
        items = self.data.setdefault(section, [])
        self.origins[(section, len(items))] = origin
        items.append(_without_none(entry))


def _build_register(
    organisation: _Resource,
    manifests: Manifests,
    declarations: list[_Declaration],
    uses: list[_Use],
    country: str,
) -> _Draft:
    draft = _Draft()
    draft.data["organisation"] = _organisation(organisation.model, country)
    draft.origins[("organisation",)] = organisation.at()
    draft.origins[("organisation", "country")] = _COUNTRY_ORIGIN
    names = _names(manifests)
    _add_subject_types(draft, uses, names)
    _add_data_categories(draft, uses, names)
    _add_legal_bases(draft, declarations)
    _add_purposes(draft, declarations, names)
    for system in manifests.get("system", []):
        draft.add("systems", _system(system.model), system.at())
    _add_activities(draft, declarations, names)
    return draft


def _organisation(org: Organization, country: str) -> dict[str, Any]:
    contact_source = (
        org.data_protection_officer if _reachable(org.data_protection_officer) else (org.controller)
    )
    return _without_none(
        {
            "name": org.name or org.fides_key,
            "country": country,
            "responsible_person": _person(org.controller, "controller"),
            "dpo": _person(org.data_protection_officer, "data protection officer"),
            "contact": _contact(contact_source),
            "security_policy": str(org.security_policy) if org.security_policy else None,
        }
    )


def _person(details: ContactDetails | None, role: str) -> dict[str, Any] | None:
    """A register person; Fides fills absent details with "", which means unknown."""
    if details is None or not _text(details.name):
        return None
    return _without_none(
        {
            "name": _text(details.name),
            "role": role,
            "email": _text(details.email),
            "phone": _text(details.phone),
            "address": _text(details.address),
        }
    )


def _contact(details: ContactDetails | None) -> dict[str, Any] | None:
    if details is None or not _reachable(details):
        return None
    return _without_none(
        {
            "email": _text(details.email),
            "phone": _text(details.phone),
            "address": _text(details.address),
        }
    )


def _reachable(details: ContactDetails | None) -> bool:
    """Whether a person can actually be reached through these details."""
    return details is not None and any(
        _text(value) for value in (details.email, details.phone, details.address)
    )


def _system(system: System) -> dict[str, Any]:
    return {
        "id": _slug(system.fides_key),
        "name": system.name or system.fides_key,
        "owner": system.administrating_department,
        "description": system.description,
    }


def _add_subject_types(draft: _Draft, uses: list[_Use], names: _Names) -> None:
    for key, origin in _first_uses(uses, "data_subject"):
        name, description = names("data_subject", key)
        entry = {"id": _slug(key), "name": name, "fides_key": key, "description": description}
        draft.add("subject_types", entry, origin)


def _add_data_categories(draft: _Draft, uses: list[_Use], names: _Names) -> None:
    for key, origin in _first_uses(uses, "data_category"):
        name, description = names("data_category", key)
        entry = {
            "id": _slug(key),
            "name": name,
            "fides_key": key,
            "description": description,
            "special": _is_special(key) or None,
        }
        draft.add("data_categories", entry, origin)


def _add_legal_bases(draft: _Draft, declarations: list[_Declaration]) -> None:
    seen: set[str] = set()
    for decl in declarations:
        basis = _legal_basis(decl.model)
        if basis is None or basis in seen:
            continue
        seen.add(basis)
        basis_id, name, consent_based, gdpr = _LEGAL_BASES[LegalBasisForProcessingEnum(basis)]
        entry = {
            "id": basis_id,
            "name": name,
            "consent_based": consent_based or None,
            "gdpr_reference": gdpr,
        }
        draft.add("legal_bases", entry, decl.at(("legal_basis_for_processing",)))


def _add_purposes(draft: _Draft, declarations: list[_Declaration], names: _Names) -> None:
    by_use: dict[str, list[_Declaration]] = {}
    for decl in declarations:
        by_use.setdefault(decl.model.data_use, []).append(decl)
    for key in sorted(by_use):
        group = by_use[key]
        name, description = names("data_use", key)
        categories = {_slug(c) for decl in group for c in decl.model.data_categories}
        entry = {
            "id": _slug(key),
            "name": name,
            "fides_key": key,
            "description": description,
            "legal_basis": _shared_legal_basis(group),
            "data_categories": sorted(categories),
        }
        draft.add("purposes", entry, group[0].at(("data_use",)))


def _shared_legal_basis(group: list[_Declaration]) -> str | None:
    """The purpose's basis only when all its declarations agree; otherwise it is per activity."""
    bases = {_legal_basis(decl.model) for decl in group}
    if len(bases) != 1 or None in bases:
        return None
    return _LEGAL_BASES[LegalBasisForProcessingEnum(bases.pop())][0]


def _add_activities(draft: _Draft, declarations: list[_Declaration], names: _Names) -> None:
    taken: set[str] = set()
    for decl in declarations:
        system_id = _slug(decl.system.model.fides_key)
        activity_id = _unique(f"{system_id}.{_declaration_slug(decl.model)}", taken)
        basis = _legal_basis(decl.model)
        entry = {
            "id": activity_id,
            "name": decl.model.name or _unnamed(decl, names),
            "purpose": _slug(decl.model.data_use),
            "data_categories": _unique_in_order(_slug(c) for c in decl.model.data_categories),
            "subject_types": _unique_in_order(_slug(s) for s in decl.model.data_subjects),
            "legal_basis": _LEGAL_BASES[LegalBasisForProcessingEnum(basis)][0] if basis else None,
            "systems": [system_id],
        }
        draft.add("processing_activities", entry, decl.at())


def _declaration_slug(decl: PrivacyDeclaration) -> str:
    """The declaration's name as an id part; the data use when it has no usable name."""
    return _slug(decl.name or "") or _slug(decl.data_use)


def _unnamed(decl: _Declaration, names: _Names) -> str:
    system = decl.system.model
    return f"{names('data_use', decl.model.data_use)[0]} in {system.name or system.fides_key}"


def _legal_basis(decl: PrivacyDeclaration) -> str | None:
    value = decl.legal_basis_for_processing
    return value.value if isinstance(value, Enum) else value


def _first_uses(uses: list[_Use], branch: str) -> list[tuple[str, Problem]]:
    """Distinct keys of one branch, sorted, each with the origin of its first use."""
    first: dict[str, Problem] = {}
    for use in uses:
        if use.branch == branch:
            first.setdefault(use.key, use.origin)
    return sorted(first.items())


def _is_special(key: str) -> bool:
    return any(key == branch or key.startswith(f"{branch}.") for branch in _SPECIAL_BRANCHES)


# --- names of taxonomy keys ------------------------------------------------------------------


class _Names:
    """Name and description of a taxonomy key: the manifests' own first, then fideslang's."""

    def __init__(self, custom: dict[tuple[str, str], _Resource]):
        self._custom = custom

    def __call__(self, branch: str, key: str) -> tuple[str, str | None]:
        resource = self._custom.get((branch, key))
        if resource is not None and resource.model.name:
            return resource.model.name, resource.model.description
        default = _default_taxonomy(branch).get(key)
        if default is not None and default.name:
            return default.name, default.description
        return key, None


def _names(manifests: Manifests) -> _Names:
    return _Names(_custom_definitions(manifests))


@cache
def _default_taxonomy(branch: str) -> dict[str, Any]:
    return {item.fides_key: item for item in getattr(DEFAULT_TAXONOMY, branch)}


# --- validation through the register's own rules ----------------------------------------------


def _validate(draft: _Draft) -> Register:
    """Validate like a hand-written register; problems point back into the manifests."""
    try:
        return register_from_source(parse_yaml(_dump(draft.data), _REGISTER_NAME))
    except RegisterError as exc:
        raise RegisterError([_relocate(p, draft.origins) for p in exc.problems]) from None


def _relocate(problem: Problem, origins: dict[YamlPath, Problem]) -> Problem:
    """Move a problem of the generated register to the manifest entry it came from."""
    path = _parse_location(problem.location)
    for end in range(len(path), 0, -1):
        origin = origins.get(path[:end])
        if origin is not None:
            reason = f"{problem.reason} (imported as {problem.location})"
            return replace(origin, reason=reason)
    return problem


def _parse_location(location: str) -> YamlPath:
    """`processing_activities[0].systems[1]` -> `("processing_activities", 0, "systems", 1)`."""
    return tuple(
        int(index) if index else name
        for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", location)
    )


def _policies(resources: list[_Resource]) -> tuple[FidesPolicy, ...]:
    return tuple(
        FidesPolicy(
            fides_key=policy.fides_key,
            name=policy.name,
            description=policy.description,
            rules=tuple(
                FidesPolicyRule(
                    name=rule.name,
                    data_categories=_rule_match(rule.data_categories),
                    data_uses=_rule_match(rule.data_uses),
                    data_subjects=_rule_match(rule.data_subjects),
                )
                for rule in policy.rules
            ),
        )
        for policy in (resource.model for resource in resources)
    )


def _rule_match(rule: PrivacyRule) -> RuleMatch:
    matches = rule.matches.value if isinstance(rule.matches, Enum) else str(rule.matches)
    return RuleMatch(matches=matches, values=tuple(rule.values))


# --- small helpers ----------------------------------------------------------------------------


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _slug(key: str) -> str:
    """A register id from a Fides key or name: lower case, runs of other characters as "_"."""
    return re.sub(r"[^a-z0-9-]+", "_", key.lower()).strip("_-")


def _unique(candidate: str, taken: set[str]) -> str:
    result, n = candidate, 1
    while result in taken:
        n += 1
        result = f"{candidate}_{n}"
    taken.add(result)
    return result


def _unique_in_order(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _without_none(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value is not None and value != []}
