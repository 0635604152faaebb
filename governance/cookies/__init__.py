"""Cookies: declarations by pattern, the reference of known cookies, and HAR evidence.

`patterns` holds what a declaration may say and how it matches; `reference` loads the Open Cookie
Database shipped in `open_cookie_database/` (and a company's own reference files) into the table
`cookie_reference`. The checks read both through rules/cookie_classes.sql. docs/cookies.md tells
the whole story.
"""
