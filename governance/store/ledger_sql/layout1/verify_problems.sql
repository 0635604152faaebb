-- Pass 2 of the ledger verification: name what is wrong, one row per problem, from the suspects
-- of pass 1 (small) and the seals. A broken link is reported only when nothing else on the row
-- or its predecessor explains it (an edited, moved, missing or duplicated row breaks its
-- neighbours' links too).
WITH suspects AS (
    SELECT * FROM ledger_suspects
),
seals AS (
    SELECT
        seal.seq,
        seal.event_id,
        seal.seal_hash = ledger_seal_hash(seal.seq, seal.content_hash) AS verifies,
        (
            SELECT bool_and(events.content_hash = seal.content_hash)
            FROM consent_events AS events
            WHERE events.seq = seal.seq
        ) AS matches_row
    FROM ledger_seals AS seal
),
head AS (
    SELECT
        coalesce((SELECT max(seq) FROM consent_events), 0) AS last_seq,
        (SELECT max(seq) FROM seals WHERE verifies) AS sealed_seq,
        (SELECT arg_max(event_id, seq) FROM seals WHERE verifies) AS sealed_event_id
),
-- Rows whose content no longer matches its hash: do they match at another seq, i.e. were they
-- moved? Candidates are the seqs of the other such rows and the missing seqs (in gaps and at
-- the end); tried only when both lists are short, so a wholesale rewrite costs no quadratic work.
bad_rows AS (
    SELECT suspects.row_id, events.*
    FROM suspects
    JOIN consent_events AS events ON events.rowid = suspects.row_id
    WHERE suspects.bad_content AND suspects.seq IS NOT NULL
),
candidate_seqs AS (
    SELECT seq FROM bad_rows
    UNION
    SELECT unnest(range(coalesce(prev_seq, 0) + 1, seq)) AS seq
    FROM suspects
    WHERE gap_before AND seq - coalesce(prev_seq, 0) <= 1001
    UNION
    SELECT unnest(range(last_seq + 1, sealed_seq + 1)) AS seq
    FROM head
    WHERE sealed_seq - last_seq BETWEEN 1 AND 1000
),
small_enough AS (
    SELECT (SELECT count(*) FROM bad_rows) <= 1000
        AND (SELECT count(*) FROM candidate_seqs) <= 1000 AS ok
),
moved AS (
    SELECT bad_rows.row_id, min(candidate_seqs.seq) AS written_seq
    FROM bad_rows
    CROSS JOIN candidate_seqs
    CROSS JOIN small_enough
    WHERE small_enough.ok
        AND candidate_seqs.seq <> bad_rows.seq
        AND bad_rows.content_hash = ledger_content_hash(
            candidate_seqs.seq, bad_rows.event_id, bad_rows.subject_key, bad_rows.purpose_id,
            bad_rows.action, bad_rows.occurred_at, bad_rows.policy_version, bad_rows.channel,
            bad_rows.evidence_ref
        )
    GROUP BY bad_rows.row_id
),
-- Broken links nothing else explains: rows rewritten together with their content hash, or
-- link hashes edited. Consecutive broken links form a run; a rewritten row breaks two links
-- (its own and its successor's), so the run's 1st, 3rd, 5th... rows are the ones named.
unexplained AS (
    SELECT *, pos - row_number() OVER (ORDER BY pos) AS run_id
    FROM suspects
    WHERE bad_link
        AND NOT (bad_content OR prev_bad_content OR no_seq OR duplicated OR prev_duplicated
                 OR gap_before)
),
runs AS (
    SELECT
        *,
        pos - min(pos) OVER (PARTITION BY run_id) AS offset_in_run,
        lead(pos) OVER (PARTITION BY run_id ORDER BY pos) IS NOT NULL AS next_link_broken
    FROM unexplained
),
gaps AS (
    SELECT
        *,
        coalesce(prev_seq, 0) + 1 AS first_missing,
        seq - coalesce(prev_seq, 0) - 1 AS missing
    FROM suspects
    WHERE gap_before
),
problems AS (
    SELECT NULL::BIGINT AS seq, event_id, 'inserted' AS kind,
        'inserted: the row has no seq' AS message
    FROM suspects
    WHERE no_seq

    UNION ALL
    SELECT seq, event_id, 'duplicated',
        format('duplicated: seq {} is held by more than one row', seq)
    FROM suspects
    WHERE duplicated

    UNION ALL
    SELECT first_missing, NULL, 'deleted',
        'deleted: '
        || CASE WHEN missing = 1
            THEN format('seq {} is missing (', first_missing)
            ELSE format('seqs {}-{} are missing ({} rows, ', first_missing, seq - 1, missing)
           END
        || CASE WHEN prev_seq IS NULL
            THEN format('before event {})', event_id)
            ELSE format('between event {} and {})', prev_event_id, event_id)
           END
    FROM gaps

    UNION ALL
    SELECT suspects.seq, suspects.event_id,
        CASE WHEN moved.written_seq IS NULL THEN 'edited' ELSE 'reordered' END,
        CASE WHEN moved.written_seq IS NULL
            THEN 'edited: content does not match its hash'
            ELSE format('reordered: written at seq {}, found at seq {}', moved.written_seq,
                        suspects.seq)
        END
    FROM suspects
    LEFT JOIN moved USING (row_id)
    WHERE suspects.bad_content AND NOT suspects.no_seq

    UNION ALL
    SELECT seq, event_id,
        CASE WHEN next_link_broken THEN 'rewritten' ELSE 'link' END,
        CASE WHEN next_link_broken
            THEN format('rewritten: changed together with its content hash, or moved; the links '
                        || 'to its predecessor and from seq {} (event {}) are broken',
                        next_seq, next_event_id)
            ELSE 'link broken: the row does not follow '
                || CASE WHEN prev_seq IS NULL THEN 'the genesis value'
                        ELSE format('seq {} (event {})', prev_seq, prev_event_id) END
                || ' as written (its link hash was edited, or it was rewritten with a '
                || 'recomputed content hash)'
        END
    FROM runs
    WHERE offset_in_run % 2 = 0

    UNION ALL
    SELECT seq, event_id, 'seal',
        format('seal forged: the seal of seq {} does not verify with this key', seq)
    FROM seals
    WHERE NOT verifies

    UNION ALL
    SELECT seq, event_id, 'seal',
        format('edited: seq {} no longer holds the content hash it was sealed with', seq)
    FROM seals
    WHERE verifies AND NOT matches_row

    UNION ALL
    SELECT last_seq + 1, NULL, 'deleted',
        'deleted: '
        || CASE WHEN sealed_seq = last_seq + 1
            THEN format('seq {} is missing', sealed_seq)
            ELSE format('seqs {}-{} are missing', last_seq + 1, sealed_seq)
           END
        || format(' at the end (the ledger was sealed at seq {}, event {})', sealed_seq,
                  sealed_event_id)
    FROM head
    WHERE sealed_seq > last_seq

    UNION ALL
    SELECT coalesce(sealed_seq, 0) + 1, NULL, 'unsealed',
        'unsealed: '
        || CASE WHEN last_seq = coalesce(sealed_seq, 0) + 1
            THEN format('seq {} was', last_seq)
            ELSE format('seqs {}-{} were', coalesce(sealed_seq, 0) + 1, last_seq)
           END
        || ' not appended by the ledger '
        || CASE WHEN sealed_seq IS NULL THEN '(no seal verifies)'
                ELSE format('(the last seal is at seq {})', sealed_seq) END
    FROM head
    WHERE last_seq > coalesce(sealed_seq, 0)
)
-- The first $limit problems and how many there are in all: a wholesale rewrite must not turn
-- into millions of Python objects.
SELECT seq, event_id, kind, message, count(*) OVER () AS total
FROM problems
ORDER BY seq NULLS LAST, event_id NULLS FIRST, kind, message
LIMIT $limit;
