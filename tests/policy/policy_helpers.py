"""What the policy tests share; not a test module (imported by name from tests/policy)."""

#: the ten section headings of privacy_policy_metrix.txt, as the rendered policy shows them
SECTIONS = [
    "1. General provisions",
    "2. Data the Company processes",
    "3. Purposes of processing",
    "4. Confidentiality and disclosure",
    "5. Data protection",
    "6. Storage periods",
    "7. Your rights",
    "8. Changes to this Policy",
    "9. Cookies",
    "10. Contacts",
]
