-- Data categories held that no purpose declares (distinct categories among the findings of
-- minimisation.unmapped_category in the scope's results; NULL without the run or if the check errored).
SELECT CASE WHEN (SELECT count(*) FROM check_results WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results)
                   AND check_id = 'minimisation.unmapped_category' AND status <> 'errored') > 0
            THEN count(DISTINCT json_extract_string(details, '$.data_category')) END
         AS categories
FROM findings
WHERE (run_id, check_id) IN (SELECT run_id, check_id FROM scope_results) AND check_id = 'minimisation.unmapped_category'
