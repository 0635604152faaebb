"""Find the checks: every `.sql` file under `governance/checks/sql/`, with its header.

A check is one file. Its header is a block of `-- name: value` comment lines
(id, title, severity, section, keys, description, remediation); the SELECT
that follows returns the violating rows. The registry finds files, it does not
list them: adding a check is adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from governance.errors import CheckError
from governance.store import queries

_HEADER_LINE = re.compile(r"^--\s*([a-z_]+):\s*(.*)$")
_REQUIRED = ("id", "title", "severity", "section", "keys", "description", "remediation")


class Severity(IntEnum):
    """Ordered, so `--fail-on high` means high or critical."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise CheckError(
                f"unknown severity '{text}' (choose {', '.join(s.name.lower() for s in cls)})"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Check:
    """One check: its metadata and its SQL."""

    id: str
    title: str
    severity: Severity
    section: int
    keys: tuple[str, ...]
    description: str
    remediation: str
    sql: str
    path: str


def parse_check(text: str, path: str) -> Check:
    """Parse one check file; a missing or malformed header names the file and the field."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("--"):
            if line.strip():
                break
            continue
        match = _HEADER_LINE.match(line)
        if match and match[1] in _REQUIRED:
            last = match[1]
            header[last] = match[2].strip()
        elif last and line.startswith("--  "):
            header[last] += " " + line[2:].strip()  # an indented line continues the field
    missing = [name for name in _REQUIRED if not header.get(name)]
    if missing:
        raise CheckError(f"{path}: check header lacks {', '.join(missing)}")
    try:
        section = int(header["section"])
    except ValueError:
        raise CheckError(f"{path}: section '{header['section']}' is not a number 1-10") from None
    if not 1 <= section <= 10:
        raise CheckError(f"{path}: section {section} is not a policy section (1-10)")
    try:
        severity = Severity.parse(header["severity"])
    except CheckError as exc:
        raise CheckError(f"{path}: {exc}") from None
    return Check(
        id=header["id"],
        title=header["title"],
        severity=severity,
        section=section,
        keys=tuple(k.strip() for k in header["keys"].split(",") if k.strip()),
        description=header["description"],
        remediation=header["remediation"],
        sql=text,
        path=path,
    )


@cache
def all_checks() -> tuple[Check, ...]:
    """Every shipped check, sorted by id; duplicate ids are an error."""
    checks: dict[str, Check] = {}
    for path in queries.listing("governance.checks", "sql"):
        check = parse_check(queries.sql("governance.checks", path), f"governance/checks/{path}")
        if check.id in checks:
            raise CheckError(f"check id '{check.id}' is defined twice ({checks[check.id].path})")
        checks[check.id] = check
    return tuple(sorted(checks.values(), key=lambda c: c.id))


def get_check(check_id: str) -> Check:
    """One check by id, with a did-you-mean style list on a miss."""
    for check in all_checks():
        if check.id == check_id:
            return check
    known = ", ".join(c.id for c in all_checks())
    raise CheckError(f"unknown check '{check_id}' (known: {known})")
