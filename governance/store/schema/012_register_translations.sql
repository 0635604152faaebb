-- Translations of the register's reader-facing text (docs/register.md, governance/register/text.py).
-- A name written `{en: ..., ru: ..., kk: ...}` keeps its English text in the plain column, so every
-- query and check reads what it read before; `<column>_i18n` holds every language's text as one
-- JSON object ({"en": ..., "ru": ..., "kk": ...}), NULL where the register gives English only.
-- A scope opened in another language reads them through TEMP views named like these tables
-- (governance/scope.py, `localise`): the rule is "a column with a `_i18n` twin is translated".
ALTER TABLE subject_types ADD COLUMN name_i18n JSON;
ALTER TABLE subject_types ADD COLUMN description_i18n JSON;
ALTER TABLE data_categories ADD COLUMN name_i18n JSON;
ALTER TABLE data_categories ADD COLUMN description_i18n JSON;
ALTER TABLE legal_bases ADD COLUMN name_i18n JSON;
ALTER TABLE legal_bases ADD COLUMN kz_reference_i18n JSON;
ALTER TABLE purposes ADD COLUMN name_i18n JSON;
ALTER TABLE purposes ADD COLUMN description_i18n JSON;
ALTER TABLE purposes ADD COLUMN consent_validity_i18n JSON;
ALTER TABLE systems ADD COLUMN name_i18n JSON;
ALTER TABLE systems ADD COLUMN description_i18n JSON;
ALTER TABLE recipients ADD COLUMN name_i18n JSON;
ALTER TABLE recipients ADD COLUMN description_i18n JSON;
ALTER TABLE processing_activities ADD COLUMN name_i18n JSON;
ALTER TABLE processing_activities ADD COLUMN description_i18n JSON;
ALTER TABLE transfers ADD COLUMN safeguard_i18n JSON;
ALTER TABLE retention_rules ADD COLUMN legal_reference_i18n JSON;
ALTER TABLE cookies ADD COLUMN purpose_i18n JSON;
ALTER TABLE policy_versions ADD COLUMN summary_i18n JSON;
ALTER TABLE security_measures ADD COLUMN name_i18n JSON;
ALTER TABLE security_measures ADD COLUMN description_i18n JSON;
