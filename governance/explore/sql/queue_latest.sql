-- The last day the data reaches (UTC): the default week is the one holding it, or today's when
-- the data is current.
SELECT max(day)::DATE AS last_day
FROM (
    SELECT max(received_at) AS day FROM dsr_requests
    UNION ALL
    SELECT max(collected_at) FROM data_inventory
    UNION ALL
    SELECT max(occurred_at) FROM processing_log
)
