-- A HAR file (HTTP Archive 1.2) as cookie_observations records, one per cookie a response set:
-- each cookie of each `Set-Cookie` response header and each object of `response.cookies`; the
-- same cookie (same entry, name and domain) in both is one record. The rules are those of
-- har.py's docstring and docs/har.md; this is where they are written once.
--
-- Like stage.sql, `ingest_read` holds every contract column as trimmed text (NULL when empty) and
-- `extra` (here the entry's number and the JSON path of the header or object, so that a
-- quarantined record says where it came from), and `ingest_raw` is the view the checks read.
-- `line` numbers the records (entry order, then headers before response.cookies, in file order):
-- the checks need one line per record, and one entry may set several cookies.
-- Parameters: $path the snapshot, $visit the file's SHA-256 prefix (har.py).
CREATE OR REPLACE TEMP TABLE ingest_read AS
WITH doc AS (
    SELECT CAST(CASE WHEN starts_with(content, chr(65279)) THEN content[2:] ELSE content END AS JSON) AS har
    FROM read_text($path)
), lists AS MATERIALIZED (
    -- the lists apart from the document: a lateral join that can see the document would copy it
    -- into every row it makes (a 60 MB file of 20,000 entries does not fit in memory)
    SELECT json_extract(har, '$.log.entries[*]') AS entries, json_extract(har, '$.log.pages[*]') AS pages
    FROM doc
), entry_list AS (
    SELECT entries FROM lists
), page_list AS (
    SELECT pages FROM lists
), entries AS MATERIALIZED (
    -- of each entry only what is read: its bodies (response.content.text) can be megabytes
    SELECT
        e.entry,
        json_extract(e.j, '$.response.headers[*]') AS response_headers,
        json_extract(e.j, '$.response.cookies[*]') AS response_cookies,
        json_extract(e.j, '$.request.headers[*]') AS request_headers,
        json_extract(e.j, '$.request.cookies[*]') AS request_cookies,
        nullif(trim(e.j ->> 'startedDateTime'), '') AS started,
        TRY_CAST(trim(e.j ->> 'startedDateTime') AS TIMESTAMPTZ) AS started_at,
        nullif(trim(e.j ->> 'pageref'), '') AS pageref,
        nullif(trim(e.j -> 'request' ->> 'url'), '') AS url,
        -- the host of the URL: after the scheme and any user info, before a port, path or query
        nullif(lower(regexp_extract(e.j -> 'request' ->> 'url',
            '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)', 1)), '') AS host
    FROM entry_list AS l, unnest(l.entries) WITH ORDINALITY AS e(j, entry)
), pages AS (
    SELECT p.j ->> 'id' AS pageref, trim(p.j ->> 'title') AS title
    FROM page_list AS l, unnest(l.pages) AS p(j)
), page_urls AS (
    -- a page's URL: Chrome writes it as the page's title; otherwise the page's first request,
    -- which is the document's (an entry whose time cannot be read comes after the others)
    SELECT
        e.pageref,
        coalesce(
            any_value(pg.title) FILTER (WHERE lower(pg.title) LIKE 'http://%' OR lower(pg.title) LIKE 'https://%'),
            first(e.url ORDER BY e.started_at NULLS LAST, e.entry)
        ) AS page_url
    FROM entries AS e
    LEFT JOIN pages AS pg ON pg.pageref = e.pageref
    WHERE e.pageref IS NOT NULL
    GROUP BY e.pageref
), set_cookie AS (
    -- every cookie of every Set-Cookie header; Firefox puts several in one value, one a line
    SELECT
        e.entry, 0 AS place, h.i AS item, c.k AS piece,
        format('log.entries[{}].response.headers[{}]', e.entry - 1, h.i - 1) AS json_path,
        split_part(c.text, ';', 1) AS pair,
        -- the last non-empty Domain attribute counts (RFC 6265 5.3 step 4; 5.2.3: an empty one is ignored)
        list_filter(
            list_transform(string_split(c.text, ';')[2:], lambda a: CASE
                WHEN lower(trim(split_part(a, '=', 1))) = 'domain' AND contains(a, '=')
                    THEN trim(a[strpos(a, '=') + 1:])
            END),
            lambda d: d IS NOT NULL AND d <> '')[-1] AS domain_attribute
    FROM entries AS e,
        unnest(e.response_headers) WITH ORDINALITY AS h(j, i),
        unnest(CASE
            WHEN trim(coalesce(h.j ->> 'value', '')) = '' THEN ['']
            ELSE list_filter(string_split(replace(h.j ->> 'value', chr(13), ''), chr(10)), lambda t: trim(t) <> '')
        END) WITH ORDINALITY AS c(text, k)
    WHERE lower(trim(h.j ->> 'name')) = 'set-cookie'
), set_by_response AS MATERIALIZED (
    -- RFC 6265bis 5.6 step 3: a name-value pair without '=' is a value with an empty name
    SELECT entry, place, item, piece, json_path,
           CASE WHEN contains(pair, '=') THEN trim(split_part(pair, '=', 1)) ELSE '' END AS cookie_name,
           domain_attribute
    FROM set_cookie
    UNION ALL
    SELECT
        e.entry, 1, c.i, 1,
        format('log.entries[{}].response.cookies[{}]', e.entry - 1, c.i - 1),
        trim(coalesce(c.j ->> 'name', '')),
        nullif(trim(c.j ->> 'domain'), '')
    FROM entries AS e,
        unnest(e.response_cookies) WITH ORDINALITY AS c(j, i)
), cookies_set AS (
    -- the cookie's domain as a browser keeps it: the Domain attribute lower case without a
    -- leading dot (RFC 6265 5.2.3), else the host that set it; one record per entry, name, domain
    SELECT s.*, coalesce(nullif(lower(ltrim(s.domain_attribute, '.')), ''), e.host) AS domain,
           e.started, e.started_at, e.pageref, e.url
    FROM set_by_response AS s
    JOIN entries AS e USING (entry)
    QUALIFY row_number() OVER (
        PARTITION BY s.entry, s.cookie_name, coalesce(nullif(lower(ltrim(s.domain_attribute, '.')), ''), e.host)
        ORDER BY s.place, s.item, s.piece
    ) = 1
), cookies_seen AS (
    -- every cookie name an entry shows: set by its response, or sent by the browser
    SELECT entry, cookie_name FROM set_by_response
    UNION ALL
    SELECT e.entry, trim(c.j ->> 'name')
    FROM entries AS e, unnest(e.request_cookies) AS c(j)
    UNION ALL
    SELECT e.entry, trim(split_part(pair, '=', 1))
    FROM entries AS e,
        unnest(e.request_headers) AS h(j),
        unnest(string_split(h.j ->> 'value', ';')) AS p(pair)
    WHERE lower(trim(h.j ->> 'name')) = 'cookie'
), consent AS (
    -- the moment of consent: the first entry showing a cookie the register marks records_consent
    SELECT min(e.started_at) AS consent_at
    FROM cookies_seen AS s
    JOIN entries AS e USING (entry)
    SEMI JOIN cookies AS r ON r.records_consent AND (
        s.cookie_name = r.cookie_name
        OR (r.name_regex IS NOT NULL AND regexp_matches(s.cookie_name, r.name_regex)))
), gpc AS (
    -- Global Privacy Control: any request of the file sends Sec-GPC: 1
    SELECT count(*) > 0 AS sent
    FROM entries AS e, unnest(e.request_headers) AS h(j)
    WHERE lower(trim(h.j ->> 'name')) = 'sec-gpc' AND trim(h.j ->> 'value') = '1'
)
SELECT
    row_number() OVER (ORDER BY c.entry, c.place, c.item, c.piece) AS line,
    c.started AS observed_at,
    nullif(c.cookie_name, '') AS cookie_name,
    c.domain,
    CASE WHEN c.pageref IS NULL THEN c.url ELSE p.page_url END AS page_url,
    CASE
        WHEN consent.consent_at IS NULL THEN 'true'
        WHEN c.started_at IS NULL THEN NULL
        WHEN c.started_at < consent.consent_at THEN 'true'
        ELSE 'false'
    END AS set_before_consent,
    $visit || coalesce(':' || c.pageref, '') AS visit_id,
    CASE WHEN gpc.sent THEN 'true' ELSE 'false' END AS gpc,
    json_object('har_entry', c.entry, 'har_path', c.json_path) AS extra
FROM cookies_set AS c
LEFT JOIN page_urls AS p ON p.pageref = c.pageref
CROSS JOIN consent
CROSS JOIN gpc
ORDER BY line;

CREATE OR REPLACE TEMP VIEW ingest_raw AS
SELECT * FROM ingest_read
