-- The new consent events in the shape governance/store/ledger.py appends
-- (append_consent_events): it computes subject_key, seq (in load_id, source_line order) and the
-- hash chain itself.
CREATE OR REPLACE TEMP TABLE ingest_ledger_rows AS
SELECT {% for c in kind.columns %}{{ c.name | ident }}, {% endfor %}extra,
       CAST($load_id AS BIGINT) AS load_id, line AS source_line
FROM ingest_new
