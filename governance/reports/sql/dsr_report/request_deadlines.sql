-- The requests with their deadlines (the scope's governance/rules/request_deadlines.sql, the
-- same view dsr.overdue reads), without any identifier: neither request_id nor subject_id
-- leaves this view.
CREATE OR REPLACE TEMP VIEW report_request_deadlines AS
SELECT request_type, status, received_at, completed_at, answered_at, deadline,
       working_days_taken
FROM request_deadlines
