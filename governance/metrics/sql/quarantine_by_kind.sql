-- Every load so far, by file kind: files loaded, rows read, loaded (new or updated), quarantined.
-- params: $none
SELECT kind,
       count(*) AS loads,
       CAST(sum(rows_read) AS BIGINT) AS rows_read,
       CAST(sum(rows_loaded + rows_updated) AS BIGINT) AS rows_loaded,
       CAST(sum(rows_quarantined) AS BIGINT) AS rows_quarantined
FROM load_log
GROUP BY kind
ORDER BY rows_quarantined DESC, kind
