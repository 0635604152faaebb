-- The controller and how to reach it (policy preamble and section 10).
SELECT name, bin, country, address, website,
       responsible_name, responsible_role, responsible_email, responsible_phone,
       dpo_name, dpo_email, dpo_phone,
       contact_email, contact_phone, contact_address, contact_web_form,
       security_policy
FROM organisation
