-- Cookie opt-in per non-essential category at period end: visitors who made a choice by then,
-- and those whose latest choice is a grant (a withdraw wins a tie), with the rate; and the
-- choices of the period sent with a Global Privacy Control signal.
WITH latest AS (
    SELECT cookie_category, action
    FROM cookie_consents
    WHERE occurred_at < (SELECT period_end FROM scope)
    QUALIFY row_number() OVER (
        PARTITION BY visitor_id, cookie_category
        ORDER BY occurred_at DESC, action = 'withdraw' DESC, event_id DESC
    ) = 1
),
gpc AS (
    SELECT cookie_category, count(*) FILTER (WHERE gpc) AS gpc_choices
    FROM cookie_consents
    WHERE occurred_at >= (SELECT period_start FROM scope) AND occurred_at < (SELECT period_end FROM scope)
    GROUP BY cookie_category
)
SELECT c.cookie_category,
       count(l.action) AS visitors,
       count(*) FILTER (WHERE l.action = 'grant') AS opted_in,
       opted_in / nullif(visitors, 0) AS opt_in_rate,
       coalesce(any_value(g.gpc_choices), 0) AS gpc_choices
FROM (VALUES ('functional'), ('analytics'), ('marketing')) AS c(cookie_category)
LEFT JOIN latest l USING (cookie_category)
LEFT JOIN gpc g USING (cookie_category)
GROUP BY c.cookie_category
ORDER BY c.cookie_category
