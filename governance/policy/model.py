"""The privacy policy as data: what one version tells its readers, section by section.

A `PolicyDocument` holds the facts a policy text states (categories with the purposes they
serve, purposes with their legal basis, recipients, measures, storage periods, rights with their
answer deadlines, cookies, contacts), built from the register tables of the database. The
templates only word it, and a stored document is what `--diff` compares, so a change of text
is found as a change of facts ("purposes added"), not of sentences.

What a version discloses (its purposes and categories) comes from that version's entry in the
register; everything else (measures, cookies, contacts) is the register as it is now. That is
exact for the latest version; an older version is rendered "as it was declared" unless its text
was stored when it was published (`governance.policy.store`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from governance.errors import GovernanceError
from governance.frameworks.pack import load_pack
from governance.policy.words import wording
from governance.store import queries


class PolicyError(GovernanceError):
    """A policy version cannot be rendered, stored or compared as asked (a usage error)."""

    exit_code = 2


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Facts):
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


class Organisation(_Facts):
    name: str
    bin: str | None = None
    country: str
    address: str | None = None
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    contact_address: str | None = None
    web_form: str | None = None
    responsible: Party | None = None
    dpo: Party | None = None
    security_policy: str | None = None


class VersionFacts(_Facts):
    version: str
    published_at: dt.date
    material_change: bool
    summary: str | None = None


class SubjectTypeFacts(_Facts):
    id: str
    name: str
    description: str | None = None


class CategoryFacts(_Facts):
    id: str
    name: str
    description: str | None = None
    special: bool = False
    purposes: list[str] = Field(default_factory=list, description="ids of disclosed purposes")


class PurposeFacts(_Facts):
    id: str
    name: str
    description: str | None = None
    legal_basis: str | None = None
    legal_reference: str | None = None
    consent_based: bool = False
    consent_validity: str | None = None
    categories: list[str] = Field(default_factory=list, description="ids of disclosed categories")
    registered: bool = True


class RetentionFacts(_Facts):
    category_id: str
    period_days: int
    start_event: str
    action: str
    legal_references: list[str] = Field(default_factory=list)
    purposes: list[str] = Field(default_factory=list)


class RecipientFacts(_Facts):
    id: str
    name: str
    kind: str
    country: str
    description: str | None = None
    purposes: list[str] = Field(default_factory=list)
    safeguards: list[str] = Field(default_factory=list)


class MeasureFacts(_Facts):
    id: str
    name: str
    kind: str
    description: str | None = None


class CookieFacts(_Facts):
    name: str
    domain: str
    category: str
    lifetime_days: int
    provider: str | None = None
    purpose: str | None = None


class CookieCategoryFacts(_Facts):
    id: str
    label: str
    text: str
    needs_consent: bool
    cookies: list[CookieFacts] = Field(default_factory=list)


class RightFacts(_Facts):
    request_type: str
    title: str
    how: str
    working_days: int | None = None
    months: int | None = None
    extension_months: int = 0
    article: str
    confirmed: bool = True


class PolicyDocument(_Facts):
    """Everything one policy version says; JSON of it is what `--publish` stores."""

    framework: str
    law: str
    law_short: str
    authority: str
    #: the framework's article on cross-border transfers (`Art. 16`), cited where a transfer has
    #: no recorded safeguard; empty in documents stored before it was kept
    transfer_article: str = ""
    organisation: Organisation
    version: VersionFacts
    history: list[VersionFacts] = Field(description="versions published up to this one")
    subject_types: list[SubjectTypeFacts]
    categories: list[CategoryFacts]
    purposes: list[PurposeFacts]
    retention: list[RetentionFacts]
    recipients: list[RecipientFacts]
    measures: list[MeasureFacts]
    rights: list[RightFacts]
    cookie_categories: list[CookieCategoryFacts]
    source: Literal["register", "stored"] = "register"
    #: the language of the stored text (`--publish --lang`); the facts are the same in every
    #: language, and a stored document is rendered in any language from them
    lang: str = "en"

    def purpose_name(self, purpose_id: str) -> str:
        return next((p.name for p in self.purposes if p.id == purpose_id), purpose_id)

    def category_name(self, category_id: str) -> str:
        return next((c.name for c in self.categories if c.id == category_id), category_id)

    def retention_of(self, category_id: str) -> list[RetentionFacts]:
        return [r for r in self.retention if r.category_id == category_id]

    def recipients_of(self, kind: str) -> list[RecipientFacts]:
        return [r for r in self.recipients if r.kind == kind]

    def recipients_for(self, purpose_id: str) -> list[RecipientFacts]:
        return [r for r in self.recipients if purpose_id in r.purposes]

    def transfers_abroad(self) -> list[RecipientFacts]:
        return [r for r in self.recipients if r.country != self.organisation.country]

    def measures_of(self, kind: str) -> list[MeasureFacts]:
        return [m for m in self.measures if m.kind == kind]

    @property
    def consent_purposes(self) -> list[PurposeFacts]:
        return [p for p in self.purposes if p.consent_based]


def known_versions(con: duckdb.DuckDBPyConnection) -> list[VersionFacts]:
    """Every version the register lists, oldest first."""
    return [VersionFacts(**row) for row in _records(con, "versions")]


def resolve_version(con: duckdb.DuckDBPyConnection, version: str | None) -> VersionFacts:
    """The register's entry for `version` (the latest when None); an unknown one lists the known.

    >>> resolve_version(con, "9.9")  # doctest: +SKIP
    PolicyError: policy version '9.9' is not in the register; known versions: 1.0 (2024-03-01)...
    """
    versions = known_versions(con)
    if not versions:
        raise PolicyError(
            "the register lists no policy version: add one under policy_versions and run "
            "'governance init' again"
        )
    if version is None:
        return versions[-1]
    for entry in versions:
        if entry.version == version:
            return entry
    known = ", ".join(f"{v.version} ({v.published_at.isoformat()})" for v in versions)
    raise PolicyError(f"policy version '{version}' is not in the register; known versions: {known}")


def build_document(
    con: duckdb.DuckDBPyConnection, version: str | None = None, framework: str = "kz"
) -> PolicyDocument:
    """The policy of `version` (the latest when None) as the register declares it.

    Reads the register tables only, so it works on a read-only connection.
    """
    laws = wording()["laws"]
    if framework not in laws:
        raise PolicyError(f"unknown framework '{framework}' (choose {' or '.join(laws)})")
    # the register's names in the current language (governance.scope.localise), on a cursor of
    # its own: TEMP views are per connection, and the caller's stays as it was
    from governance.i18n import current_language
    from governance.scope import localise

    con = con.cursor()
    localise(con, current_language())
    entry = resolve_version(con, version)
    params = {"version": entry.version, "framework": framework}
    org = _records(con, "organisation")
    if not org:
        raise PolicyError("the database holds no organisation: run 'governance init' first")
    purposes = _records(con, "purposes", params)
    categories = _records(con, "categories", params)
    pairs = _records(con, "purpose_categories", params)
    purpose_order = {p["id"]: i for i, p in enumerate(purposes)}
    category_order = {c["id"]: i for i, c in enumerate(categories)}

    def by_purpose(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda p: (purpose_order.get(p, len(purpose_order)), p))

    for purpose in purposes:
        purpose["categories"] = [
            x["category_id"] for x in pairs if x["purpose_id"] == purpose["id"]
        ]
    for category in categories:
        category["purposes"] = by_purpose(
            [x["purpose_id"] for x in pairs if x["category_id"] == category["id"]]
        )
    retention = sorted(
        _records(con, "retention", params),
        key=lambda r: (category_order.get(r["category_id"], 0), r["period_days"]),
    )
    for rule in retention:
        rule["purposes"] = by_purpose(rule["purposes"])
    recipients = _records(con, "recipients", params)
    for recipient in recipients:
        recipient["purposes"] = by_purpose(recipient["purposes"])
        recipient["safeguards"] = sorted(recipient["safeguards"])
    law = laws[framework]
    return PolicyDocument(
        framework=framework,
        law=law["title"],
        law_short=law["short"],
        authority=law["authority"],
        transfer_article=load_pack(framework).articles("transfer.no_safeguard"),
        organisation=_organisation(org[0]),
        version=entry,
        history=[v for v in known_versions(con) if v.published_at <= entry.published_at],
        subject_types=[SubjectTypeFacts(**row) for row in _records(con, "subject_types")],
        categories=[CategoryFacts(**row) for row in categories],
        purposes=[PurposeFacts(**row) for row in purposes],
        retention=[RetentionFacts(**row) for row in retention],
        recipients=[RecipientFacts(**row) for row in recipients],
        measures=[MeasureFacts(**row) for row in _records(con, "measures")],
        rights=_rights(framework),
        cookie_categories=_cookie_categories(_records(con, "cookies")),
    )


def _organisation(row: dict[str, Any]) -> Organisation:
    def party(prefix: str, with_role: bool) -> Party | None:
        if not row[f"{prefix}_name"]:
            return None
        return Party(
            name=row[f"{prefix}_name"],
            role=row[f"{prefix}_role"] if with_role else None,
            email=row[f"{prefix}_email"],
            phone=row[f"{prefix}_phone"],
        )

    return Organisation(
        name=row["name"],
        bin=row["bin"],
        country=row["country"],
        address=row["address"],
        website=row["website"],
        contact_email=row["contact_email"],
        contact_phone=row["contact_phone"],
        contact_address=row["contact_address"],
        web_form=row["contact_web_form"],
        responsible=party("responsible", with_role=True),
        dpo=party("dpo", with_role=False),
        security_policy=row["security_policy"],
    )


def _rights(framework: str) -> list[RightFacts]:
    deadlines = load_pack(framework).dsr_deadlines
    rights = []
    for request_type, words in wording()["rights"].items():
        deadline = deadlines.get(request_type)
        if deadline is None or not (deadline.working_days or deadline.months or deadline.article):
            continue  # a right the framework does not give has no place in its policy
        rights.append(
            RightFacts(
                request_type=request_type,
                title=words["title"],
                how=words["how"],
                working_days=deadline.working_days,
                months=deadline.months,
                extension_months=deadline.extension_months,
                article=deadline.article,
                confirmed=deadline.confirmed,
            )
        )
    return rights


def _cookie_categories(cookies: list[dict[str, Any]]) -> list[CookieCategoryFacts]:
    categories = []
    for category, words in wording()["cookie_categories"].items():
        chosen = [CookieFacts(**c) for c in cookies if c["category"] == category]
        if chosen:
            categories.append(
                CookieCategoryFacts(
                    id=category,
                    label=words["label"],
                    text=words["text"],
                    needs_consent=category != "strictly_necessary",
                    cookies=chosen,
                )
            )
    return categories


def _records(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of `sql/<name>.sql` as dicts (the binder takes the parameters it declares)."""
    return queries.records(con, queries.sql("governance.policy", f"sql/{name}"), **(params or {}))
