"""The Fides importer: the real Fides demo manifests become a register that validates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.errors import RegisterError
from governance.register import register_from_text
from governance.register.fides import FidesImport, import_fides, register_to_yaml

FIDES_DEMO = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "fides_demo"

ORGANIZATION = """\
organization:
  - fides_key: acme
    name: Acme
    controller:
      name: Ann Controller
      email: ann@acme.example
"""

SYSTEM_HEADER = """\
system:
  - fides_key: crm
    name: CRM
    system_type: Service
    privacy_declarations:
"""

DECLARATION = """\
      - name: Newsletter
        data_categories:
          - user.contact.email
        data_use: marketing.communications.email
        data_subjects:
          - customer
        legal_basis_for_processing: Consent
"""

SYSTEM = SYSTEM_HEADER + DECLARATION

UNNAMED = DECLARATION.replace(
    "      - name: Newsletter\n        data_categories:",
    "      - data_categories:",
)


@pytest.fixture(scope="module")
def demo() -> FidesImport:
    if not FIDES_DEMO.is_dir():
        pytest.skip(f"Fides demo manifests not found at {FIDES_DEMO} (shared fixtures absent)")
    return import_fides(FIDES_DEMO)


def write_manifests(directory: Path, **files: str) -> Path:
    """Write manifest files named by keyword (`system="..."` -> system.yml) into `directory`."""
    for name, text in files.items():
        (directory / f"{name}.yml").write_text(text, encoding="utf-8")
    return directory


def problems_of(excinfo: pytest.ExceptionInfo[RegisterError]) -> list[str]:
    return [str(problem) for problem in excinfo.value.problems]


def test_demo_organisation(demo: FidesImport) -> None:
    org = demo.register.organisation
    assert org.name == "Demo Organization"
    assert org.country == "KZ"
    assert org.responsible_person is not None and org.responsible_person.name == "Con Troller"
    assert org.dpo is not None and org.dpo.name == "DataPro Tection"
    assert org.contact is not None and org.contact.email == "dpo@demo_company.com"
    assert org.security_policy == "https://ethyca.com/privacy-policy/"


def test_demo_systems(demo: FidesImport) -> None:
    systems = {s.id: (s.name, s.owner, s.hosting_country) for s in demo.register.systems}
    assert systems == {
        "demo_analytics_system": ("Demo Analytics System", "Engineering", None),
        "demo_marketing_system": ("Demo Marketing System", "Marketing", None),
    }


def test_demo_activities_and_purposes(demo: FidesImport) -> None:
    purposes = {p.id: p for p in demo.register.purposes}
    activities = {
        a.id: (purposes[a.purpose].fides_key, a.data_categories, a.subject_types, a.systems)
        for a in demo.register.processing_activities
    }
    assert activities == {
        "demo_analytics_system.analyze_customer_behaviour_for_improvements": (
            "functional.service.improve",
            ["user_contact", "user_device_cookie_id"],
            ["customer"],
            ["demo_analytics_system"],
        ),
        "demo_marketing_system.collect_data_for_marketing": (
            "marketing.advertising",
            ["user_device_cookie_id"],
            ["customer"],
            ["demo_marketing_system"],
        ),
    }
    assert purposes["marketing_advertising"].name == "Advertising, Marketing or Promotion"
    assert purposes["marketing_advertising"].data_categories == ["user_device_cookie_id"]
    assert all(a.legal_basis is None for a in demo.register.processing_activities)


def test_demo_categories_include_dataset_fields(demo: FidesImport) -> None:
    keys = {c.fides_key for c in demo.register.data_categories}
    assert keys == {
        "user.contact",
        "user.device.cookie_id",
        "user.contact.email",
        "user.name",
        "user.unique_id",
        "system.operations",
        "user.contact.address.state",
    }
    names = {c.fides_key: c.name for c in demo.register.data_categories}
    assert names["user.contact"] == "Contact Data"


def test_demo_subject_types_and_policies(demo: FidesImport) -> None:
    assert [(s.id, s.fides_key) for s in demo.register.subject_types] == [("customer", "customer")]
    (policy,) = demo.policies
    (rule,) = policy.rules
    assert (policy.fides_key, rule.name) == ("demo_privacy_policy", "Reject Direct Marketing")
    assert rule.data_uses.values == ("marketing.advertising",)
    assert rule.data_categories.matches == "ANY"


def test_yaml_round_trip_gives_an_equal_register(demo: FidesImport) -> None:
    text = register_to_yaml(demo.register)
    assert register_from_text(text, "round-trip") == demo.register
    assert "null" not in text


def test_country_is_the_callers(tmp_path: Path) -> None:
    write_manifests(tmp_path, organization=ORGANIZATION, system=SYSTEM)
    assert import_fides(tmp_path, country="DE").register.organisation.country == "DE"
    with pytest.raises(RegisterError) as excinfo:
        import_fides(tmp_path, country="kz")
    assert "the country given for the import" in str(excinfo.value)
    assert "'kz' is not a two-letter ISO country code" in str(excinfo.value)


def test_legal_basis_is_mapped_for_activity_and_purpose(tmp_path: Path) -> None:
    files = [
        tmp_path / "organization.yml",
        write_manifests(tmp_path, organization=ORGANIZATION, system=SYSTEM) / "system.yml",
    ]
    register = import_fides(files).register
    (basis,) = register.legal_bases
    assert (basis.id, basis.consent_based, basis.gdpr_reference) == (
        "consent",
        True,
        "Art. 6(1)(a)",
    )
    assert register.processing_activities[0].legal_basis == "consent"
    assert register.purposes[0].legal_basis == "consent"
    assert register.organisation.contact is not None
    assert register.organisation.contact.email == "ann@acme.example"


def test_malformed_yaml_names_the_file(tmp_path: Path) -> None:
    write_manifests(tmp_path, organization=ORGANIZATION, broken="system:\n  - fides_key: [oops\n")
    with pytest.raises(RegisterError) as excinfo:
        import_fides(tmp_path)
    (problem,) = excinfo.value.problems
    assert problem.file.endswith("broken.yml")
    assert "invalid YAML" in problem.reason
    assert "broken.yml" in str(excinfo.value)


def test_unknown_category_is_reported_where_declared(tmp_path: Path) -> None:
    system = SYSTEM.replace("user.contact.email", "user.contact.emial")
    write_manifests(tmp_path, organization=ORGANIZATION, system=system)
    with pytest.raises(RegisterError) as excinfo:
        import_fides(tmp_path)
    (problem,) = excinfo.value.problems
    assert problem.file.endswith("system.yml")
    assert problem.line == 8
    assert problem.location == "system[0].privacy_declarations[0].data_categories[0]"
    assert problem.reason == (
        "'user.contact.emial' is not a fideslang data category key "
        "(did you mean 'user.contact.email'?)"
    )


def test_fideslang_shape_errors_are_located(tmp_path: Path) -> None:
    system = SYSTEM.replace("        data_use: marketing.communications.email\n", "")
    write_manifests(tmp_path, organization=ORGANIZATION, system=system, extra="widgets: []\n")
    with pytest.raises(RegisterError) as excinfo:
        import_fides(tmp_path)
    messages = problems_of(excinfo)
    assert any(
        "system.yml:6: system[0].privacy_declarations[0].data_use: required field is missing" in m
        for m in messages
    )
    assert any("extra.yml:1: widgets: unknown resource type" in m for m in messages)


def test_activity_ids_come_from_declaration_names(tmp_path: Path) -> None:
    write_manifests(tmp_path, organization=ORGANIZATION, system=SYSTEM + DECLARATION)
    activities = import_fides(tmp_path).register.processing_activities
    assert [a.id for a in activities] == ["crm.newsletter", "crm.newsletter_2"]


def test_an_unnamed_declaration_is_named_after_its_data_use(tmp_path: Path) -> None:
    write_manifests(tmp_path, organization=ORGANIZATION, system=SYSTEM_HEADER + UNNAMED)
    (activity,) = import_fides(tmp_path).register.processing_activities
    assert activity.id == "crm.marketing_communications_email"
    assert activity.name == "Marketing Email Communications in CRM"


def test_several_declarations_without_names_are_explained(tmp_path: Path) -> None:
    write_manifests(tmp_path, organization=ORGANIZATION, system=SYSTEM + UNNAMED)
    with pytest.raises(RegisterError, match="unless every one has a name"):
        import_fides(tmp_path)


def test_one_organisation_is_required(tmp_path: Path) -> None:
    write_manifests(tmp_path, system=SYSTEM)
    with pytest.raises(RegisterError, match="no 'organization' resource"):
        import_fides(tmp_path)
    second = ORGANIZATION.replace("organization:\n", "organization:\n  - fides_key: other\n")
    write_manifests(tmp_path, organization=second)
    with pytest.raises(RegisterError, match="a second organization"):
        import_fides(tmp_path)


def test_register_problems_point_back_to_the_manifest(tmp_path: Path) -> None:
    duplicate = SYSTEM + SYSTEM.removeprefix("system:\n").replace("name: CRM", "name: CRM 2")
    write_manifests(tmp_path, organization=ORGANIZATION, system=duplicate)
    with pytest.raises(RegisterError) as excinfo:
        import_fides(tmp_path)
    problem = next(p for p in excinfo.value.problems if "duplicate system" in p.reason)
    assert problem.file.endswith("system.yml")
    assert problem.location == "system[1]"
    assert "(imported as systems[1].id)" in problem.reason


def test_copy_of_demo_with_a_file_list(demo: FidesImport, tmp_path: Path) -> None:
    for path in FIDES_DEMO.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    files = sorted(tmp_path.glob("*.yml"))
    assert import_fides(files).register == demo.register
