-- The subject's rows of policy_acceptances, as stored (extra columns of the event file included).
SELECT *
FROM policy_acceptances
WHERE subject_id = $subject_id
ORDER BY load_id, source_line
