-- A retention rule may name the legal basis its records are kept under, and a legal basis may be
-- marked as a legal obligation: records kept under one stay after an erasure request (GDPR
-- Art. 17(3)(b), 94-V Art. 8(2)), so dsr.erasure_incomplete does not count them. Both optional
-- in the register; `governance init` fills them.
ALTER TABLE legal_bases ADD COLUMN legal_obligation BOOLEAN DEFAULT false;
ALTER TABLE retention_rules ADD COLUMN legal_basis_id VARCHAR;
