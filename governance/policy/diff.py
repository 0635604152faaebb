"""What changed between two policy versions, in words ("Purposes added: ...").

Two `PolicyDocument`s are compared fact by fact (purposes, categories, storage periods,
recipients, measures, rights, cookies, contacts), never sentence by sentence: a reworded
template is no change for readers, a storage period that went from 3 to 5 years is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from governance.policy.model import Party, PolicyDocument, PurposeFacts
from governance.policy.render import deadline_words, lifetime_words, long_date, retention_words
from governance.policy.store import policy_document, stored_text
from governance.policy.words import country_name


@dataclass(frozen=True)
class PolicyDiff:
    """The changes from `old` to `new`, one sentence each; none when readers see no change."""

    old: PolicyDocument
    new: PolicyDocument
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        old, new = self.old.version, self.new.version
        material = ", a material change (subjects accept it again)" if new.material_change else ""
        head = (
            f"Privacy policy {old.version} ({long_date(old.published_at)}) -> "
            f"{new.version} ({long_date(new.published_at)}){material}"
        )
        body = [f"  {c}" for c in self.changes] or ["  No change in what the policy discloses."]
        summary = [f"  Summary of {new.version}: {new.summary}"] if new.summary else []
        return [head, *summary, *body, *(f"Note: {n}" for n in self.notes)]


def diff_versions(
    con: duckdb.DuckDBPyConnection, old: str, new: str, framework: str = "kz"
) -> PolicyDiff:
    """Compare two versions as they were published (stored) or declared (register)."""
    before = policy_document(con, old, framework)
    after = policy_document(con, new, framework)
    unstored = [
        v
        for v in dict.fromkeys([before.version.version, after.version.version])
        if stored_text(con, v) is None
    ]
    notes = []
    if unstored:
        has = "has" if len(unstored) == 1 else "have"
        notes.append(
            f"{' and '.join(unstored)} {has} no stored text: compared as the register declares "
            "them (their own purposes and categories; everything else as the register is now)"
        )
    return PolicyDiff(before, after, compare(before, after), notes)


def compare(old: PolicyDocument, new: PolicyDocument) -> list[str]:
    """The changes from `old` to `new` as sentences, in the order of the policy's sections."""
    changes: list[str] = []
    changes += _added_removed(
        "Data categories",
        {c.id: c.name for c in old.categories},
        {c.id: c.name for c in new.categories},
    )
    changes += _added_removed(
        "Purposes",
        {p.id: _purpose_label(p) for p in old.purposes},
        {p.id: _purpose_label(p) for p in new.purposes},
    )
    old_purposes = {p.id: p for p in old.purposes}
    for p in new.purposes:
        before = old_purposes.get(p.id)
        if before is None:
            continue
        if before.name != p.name:
            changes.append(f"Purpose renamed: {before.name} -> {p.name}")
        if before.legal_basis != p.legal_basis:
            changes.append(
                f"Legal basis of {p.name} changed: {before.legal_basis or 'none'} -> "
                f"{p.legal_basis or 'none'}"
            )
        if before.consent_validity != p.consent_validity:
            changes.append(
                f"Consent validity of {p.name} changed: {before.consent_validity or 'not stated'}"
                f" -> {p.consent_validity or 'not stated'}"
            )
        added = [new.category_name(c) for c in p.categories if c not in before.categories]
        removed = [old.category_name(c) for c in before.categories if c not in p.categories]
        if added or removed:
            parts = [f"added {_join(added)}"] if added else []
            parts += [f"removed {_join(removed)}"] if removed else []
            changes.append(f"Data used for {p.name}: {', '.join(parts)}")
    old_names = {c.id for c in old.categories}
    for c in new.categories:
        if c.id not in old_names:
            continue
        before_rules = [retention_words(r) for r in old.retention_of(c.id)]
        after_rules = [retention_words(r) for r in new.retention_of(c.id)]
        if sorted(before_rules) != sorted(after_rules):
            changes.append(
                f"Retention changed for {c.name}: {_join(before_rules) or 'none'} -> "
                f"{_join(after_rules) or 'none'}"
            )
    changes += _added_removed(
        "Recipients",
        {r.id: f"{r.name} ({country_name(r.country)})" for r in old.recipients},
        {r.id: f"{r.name} ({country_name(r.country)})" for r in new.recipients},
    )
    old_recipients = {r.id: r for r in old.recipients}
    for r in new.recipients:
        before = old_recipients.get(r.id)
        if before is not None and sorted(before.safeguards) != sorted(r.safeguards):
            changes.append(
                f"Transfer safeguard for {r.name} changed: {_join(before.safeguards) or 'none'}"
                f" -> {_join(r.safeguards) or 'none'}"
            )
    changes += _added_removed(
        "Protection measures",
        {m.id: m.name for m in old.measures},
        {m.id: m.name for m in new.measures},
    )
    changes += _compare_values(
        "Answer deadline for",
        {r.request_type: (r.title, deadline_words(r, old.law_short)) for r in old.rights},
        {r.request_type: (r.title, deadline_words(r, new.law_short)) for r in new.rights},
    )
    old_cookies = _cookies(old)
    new_cookies = _cookies(new)
    changes += _added_removed(
        "Cookies",
        {k: f"{k[0]} ({label})" for k, (label, _) in old_cookies.items()},
        {k: f"{k[0]} ({label})" for k, (label, _) in new_cookies.items()},
    )
    for key, (label, lifetime) in new_cookies.items():
        if key in old_cookies and old_cookies[key] != (label, lifetime):
            changes.append(
                f"Cookie {key[0]} changed: {_join(old_cookies[key])} -> {label}, {lifetime}"
            )
    changes += _compare_values("Contact", _contacts(old), _contacts(new))
    return changes


def _purpose_label(purpose: PurposeFacts) -> str:
    return f"{purpose.name} ({purpose.legal_basis})" if purpose.legal_basis else purpose.name


def _cookies(document: PolicyDocument) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (k.name, k.domain): (cat.label, lifetime_words(k.lifetime_days))
        for cat in document.cookie_categories
        for k in cat.cookies
    }


def _contacts(document: PolicyDocument) -> dict[str, tuple[str, str]]:
    org = document.organisation
    fields: dict[str, str | None] = {
        "e-mail": org.contact_email,
        "phone": org.contact_phone,
        "address": org.contact_address or org.address,
        "request form": org.web_form,
        "responsible person": _party(org.responsible),
        "data protection officer": _party(org.dpo),
    }
    return {name: (name, value or "none") for name, value in fields.items()}


def _party(party: Party | None) -> str | None:
    if party is None:
        return None
    return ", ".join(x for x in (party.name, party.email, party.phone) if x)


def _added_removed(what: str, old: dict[str, str], new: dict[str, str]) -> list[str]:
    added = [name for key, name in new.items() if key not in old]
    removed = [name for key, name in old.items() if key not in new]
    lines = [f"{what} added: {_join(added)}"] if added else []
    return lines + ([f"{what} removed: {_join(removed)}"] if removed else [])


def _compare_values(
    what: str, old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]
) -> list[str]:
    """`what <label> changed: a -> b` for keys in both whose value differs."""
    return [
        f"{what} {label} changed: {old[key][1]} -> {value}"
        for key, (label, value) in new.items()
        if key in old and old[key][1] != value
    ]


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)
