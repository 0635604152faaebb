-- One reference file (the shipped Open Cookie Database or a company's file in its columns) as
-- rows of cookie_reference, before they are checked (reference_problems.sql) and stored. Every
-- column is read as text under the names the Open Cookie Database gives them, from the view
-- `reference_file` that reference.py makes over the file (a company's file needs only `Cookie /
-- Data Key name` and `Category`; the view fills the others with NULL).
-- `record` counts the records from 1 (the header is not one).
-- params: $source, $rank, $shipped
CREATE OR REPLACE TEMP TABLE reference_rows AS
WITH raw AS (
    SELECT *, row_number() OVER () AS record
    FROM reference_file
),
mapped AS (
    SELECT
        record,
        nullif(trim("ID"), '') AS reference_id,
        nullif(trim("Platform"), '') AS platform,
        nullif(trim("Category"), '') AS source_category,
        CASE lower(replace(replace(trim("Category"), ' ', '_'), '-', '_'))
            WHEN 'analytics' THEN 'analytics'
            WHEN 'marketing' THEN 'marketing'
            WHEN 'personalization' THEN 'functional'
            WHEN 'personalisation' THEN 'functional'
            WHEN 'security' THEN 'strictly_necessary'
            WHEN 'necessary' THEN 'strictly_necessary'
            WHEN 'strictly_necessary' THEN 'strictly_necessary'
            -- the Open Cookie Database's Functional holds strictly necessary cookies (sessions,
            -- load balancing, the consent cookie) and preference cookies alike: it cannot tell.
            -- A company's own file says what it means.
            WHEN 'functional' THEN CASE WHEN $shipped THEN 'unknown' ELSE 'functional' END
            WHEN 'unknown' THEN 'unknown'
        END AS category,
        nullif(trim("Cookie / Data Key name"), '') AS cookie_name,
        trim(coalesce("Wildcard match", '')) AS wildcard,
        nullif(trim("Domain"), '') AS domain,
        nullif(trim("Description"), '') AS description,
        nullif(trim("Retention period"), '') AS retention,
        nullif(trim("Data Controller"), '') AS controller,
        nullif(trim("User Privacy & GDPR Rights Portals"), '') AS privacy_url
    FROM raw
)
SELECT $source AS source, $rank AS source_rank, record AS source_line, reference_id, platform,
       source_category, category, cookie_name, wildcard = '1' AS is_prefix, domain, description,
       retention, controller, privacy_url, wildcard
FROM mapped;

-- The first problem of the file, if any: a record without a name, with a category that maps to
-- nothing, or a Wildcard match other than 0, 1 or empty.
SELECT source_line,
       CASE
           WHEN cookie_name IS NULL THEN 'no cookie name (column "Cookie / Data Key name")'
           WHEN category IS NULL THEN format(
               'category {} is not one of Analytics, Marketing, Functional, Personalization, '
               || 'Security, Necessary (or the register''s strictly_necessary, functional, '
               || 'analytics, marketing, unknown)', coalesce('''' || source_category || '''', 'empty'))
           ELSE format('Wildcard match {} is not 0, 1 or empty', '''' || wildcard || '''')
       END AS reason,
       count(*) OVER () AS problems
FROM reference_rows
WHERE cookie_name IS NULL OR category IS NULL OR wildcard NOT IN ('', '0', '1')
ORDER BY source_line
LIMIT 1
