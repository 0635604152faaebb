-- id: localisation.outside_kz
-- title: Data of Kazakhstan residents held only abroad
-- severity: high
-- section: 6
-- keys: record_id
-- description: Records of subjects in Kazakhstan held in a system hosted abroad, or whose hosting
--   country is unknown (hosting_country NULL: not proven local), at some moment of the period when
--   no live record of the same category of that subject is held in a system in Kazakhstan (Law
--   94-V Art. 12(2): storage in databases located in the Republic of Kazakhstan).
--   `no_local_copy_from` is the first such moment in the period.
-- remediation: Store the primary copy in a system hosted in Kazakhstan before (or instead of)
--   the foreign system, keep it as long as the foreign copy, and record every system's hosting
--   country in the register.
WITH ctx AS (SELECT period_start, period_end FROM scope),
-- records of subjects in Kazakhstan on a system not known to be in Kazakhstan (abroad, no
-- hosting country, or not in the register), with the part of the period each is live:
-- [live_from, live_until), a record being live at t when collected_at <= t < deleted_at
abroad AS (
    SELECT i.record_id, i.system_id, i.subject_id, i.data_category, s.hosting_country,
           greatest(i.collected_at, ctx.period_start) AS live_from,
           least(coalesce(i.deleted_at, ctx.period_end), ctx.period_end) AS live_until
    FROM data_inventory i
    JOIN subjects p ON p.subject_id = i.subject_id
    JOIN ctx ON i.collected_at < ctx.period_end
            AND (i.deleted_at IS NULL OR i.deleted_at > ctx.period_start)
    LEFT JOIN systems s ON s.system_id = i.system_id
    WHERE p.country = 'KZ' AND (s.hosting_country IS NULL OR s.hosting_country <> 'KZ')
      AND i.collected_at < coalesce(i.deleted_at, ctx.period_end)
),
-- the local copies of those (subject, category) pairs: records in systems hosted in Kazakhstan
local_copies AS (
    SELECT i.subject_id, i.data_category, i.collected_at, i.deleted_at
    FROM data_inventory i
    JOIN systems s ON s.system_id = i.system_id
    SEMI JOIN abroad a ON a.subject_id = i.subject_id AND a.data_category = i.data_category
    WHERE s.hosting_country = 'KZ'
),
-- where an uncovered stretch of a foreign record's live part can begin: its own start, or the
-- moment a local copy stops being live inside it (the live intervals are half-open, so a gap
-- always opens at one of these instants)
gap_starts AS (
    SELECT a.record_id, a.subject_id, a.data_category, a.live_from AS gap_at
    FROM abroad a
    UNION ALL
    SELECT a.record_id, a.subject_id, a.data_category, l.deleted_at AS gap_at
    FROM abroad a
    JOIN local_copies l
      ON l.subject_id = a.subject_id AND l.data_category = a.data_category
     AND l.deleted_at >= a.live_from AND l.deleted_at < a.live_until
),
-- the first of those instants at which no local copy is live
uncovered AS (
    SELECT g.record_id, min(g.gap_at) AS no_local_copy_from
    FROM gap_starts g
    LEFT JOIN local_copies l
      ON l.subject_id = g.subject_id AND l.data_category = g.data_category
     AND l.collected_at <= g.gap_at AND (l.deleted_at IS NULL OR l.deleted_at > g.gap_at)
    WHERE l.subject_id IS NULL
    GROUP BY g.record_id
)
SELECT a.record_id, a.system_id, a.subject_id, a.data_category, a.hosting_country,
       u.no_local_copy_from
FROM abroad a
JOIN uncovered u ON u.record_id = a.record_id
