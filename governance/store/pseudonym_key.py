"""The pseudonym key: binding it to a session, and proving it is the consent ledger's key.

Why a key check value
    Every keyed record of the ledger (links, seals, subject keys) fails alike under a wrong key
    and under a forger who rewrote them without the key, so from the records alone a forged row
    with re-made seals looked like a wrong key (a configuration error, exit 4) instead of
    tampering (exit 8). The first append therefore stores a *key check value*,
    `ledger_key_check_value()` = SHA-256 of the key under its own label (schema/010). It is
    written once and never recomputed from anything a forger can reach: a key that matches it is
    the ledger's key, so every seal or link that then fails is tampering.

How the verdict is reached (`check_key`)
    * The check value matches: the key is right. More than one stored value is a finding.
    * It does not match: if a seal or a subject key mapping (a keyed hash of the id stored beside
      it) verifies, the key is right and the check value was altered, a finding; if none does,
      the key is wrong: StoreError (exit 4).
    * No check value (a ledger created before migration 010, until its next append records it):
      as before the check value existed, a verifying seal or mapping proves the key; an empty
      ledger proves nothing and needs nothing. The absence is itself a finding when the ledger
      was sealed after migration 010 was applied (that append would have recorded it); if then
      nothing verifies, the keyed records were deleted or re-made, which is tampering whatever
      the key, and is reported as such rather than as a wrong key.
    What stays ambiguous: a forger who replaces the check value, every seal and every mapping
    with values of their own key has built a ledger under another key, and `verify` says so
    (exit 4). The head printed by `governance verify`, recorded elsewhere, anchors against that.
    The check value reveals nothing a seal or mapping does not already: each lets a thief test
    guesses of the key offline, which is why the key must be long and random.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import duckdb

from governance.errors import StoreError
from governance.store import queries

PSEUDONYM_KEY_ENV = "GOVERNANCE_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 16


def bind_pseudonym_key(con: duckdb.DuckDBPyConnection, key: str | None = None) -> None:
    """Make the pseudonym key available to this session's SQL (variable `pseudonym_key`).

    `key` defaults to GOVERNANCE_PSEUDONYM_KEY. A session variable lives only as long as the
    connection, so the key is never written to the database file.
    """
    if key is None:
        key = os.environ.get(PSEUDONYM_KEY_ENV)
    if key is None or not key.strip():
        raise StoreError(
            f"{PSEUDONYM_KEY_ENV} is not set: the consent ledger needs the pseudonym key "
            f"(at least {MIN_KEY_LENGTH} characters), which is kept outside the database; "
            "set it in the environment from your secret store"
        )
    if len(key) < MIN_KEY_LENGTH:
        raise StoreError(
            f"{PSEUDONYM_KEY_ENV} is too short ({len(key)} characters): the pseudonym key "
            f"needs at least {MIN_KEY_LENGTH} characters"
        )
    con.execute("SET VARIABLE pseudonym_key = ?", [key])


def ensure_pseudonym_key(con: duckdb.DuckDBPyConnection) -> None:
    """Bind the key from the environment unless the caller already bound one."""
    bound = con.execute("SELECT getvariable('pseudonym_key') IS NOT NULL").fetchone()[0]
    if not bound:
        bind_pseudonym_key(con)


def _script(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    return queries.run(con, queries.sql("governance.store", f"ledger_sql/{name}"), **params)


@dataclass(frozen=True)
class KeyCheck:
    """Why the bound key is taken for the ledger's, and what is wrong with the check value."""

    evidence: str
    problems: tuple[str, ...]
    recorded: bool


def _witnesses(seals_verifying: int, mappings_agreeing: int) -> str:
    found = []
    if seals_verifying:
        found.append(f"{seals_verifying} seal{'s' if seals_verifying != 1 else ''}")
    if mappings_agreeing:
        plural = "s" if mappings_agreeing != 1 else ""
        found.append(f"{mappings_agreeing} sampled subject key mapping{plural}")
    return " and ".join(found)


def _has_key_check(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether migration 010 gave this database its key check table (older ones still verify:
    `verify_ledger` runs read-only, where nothing can migrate them)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'ledger_key_check'"
    ).fetchone()[0]
    return bool(found)


# key_status by whether the database has its key check table
_KEY_STATUS = {True: "key_status.sql", False: "key_status_before_010.sql"}


def check_key(con: duckdb.DuckDBPyConnection) -> KeyCheck:
    """Decide whether the bound key is the ledger's; raise StoreError when it is not.

    Read-only. Returns the evidence in words (for `governance verify`) and the findings about
    the check value itself, which are tampering (see the module docstring for the rules).
    """
    (
        recorded,
        matching,
        recorded_at,
        seals,
        seals_verifying,
        mappings_sampled,
        mappings_agreeing,
        sealed_since_check_began,
    ) = _script(con, _KEY_STATUS[_has_key_check(con)]).fetchone()
    witnesses = _witnesses(seals_verifying, mappings_agreeing)
    problems: list[str] = []
    if recorded:
        if recorded > 1:
            problems.append(
                f"ledger_key_check: {recorded} key check values, where the first append "
                "records exactly one"
            )
        if matching:
            return KeyCheck(
                f"{PSEUDONYM_KEY_ENV} matches the ledger's key check value (recorded "
                f"{recorded_at.isoformat(sep=' ', timespec='seconds')})",
                tuple(problems),
                True,
            )
        if not witnesses:
            raise StoreError(
                f"{PSEUDONYM_KEY_ENV} does not verify against the consent ledger's key check "
                "value, nor any of its seals or subject key mappings: it is not the key the "
                "ledger was written with; set the ledger's key from your secret store"
            )
        problems.append(
            "ledger_key_check: the key check value was altered: it does not match "
            f"{PSEUDONYM_KEY_ENV}, which {witnesses} of the ledger prove to be its key"
        )
        return KeyCheck(f"{PSEUDONYM_KEY_ENV} verifies {witnesses}", tuple(problems), True)
    if sealed_since_check_began:
        problems.append(
            "ledger_key_check: the key check value is missing, although the ledger was "
            "appended to after migration 010, whose first append records it: it was deleted"
        )
    if witnesses:
        return KeyCheck(
            f"{PSEUDONYM_KEY_ENV} verifies {witnesses} (no key check value recorded yet: "
            "the next append records it)",
            tuple(problems),
            False,
        )
    if not seals and not mappings_sampled:
        return KeyCheck("nothing keyed is stored yet", tuple(problems), False)
    if problems:
        problems.append(
            f"the consent ledger: no seal or subject key mapping verifies with "
            f"{PSEUDONYM_KEY_ENV} and the key check value is gone: its keyed records were "
            "deleted or re-made (or this is also not the ledger's key)"
        )
        return KeyCheck("nothing keyed verifies", tuple(problems), False)
    raise StoreError(
        f"{PSEUDONYM_KEY_ENV} does not verify any seal or subject key mapping of the consent "
        "ledger: it is not the key the ledger was written with (or every seal was altered; "
        "the ledger predates its key check value, which its next append records)"
    )


def record_key_check(con: duckdb.DuckDBPyConnection, *, rows_appended: int) -> None:
    """Store the key check value unless one is stored, in the transaction of an append of
    `rows_appended` rows that `check_key` allowed."""
    if _has_key_check(con):
        _script(con, "record_key_check.sql", rows_appended=rows_appended).fetchall()
