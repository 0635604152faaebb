-- The consent ledger's SQL vocabulary (see governance/store/ledger.py for the reasoning).
--
-- Keyed macros read the pseudonym key from the session variable `pseudonym_key`, set by
-- `bind_pseudonym_key` from GOVERNANCE_PSEUDONYM_KEY: the key is never stored in the database,
-- so a copy of the file alone can neither recompute subject keys nor forge ledger links.
-- Without the variable they raise instead of returning NULL.

-- `expr` when the key is bound, an error otherwise. A CASE around the whole expression: DuckDB
-- folds `'text' || NULL` to NULL before an error() inside it could fire, and the bound key
-- still folds to a constant, so the keyed macros cost no more than plain SHA-256.
CREATE MACRO ledger_keyed(expr) AS CASE
    WHEN getvariable('pseudonym_key') IS NULL
        THEN error('the pseudonym key is not bound: call '
                   || 'governance.store.ledger.bind_pseudonym_key(con), '
                   || 'which reads GOVERNANCE_PSEUDONYM_KEY')
    ELSE expr
END;

-- The pseudonym that stands for a subject in the ledger: a keyed SHA-256 of its id.
CREATE MACRO subject_key(subject_id) AS
    ledger_keyed(sha256(getvariable('pseudonym_key') || ':' || subject_id));

-- The secret of the links and seals, derived from the key under its own label so that it is
-- never equal to any value a subject key could reveal. 128 bits (32 hex digits) are plenty for
-- a MAC key, and keep a link's input at three SHA-256 blocks instead of four.
CREATE MACRO ledger_secret() AS ledger_keyed(
    left(sha256('governance consent ledger link v1:' || getvariable('pseudonym_key')), 32)
);

-- What the first row links to.
CREATE MACRO ledger_genesis() AS repeat('0', 64);

-- The canonical content of a ledger row: a compact JSON array, timestamps as UTC ISO-8601 with
-- microseconds, so anyone can recompute it (Python: json.dumps(values, separators=(',', ':'),
-- ensure_ascii=False)). No key: the content hash only detects edits; the keyed link protects it.
CREATE MACRO ledger_content_hash(
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref
) AS sha256(json_array(
    seq, event_id, subject_key, purpose_id, action,
    strftime(make_timestamp(epoch_us(occurred_at)), '%Y-%m-%dT%H:%M:%S.%fZ'),
    policy_version, channel, evidence_ref
)::VARCHAR);

-- A row's link binds its content hash to its predecessor's under the secret. Both inputs are
-- 64 hex digits, so the secret-prefix construction has no length-extension weakness here.
CREATE MACRO ledger_link_hash(content_hash, previous_hash) AS
    sha256(ledger_secret() || content_hash || previous_hash);

-- A seal binds the last row of an append to the secret: it makes cutting rows off the end
-- detectable, and tells a wrong key apart from tampering. The inner hash keeps the keyed input
-- at a fixed length, as for the links.
CREATE MACRO ledger_seal_hash(seq, content_hash) AS
    sha256(ledger_secret() || sha256('seal:' || seq::VARCHAR || ':' || content_hash));

-- One row per `append_consent_events` call that appended rows: the ledger's head after it.
CREATE TABLE ledger_seals (
    seq BIGINT NOT NULL,
    event_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    rows_appended BIGINT NOT NULL,
    load_id BIGINT,
    sealed_at TIMESTAMPTZ NOT NULL,
    seal_hash VARCHAR NOT NULL
);

-- Subject keys whose mapping `erase_subject` removed: their ledger rows are kept as evidence,
-- and `governance verify` can tell an erased subject from a mapping lost some other way.
-- Holds no identity: the key is already in consent_events.
CREATE TABLE subject_erasures (
    subject_key VARCHAR NOT NULL,
    erased_at TIMESTAMPTZ NOT NULL
);

-- Consent state of every (subject_key, purpose_id) at `as_of`: the latest event at or before it;
-- at the same instant a withdraw wins over a grant, then the higher seq (docs/checks.md).
CREATE MACRO consent_state(as_of) AS TABLE
    SELECT
        subject_key,
        purpose_id,
        action,
        occurred_at,
        seq,
        event_id,
        policy_version,
        action = 'grant' AS valid
    FROM consent_events
    WHERE occurred_at <= as_of
    QUALIFY row_number() OVER (
        PARTITION BY subject_key, purpose_id
        ORDER BY occurred_at DESC, action = 'withdraw' DESC, seq DESC
    ) = 1;

-- The same with the subject's id for analysts; subject_id is NULL once the subject is erased.
CREATE MACRO consent_state_by_subject(as_of) AS TABLE
    SELECT keys.subject_id, state.*
    FROM consent_state(as_of) AS state
    LEFT JOIN subject_keys AS keys ON keys.subject_key = state.subject_key;
