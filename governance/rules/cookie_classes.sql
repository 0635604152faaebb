-- What each cookie observed up to the period's end is: the register's declaration that matches it,
-- else the reference's suggestion (governance/cookies, docs/cookies.md). Read by the cookies.*
-- checks and the cookie figures. One row per (cookie_name, domain) as observed.
--
-- A declaration matches an observation when its name equals the cookie's name, or its pattern
-- (`_ga_*`: name_regex) matches it, and its domain is the observed domain or a parent of it,
-- leading dots aside (metrix.kz matches .metrix.kz and www.metrix.kz, never notmetrix.kz). Of
-- several, the most specific wins: a plain name before a pattern, then the pattern with more
-- literal characters, then the longer domain; a tie goes to the more intrusive category.
-- The reference (cookie_reference) is asked only when nothing is declared: the company's own
-- files before the shipped one, an exact name before a prefix, a longer prefix before a shorter;
-- where equally good entries disagree (the Open Cookie Database lists `token` under Adform as
-- Marketing and under Xandr as Functional) the more intrusive category is suggested and both
-- platforms named.
--   category          the declared category, else the reference's, else 'unknown'
--   category_source   'register', 'reference' or 'none'
--   category_basis    the same in words, for a finding: which declaration or reference entry
--   domain_key        the domain as compared: lower case, no leading dot (`.metrix.kz` and
--                     `metrix.kz` are one cookie's scope for a declaration)
--   before_consent_ever  some observation of it up to the period's end was set before consent
CREATE OR REPLACE TEMP VIEW cookie_classes AS
WITH observed AS (
    SELECT o.cookie_name, o.domain,
           regexp_replace(lower(trim(o.domain)), '^\.+', '') AS domain_key,
           max(CASE WHEN o.set_before_consent THEN 1 ELSE 0 END) = 1 AS before_consent_ever
    FROM cookie_observations o
    WHERE o.observed_at < (SELECT period_end FROM scope)
    GROUP BY o.cookie_name, o.domain
),
intrusion AS (
    SELECT * FROM (VALUES ('marketing', 4), ('analytics', 3), ('functional', 2),
                          ('strictly_necessary', 1), ('unknown', 0)) AS t(category, level)
),
declared AS (
    SELECT ob.cookie_name, ob.domain, c.cookie_name AS declared_name,
           c.domain AS declared_domain, c.category, c.records_consent,
           row_number() OVER (
               PARTITION BY ob.cookie_name, ob.domain
               ORDER BY CASE WHEN c.name_regex IS NULL THEN 0 ELSE 1 END,
                        c.name_literal_length DESC, length(c.domain_key) DESC, i.level DESC,
                        c.cookie_name, c.domain
           ) AS pick
    FROM observed ob
    JOIN cookies c
      ON ((c.name_regex IS NULL AND ob.cookie_name = c.cookie_name)
          OR (c.name_regex IS NOT NULL AND regexp_matches(ob.cookie_name, c.name_regex)))
     AND (ob.domain_key = c.domain_key
          OR right(ob.domain_key, length(c.domain_key) + 1) = '.' || c.domain_key)
    JOIN intrusion i ON i.category = c.category
),
referenced AS (
    SELECT ob.cookie_name, ob.domain, r.source, r.cookie_name AS reference_name, r.is_prefix,
           r.platform, r.controller, r.source_category, r.category, i.level,
           rank() OVER (
               PARTITION BY ob.cookie_name, ob.domain
               ORDER BY r.source_rank, CASE WHEN r.is_prefix THEN 1 ELSE 0 END,
                        length(r.cookie_name) DESC
           ) AS best
    FROM observed ob
    JOIN cookie_reference r
      ON (NOT r.is_prefix AND ob.cookie_name = r.cookie_name)
      OR (r.is_prefix AND left(ob.cookie_name, length(r.cookie_name)) = r.cookie_name)
    JOIN intrusion i ON i.category = r.category
),
suggested AS (
    SELECT cookie_name, domain,
           max(level) AS level,
           min(source) AS source,
           min(reference_name) AS reference_name,
           max(CASE WHEN is_prefix THEN 1 ELSE 0 END) = 1 AS is_prefix,
           CASE WHEN min(platform) = max(platform) THEN min(platform)
                ELSE min(platform) || ' / ' || max(platform) END AS platform,
           CASE WHEN min(controller) = max(controller) THEN min(controller)
                ELSE min(controller) || ' / ' || max(controller) END AS controller,
           CASE WHEN min(source_category) = max(source_category) THEN min(source_category)
                ELSE min(source_category) || ' / ' || max(source_category) END AS source_category
    FROM referenced
    WHERE best = 1
    GROUP BY cookie_name, domain
)
SELECT ob.cookie_name, ob.domain, ob.domain_key, ob.before_consent_ever,
       d.declared_name, d.declared_domain, d.category AS declared_category,
       coalesce(d.records_consent, false) AS records_consent,
       si.category AS reference_category, s.platform, s.controller, s.source AS reference_source,
       coalesce(d.category, si.category, 'unknown') AS category,
       CASE WHEN d.category IS NOT NULL THEN 'register'
            WHEN s.cookie_name IS NOT NULL THEN 'reference'
            ELSE 'none' END AS category_source,
       CASE WHEN d.category IS NOT NULL
                THEN 'register: declared as ' || d.declared_name || ' on ' || d.declared_domain
            WHEN s.cookie_name IS NOT NULL
                THEN 'reference: ' || s.source || ' lists ' || s.reference_name
                     || CASE WHEN s.is_prefix THEN '*' ELSE '' END
                     || coalesce(' (' || s.platform || ')', '') || ' as ' || s.source_category
            ELSE 'none: neither the register nor the reference knows it' END AS category_basis
FROM observed ob
LEFT JOIN declared d ON d.cookie_name = ob.cookie_name AND d.domain = ob.domain AND d.pick = 1
LEFT JOIN suggested s ON s.cookie_name = ob.cookie_name AND s.domain = ob.domain
LEFT JOIN intrusion si ON si.level = s.level
