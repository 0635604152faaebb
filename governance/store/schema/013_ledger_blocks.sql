-- Ledger layout 2: a keyed MAC per block of rows and a cheap fingerprint per row, in place of a
-- content hash and a keyed link per row (governance/store/ledger.py says why; docs/integrity.md
-- what each part protects against).
--
-- The SQL cannot move an existing ledger to the new layout: the block MACs need the pseudonym
-- key, which a migration never has. It adds what the new layout needs and leaves the old
-- columns in place; `governance.store.ledger_upgrade` verifies the old chain and re-seals it in
-- blocks the first time the key is at hand (init, load or verify), then drops the old columns.

ALTER TABLE consent_events ADD COLUMN fingerprint UBIGINT;
ALTER TABLE consent_events ALTER COLUMN content_hash DROP NOT NULL;
ALTER TABLE consent_events ALTER COLUMN link_hash DROP NOT NULL;

-- A seal binds the head of an append: its seq and the MAC of the block that ends there. That MAC
-- is kept in ledger_seals.content_hash, the column that held the head row's content hash in
-- layout 1: the column keeps its name so that `governance verify`, which runs read-only on
-- databases of every schema version, reads the seals of all of them with one query.

-- One row per block of consecutive seqs written by one append (blocks never span appends, so an
-- append never rewrites an older block). `mac` is keyed: only the key's holder can make one.
CREATE TABLE ledger_blocks (
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    rows BIGINT NOT NULL,
    mac VARCHAR NOT NULL
);

-- The canonical content of a ledger row: a compact JSON array, the instant as microseconds since
-- the Unix epoch (UTC). Anyone can rebuild it, e.g. in Python json.dumps([seq, event_id,
-- subject_key, purpose_id, action, epoch_us, policy_version, channel, evidence_ref],
-- separators=(",", ":"), ensure_ascii=False). JSON escapes every control character, so a line
-- feed separates rows unambiguously inside a block's digest.
CREATE MACRO ledger_canonical(
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref
) AS json_array(
    seq, event_id, subject_key, purpose_id, action, epoch_us(occurred_at), policy_version,
    channel, evidence_ref
)::VARCHAR;

-- A row's fingerprint: DuckDB's built-in 64-bit hash of the same values. Not a MAC and not
-- collision-resistant: it only lets `verify` name the edited row inside a block whose MAC fails,
-- and find where a moved row was written. The MAC, not the fingerprint, proves the content.
CREATE MACRO ledger_fingerprint(
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref
) AS hash(
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref
);

-- The digest of a block's rows, an aggregate: SHA-256 of their canonical contents, one per line,
-- in seq order. Used wherever a block is sealed or checked, so all compute it the same way.
CREATE MACRO ledger_block_digest(
    seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
    evidence_ref
) AS sha256(string_agg(
    ledger_canonical(
        seq, event_id, subject_key, purpose_id, action, occurred_at, policy_version, channel,
        evidence_ref
    ),
    chr(10) ORDER BY seq
));

-- A block's MAC: the secret, then a fixed-length digest of the block's seq range and of its
-- rows' canonical contents in seq order (so the keyed input is always 32 + 64 hex digits and
-- length extension yields nothing; see ledger_link_hash in 003).
CREATE MACRO ledger_block_mac(first_seq, last_seq, content_digest) AS sha256(
    ledger_secret()
    || sha256('block:' || first_seq::VARCHAR || ':' || last_seq::VARCHAR || ':' || content_digest)
);
