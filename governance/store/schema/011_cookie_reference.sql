-- Cookies as people declare them and as browsers record them (governance/cookies, docs/cookies.md).

-- A declaration's name may be a pattern (`_ga_*`) and its domain covers subdomains: the register
-- stores the text SQL matches on. name_regex: an anchored regular expression for a pattern, NULL
-- for a plain name; name_literal_length: the characters that are not `*` (a longer one is a more
-- specific declaration); domain_key: lower case without a leading dot. records_consent marks the
-- cookie the consent banner sets to record a choice (a HAR file's moment of consent).
ALTER TABLE cookies ADD COLUMN name_regex VARCHAR;
ALTER TABLE cookies ADD COLUMN name_literal_length INTEGER;
ALTER TABLE cookies ADD COLUMN domain_key VARCHAR;
ALTER TABLE cookies ADD COLUMN records_consent BOOLEAN DEFAULT false;

-- Which visit an observation belongs to (a HAR file's page, a crawler's session) and whether the
-- browser sent a Global Privacy Control signal (Sec-GPC: 1) during it. Both optional.
ALTER TABLE cookie_observations ADD COLUMN visit_id VARCHAR;
ALTER TABLE cookie_observations ADD COLUMN gpc BOOLEAN;

-- Known cookies: the Open Cookie Database shipped with the package, and the company's own
-- reference files (`cookie_reference` in the register), which take precedence (rank 0 before 1).
-- A suggestion for classifying what the register does not declare, never a declaration.
--   source_category  as the source writes it (Functional, Analytics, Marketing, Security, ...)
--   category         the register's word for it, or 'unknown' where the source cannot tell
--                    (the Open Cookie Database's Functional holds strictly necessary cookies and
--                    preference cookies alike)
--   is_prefix        the name is a prefix (the source's Wildcard match = 1: `_ga_` matches
--                    `_ga_ABC123`)
CREATE TABLE cookie_reference (
    source VARCHAR NOT NULL,
    source_rank INTEGER NOT NULL,
    source_line BIGINT NOT NULL,
    reference_id VARCHAR,
    platform VARCHAR,
    source_category VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    cookie_name VARCHAR NOT NULL,
    is_prefix BOOLEAN NOT NULL,
    domain VARCHAR,
    description VARCHAR,
    retention VARCHAR,
    controller VARCHAR,
    privacy_url VARCHAR
);
