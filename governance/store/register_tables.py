"""Turn a `Register` into the rows of the register tables (schema/001_register.sql).

Translatable text (`register.text.Text`) fills two columns: the English text in the plain
column every query reads, and all its languages in the `_i18n` JSON twin (schema/012).

The register is small (hundreds of entries, not millions of events), so it is
flattened in Python; everything that reads it afterwards is SQL.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from governance.cookies.patterns import domain_key, literal_length, name_regex
from governance.register.models import Register
from governance.register.text import Text

Rows = list[dict[str, object]]


def register_rows(register: Register) -> dict[str, Rows]:
    """Rows for every register table, keyed by table name."""
    org = register.organisation
    responsible, dpo, contact = org.responsible_person, org.dpo, org.contact
    tables: dict[str, Rows] = {
        "organisation": [
            {
                "name": org.name,
                "bin": org.bin,
                "country": org.country,
                "address": org.address,
                "website": org.website,
                "responsible_name": responsible.name if responsible else None,
                "responsible_role": responsible.role if responsible else None,
                "responsible_email": responsible.email if responsible else None,
                "responsible_phone": responsible.phone if responsible else None,
                "dpo_name": dpo.name if dpo else None,
                "dpo_email": dpo.email if dpo else None,
                "dpo_phone": dpo.phone if dpo else None,
                "contact_email": contact.email if contact else None,
                "contact_phone": contact.phone if contact else None,
                "contact_address": contact.address if contact else None,
                "contact_web_form": contact.web_form if contact else None,
                "security_policy": org.security_policy,
            }
        ],
        "subject_types": [
            {
                "subject_type_id": s.id,
                **_text("name", s.name),
                "fides_key": s.fides_key,
                **_text("description", s.description),
            }
            for s in register.subject_types
        ],
        "data_categories": [
            {
                "category_id": c.id,
                **_text("name", c.name),
                "fides_key": c.fides_key,
                **_text("description", c.description),
                "special": c.special,
            }
            for c in register.data_categories
        ],
        "legal_bases": [
            {
                "legal_basis_id": b.id,
                **_text("name", b.name),
                "consent_based": b.consent_based,
                "legal_obligation": b.legal_obligation,
                **_text("kz_reference", b.kz_reference),
                "gdpr_reference": b.gdpr_reference,
            }
            for b in register.legal_bases
        ],
        "purposes": [
            {
                "purpose_id": p.id,
                **_text("name", p.name),
                "fides_key": p.fides_key,
                **_text("description", p.description),
                "legal_basis_id": p.legal_basis,
                **_text("consent_validity", p.consent_validity),
            }
            for p in register.purposes
        ],
        "purpose_categories": _links(
            ((p.id, c) for p in register.purposes for c in p.data_categories),
            "purpose_id",
            "category_id",
        ),
        "systems": [
            {
                "system_id": s.id,
                **_text("name", s.name),
                "hosting_country": s.hosting_country,
                "owner": s.owner,
                **_text("description", s.description),
            }
            for s in register.systems
        ],
        "recipients": [
            {
                "recipient_id": r.id,
                **_text("name", r.name),
                "kind": str(r.kind),
                "country": r.country,
                **_text("description", r.description),
            }
            for r in register.recipients
        ],
        "processing_activities": [
            {
                "activity_id": a.id,
                **_text("name", a.name),
                "purpose_id": a.purpose,
                "legal_basis_id": a.legal_basis,
                **_text("description", a.description),
            }
            for a in register.processing_activities
        ],
        "transfers": [
            {
                "transfer_id": t.id,
                "activity_id": t.activity,
                "recipient_id": t.recipient,
                "destination_country": t.destination_country,
                **_text("safeguard", t.safeguard),
            }
            for t in register.transfers
        ],
        "retention_rules": [
            {
                "rule_id": r.id,
                "category_id": r.data_category,
                "system_id": r.system,
                "period_days": r.period_days,
                "start_event": str(r.start_event),
                "action": str(r.action),
                "grace_days": r.grace_days,
                **_text("legal_reference", r.legal_reference),
                "legal_basis_id": r.legal_basis,
            }
            for r in register.retention_rules
        ],
        "cookies": [
            {
                "cookie_name": c.name,
                "domain": c.domain,
                "category": str(c.category),
                "lifetime_days": c.lifetime_days,
                "provider": c.provider,
                **_text("purpose", c.purpose),
                "name_regex": name_regex(c.name),
                "name_literal_length": literal_length(c.name),
                "domain_key": domain_key(c.domain),
                "records_consent": c.records_consent,
            }
            for c in register.cookies
        ],
        "policy_versions": [
            {
                "version": v.version,
                "published_at": v.published_at,
                "material_change": v.material_change,
                **_text("summary", v.summary),
            }
            for v in register.policy_versions
        ],
        "policy_version_purposes": _links(
            ((v.version, p) for v in register.policy_versions for p in v.purposes),
            "version",
            "purpose_id",
        ),
        "policy_version_categories": _links(
            ((v.version, c) for v in register.policy_versions for c in v.data_categories),
            "version",
            "category_id",
        ),
        "security_measures": [
            {
                "measure_id": m.id,
                **_text("name", m.name),
                "kind": str(m.kind),
                "owner": m.owner,
                "last_review": m.last_review,
                "review_interval_days": m.review_interval_days,
                "status": str(m.status),
                **_text("description", m.description),
            }
            for m in register.security_measures
        ],
    }
    activity_links = {
        "activity_categories": ("data_categories", "category_id"),
        "activity_subject_types": ("subject_types", "subject_type_id"),
        "activity_systems": ("systems", "system_id"),
        "activity_recipients": ("recipients", "recipient_id"),
        "activity_retention_rules": ("retention_rules", "rule_id"),
        "activity_security_measures": ("security_measures", "measure_id"),
    }
    for table, (field_name, column) in activity_links.items():
        tables[table] = _links(
            ((a.id, ref) for a in register.processing_activities for ref in getattr(a, field_name)),
            "activity_id",
            column,
        )
    return tables


def replace_register_tables(con: duckdb.DuckDBPyConnection, register: Register) -> dict[str, int]:
    """Replace the rows of every register table; returns rows written per table.

    The caller owns the transaction, so a failure leaves the old register whole.
    """
    counts = {}
    for table, rows in register_rows(register).items():
        con.execute(f"DELETE FROM {table}")
        if rows:
            # re-registering the name replaces the previous table's frame
            con.register("register_rows_frame", pd.DataFrame(rows))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM register_rows_frame")
        counts[table] = len(rows)
    con.unregister("register_rows_frame")
    return counts


def _text(column: str, value: Text | None) -> dict[str, object]:
    """`column` as plain English text and `<column>_i18n` as every language's text (JSON, or
    NULL for English only; schema/012_register_translations.sql)."""
    if value is None:
        return {column: None, f"{column}_i18n": None}
    return {column: str(value), f"{column}_i18n": value.translations_json()}


def _links(pairs: Iterable[tuple[str, str]], left: str, right: str) -> Rows:
    return [{left: a, right: b} for a, b in dict.fromkeys(pairs)]
