"""What changed between two policy versions, in words ("Purposes added: ...").

Two `PolicyDocument`s are compared fact by fact (purposes, categories, storage periods,
recipients, measures, rights, cookies, contacts), never sentence by sentence: a reworded
template is no change for readers, a storage period that went from 3 to 5 years is. The lines
are in the current language (`governance policy --diff V1 V2 --lang ru`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from governance.i18n import _, ngettext
from governance.policy.model import Party, PolicyDocument, PurposeFacts
from governance.policy.render import (
    deadline_words,
    lifetime_words,
    long_date,
    retention_words,
    words_for,
)
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
        material = (
            _(", a material change (subjects accept it again)") if new.material_change else ""
        )
        head = _("Privacy policy {old} ({old_date}) -> {new} ({new_date}){material}").format(
            old=old.version,
            old_date=long_date(old.published_at),
            new=new.version,
            new_date=long_date(new.published_at),
            material=material,
        )
        body = [f"  {c}" for c in self.changes] or [
            "  " + _("No change in what the policy discloses.")
        ]
        summary = (
            [
                "  "
                + _("Summary of {version}: {summary}").format(
                    version=new.version, summary=new.summary
                )
            ]
            if new.summary
            else []
        )
        notes = [_("Note: {note}").format(note=n) for n in self.notes]
        return [head, *summary, *body, *notes]


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
        note = ngettext(
            "{versions} has no stored text: compared as the register declares them (their own "
            "purposes and categories; everything else as the register is now)",
            "{versions} have no stored text: compared as the register declares them (their own "
            "purposes and categories; everything else as the register is now)",
            len(unstored),
        )
        notes.append(note.format(versions=_(" and ").join(unstored)))
    return PolicyDiff(before, after, compare(before, after), notes)


def compare(old: PolicyDocument, new: PolicyDocument) -> list[str]:
    """The changes from `old` to `new` as sentences, in the order of the policy's sections."""
    changes: list[str] = []
    changes += _added_removed(
        _("Data categories added: {items}"),
        _("Data categories removed: {items}"),
        {c.id: c.name for c in old.categories},
        {c.id: c.name for c in new.categories},
    )
    changes += _added_removed(
        _("Purposes added: {items}"),
        _("Purposes removed: {items}"),
        {p.id: _purpose_label(p) for p in old.purposes},
        {p.id: _purpose_label(p) for p in new.purposes},
    )
    old_purposes = {p.id: p for p in old.purposes}
    for p in new.purposes:
        before = old_purposes.get(p.id)
        if before is None:
            continue
        if before.name != p.name:
            changes.append(_("Purpose renamed: {old} -> {new}").format(old=before.name, new=p.name))
        if before.legal_basis != p.legal_basis:
            changes.append(
                _("Legal basis of {purpose} changed: {old} -> {new}").format(
                    purpose=p.name,
                    old=before.legal_basis or _("none"),
                    new=p.legal_basis or _("none"),
                )
            )
        if before.consent_validity != p.consent_validity:
            changes.append(
                _("Consent validity of {purpose} changed: {old} -> {new}").format(
                    purpose=p.name,
                    old=before.consent_validity or _("not stated"),
                    new=p.consent_validity or _("not stated"),
                )
            )
        added = [new.category_name(c) for c in p.categories if c not in before.categories]
        removed = [old.category_name(c) for c in before.categories if c not in p.categories]
        if added or removed:
            parts = [_("added {items}").format(items=_join(added))] if added else []
            parts += [_("removed {items}").format(items=_join(removed))] if removed else []
            changes.append(
                _("Data used for {purpose}: {changes}").format(
                    purpose=p.name, changes=", ".join(parts)
                )
            )
    old_names = {c.id for c in old.categories}
    for c in new.categories:
        if c.id not in old_names:
            continue
        before_rules = [retention_words(r) for r in old.retention_of(c.id)]
        after_rules = [retention_words(r) for r in new.retention_of(c.id)]
        if sorted(before_rules) != sorted(after_rules):
            changes.append(
                _("Retention changed for {category}: {old} -> {new}").format(
                    category=c.name,
                    old=_join(before_rules) or _("none"),
                    new=_join(after_rules) or _("none"),
                )
            )
    changes += _added_removed(
        _("Recipients added: {items}"),
        _("Recipients removed: {items}"),
        {r.id: f"{r.name} ({country_name(r.country)})" for r in old.recipients},
        {r.id: f"{r.name} ({country_name(r.country)})" for r in new.recipients},
    )
    old_recipients = {r.id: r for r in old.recipients}
    for r in new.recipients:
        before = old_recipients.get(r.id)
        if before is not None and sorted(before.safeguards) != sorted(r.safeguards):
            changes.append(
                _("Transfer safeguard for {recipient} changed: {old} -> {new}").format(
                    recipient=r.name,
                    old=_join(before.safeguards) or _("none"),
                    new=_join(r.safeguards) or _("none"),
                )
            )
    changes += _added_removed(
        _("Protection measures added: {items}"),
        _("Protection measures removed: {items}"),
        {m.id: m.name for m in old.measures},
        {m.id: m.name for m in new.measures},
    )
    changes += _compare_values(
        _("Answer deadline for {label} changed: {old} -> {new}"),
        {
            r.request_type: (words_for(r.title), deadline_words(r, old.law_short))
            for r in old.rights
        },
        {
            r.request_type: (words_for(r.title), deadline_words(r, new.law_short))
            for r in new.rights
        },
    )
    old_cookies = _cookies(old)
    new_cookies = _cookies(new)
    changes += _added_removed(
        _("Cookies added: {items}"),
        _("Cookies removed: {items}"),
        {k: f"{k[0]} ({label})" for k, (label, _) in old_cookies.items()},
        {k: f"{k[0]} ({label})" for k, (label, _) in new_cookies.items()},
    )
    for key, (label, lifetime) in new_cookies.items():
        if key in old_cookies and old_cookies[key] != (label, lifetime):
            changes.append(
                _("Cookie {cookie} changed: {old} -> {new}").format(
                    cookie=key[0], old=_join(old_cookies[key]), new=f"{label}, {lifetime}"
                )
            )
    changes += _compare_values(
        _("Contact {label} changed: {old} -> {new}"), _contacts(old), _contacts(new)
    )
    return changes


def _purpose_label(purpose: PurposeFacts) -> str:
    return f"{purpose.name} ({purpose.legal_basis})" if purpose.legal_basis else purpose.name


def _cookies(document: PolicyDocument) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (k.name, k.domain): (words_for(cat.label), lifetime_words(k.lifetime_days))
        for cat in document.cookie_categories
        for k in cat.cookies
    }


def _contacts(document: PolicyDocument) -> dict[str, tuple[str, str]]:
    org = document.organisation
    fields: dict[str, tuple[str, str | None]] = {
        "e-mail": (_("e-mail"), org.contact_email),
        "phone": (_("phone"), org.contact_phone),
        "address": (_("address"), org.contact_address or org.address),
        "request form": (_("request form"), org.web_form),
        "responsible person": (_("responsible person"), _party(org.responsible)),
        "data protection officer": (_("data protection officer"), _party(org.dpo)),
    }
    return {key: (label, value or _("none")) for key, (label, value) in fields.items()}


def _party(party: Party | None) -> str | None:
    if party is None:
        return None
    return ", ".join(x for x in (party.name, party.email, party.phone) if x)


def _added_removed(
    added_line: str, removed_line: str, old: dict[str, str], new: dict[str, str]
) -> list[str]:
    """`added_line` and `removed_line` (translated sentences with `{items}`) where items differ."""
    added = [name for key, name in new.items() if key not in old]
    removed = [name for key, name in old.items() if key not in new]
    lines = [added_line.format(items=_join(added))] if added else []
    return lines + ([removed_line.format(items=_join(removed))] if removed else [])


def _compare_values(
    line: str, old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]
) -> list[str]:
    """`line` (`... {label} changed: {old} -> {new}`) for keys in both whose value differs."""
    return [
        line.format(label=label, old=old[key][1], new=value)
        for key, (label, value) in new.items()
        if key in old and old[key][1] != value
    ]


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)
