-- Record the key check value once, in the transaction of an append of $rows_appended rows: the
-- first append of a new ledger, or the next append to a ledger created before migration 010.
-- The caller established the key first. ledger_seq: the last seq before this append.
INSERT INTO ledger_key_check (check_value, recorded_at, ledger_seq)
SELECT ledger_key_check_value(), now(), coalesce(max(seq), 0) - $rows_appended
FROM consent_events
HAVING NOT EXISTS (SELECT 1 FROM ledger_key_check);
