"""The corpus of broken registers: every fault is reported with file, line, YAML path and reason.

Each broken register is `cases/minimal_register.yaml` with one small text edit,
so the line a message must name can be read off the minimal file. A case
asserts the whole `Problem` (file, location, line, reason) of the single
problem it causes; the last tests check that several faults come out together,
in line order, and that a fault is not reported twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.errors import Problem, RegisterError
from governance.register import load_register, register_from_text

MINIMAL = Path(__file__).parent / "cases" / "minimal_register.yaml"
NAME = "broken.yaml"


def minimal_text() -> str:
    """The text of the valid minimal register."""
    return MINIMAL.read_text(encoding="utf-8")


def edited(*edits: tuple[str, str]) -> str:
    """The minimal register with each `(old, new)` replacement applied; `old` must be unique."""
    text = minimal_text()
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique in the minimal register: {old!r}"
        text = text.replace(old, new)
    return text


def problems_of(text: str, name: str = NAME) -> list[Problem]:
    """The problems `register_from_text` reports for `text` (it must refuse it)."""
    with pytest.raises(RegisterError) as info:
        register_from_text(text, name)
    return info.value.problems


def only_problem(text: str) -> Problem:
    """The one problem reported for `text`."""
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def test_minimal_register_loads() -> None:
    register = load_register(MINIMAL)
    assert register.organisation.country == "KZ"
    assert register.organisation.responsible_person is not None
    assert register.organisation.contact is not None
    counts = {
        "subject_types": 2,
        "data_categories": 4,
        "legal_bases": 3,
        "purposes": 3,
        "systems": 2,
        "recipients": 2,
        "processing_activities": 3,
        "transfers": 1,
        "retention_rules": 2,
        "cookies": 4,
        "policy_versions": 2,
        "security_measures": 2,
    }
    assert {section: len(getattr(register, section)) for section in counts} == counts
    assert [basis.id for basis in register.legal_bases if basis.consent_based] == ["consent"]
    assert "DE" in {system.hosting_country for system in register.systems}
    assert register.current_policy_version().version == "1.1"


@dataclass(frozen=True)
class Case:
    """One broken register: the edits that break it and the problem they must cause."""

    id: str
    edits: tuple[tuple[str, str], ...]
    location: str
    line: int
    reason: str


CASES = [
    Case(
        "cookie-pattern-matches-everything",
        (("  - name: session_id\n", '  - name: "*"\n'),),
        "cookies[0].name",
        145,
        "the pattern '*' matches (nearly) every cookie, so it declares nothing; declare each "
        "cookie by name or by a prefix such as _ga_*",
    ),
    Case(
        "cookie-domain-is-a-url",
        (
            (
                "    domain: minimal.example.kz\n    category: strictly_necessary",
                "    domain: https://minimal.example.kz/\n    category: strictly_necessary",
            ),
        ),
        "cookies[0].domain",
        146,
        "'https://minimal.example.kz/' is a URL; a cookie domain is a host name such as metrix.kz",
    ),
    Case(
        "cookie-name-with-a-space",
        (("  - name: session_id\n", "  - name: session id\n"),),
        "cookies[0].name",
        145,
        "'session id' is not a cookie name: ' ' cannot be part of one (a pattern uses * for any "
        "text, e.g. _ga_*)",
    ),
    Case(
        "consent-cookie-that-is-not-necessary",
        (
            (
                "    category: functional\n    lifetime_days: 365\n",
                "    category: functional\n    lifetime_days: 365\n    records_consent: true\n",
            ),
        ),
        "cookies[1]",
        149,
        "records_consent: the cookie that records the banner choice is strictly necessary "
        "(category strictly_necessary, not functional)",
    ),
    Case(
        "unknown-legal-basis",
        (
            (
                "legal_basis: consent\n    data_categories: [ip_address]",
                "legal_basis: consnt\n    data_categories: [ip_address]",
            ),
        ),
        "purposes[2].legal_basis",
        67,
        "unknown legal basis 'consnt' (did you mean 'consent'?)",
    ),
    Case(
        "unknown-system-on-activity",
        (
            (
                "      - mailer\n    recipients: [tax_office]",
                "      - mailr\n    recipients: [tax_office]",
            ),
        ),
        "processing_activities[0].systems[1]",
        99,
        "unknown system 'mailr' (did you mean 'mailer'?)",
    ),
    Case(
        "unknown-reference-without-close-match",
        (("recipients: [tax_office]", "recipients: [police]"),),
        "processing_activities[0].recipients[0]",
        100,
        "unknown recipient 'police' (declared: mail_provider, tax_office)",
    ),
    Case(
        "invalid-data-category-key",
        (("fides_key: user.contact.email", "fides_key: user.contact.emial"),),
        "data_categories[0].fides_key",
        28,
        "'user.contact.emial' is not a fideslang data category key "
        "(did you mean 'user.contact.email'?)",
    ),
    Case(
        "invalid-data-use-key",
        (("fides_key: analytics.reporting", "fides_key: analytics.reports"),),
        "purposes[2].fides_key",
        66,
        "'analytics.reports' is not a fideslang data use key (did you mean 'analytics.reporting'?)",
    ),
    Case(
        "invalid-data-subject-key",
        (("fides_key: employee", "fides_key: staff"),),
        "subject_types[1].fides_key",
        23,
        "'staff' is not a fideslang data subject key",
    ),
    Case(
        "duplicate-purpose-id",
        (
            (
                "    data_categories: [ip_address]\n\nsystems:",
                "    data_categories: [ip_address]\n"
                "  - id: newsletter\n"
                "    name: Newsletter again\n"
                "    fides_key: marketing.communications.email\n"
                "\nsystems:",
            ),
        ),
        "purposes[3].id",
        69,
        "duplicate purpose 'newsletter' (first declared at purposes[1], line 58)",
    ),
    Case(
        "missing-required-field",
        (("    name: Mailing service\n", ""),),
        "systems[1].name",
        75,
        "required field is missing",
    ),
    Case(
        "misspelt-field",
        (("    legal_reference: Tax Code", "    legal_referense: Tax Code"),),
        "retention_rules[0].legal_referense",
        135,
        "unknown field (did you mean 'legal_reference'?)",
    ),
    Case(
        "unknown-field-without-close-match",
        (("  website: https", "  homepage: https"),),
        "organisation.homepage",
        8,
        "unknown field (fields here are: name, bin, country, address, website, "
        "responsible_person, dpo, contact, security_policy)",
    ),
    Case(
        "misspelt-field-in-nested-mapping",
        (("    role: Data protection officer", "    rol: Data protection officer"),),
        "organisation.responsible_person.rol",
        11,
        "unknown field (did you mean 'role'?)",
    ),
    Case(
        "wrong-enum-cookie-category",
        (("category: marketing", "category: tracking"),),
        "cookies[3].category",
        160,
        "'tracking' is not one of 'strictly_necessary', 'functional', 'analytics' or 'marketing'",
    ),
    Case(
        "country-not-two-capitals",
        (("hosting_country: DE", "hosting_country: de"),),
        "systems[1].hosting_country",
        77,
        "'de' is not a two-letter ISO country code in capitals (e.g. KZ)",
    ),
    Case(
        "invalid-id",
        (("- id: employee", "- id: Employees"),),
        "subject_types[1].id",
        21,
        "'Employees' is not a valid id (lower-case letters, digits, '_', '-' and '.', "
        "starting with a letter or digit)",
    ),
    Case(
        "impossible-date",
        (("published_at: 2024-06-01", "published_at: 2024-06-31"),),
        "policy_versions[1].published_at",
        170,
        "'2024-06-31' is not a real calendar date",
    ),
    Case(
        "date-in-wrong-format",
        (("published_at: 2024-06-01", "published_at: 01.06.2024"),),
        "policy_versions[1].published_at",
        170,
        "'01.06.2024' is not a date (write YYYY-MM-DD)",
    ),
    Case(
        "date-with-time",
        (("last_review: 2024-02-01", "last_review: 2024-02-01 10:30:00"),),
        "security_measures[1].last_review",
        188,
        "'2024-02-01 10:30:00' has a time of day; write the date only (YYYY-MM-DD)",
    ),
    Case(
        "negative-retention-period",
        (("period_days: 365", "period_days: -30"),),
        "retention_rules[1].period_days",
        139,
        "must be greater than 0 (got -30)",
    ),
    Case(
        "retention-period-not-a-number",
        (("period_days: 365", "period_days: a year"),),
        "retention_rules[1].period_days",
        139,
        "'a year' is not a whole number",
    ),
    Case(
        "negative-grace-days",
        (("grace_days: 30", "grace_days: -1"),),
        "retention_rules[1].grace_days",
        142,
        "must be 0 or more (got -1)",
    ),
    Case(
        "misspelt-top-level-section",
        (("\ncookies:\n", "\ncookie:\n"),),
        "cookie",
        144,
        "unknown section (did you mean 'cookies'?)",
    ),
    Case(
        "unknown-top-level-section",
        (("    status: partial\n", "    status: partial\n\nvendors: []\n"),),
        "vendors",
        192,
        "unknown section (sections are: cookie_reference, cookies, data_categories, legal_bases, "
        "organisation, policy_versions, processing_activities, purposes, recipients, "
        "retention_rules, security_measures, subject_types, systems, transfers)",
    ),
    Case(
        "retention-rule-unknown-system",
        (("    system: mailer\n    period_days", "    system: mailr\n    period_days"),),
        "retention_rules[1].system",
        138,
        "unknown system 'mailr' (did you mean 'mailer'?)",
    ),
    Case(
        "transfer-to-own-country",
        (("destination_country: DE", "destination_country: KZ"),),
        "transfers[0].destination_country",
        127,
        "'KZ' is the organisation's own country: a transfer here is cross-border by definition "
        "(declare domestic recipients on the activity only)",
    ),
    Case(
        "two-retention-rules-for-one-pair",
        (
            (
                "    data_category: contact_email\n    system: mailer",
                "    data_category: full_name\n    system: crm",
            ),
        ),
        "retention_rules[1]",
        136,
        "a second rule for data category 'full_name' on system 'crm' "
        "(rule 'orders_crm' already covers it)",
    ),
    Case(
        "version-read-as-number",
        (('version: "1.1"', "version: 1.1"),),
        "policy_versions[1].version",
        169,
        "must be text, but YAML read 1.1 as a number (put it in quotes)",
    ),
    Case(
        "list-field-given-as-text",
        (("systems: [crm]", "systems: crm"),),
        "processing_activities[2].systems",
        121,
        "must be a list, not text (write [a, b] or one '- a' line per item)",
    ),
    Case(
        "field-without-value",
        (("  name: Minimal LLP", "  name:"),),
        "organisation.name",
        4,
        "has no value",
    ),
    Case(
        "bool-that-is-not",
        (("consent_based: true", "consent_based: maybe"),),
        "legal_bases[0].consent_based",
        42,
        "'maybe' is not true or false",
    ),
    Case(
        "key-written-twice",
        (
            (
                "  website: https://minimal.example.kz\n",
                "  website: https://minimal.example.kz\n  name: Minimal Two LLP\n",
            ),
        ),
        "organisation.name",
        9,
        "key written twice in one mapping (first at line 4); YAML keeps only this one, "
        "so remove or merge the other",
    ),
    Case(
        "section-not-a-list",
        (
            (
                "  - id: crm\n    name: CRM\n    hosting_country: KZ\n    owner: Sales\n"
                "  - id: mailer\n    name: Mailing service\n    hosting_country: DE\n"
                "    owner: Marketing\n",
                "  crm: CRM\n  mailer: Mailing service\n",
            ),
        ),
        "systems",
        70,
        "must be a list of entries, each starting with '- ' (found a mapping)",
    ),
    Case(
        "empty-list-entry",
        (("systems:\n  - id: crm", "systems:\n  -\n  - id: crm"),),
        "systems[0]",
        71,
        "has no value",
    ),
    # translated text (docs/register.md, "Text in several languages"): the line is the field's
    Case(
        "translated-name-without-english",
        (("    name: Fulfilling orders\n", "    name: {ru: Исполнение заказов}\n"),),
        "purposes[0].name",
        54,
        "the English text is missing: a translated text needs 'en' "
        "(write {en: ..., ru: ..., kk: ...}; found ru)",
    ),
    Case(
        "translated-name-in-an-unknown-language",
        (
            (
                "    name: Fulfilling orders\n",
                "    name:\n      en: Fulfilling orders\n      de: Aufträge erfüllen\n",
            ),
        ),
        "purposes[0].name",
        54,
        "unknown language 'de' (languages are en, ru, kk: write {en: ..., ru: ..., kk: ...})",
    ),
    Case(
        "translated-description-with-an-empty-language",
        (
            (
                "    name: Customers\n",
                '    name: Customers\n    description: {en: Buyers, kk: ""}\n',
            ),
        ),
        "subject_types[0].description",
        20,
        "the 'kk' text is empty (leave the language out instead)",
    ),
    Case(
        "translation-that-yaml-reads-as-a-number",
        (("    name: Fulfilling orders\n", "    name: {en: Fulfilling orders, ru: 2024}\n"),),
        "purposes[0].name",
        54,
        "the 'ru' text must be text, but YAML read 2024 as a number (put it in quotes)",
    ),
    Case(
        "name-given-as-a-list",
        (("    name: Fulfilling orders\n", "    name: [Fulfilling orders, Исполнение заказов]\n"),),
        "purposes[0].name",
        54,
        "must be text, or a mapping of language to text: {en: ..., ru: ..., kk: ...} "
        "(found a list)",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_register_reports_one_located_problem(case: Case) -> None:
    problem = only_problem(edited(*case.edits))
    assert problem == Problem(NAME, case.location, case.reason, case.line)


def test_missing_organisation_section() -> None:
    text = minimal_text()
    start, end = text.index("organisation:\n"), text.index("subject_types:\n")
    problem = only_problem(text[:start] + text[end:])
    assert problem == Problem(NAME, "", "the 'organisation' section is missing", None)


def test_renamed_organisation_section_is_unknown_and_missing() -> None:
    problems = problems_of(edited(("organisation:\n", "company:\n")))
    assert [(p.location, p.line) for p in problems] == [("", None), ("company", 3)]
    assert problems[1].reason.startswith(
        "unknown section (sections are: cookie_reference, cookies, "
    )


# --- files that are not a register at all -------------------------------------------------


def test_yaml_list_is_not_a_register() -> None:
    problem = only_problem("- organisation: x\n- purposes: []\n")
    assert problem == Problem(NAME, "", "a register is a mapping of sections; found a list", 1)


def test_scalar_is_not_a_register() -> None:
    problem = only_problem("just some words\n")
    assert problem == Problem(NAME, "", "a register is a mapping of sections; found text", 1)


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing declared yet\n", "---\n"])
def test_empty_file(text: str) -> None:
    problem = only_problem(text)
    assert problem == Problem(NAME, "", "a register is a mapping of sections; found an empty file")


@pytest.mark.parametrize(
    ("edits", "line", "reason"),
    [
        pytest.param(
            (
                (
                    "data_categories: [contact_email]\n    consent",
                    "data_categories: [contact_email\n    consent",
                ),
            ),
            63,
            "invalid YAML: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence started at line 62)",
            id="unclosed-bracket",
        ),
        pytest.param(
            (("    owner: Sales\n", "    owner: Sales\n   extra: indented wrongly\n"),),
            75,
            "invalid YAML: expected <block end>, but found '<block mapping start>' "
            "(while parsing a block collection started at line 71); "
            "check this line's indentation against the lines above",
            id="bad-indentation",
        ),
        pytest.param(
            (("    name: CRM\n", "\tname: CRM\n"),),
            72,
            "invalid YAML: found character '\\t' that cannot start any token; "
            "YAML indents with spaces, not tabs",
            id="tab",
        ),
        pytest.param(
            (("name: Customers", "name: Customers: all of them"),),
            19,
            "invalid YAML: mapping values are not allowed here; "
            "quote a value that contains ': ', or check the indentation",
            id="colon-in-value",
        ),
        pytest.param(
            (("name: Customers", "name: 'Customers"),),
            19,
            "invalid YAML: a quote opened on this line is never closed",
            id="unclosed-quote",
        ),
        pytest.param(
            (("\nsubject_types:\n", "\n---\nsubject_types:\n"),),
            17,
            "a register is one YAML document; found a second one (a '---' line)",
            id="two-documents",
        ),
    ],
)
def test_invalid_yaml_names_the_line(
    edits: tuple[tuple[str, str], ...], line: int, reason: str
) -> None:
    assert only_problem(edited(*edits)) == Problem(NAME, "", reason, line)


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(minimal_text().replace("Aigerim", "Aigérim").encode("latin-1"))
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert info.value.problems == [
        Problem(
            str(path),
            "",
            "not UTF-8 text: byte 0xe9 cannot be decoded (save the file with UTF-8 encoding)",
            10,
        )
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert info.value.problems == [Problem(str(path), "", "file not found")]
    assert str(info.value) == f"the register has 1 problem:\n  {path}: file not found"


def test_file_problems_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(edited(("category: marketing", "category: tracking")), encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert str(info.value).splitlines() == [
        "the register has 1 problem:",
        f"  {path}:160: cookies[3].category: 'tracking' is not one of 'strictly_necessary', "
        "'functional', 'analytics' or 'marketing'",
    ]


def test_windows_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    text = edited(("period_days: 365", "period_days: -30"))
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert [(p.location, p.line) for p in info.value.problems] == [
        ("retention_rules[1].period_days", 139)
    ]


# --- YAML pitfalls that must not become faults -------------------------------------------


def test_country_code_no_is_norway_not_false() -> None:
    text = edited(
        ("destination_country: DE", "destination_country: NO"),
        ("    country: DE\n", "    country: NO\n"),
    )
    register = register_from_text(text, NAME)
    assert register.transfers[0].destination_country == "NO"
    assert register.recipients[0].country == "NO"


def test_yes_and_no_still_read_as_booleans_where_a_boolean_is_expected() -> None:
    text = edited(("consent_based: true", "consent_based: yes"))
    assert register_from_text(text, NAME).legal_bases[0].consent_based is True


def test_merge_key_is_not_a_key_written_twice() -> None:
    text = edited(("  - id: crm\n", "  - <<: {owner: Nobody}\n    id: crm\n"))
    assert register_from_text(text, NAME).systems[0].owner == "Sales"


# --- several faults at once --------------------------------------------------------------


def test_all_faults_in_different_sections_are_reported_in_line_order() -> None:
    text = edited(
        ("    status: partial\n", "    status: partial\n\nvendors: []\n"),
        ("published_at: 2024-06-01", "published_at: 2024-06-31"),
        ("category: marketing", "category: tracking"),
        ("period_days: 365", "period_days: -30"),
        (
            "      - mailer\n    recipients: [tax_office]",
            "      - mailr\n    recipients: [tax_office]",
        ),
        (
            "legal_basis: consent\n    data_categories: [contact_email]",
            "legal_basis: consnt\n    data_categories: [contact_email]",
        ),
        ("fides_key: customer", "fides_key: customers"),
        ("  country: KZ\n  address", "  country: Kazakhstan\n  address"),
    )
    with pytest.raises(RegisterError) as info:
        register_from_text(text, NAME)
    problems = info.value.problems
    assert [(p.line, p.location) for p in problems] == [
        (6, "organisation.country"),
        (20, "subject_types[0].fides_key"),
        (61, "purposes[1].legal_basis"),
        (99, "processing_activities[0].systems[1]"),
        (139, "retention_rules[1].period_days"),
        (160, "cookies[3].category"),
        (170, "policy_versions[1].published_at"),
        (192, "vendors"),
    ]
    assert all(p.file == NAME for p in problems)
    assert problems[1].reason == (
        "'customers' is not a fideslang data subject key (did you mean 'customer'?)"
    )
    lines = str(info.value).splitlines()
    assert lines[0] == "the register has 8 problems:"
    assert lines[1:] == [f"  {p}" for p in problems]
    assert lines[3] == (
        f"  {NAME}:61: purposes[1].legal_basis: unknown legal basis 'consnt' "
        "(did you mean 'consent'?)"
    )


def test_reference_to_an_invalid_entry_is_not_reported_again() -> None:
    # purpose 'newsletter' lacks its name: the activity and the policy version that
    # refer to it must not add "unknown purpose 'newsletter'" to that one fault
    problem = only_problem(edited(("    name: E-mail newsletter\n", "")))
    assert problem == Problem(NAME, "purposes[1].name", "required field is missing", 58)


def test_references_to_an_entry_with_an_invalid_field_are_not_reported() -> None:
    # system 'mailer' is referenced by two activities and a retention rule
    problems = problems_of(
        edited(
            ("hosting_country: DE", "hosting_country: Germany"),
            ("name: Mailing service", "name:"),
        )
    )
    assert [(p.location, p.line) for p in problems] == [
        ("systems[1].name", 76),
        ("systems[1].hosting_country", 77),
    ]
    assert not any("unknown" in p.reason for p in problems)


def test_references_to_a_section_that_is_not_a_list_are_not_reported() -> None:
    text = minimal_text()
    start, end = text.index("recipients:\n  - id"), text.index("processing_activities:\n")
    text = text[:start] + "recipients: mail_provider, tax_office\n\n" + text[end:]
    problem = only_problem(text)
    assert problem == Problem(
        NAME, "recipients", "must be a list of entries, each starting with '- ' (found text)", 80
    )
