-- Published privacy policy texts (`governance policy DB --publish`): what each version said, kept
-- as it was published. `governance init` never touches these tables, so a later edit of the
-- register cannot rewrite a text already published; a version that was never stored is rendered
-- from the register as it declares that version.

CREATE TABLE policy_texts (
    version VARCHAR PRIMARY KEY,
    published_at DATE NOT NULL,
    framework VARCHAR NOT NULL,
    -- the facts the text states, as JSON of governance.policy.model.PolicyDocument: other
    -- formats and `governance policy --diff` are rendered from it
    document VARCHAR NOT NULL,
    -- the text as published (Markdown), byte for byte
    text_md VARCHAR NOT NULL,
    text_sha256 VARCHAR NOT NULL,
    register_sha256 VARCHAR,
    stored_at TIMESTAMPTZ NOT NULL,
    package_version VARCHAR NOT NULL
);

-- What a stored text discloses, one row per purpose or data category: read by the check
-- policy.undisclosed_processing in place of the register's list for that version.
CREATE TABLE policy_text_items (
    version VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,  -- 'purpose' or 'data_category'
    item_id VARCHAR NOT NULL,
    PRIMARY KEY (version, kind, item_id)
);
