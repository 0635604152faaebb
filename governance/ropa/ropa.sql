-- The record of processing activities: one row per activity, GDPR Art. 30(1)(a)-(g),
-- plus what Law 94-V Art. 8 asks a consent to state (validity, third-party transfer,
-- cross-border transfer). Lists are joined into readable text, sorted for stable output; the
-- fixed English words here ("not stated", "yes: ") are translated by export.py.
-- A gap in the register is shown as a gap, never left out or guessed: a missing legal basis is
-- "not stated" (and so is whether a consent is needed), a missing country "not stated".
WITH
org AS (SELECT * FROM organisation LIMIT 1),
subjects AS (
    SELECT a.activity_id, string_agg(s.name, '; ' ORDER BY s.name) AS text
    FROM activity_subject_types a JOIN subject_types s USING (subject_type_id)
    GROUP BY a.activity_id
),
categories AS (
    SELECT a.activity_id, string_agg(c.name, '; ' ORDER BY c.name) AS text
    FROM activity_categories a JOIN data_categories c USING (category_id)
    GROUP BY a.activity_id
),
held_in AS (
    SELECT a.activity_id,
           string_agg(s.name || ' (' || coalesce(s.hosting_country, 'hosting country not stated') || ')',
                      '; ' ORDER BY s.name) AS text
    FROM activity_systems a JOIN systems s USING (system_id)
    GROUP BY a.activity_id
),
recipients_of AS (
    SELECT a.activity_id,
           string_agg(r.name || ' (' || replace(r.kind, '_', ' ') || ', '
                      || coalesce(r.country, 'country not stated') || ')',
                      '; ' ORDER BY r.name) AS text,
           string_agg(r.name, '; ' ORDER BY r.name) FILTER (WHERE r.kind = 'third_party') AS third_parties
    FROM activity_recipients a JOIN recipients r USING (recipient_id)
    GROUP BY a.activity_id
),
transfers_of AS (
    SELECT t.activity_id,
           string_agg(r.name || ' -> ' || coalesce(t.destination_country, 'country not stated') || ': '
                      || coalesce(t.safeguard, 'NO SAFEGUARD RECORDED'), '; ' ORDER BY r.name) AS text,
           string_agg(DISTINCT t.destination_country, ', ' ORDER BY t.destination_country) AS countries
    FROM transfers t JOIN recipients r USING (recipient_id)
    GROUP BY t.activity_id
),
-- each rule as its fields, unit-separated (chr 31), rules record-separated (chr 30): export.py
-- writes them as a sentence in the reader's language
retention_of AS (
    SELECT a.activity_id,
           string_agg(concat_ws(chr(31), c.name, s.name, r.period_days, r.start_event, r.action,
                                r.grace_days),
                      chr(30) ORDER BY c.name, s.name) AS text
    FROM activity_retention_rules a
    JOIN retention_rules r USING (rule_id)
    JOIN data_categories c ON c.category_id = r.category_id
    JOIN systems s ON s.system_id = r.system_id
    GROUP BY a.activity_id
),
measures_of AS (
    SELECT a.activity_id, string_agg(m.name, '; ' ORDER BY m.name) AS text
    FROM activity_security_measures a JOIN security_measures m USING (measure_id)
    GROUP BY a.activity_id
)
SELECT
    pa.activity_id,
    pa.name AS activity,
    org.name || coalesce(', BIN ' || org.bin, '') || coalesce(', ' || org.address, '') AS controller,
    coalesce(org.responsible_name || coalesce(' (' || org.responsible_email || ')', ''), '') AS responsible_person,
    coalesce(org.dpo_name || coalesce(' (' || org.dpo_email || ')', ''), '') AS data_protection_officer,
    p.name AS purpose,
    coalesce(lb.name, 'not stated') AS legal_basis,
    coalesce(subjects.text, '') AS data_subject_categories,
    coalesce(categories.text, '') AS personal_data_categories,
    coalesce(recipients_of.text, '') AS recipients,
    coalesce(transfers_of.text, '') AS third_country_transfers,
    coalesce(retention_of.text, '') AS retention_periods,
    coalesce(measures_of.text, '') AS security_measures,
    coalesce(held_in.text, '') AS systems,
    CASE WHEN lb.legal_basis_id IS NULL THEN 'not stated (no legal basis)'
         WHEN lb.consent_based THEN coalesce(p.consent_validity, 'not declared')
         ELSE 'not consent-based' END AS consent_validity,
    CASE WHEN recipients_of.third_parties IS NULL THEN 'no'
         ELSE 'yes: ' || recipients_of.third_parties END AS third_party_transfer,
    CASE WHEN transfers_of.countries IS NULL THEN 'no'
         ELSE 'yes: ' || transfers_of.countries END AS cross_border_transfer
FROM processing_activities pa
CROSS JOIN org
JOIN purposes p ON p.purpose_id = pa.purpose_id
LEFT JOIN legal_bases lb ON lb.legal_basis_id = coalesce(pa.legal_basis_id, p.legal_basis_id)
LEFT JOIN subjects USING (activity_id)
LEFT JOIN categories USING (activity_id)
LEFT JOIN held_in USING (activity_id)
LEFT JOIN recipients_of USING (activity_id)
LEFT JOIN transfers_of USING (activity_id)
LEFT JOIN retention_of USING (activity_id)
LEFT JOIN measures_of USING (activity_id)
ORDER BY pa.activity_id
