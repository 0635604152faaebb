-- Register tables: the declared facts of register.yaml, one table per section and one per list
-- field (an activity's systems, a policy version's purposes...). `governance init` replaces their
-- rows as a whole, in one transaction, whenever the register changes.

CREATE TABLE organisation (
    name VARCHAR NOT NULL,
    bin VARCHAR,
    country VARCHAR NOT NULL,
    address VARCHAR,
    website VARCHAR,
    responsible_name VARCHAR,
    responsible_role VARCHAR,
    responsible_email VARCHAR,
    responsible_phone VARCHAR,
    dpo_name VARCHAR,
    dpo_email VARCHAR,
    dpo_phone VARCHAR,
    contact_email VARCHAR,
    contact_phone VARCHAR,
    contact_address VARCHAR,
    contact_web_form VARCHAR,
    security_policy VARCHAR
);

CREATE TABLE subject_types (
    subject_type_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    fides_key VARCHAR NOT NULL,
    description VARCHAR
);

CREATE TABLE data_categories (
    category_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    fides_key VARCHAR NOT NULL,
    description VARCHAR,
    special BOOLEAN NOT NULL
);

CREATE TABLE legal_bases (
    legal_basis_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    consent_based BOOLEAN NOT NULL,
    kz_reference VARCHAR,
    gdpr_reference VARCHAR
);

CREATE TABLE purposes (
    purpose_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    fides_key VARCHAR NOT NULL,
    description VARCHAR,
    legal_basis_id VARCHAR,
    consent_validity VARCHAR
);

CREATE TABLE purpose_categories (
    purpose_id VARCHAR NOT NULL,
    category_id VARCHAR NOT NULL,
    PRIMARY KEY (purpose_id, category_id)
);

CREATE TABLE systems (
    system_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    hosting_country VARCHAR,
    owner VARCHAR,
    description VARCHAR
);

CREATE TABLE recipients (
    recipient_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    description VARCHAR
);

CREATE TABLE processing_activities (
    activity_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    purpose_id VARCHAR NOT NULL,
    legal_basis_id VARCHAR,
    description VARCHAR
);

CREATE TABLE activity_categories (activity_id VARCHAR NOT NULL, category_id VARCHAR NOT NULL);
CREATE TABLE activity_subject_types (activity_id VARCHAR NOT NULL, subject_type_id VARCHAR NOT NULL);
CREATE TABLE activity_systems (activity_id VARCHAR NOT NULL, system_id VARCHAR NOT NULL);
CREATE TABLE activity_recipients (activity_id VARCHAR NOT NULL, recipient_id VARCHAR NOT NULL);
CREATE TABLE activity_retention_rules (activity_id VARCHAR NOT NULL, rule_id VARCHAR NOT NULL);
CREATE TABLE activity_security_measures (activity_id VARCHAR NOT NULL, measure_id VARCHAR NOT NULL);

CREATE TABLE transfers (
    transfer_id VARCHAR PRIMARY KEY,
    activity_id VARCHAR NOT NULL,
    recipient_id VARCHAR NOT NULL,
    destination_country VARCHAR NOT NULL,
    safeguard VARCHAR
);

CREATE TABLE retention_rules (
    rule_id VARCHAR PRIMARY KEY,
    category_id VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,
    period_days INTEGER NOT NULL,
    start_event VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    grace_days INTEGER NOT NULL,
    legal_reference VARCHAR
);

CREATE TABLE cookies (
    cookie_name VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    lifetime_days INTEGER NOT NULL,
    provider VARCHAR,
    purpose VARCHAR,
    PRIMARY KEY (cookie_name, domain)
);

CREATE TABLE policy_versions (
    version VARCHAR PRIMARY KEY,
    published_at DATE NOT NULL,
    material_change BOOLEAN NOT NULL,
    summary VARCHAR
);

CREATE TABLE policy_version_purposes (version VARCHAR NOT NULL, purpose_id VARCHAR NOT NULL);
CREATE TABLE policy_version_categories (version VARCHAR NOT NULL, category_id VARCHAR NOT NULL);

CREATE TABLE security_measures (
    measure_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    last_review DATE NOT NULL,
    review_interval_days INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    description VARCHAR
);

-- What the database was built from: one row, rewritten by every `governance init`.
CREATE TABLE register_source (
    source VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    package_version VARCHAR NOT NULL
);
