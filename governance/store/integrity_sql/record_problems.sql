-- The consent ledger held against every record of it that is kept apart from it, one row per
-- problem (area, sort_key, message). The chain (verify_suspects/verify_problems) proves the
-- rows are the ones the key holder wrote; these records say how many there should be and where
-- they came from, so deleting rows together with their seals, or forging with the key, leaves
-- a trace the chain alone cannot see:
--   load_log          each consent load's rows_loaded is the number of ledger rows carrying its
--                     load_id (the loader writes both in one transaction), and the loads in
--                     load_id order give each load's seqs; every ledger load_id is such a load;
--                     every load's figures add up (read = loaded + quarantined + duplicate) and
--                     its rows_quarantined lines are in quarantine.
--   file order        the ledger appends in (load_id, source_line) order, so along seq those
--                     increase strictly: an edited load_id or source_line breaks the order.
--   ledger_seals      every row an append sealed carries the load_id its seal records.
--   subject_keys      every key mapping was written with its subject's first ledger row.
--   subject_erasures  an erasure recorded how many ledger rows of the key it kept up to which seq
--                     (older erasure rows: that there was at least one).
--   ledger_key_check  is recorded by an append, so an empty ledger beside it lost its rows.
WITH consent_loads AS (
    SELECT
        load_id,
        source_path,
        strftime(loaded_at, '%Y-%m-%d %H:%M') AS loaded,
        rows_loaded,
        coalesce(sum(rows_loaded) OVER (ORDER BY load_id ROWS BETWEEN UNBOUNDED PRECEDING
                                         AND 1 PRECEDING), 0) AS rows_before
    FROM load_log
    WHERE kind = 'consent_events'
),
ledger_loads AS (
    SELECT load_id, count(*) AS held, min(seq) AS first_seq, max(seq) AS last_seq
    FROM consent_events
    GROUP BY load_id
),
load_counts AS (
    SELECT
        c.*,
        coalesce(l.held, 0) AS held,
        l.first_seq,
        l.last_seq,
        CASE WHEN c.rows_loaded = 1 THEN format('seq {}', c.rows_before + 1)
             ELSE format('seqs {}-{}', c.rows_before + 1, c.rows_before + c.rows_loaded)
        END AS expected_seqs
    FROM consent_loads AS c
    LEFT JOIN ledger_loads AS l USING (load_id)
),
in_order AS (
    SELECT
        seq, event_id, load_id, source_line,
        lag(seq) OVER w AS prev_seq,
        lag(event_id) OVER w AS prev_event_id,
        lag(load_id) OVER w AS prev_load_id,
        lag(source_line) OVER w AS prev_source_line
    FROM consent_events
    WHERE seq IS NOT NULL
    WINDOW w AS (ORDER BY seq, rowid)
),
sealed_ranges AS (
    SELECT
        seq AS seal_seq,
        load_id AS seal_load_id,
        coalesce(lag(seq) OVER (ORDER BY seq), 0) AS after_seq
    FROM ledger_seals
),
-- each row against the seal of its append: the first seal at or after its seq
seal_mismatches AS (
    SELECT s.seal_seq, s.seal_load_id AS load_id, s.after_seq, count(*) AS rows,
        min(e.seq) AS first_seq, arg_min(e.load_id, e.seq) AS first_load_id
    FROM consent_events AS e
    ASOF JOIN sealed_ranges AS s ON e.seq <= s.seal_seq
    WHERE s.seal_load_id IS NOT NULL AND e.load_id IS DISTINCT FROM s.seal_load_id
    GROUP BY ALL
),
all_loads AS (
    SELECT
        l.*,
        (
            SELECT count(DISTINCT q.line) FROM quarantine AS q WHERE q.load_id = l.load_id
        ) AS lines_quarantined
    FROM load_log AS l
),
orphan_mappings AS (
    SELECT subject_id
    FROM subject_keys AS k
    WHERE NOT EXISTS (SELECT 1 FROM consent_events AS e WHERE e.subject_key = k.subject_key)
),
erasures AS (
    SELECT
        r.*,
        strftime(r.erased_at, '%Y-%m-%d %H:%M') AS erased,
        (
            SELECT count(*)
            FROM consent_events AS e
            WHERE e.subject_key = r.subject_key
                AND (r.ledger_head_seq IS NULL OR e.seq <= r.ledger_head_seq)
        ) AS held
    FROM subject_erasures AS r
),
problems AS (
    SELECT 'load_log' AS area, load_id AS sort_key,
        format('load_log: load {} ({}, loaded {}) loaded {} consent rows, the ledger holds ',
               load_id, source_path, loaded, rows_loaded)
        || CASE
            WHEN held = 0 THEN format('none of them: {} {} missing', expected_seqs,
                                      CASE WHEN rows_loaded = 1 THEN 'is' ELSE 'are' END)
            WHEN held < rows_loaded THEN format(
                '{} of them, within seqs {}-{}: {} missing; by the load log its rows are {}',
                held, first_seq, last_seq,
                CASE WHEN rows_loaded - held = 1 THEN '1 row is'
                     ELSE format('{} rows are', rows_loaded - held) END,
                expected_seqs)
            ELSE format('{} rows carrying its load_id (seqs {}-{}): {} more than it loaded',
                        held, first_seq, last_seq, held - rows_loaded)
        END AS message
    FROM load_counts
    WHERE held <> rows_loaded

    UNION ALL
    SELECT 'consent_events', load_id,
        format('consent_events: {} rows (seqs {}-{}) carry load_id {}, which load_log does not '
               || 'record as a consent_events load: their load_id was edited, or the load''s '
               || 'load_log row was deleted or altered', held, first_seq, last_seq,
               coalesce(load_id::VARCHAR, 'NULL'))
    FROM ledger_loads
    WHERE load_id IS NULL OR load_id NOT IN (SELECT load_id FROM consent_loads)

    UNION ALL
    SELECT 'consent_events', seq,
        format('consent_events: seq {} (event {}, load {} line {}) follows seq {} (event {}, '
               || 'load {} line {}), against the file order the ledger appends in: a load_id '
               || 'or source_line of one of them was edited', seq, event_id, load_id,
               source_line, prev_seq, prev_event_id, prev_load_id, prev_source_line)
    FROM in_order
    WHERE prev_load_id > load_id OR (prev_load_id = load_id AND prev_source_line >= source_line)

    UNION ALL
    SELECT 'ledger_seals', seal_seq,
        format('ledger_seals: the seal at seq {} records load {} for seqs {}-{}, but {} of '
               || 'those rows {} another load_id (first: seq {}, load {}): a load_id was '
               || 'edited', seal_seq, load_id, after_seq + 1, seal_seq, rows,
               CASE WHEN rows = 1 THEN 'carries' ELSE 'carry' END, first_seq,
               coalesce(first_load_id::VARCHAR, 'NULL'))
    FROM seal_mismatches

    UNION ALL
    SELECT 'load_log', load_id,
        format('load_log: load {} ({} file {}) does not add up: read {} <> loaded {} + '
               || 'quarantined {} + duplicate {}', load_id, kind, source_path, rows_read,
               rows_loaded, rows_quarantined, rows_duplicate)
    FROM all_loads
    WHERE rows_read <> rows_loaded + rows_quarantined + rows_duplicate

    UNION ALL
    SELECT 'load_log', load_id,
        format('load_log: load {} ({} file {}) recorded {} rows quarantined, the quarantine '
               || 'holds {} lines of it', load_id, kind, source_path, rows_quarantined,
               lines_quarantined)
    FROM all_loads
    WHERE rows_quarantined <> lines_quarantined

    UNION ALL
    SELECT 'quarantine', load_id,
        format('quarantine: {} of load {}, which load_log does not record: the load''s '
               || 'load_log row was deleted', CASE WHEN count(*) = 1 THEN '1 row'
               ELSE format('{} rows', count(*)) END, load_id)
    FROM quarantine
    WHERE load_id NOT IN (SELECT load_id FROM load_log)
    GROUP BY load_id

    UNION ALL
    SELECT 'subject_keys', 0,
        format('subject_keys: {} a pseudonym with no row in the consent ledger '
               || '(subjects {}{}): the ledger rows they were written with were deleted',
               CASE WHEN count(*) = 1 THEN '1 key mapping names'
                    ELSE format('{} key mappings name', count(*)) END,
               string_agg(subject_id, ', ' ORDER BY subject_id)
                   FILTER (WHERE rank <= 3),
               CASE WHEN count(*) > 3 THEN ', ...' ELSE '' END)
    FROM (SELECT subject_id, row_number() OVER (ORDER BY subject_id) AS rank
          FROM orphan_mappings)
    HAVING count(*) > 0

    UNION ALL
    SELECT 'subject_erasures', coalesce(ledger_head_seq, 0),
        format('subject_erasures: the erasure of pseudonym {}... (erased {}{}) ', left(subject_key, 16),
               erased, CASE WHEN request_id IS NULL THEN '' ELSE ', request ' || request_id END)
        || CASE
            WHEN ledger_rows_kept IS NULL THEN
                'kept its rows in the consent ledger, which holds none: they were deleted'
            ELSE format('kept {} ledger rows up to seq {}; the ledger holds {}: ', ledger_rows_kept,
                        ledger_head_seq, held)
                || CASE WHEN held < ledger_rows_kept
                        THEN format('{} were deleted', ledger_rows_kept - held)
                        ELSE 'rows were added or re-keyed below that seq' END
        END
    FROM erasures
    WHERE (ledger_rows_kept IS NULL AND held = 0)
        OR held <> ledger_rows_kept

    UNION ALL
    SELECT 'ledger_key_check', 0,
        format('ledger_key_check: the key check value was recorded ({}) by an append, but the '
               || 'ledger holds no rows and no seals: they were deleted',
               strftime(min(recorded_at), '%Y-%m-%d %H:%M'))
    FROM ledger_key_check
    HAVING count(*) > 0
        AND NOT EXISTS (SELECT 1 FROM consent_events)
        AND NOT EXISTS (SELECT 1 FROM ledger_seals)
)
-- The first $limit problems and how many there are in all.
SELECT area, message, count(*) OVER () AS total
FROM problems
ORDER BY area, sort_key, message
LIMIT $limit;
