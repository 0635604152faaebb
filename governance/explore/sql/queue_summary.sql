-- The week's queues by system and owner: records to delete or anonymise (overdue, due this
-- week) and requests to answer whose subject has records there. Filtered like the rows.
WITH retention AS (
    SELECT
        system_id,
        owner,
        count(*) FILTER (WHERE queue = 'overdue') AS records_overdue,
        count(*) FILTER (WHERE queue = 'due this week') AS records_due,
        0 AS requests_overdue,
        0 AS requests_due
    FROM explorer_retention_queue
    GROUP BY ALL
),
requests AS (
    SELECT
        system_id,
        owner,
        0 AS records_overdue,
        0 AS records_due,
        count(DISTINCT request_id) FILTER (WHERE queue = 'overdue') AS requests_overdue,
        count(DISTINCT request_id) FILTER (WHERE queue = 'due this week') AS requests_due
    FROM explorer_request_queue
    GROUP BY ALL
)
SELECT
    coalesce(system_id, '(no records held)') AS system_id,
    owner,
    CAST(sum(records_overdue) AS BIGINT) AS records_overdue,
    CAST(sum(records_due) AS BIGINT) AS records_due,
    CAST(sum(requests_overdue) AS BIGINT) AS requests_overdue,
    CAST(sum(requests_due) AS BIGINT) AS requests_due
FROM (SELECT * FROM retention UNION ALL SELECT * FROM requests)
WHERE ($system_id IS NULL OR system_id = $system_id) AND ($owner IS NULL OR owner = $owner)
GROUP BY ALL
ORDER BY
    sum(records_overdue + requests_overdue) DESC,
    sum(records_due + requests_due) DESC,
    system_id
