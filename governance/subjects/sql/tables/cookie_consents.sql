-- Cookie-banner choices of the browser visitor ids the subject gave ($visitor_ids). The banner
-- knows a visitor, not a subject: nothing in the data links the two, so only the subject can.
SELECT *
FROM cookie_consents
WHERE list_contains($visitor_ids::VARCHAR[], visitor_id)
ORDER BY load_id, source_line
