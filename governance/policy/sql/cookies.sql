-- The cookie register (section 9), in register order.
SELECT cookie_name AS name, domain, category, lifetime_days, provider, purpose
FROM cookies
ORDER BY rowid
