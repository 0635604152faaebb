-- The one place a deadline date is computed from a start date, for every count the pack uses:
--   unit 'working_days', n > 0: day 1 is the first working day after the start date (its local
--     date in the pack's time zone), the deadline day is working day n;
--   unit 'months' (GDPR, Regulation 1182/71 Art. 3): the day with the same date n months later
--     (the month's last day when there is none), moved to the next working day when that is a
--     Saturday, Sunday or public holiday of the pack's calendar.
-- due_at is the end of the deadline day in the pack's time zone (the next local midnight): the
-- first instant that is late. A consumer joins on start_day = CAST(timezone(tz, t) AS DATE).
CREATE OR REPLACE TEMP VIEW deadline_days AS
WITH tz AS (SELECT timezone FROM scope),
working_counts AS (
    SELECT DISTINCT CAST(working_days AS INTEGER) AS n
    FROM dsr_deadlines WHERE working_days > 0
    UNION
    SELECT DISTINCT CAST(value AS INTEGER)
    FROM framework_thresholds WHERE name LIKE '%working_days' AND value > 0
),
month_counts AS (
    SELECT DISTINCT months AS n FROM dsr_deadlines WHERE months > 0
    UNION
    SELECT DISTINCT months + extension_months FROM dsr_deadlines
    WHERE months > 0 AND extension_months > 0
),
by_working_days AS (
    SELECT w0.day AS start_day, 'working_days' AS unit, c.n, wd.day AS due_day
    FROM working_days w0
    CROSS JOIN working_counts c
    JOIN working_days wd ON wd.is_working AND wd.wd_no = w0.wd_no + c.n
),
nominal AS (
    SELECT w0.day AS start_day, c.n, CAST(w0.day + INTERVAL 1 MONTH * c.n AS DATE) AS same_date
    FROM working_days w0
    CROSS JOIN month_counts c
),
by_months AS (
    -- wd_no counts working days up to a date: the first working day on or after a day off has
    -- the day off's count plus one
    SELECT m.start_day, 'months' AS unit, m.n, wd.day AS due_day
    FROM nominal m
    JOIN working_days d ON d.day = m.same_date
    JOIN working_days wd
      ON wd.is_working AND wd.wd_no = d.wd_no + CASE WHEN d.is_working THEN 0 ELSE 1 END
),
all_days AS (
    SELECT * FROM by_working_days
    UNION ALL
    SELECT * FROM by_months
)
SELECT a.start_day, a.unit, a.n, a.due_day,
       timezone(tz.timezone, CAST(a.due_day + 1 AS TIMESTAMP)) AS due_at
FROM all_days a
CROSS JOIN tz
