-- Pass 2 of the ledger verification: name what is wrong, one row per problem, from the suspect
-- rows and blocks of pass 1 (small) and the seals. A block whose MAC fails is reported only when
-- nothing inside it explains it (an edited, moved, missing or duplicated row fails its block too):
-- then a row was rewritten together with its fingerprint, which the fingerprints cannot name,
-- or the MAC itself was edited.
WITH suspects AS (
    SELECT * FROM ledger_suspects
),
bad_blocks AS (
    SELECT * FROM ledger_bad_blocks WHERE finding = 'block'
),
uncovered AS (
    SELECT * FROM ledger_bad_blocks WHERE finding = 'uncovered'
),
seals AS (
    SELECT
        seal.seq,
        seal.event_id,
        seal.seal_hash = ledger_seal_hash(seal.seq, seal.content_hash) AS verifies,
        EXISTS (
            SELECT 1
            FROM ledger_blocks AS blocks
            WHERE blocks.last_seq = seal.seq AND blocks.mac = seal.content_hash
        ) AS matches_block
    FROM ledger_seals AS seal
),
head AS (
    SELECT
        coalesce((SELECT max(seq) FROM consent_events), 0) AS last_seq,
        (SELECT max(seq) FROM seals WHERE verifies) AS sealed_seq,
        (SELECT arg_max(event_id, seq) FROM seals WHERE verifies) AS sealed_event_id
),
-- Rows whose fingerprint no longer matches: do they match at another seq, i.e. were they moved?
-- Candidates are the seqs of the other such rows and the missing seqs (in gaps and at the end);
-- tried only when both lists are short, so a wholesale rewrite costs no quadratic work.
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
        AND bad_rows.fingerprint = ledger_fingerprint(
            candidate_seqs.seq, bad_rows.event_id, bad_rows.subject_key, bad_rows.purpose_id,
            bad_rows.action, bad_rows.occurred_at, bad_rows.policy_version, bad_rows.channel,
            bad_rows.evidence_ref
        )
    GROUP BY bad_rows.row_id
),
gaps AS (
    SELECT
        *,
        coalesce(prev_seq, 0) + 1 AS first_missing,
        seq - coalesce(prev_seq, 0) - 1 AS missing
    FROM suspects
    WHERE gap_before
),
-- Failing blocks that a named row, a gap or the cut-off end does not explain.
unexplained_blocks AS (
    SELECT bad_blocks.*
    FROM bad_blocks
    WHERE NOT EXISTS (
            SELECT 1 FROM suspects
            WHERE suspects.seq BETWEEN bad_blocks.first_seq AND bad_blocks.last_seq
                AND (suspects.bad_content OR suspects.duplicated)
        )
        AND NOT EXISTS (
            SELECT 1 FROM gaps
            WHERE gaps.first_missing <= bad_blocks.last_seq
                AND gaps.seq - 1 >= bad_blocks.first_seq
        )
        AND bad_blocks.last_seq <= (SELECT last_seq FROM head)
),
problems AS (
    SELECT NULL::BIGINT AS seq, event_id, 'inserted' AS kind,
        'inserted: the row has no seq' AS message, NULL::BIGINT AS through_seq
    FROM suspects
    WHERE no_seq

    UNION ALL
    SELECT seq, event_id, 'duplicated',
        format('duplicated: seq {} is held by more than one row', seq), NULL
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
           END, NULL
    FROM gaps

    UNION ALL
    SELECT suspects.seq, suspects.event_id,
        CASE WHEN moved.written_seq IS NULL THEN 'edited' ELSE 'reordered' END,
        CASE WHEN moved.written_seq IS NULL
            THEN 'edited: content does not match its fingerprint'
            ELSE format('reordered: written at seq {}, found at seq {}', moved.written_seq,
                        suspects.seq)
        END, NULL
    FROM suspects
    LEFT JOIN moved USING (row_id)
    WHERE suspects.bad_content AND NOT suspects.no_seq

    UNION ALL
    SELECT first_seq, NULL, 'block',
        format('rewritten: the MAC of the block of seqs {}-{} does not verify, although every '
               || 'row matches its fingerprint: a row was changed together with its '
               || 'fingerprint, or the MAC was edited', first_seq, last_seq), last_seq
    FROM unexplained_blocks

    UNION ALL
    SELECT first_seq, NULL, 'unblocked',
        CASE WHEN first_seq = last_seq
            THEN format('unsealed: seq {} is in no MAC block', first_seq)
            ELSE format('unsealed: seqs {}-{} are in no MAC block', first_seq, last_seq)
        END
        || ' (not appended by the ledger, or its block was deleted)', last_seq
    FROM uncovered
    WHERE first_seq <= coalesce((SELECT sealed_seq FROM head), 0)

    UNION ALL
    SELECT seq, event_id, 'seal',
        format('seal forged: the seal of seq {} does not verify with this key', seq), NULL
    FROM seals
    WHERE NOT verifies

    UNION ALL
    SELECT seq, event_id, 'seal',
        format('edited: the block ending at seq {} is not the one it was sealed with', seq), NULL
    FROM seals
    WHERE verifies AND NOT matches_block

    UNION ALL
    SELECT last_seq + 1, NULL, 'deleted',
        'deleted: '
        || CASE WHEN sealed_seq = last_seq + 1
            THEN format('seq {} is missing', sealed_seq)
            ELSE format('seqs {}-{} are missing', last_seq + 1, sealed_seq)
           END
        || format(' at the end (the ledger was sealed at seq {}, event {})', sealed_seq,
                  sealed_event_id), NULL
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
                ELSE format('(the last seal is at seq {})', sealed_seq) END, NULL
    FROM head
    WHERE last_seq > coalesce(sealed_seq, 0)
)
-- The first $limit problems and how many there are in all: a wholesale rewrite must not turn
-- into millions of Python objects.
SELECT seq, event_id, kind, message, count(*) OVER () AS total, through_seq
FROM problems
ORDER BY seq NULLS LAST, event_id NULLS FIRST, kind, message
LIMIT $limit;
