-- The latest load of the same bytes as the same kind, and whether to load them again: only when
-- that load quarantined rows and what they may have pointed at changed since (rows of a kind
-- this kind refers to were loaded, or `governance init` replaced the register). Otherwise
-- loading the same bytes again would give the same result.
SELECT
    l.load_id,
    l.rows_quarantined,
    l.rows_quarantined > 0 AND (
{% if kind.depends_on %}
        EXISTS (
            SELECT 1 FROM load_log AS later
            WHERE later.kind IN ({% for k in kind.depends_on | sort %}{{ k | literal }}{{ ', ' if not loop.last }}{% endfor %})
              AND later.loaded_at > l.loaded_at AND later.rows_loaded > 0
        ) OR
{% endif %}
        coalesce((SELECT max(loaded_at) FROM register_source) > l.loaded_at, false)
    ) AS try_again
FROM load_log AS l
WHERE l.content_sha256 = $sha256 AND l.kind = $kind
ORDER BY l.load_id DESC
LIMIT 1
