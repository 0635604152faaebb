"""The register: the facts a company declares about its processing, as pydantic models.

The models check the shape of each entry (types, enums, required fields). What
an entry refers to (a purpose's legal basis, an activity's systems) and whether
a taxonomy key exists is checked afterwards by `register.validation`, so that
every fault in a file is reported at once.

Fields that GDPR Art. 30 or Law 94-V require but a real data map may lack
(a legal basis, a hosting country) are optional here on purpose: a register
imported from Fides is still loadable, and the `ropa.incomplete` check reports
the gaps as findings instead of refusing the file.

Text a reader sees (names, descriptions, a legal reference, a safeguard) is a `Text`: plain
English, or `{en: ..., ru: ..., kk: ...}` with its translations (`register.text`). The company's
own name, people and contact details stay plain strings: they are not translated.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from governance.cookies.patterns import check_cookie_domain, check_cookie_name
from governance.register.text import Name, Text

_ID_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"
_COUNTRY_PATTERN = r"^[A-Z]{2}$"


class Entry(BaseModel):
    """Base of every register entry: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Person(Entry):
    name: str = Field(min_length=1)
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class Contact(Entry):
    """How a data subject reaches the company about their data (policy section 10)."""

    email: str | None = None
    phone: str | None = None
    address: str | None = None
    web_form: str | None = None


class Organisation(Entry):
    name: str = Field(min_length=1)
    bin: str | None = Field(default=None, description="Kazakh business identification number")
    country: str = Field(pattern=_COUNTRY_PATTERN)
    address: str | None = None
    website: str | None = None
    responsible_person: Person | None = Field(
        default=None, description="Person responsible for organising processing (94-V Art. 25(3))"
    )
    dpo: Person | None = None
    contact: Contact | None = None
    security_policy: str | None = None


class SubjectType(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    fides_key: str
    description: Text | None = None


class DataCategory(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    fides_key: str
    description: Text | None = None
    special: bool = Field(default=False, description="special category / biometric / health data")


class LegalBasis(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    consent_based: bool = Field(
        default=False, description="processing under it needs a valid consent at that moment"
    )
    legal_obligation: bool = Field(
        default=False,
        description="processing under it is required by law (GDPR Art. 6(1)(c), 94-V Art. 9): "
        "records a retention rule keeps under it stay after an erasure request "
        "(GDPR Art. 17(3)(b), 94-V Art. 8(2))",
    )
    kz_reference: Text | None = None
    gdpr_reference: str | None = None


class Purpose(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    fides_key: str
    description: Text | None = None
    legal_basis: str | None = None
    data_categories: list[str] = Field(default_factory=list)
    consent_validity: Text | None = Field(
        default=None, description="how long a consent for this purpose stays valid (94-V Art. 8)"
    )


class System(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    hosting_country: str | None = Field(default=None, pattern=_COUNTRY_PATTERN)
    owner: str | None = None
    description: Text | None = None


class RecipientKind(StrEnum):
    PROCESSOR = "processor"
    THIRD_PARTY = "third_party"
    AUTHORITY = "authority"
    INTRA_GROUP = "intra_group"


class Recipient(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    kind: RecipientKind
    country: str = Field(pattern=_COUNTRY_PATTERN)
    description: Text | None = None


class Transfer(Entry):
    """A cross-border transfer: the safeguard (or the 94-V Art. 16 condition) is what is audited."""

    id: str = Field(pattern=_ID_PATTERN)
    activity: str
    recipient: str
    destination_country: str = Field(pattern=_COUNTRY_PATTERN)
    safeguard: Text | None = None


class ProcessingActivity(Entry):
    """One line of the record of processing activities (GDPR Art. 30(1))."""

    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    purpose: str
    data_categories: list[str] = Field(default_factory=list)
    subject_types: list[str] = Field(default_factory=list)
    legal_basis: str | None = None
    systems: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    retention_rules: list[str] = Field(default_factory=list)
    security_measures: list[str] = Field(default_factory=list)
    description: Text | None = None


class RetentionStart(StrEnum):
    COLLECTED = "collected_at"
    LAST_USED = "last_used_at"


class RetentionAction(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"


class RetentionRule(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    data_category: str
    system: str
    period_days: int = Field(gt=0)
    start_event: RetentionStart = RetentionStart.COLLECTED
    action: RetentionAction = RetentionAction.DELETE
    grace_days: int = Field(default=0, ge=0)
    legal_reference: Text | None = None
    legal_basis: str | None = Field(
        default=None,
        description="the legal basis the records are kept under (a legal_bases id); when it is a "
        "legal obligation, the records stay after an erasure request",
    )


class CookieCategory(StrEnum):
    STRICTLY_NECESSARY = "strictly_necessary"
    FUNCTIONAL = "functional"
    ANALYTICS = "analytics"
    MARKETING = "marketing"


class Cookie(Entry):
    """A declared cookie: `name` is a name or a pattern (`_ga_*`: `*` stands for any text), and
    `domain` covers the site and its subdomains, written with or without a leading dot
    (governance/cookies/patterns.py)."""

    name: str = Field(min_length=1)
    domain: str = Field(min_length=1)
    category: CookieCategory
    lifetime_days: int = Field(ge=0, description="0 for a session cookie")
    provider: str | None = None
    purpose: Text | None = Field(default=None, description="what the cookie is for, in words")
    records_consent: bool = Field(
        default=False,
        description="the cookie the consent banner sets to record the visitor's choice (a HAR "
        "file's consent moment is its first appearance)",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_cookie_name(value)

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return check_cookie_domain(value)

    @model_validator(mode="after")
    def _consent_cookie_is_necessary(self) -> Cookie:
        if self.records_consent and self.category != CookieCategory.STRICTLY_NECESSARY:
            raise ValueError(
                "records_consent: the cookie that records the banner choice is strictly "
                f"necessary (category strictly_necessary, not {self.category})"
            )
        return self


class PolicyVersion(Entry):
    version: str = Field(min_length=1)
    published_at: dt.date
    material_change: bool = False
    purposes: list[str] = Field(default_factory=list)
    data_categories: list[str] = Field(default_factory=list)
    summary: Text | None = None


class MeasureKind(StrEnum):
    ORGANISATIONAL = "organisational"
    TECHNICAL = "technical"


class MeasureStatus(StrEnum):
    EFFECTIVE = "effective"
    PARTIAL = "partial"
    NOT_EFFECTIVE = "not_effective"
    PLANNED = "planned"


class SecurityMeasure(Entry):
    id: str = Field(pattern=_ID_PATTERN)
    name: Name
    kind: MeasureKind
    owner: str = Field(min_length=1)
    last_review: dt.date
    review_interval_days: int = Field(gt=0)
    status: MeasureStatus
    description: Text | None = None


class Register(Entry):
    """Everything the company declares; one YAML file, one `Register`."""

    organisation: Organisation
    subject_types: list[SubjectType] = Field(default_factory=list)
    data_categories: list[DataCategory] = Field(default_factory=list)
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    purposes: list[Purpose] = Field(default_factory=list)
    systems: list[System] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    processing_activities: list[ProcessingActivity] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    retention_rules: list[RetentionRule] = Field(default_factory=list)
    cookies: list[Cookie] = Field(default_factory=list)
    policy_versions: list[PolicyVersion] = Field(default_factory=list)
    security_measures: list[SecurityMeasure] = Field(default_factory=list)
    #: the company's own cookie reference files (CSV in the Open Cookie Database's columns),
    #: relative to the register file; they take precedence over the shipped reference
    cookie_reference: list[str] = Field(default_factory=list)

    def current_policy_version(self) -> PolicyVersion | None:
        """The most recently published policy version, if any."""
        return max(self.policy_versions, key=lambda v: v.published_at, default=None)


#: Register sections that are lists of entries, in the order they are validated and stored.
LIST_SECTIONS: dict[str, type[Entry]] = {
    "subject_types": SubjectType,
    "data_categories": DataCategory,
    "legal_bases": LegalBasis,
    "purposes": Purpose,
    "systems": System,
    "recipients": Recipient,
    "processing_activities": ProcessingActivity,
    "transfers": Transfer,
    "retention_rules": RetentionRule,
    "cookies": Cookie,
    "policy_versions": PolicyVersion,
    "security_measures": SecurityMeasure,
}
