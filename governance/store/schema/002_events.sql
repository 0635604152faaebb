-- Event tables: the evidence, loaded from the event files of DESIGN.md ("Event files").
-- Every row keeps where it came from (load_id -> load_log, source_line) and the columns its file
-- had beyond the contract (extra, a JSON object), so nothing a file said is lost.
-- Timestamps are TIMESTAMPTZ; a value without an offset was read as UTC.
-- Keys are enforced by the loader (in SQL, per file) rather than by PRIMARY KEY constraints:
-- index maintenance would halve the load rate at 10 M rows and the loader must de-duplicate anyway.

CREATE SEQUENCE load_id_seq START 1;

-- One row per file load attempt that changed something or was refused as already loaded.
CREATE TABLE load_log (
    load_id BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_updated BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    package_version VARCHAR NOT NULL
);

-- Bad rows, one row per problem (a row with two bad values has two entries); `raw_row` holds the
-- whole row as read, so it can be fixed and reloaded.
CREATE TABLE quarantine (
    load_id BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    line BIGINT NOT NULL,
    column_name VARCHAR,
    raw_value VARCHAR,
    reason VARCHAR NOT NULL,
    raw_row JSON NOT NULL
);

-- Identity lives here and only here; erasing a subject deletes its row and its key mapping.
CREATE TABLE subjects (
    subject_id VARCHAR,
    subject_type VARCHAR NOT NULL,
    country VARCHAR,
    created_at TIMESTAMPTZ NOT NULL,
    birth_date DATE,
    full_name VARCHAR,
    email VARCHAR,
    phone VARCHAR,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

-- subject_id -> the keyed hash used in the consent ledger. Deleted on erasure: the ledger keeps
-- its evidence without keeping the person.
CREATE TABLE subject_keys (
    subject_id VARCHAR,
    subject_key VARCHAR NOT NULL
);

-- The consent ledger: append-only, ordered by seq, each row's link_hash bound to its
-- predecessor (see governance/store/ledger). No subject_id column, on purpose.
CREATE TABLE consent_events (
    seq BIGINT,
    event_id VARCHAR NOT NULL,
    subject_key VARCHAR NOT NULL,
    purpose_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    policy_version VARCHAR,
    channel VARCHAR,
    evidence_ref VARCHAR,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL,
    link_hash VARCHAR NOT NULL
);

CREATE TABLE policy_acceptances (
    subject_id VARCHAR NOT NULL,
    policy_version VARCHAR NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL,
    channel VARCHAR,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE processing_log (
    event_id VARCHAR,
    subject_id VARCHAR NOT NULL,
    purpose_id VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    data_category VARCHAR,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE dsr_requests (
    request_id VARCHAR,
    subject_id VARCHAR NOT NULL,
    request_type VARCHAR NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL,
    completed_at TIMESTAMPTZ,
    extended_at TIMESTAMPTZ,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE disclosures (
    disclosure_id VARCHAR,
    subject_id VARCHAR NOT NULL,
    recipient_id VARCHAR NOT NULL,
    purpose_id VARCHAR NOT NULL,
    disclosed_at TIMESTAMPTZ NOT NULL,
    legal_basis VARCHAR,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE employees (
    employee_id VARCHAR,
    department VARCHAR NOT NULL,
    active_from TIMESTAMPTZ NOT NULL,
    active_to TIMESTAMPTZ,
    confidentiality_signed_at TIMESTAMPTZ,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE access_grants (
    grant_id VARCHAR,
    employee_id VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,
    granted_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    approved_by VARCHAR,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE access_log (
    event_id VARCHAR,
    employee_id VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,
    subject_id VARCHAR,
    occurred_at TIMESTAMPTZ NOT NULL,
    action VARCHAR NOT NULL,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE data_inventory (
    record_id VARCHAR,
    system_id VARCHAR NOT NULL,
    subject_id VARCHAR NOT NULL,
    data_category VARCHAR NOT NULL,
    collected_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE cookie_consents (
    event_id VARCHAR,
    visitor_id VARCHAR NOT NULL,
    cookie_category VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    gpc BOOLEAN,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE cookie_observations (
    observed_at TIMESTAMPTZ NOT NULL,
    cookie_name VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,
    page_url VARCHAR NOT NULL,
    set_before_consent BOOLEAN NOT NULL,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);

CREATE TABLE incidents (
    incident_id VARCHAR,
    detected_at TIMESTAMPTZ NOT NULL,
    subjects_affected INTEGER NOT NULL,
    data_categories VARCHAR,
    severity VARCHAR NOT NULL,
    notified_authority_at TIMESTAMPTZ,
    notified_subjects_at TIMESTAMPTZ,
    extra JSON,
    load_id BIGINT NOT NULL,
    source_line BIGINT NOT NULL
);
