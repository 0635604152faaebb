"""The sample company's register (data_samples/metrix/register.yaml) loads and is complete.

The demo, the generator and the notebooks build on this file, so it must hold at least the
minimum the sample promises: enough purposes, categories, systems and so on to exercise every
check, and no gap of its own (a missing retention rule or an undisclosed purpose here would
show up as a finding on data that is meant to be clean).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.register import load_register
from governance.register.models import CookieCategory, Register

SAMPLE_REGISTER = Path(__file__).resolve().parents[2] / "data_samples" / "metrix" / "register.yaml"


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register(SAMPLE_REGISTER)


def test_sample_register_is_metrix_company_in_kazakhstan(register: Register) -> None:
    organisation = register.organisation
    assert organisation.name == "metriX company"
    assert organisation.bin == "170340029448"
    assert organisation.country == "KZ"
    assert organisation.address
    assert organisation.website
    assert organisation.security_policy


def test_sample_register_names_a_responsible_person_and_a_contact(register: Register) -> None:
    person = register.organisation.responsible_person
    assert person is not None
    assert person.name and person.role and person.email and person.phone
    assert register.organisation.dpo is not None
    contact = register.organisation.contact
    assert contact is not None
    assert contact.email and contact.phone and contact.address and contact.web_form


def test_sample_register_has_the_four_subject_types(register: Register) -> None:
    assert {s.id for s in register.subject_types} == {
        "customer",
        "prospect",
        "employee",
        "job_applicant",
    }


def test_sample_register_has_at_least_15_data_categories(register: Register) -> None:
    assert len(register.data_categories) >= 15


def test_sample_register_has_the_named_purposes(register: Register) -> None:
    named = {
        "service_contract",
        "payments",
        "fraud_prevention",
        "analytics",
        "email_marketing",
        "personalisation",
        "hr_management",
        "cookies",
    }
    purposes = {p.id for p in register.purposes}
    assert len(purposes) >= 8
    assert named <= purposes


def test_consent_based_purposes_state_how_long_consent_lasts(register: Register) -> None:
    consent_bases = {b.id for b in register.legal_bases if b.consent_based}
    consent_purposes = [p for p in register.purposes if p.legal_basis in consent_bases]
    assert {p.id for p in consent_purposes} >= {"email_marketing", "personalisation", "cookies"}
    assert [p.id for p in consent_purposes if not p.consent_validity] == []


def test_sample_register_has_six_systems_with_one_hosted_abroad(register: Register) -> None:
    assert len(register.systems) >= 6
    assert all(s.hosting_country for s in register.systems)
    assert any(s.hosting_country != "KZ" for s in register.systems)


def test_sample_register_has_four_recipients_with_one_abroad_and_an_authority(
    register: Register,
) -> None:
    assert len(register.recipients) >= 4
    assert any(r.country != "KZ" for r in register.recipients)
    assert any(r.kind == "authority" for r in register.recipients)


def test_every_recipient_abroad_has_a_transfer_with_a_safeguard(register: Register) -> None:
    home = register.organisation.country
    transfers = {(t.activity, t.recipient) for t in register.transfers}
    recipients = {r.id: r for r in register.recipients}
    missing = [
        (activity.id, recipient_id)
        for activity in register.processing_activities
        for recipient_id in activity.recipients
        if recipients[recipient_id].country != home and (activity.id, recipient_id) not in transfers
    ]
    # the one gap is deliberate: "# planted: transfer.no_safeguard" in register.yaml
    assert missing == [("web_cookies", "clickvista")]
    assert [t.id for t in register.transfers if not t.safeguard] == []


def test_every_category_and_system_pair_in_use_has_a_retention_rule(register: Register) -> None:
    ruled = {(rule.data_category, rule.system) for rule in register.retention_rules}
    unruled = sorted(
        (activity.id, category, system)
        for activity in register.processing_activities
        for category in activity.data_categories
        for system in activity.systems
        if (category, system) not in ruled
    )
    assert unruled == []


def test_sample_register_has_cookies_in_all_four_categories(register: Register) -> None:
    assert len(register.cookies) >= 8
    assert {c.category for c in register.cookies} == set(CookieCategory)


def test_sample_register_has_three_policy_versions_one_material(register: Register) -> None:
    assert len(register.policy_versions) == 3
    assert any(v.material_change for v in register.policy_versions)


def test_current_policy_version_discloses_everything_in_use(register: Register) -> None:
    current = register.current_policy_version()
    assert current is not None
    used_purposes = {a.purpose for a in register.processing_activities}
    used_categories = {c for a in register.processing_activities for c in a.data_categories}
    # the one gap is deliberate: "# planted: policy.undisclosed_processing" in register.yaml
    assert sorted(used_purposes - set(current.purposes)) == ["support_assistant"]
    assert sorted(used_categories - set(current.data_categories)) == []


def test_sample_register_has_six_security_measures_of_both_kinds(register: Register) -> None:
    assert len(register.security_measures) >= 6
    assert {m.kind for m in register.security_measures} == {"organisational", "technical"}
