-- The consent ledger's key check value, and the erasure log (governance/store/pseudonym_key.py,
-- governance/store/erasure.py; docs/integrity.md).

-- A keyed value of the pseudonym key itself, derived under its own label (never equal to the
-- link secret or to any subject key). Stored once, by the first append: it lets `governance
-- verify` tell a wrong key (exit 4) from forged seals and links (exit 8). It reveals no more about
-- the key than a seal or a subject key mapping already does.
CREATE MACRO ledger_key_check_value() AS ledger_keyed(
    sha256('governance consent ledger key check v1:' || getvariable('pseudonym_key'))
);

-- One row, written by the append that finds none: the first append of a new ledger, or the next
-- append to a ledger created before this migration (which a migration cannot compute: it runs
-- without the key). `ledger_seq` is the ledger's last seq when it was recorded (0: a new ledger).
CREATE TABLE ledger_key_check (
    check_value VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    ledger_seq BIGINT NOT NULL
);

-- subject_erasures becomes the erasure log: which request asked, what was removed per table and
-- what the ledger kept, so that `governance verify` can hold the ledger to it. Rows written
-- before this migration keep NULL here (they recorded only the key and the time).
ALTER TABLE subject_erasures ADD COLUMN request_id VARCHAR;
ALTER TABLE subject_erasures ADD COLUMN subjects_deleted BIGINT;
ALTER TABLE subject_erasures ADD COLUMN subject_keys_deleted BIGINT;
ALTER TABLE subject_erasures ADD COLUMN quarantine_redacted BIGINT;
ALTER TABLE subject_erasures ADD COLUMN ledger_rows_kept BIGINT;
ALTER TABLE subject_erasures ADD COLUMN ledger_head_seq BIGINT;
