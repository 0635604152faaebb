-- Who holds the data and whom to contact about it: the controller's identity and contacts.
SELECT
    name,
    bin,
    country,
    address,
    website,
    responsible_name,
    responsible_role,
    responsible_email,
    responsible_phone,
    dpo_name,
    dpo_email,
    dpo_phone,
    contact_email,
    contact_phone,
    contact_address,
    contact_web_form
FROM organisation
