-- Point the checks' context (made by governance.checks.context.prepare_context for the month
-- holding the week) at one week, [$week_start, $week_end): the retention.overdue check and the
-- request_deadlines view then answer for that week with their own rules.
UPDATE check_context
SET period = $label, period_start = $week_start, period_end = $week_end
