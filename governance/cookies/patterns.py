"""Cookie declarations as people write them: name patterns and domains that cover subdomains.

A cookie notice lists `_ga_*` once, not every `_ga_<container id>` Google Analytics sets, and
declares `metrix.kz` for a cookie the browser reports on `.metrix.kz` or `www.metrix.kz`. So:

* a declared name may hold `*`, standing for any text (also none): `_ga_*`, `_hjSession*`,
  `*_consent`. Everything else is literal. A cookie name is an RFC 6265 token, so characters that
  cannot be in one (space, `;`, `,`, `=`, quotes, brackets, `?`...) are refused rather than
  guessed at. A pattern must keep at least two literal characters: `*` alone, or `**`, would
  declare every cookie the site will ever set, which is no declaration at all;
* a domain is a host name, written with or without a leading dot; it matches itself and its
  subdomains (`metrix.kz` matches `www.metrix.kz` and `.metrix.kz`, not `notmetrix.kz`), as a
  browser scopes a cookie with a Domain attribute.

The register stores each declaration with the text SQL matches on (`name_regex`,
`domain_key`), so the checks' matching is plain SQL that DuckDB and Spark both run
(rules/cookie_classes.sql).
"""

from __future__ import annotations

import re

#: RFC 6265 cookie-name = token (RFC 2616): any CHAR except controls and separators
_TOKEN_CHARS = re.compile(r"^[!#$%&'+\-.^_`|~0-9A-Za-z*]+$")
_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
#: the fewest literal characters a pattern keeps (`_g*` is the shortest sensible prefix)
MIN_LITERAL = 2


def check_cookie_name(name: str) -> str:
    """`name` as declared, or ValueError saying what is wrong with it."""
    if not _TOKEN_CHARS.match(name):
        bad = sorted({c for c in name if not _TOKEN_CHARS.match(c)})
        shown = ", ".join(repr(c) for c in bad)
        raise ValueError(
            f"'{name}' is not a cookie name: {shown} cannot be part of one (a pattern uses * "
            "for any text, e.g. _ga_*)"
        )
    if "*" in name and literal_length(name) < MIN_LITERAL:
        raise ValueError(
            f"the pattern '{name}' matches (nearly) every cookie, so it declares nothing; "
            "declare each cookie by name or by a prefix such as _ga_*"
        )
    return name


def check_cookie_domain(domain: str) -> str:
    """`domain` as declared, or ValueError saying what is wrong with it."""
    if "://" in domain or "/" in domain:
        raise ValueError(f"'{domain}' is a URL; a cookie domain is a host name such as metrix.kz")
    if "*" in domain:
        raise ValueError(
            f"'{domain}': write the domain without '*'; a domain already covers its subdomains "
            "(metrix.kz matches www.metrix.kz)"
        )
    if not _HOST.match(domain_key(domain)):
        raise ValueError(f"'{domain}' is not a host name such as metrix.kz")
    return domain


def is_pattern(name: str) -> bool:
    return "*" in name


def literal_length(name: str) -> int:
    """How many characters of `name` are literal: the more, the more specific the declaration."""
    return len(name.replace("*", ""))


def name_regex(name: str) -> str | None:
    """An anchored regular expression for a pattern (None for a plain name, compared as is).

    Only `*` is special; every literal character is escaped the same way for RE2 (DuckDB) and
    Java (Spark), which read `\\.`, `\\$` and friends alike.
    """
    if not is_pattern(name):
        return None
    literal = ("\\" + c if c in r".^$|+?()[]{}\\" else c for c in name)
    return "^" + "".join(".*" if c == "*" else c for c in literal) + "$"


def domain_key(domain: str) -> str:
    """The form domains are compared in: lower case, no leading dot."""
    return domain.strip().lower().lstrip(".")
