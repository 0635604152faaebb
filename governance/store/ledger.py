"""The consent ledger: pseudonymous, append-only and tamper-evident.

Why pseudonymous
    Consent is evidence the company must keep after the subject asks to be erased (Law 94-V
    Art. 8, GDPR Art. 7(1)), yet the person must go. Ledger rows therefore carry a *subject key*,
    `subject_key(subject_id)` = SHA-256 of the pseudonym key and the id, never the id. The
    mapping (`subject_keys`) and the identity (`subjects`) live apart and are what
    `erase_subject` deletes. The pseudonym key comes from GOVERNANCE_PSEUDONYM_KEY and is never
    written to the database, so a stolen copy cannot re-identify anyone by hashing candidate ids.
    (Whoever holds the key can recompute the key of a known id: that is pseudonymisation, not
    anonymisation, and it lets the loader recognise an erased subject in a later file.)

The hash scheme, and why it is set-based
    * content_hash = sha256 of the row's canonical content, the compact JSON array
      [seq, event_id, subject_key, purpose_id, action, occurred_at (UTC ISO-8601 with
      microseconds), policy_version, channel, evidence_ref]. Unkeyed and reproducible by anyone
      (`json.dumps(values, separators=(",", ":"), ensure_ascii=False)`); it catches an edit that
      left the hash alone. seq is inside, so a row cannot move without a new content hash.
    * link_hash = sha256(secret || content_hash || predecessor's content_hash), the secret
      (128 bits) derived from the pseudonym key under its own label; the first row's
      predecessor is 64 zeros (genesis), a batch's first row's predecessor is the stored last
      row.
    * a seal per append in `ledger_seals`: sha256(secret || sha256("seal:<seq>:<content
      hash>")) of the head, so cutting rows off the end is seen.
    * a key check value, stored once by the first append (`pseudonym_key.py`, schema/010): a
      keyed hash of the key under its own label, so a wrong key (exit 4) is told from seals and
      links forged without the key (exit 8).

    A classic chain (link_n = H(link_n-1 || content_n)) needs the previous row's *link*, so SQL
    can only build it row by row (a recursive CTE, one row per iteration), which does not scale
    to 10 M rows. The pairwise link needs the previous row's *content hash*, which one `lag()`
    window gives for all rows at once.
    It detects as much, because the links are keyed: editing, deleting, inserting or reordering
    rows creates at least one new adjacent pair, whose link cannot be made without the key, and
    the pairs bind the whole order transitively. What pairwise links cannot see alone, rows cut
    off the end, the keyed seal sees.
    Per-chunk Merkle roots were considered: they name a chunk rather than a row and detect
    nothing more. Pairwise links also localise: an edit breaks the rows around it, not every row
    after it, so the report names the rows that changed.

Limits an auditor should know
    * The key is the trust anchor: whoever holds it can rewrite the ledger. Keep it in a secret
      store, apart from the database and its backups.
    * Dropping whole batches from the end together with their seals leaves an older, valid
      chain; `governance verify` then holds it to the records kept apart from it (load_log, the
      key mappings, the erasure log: governance/store/integrity.py), and prints the head (seq and
      hash): record it outside the database (the report archive, an e-mail) to anchor it. The
      head is the last row's content hash, not a digest of all rows: it shows the end cut off or
      rewritten, not an earlier row rewritten by the key holder (docs/integrity.md).
    * DuckDB has no HMAC; the secret-prefix SHA-256 is safe here because every keyed input is the
      secret followed by fixed-length hex digests (a stored content hash of any other length
      fails the content check first), so length extension yields nothing a verifier accepts.

Everything heavy is SQL in `ledger_sql/` and the macros of `schema/003_ledger.sql`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from governance.errors import StoreError
from governance.store import queries
from governance.store.erasure import ErasureResult, erase_subject
from governance.store.pseudonym_key import (
    MIN_KEY_LENGTH,
    PSEUDONYM_KEY_ENV,
    bind_pseudonym_key,
    check_key,
    ensure_pseudonym_key,
    record_key_check,
)
from governance.store.transaction import atomic

# The key helpers and the erasure live in their own modules; their names stay importable from
# here, where callers have always found them.
__all__ = [
    "MIN_KEY_LENGTH",
    "PSEUDONYM_KEY_ENV",
    "STAGED_COLUMNS",
    "ErasureResult",
    "LedgerProblem",
    "LedgerReport",
    "append_consent_events",
    "bind_pseudonym_key",
    "consent_state",
    "ensure_pseudonym_key",
    "erase_subject",
    "verify_ledger",
]

SQL = "ledger_sql"


def _script(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    """Run `ledger_sql/<name>` with its parameters; the connection holds the last result."""
    return queries.run(con, queries.sql("governance.store", f"{SQL}/{name}"), **params)


STAGED_COLUMNS = (
    "event_id",
    "subject_id",
    "purpose_id",
    "action",
    "occurred_at",
    "policy_version",
    "channel",
    "evidence_ref",
    "extra",
    "load_id",
    "source_line",
)


def _check_staged(con: duckdb.DuckDBPyConnection, staged_table: str) -> None:
    """Refuse a staged table that lacks a column, or whose timestamps are not TIMESTAMPTZ.

    A naive TIMESTAMP would be hashed as UTC but stored through the session's time zone: the
    row would fail verification later, far from the cause.
    """
    try:
        described = con.execute("DESCRIBE SELECT * FROM query_table(?)", [staged_table]).fetchall()
    except duckdb.CatalogException:
        raise StoreError(f"staged table {staged_table!r} does not exist") from None
    types = {name: column_type for name, column_type, *_ in described}
    missing = [column for column in STAGED_COLUMNS if column not in types]
    if missing:
        raise StoreError(f"staged table {staged_table!r} lacks column(s): {', '.join(missing)}")
    if types["occurred_at"] != "TIMESTAMP WITH TIME ZONE":
        raise StoreError(
            f"staged table {staged_table!r}: occurred_at is {types['occurred_at']}, "
            "expected TIMESTAMPTZ"
        )


def _check_head(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to extend a ledger whose key check or head does not match under this key.

    `check_key` has refused a wrong key already, so a last seal that does not verify here was
    altered; so was a key check value it reports on.
    """
    advice = "; run 'governance verify' on the database"
    key = check_key(con)
    if key.problems:
        raise StoreError(f"the consent ledger was altered: {key.problems[0]}{advice}")
    last_seq, events, sealed_seq, seal_verifies, seal_matches_row = _script(
        con, "ledger_head.sql"
    ).fetchone()
    if sealed_seq is None:
        if events:
            raise StoreError(
                f"the consent ledger holds {events} rows but no seal: they were not written by "
                f"the ledger, or its seals were deleted{advice}"
            )
        return
    if not seal_verifies:
        raise StoreError(
            f"the last seal of the consent ledger (seq {sealed_seq}) does not verify, although "
            f"{key.evidence}: the seal was altered{advice}"
        )
    if last_seq != sealed_seq or not seal_matches_row:
        raise StoreError(
            f"the consent ledger ends at seq {last_seq} but was sealed at seq {sealed_seq} "
            f"with other content: it was altered since the last append{advice}"
        )


def append_consent_events(con: duckdb.DuckDBPyConnection, staged_table: str) -> int:
    """Append the validated, de-duplicated rows of `staged_table` to the ledger; return the count.

    New subjects get their key mapping; rows get seq after the stored maximum in file order
    (load_id, source_line), their subject key instead of the id, content and link hashes, and
    the batch is sealed. All set-based SQL, inside the caller's transaction when one is open
    (else in its own), so a failure appends nothing. The key is bound from the environment when
    the caller has not bound one; a key other than the ledger's is refused. The first append
    (and the first one to a ledger created before its key check value existed) records the key
    check value.
    """
    ensure_pseudonym_key(con)
    _check_staged(con, staged_table)
    with atomic(con):
        _check_head(con)
        _script(con, "append_subject_keys.sql", staged=staged_table)
        appended = _script(con, "append_consent_events.sql", staged=staged_table).fetchone()[0]
        if appended:
            _script(con, "append_seal.sql", staged=staged_table, rows_appended=appended)
            record_key_check(con, rows_appended=appended)
    return appended


@dataclass(frozen=True)
class LedgerProblem:
    """One thing wrong in the ledger; `seq` and `event_id` are None where nothing is left."""

    seq: int | None
    event_id: str | None
    kind: str
    message: str

    def __str__(self) -> str:
        if self.seq is None and self.event_id is None:
            return self.message  # about the whole ledger (its key check value)
        where = "no seq" if self.seq is None else f"seq {self.seq}"
        if self.event_id is not None:
            where += f" (event {self.event_id})"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class LedgerReport:
    """The verification of the whole ledger: its head, its seals and every problem found."""

    events: int
    last_seq: int | None
    head_hash: str | None
    seals: int
    erased_subjects: int
    problems: tuple[LedgerProblem, ...]
    problem_count: int
    key_evidence: str = ""

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first_bad_row(self) -> LedgerProblem | None:
        """The first stored row that does not verify (edited, forged, moved, inserted), if any.

        Seal findings and missing rows name no stored row; a forger's first row is here.
        """
        rows = (p for p in self.problems if p.event_id is not None and p.kind not in ROW_LESS)
        return next(rows, None)


# Problem kinds that name no stored row of the ledger.
ROW_LESS = frozenset({"seal", "deleted", "unsealed", "key_check"})


def verify_ledger(con: duckdb.DuckDBPyConnection, *, limit: int = 10_000) -> LedgerReport:
    """Recompute every content hash, link and seal in SQL and name each row that is wrong.

    Read-only (one temp table), so it runs on a read-only connection. `problems` holds the
    first `limit` problems in seq order (findings about the key check value first),
    `problem_count` all of them. A wrong key is a configuration error (StoreError, raised by
    `check_key`), not tampering: otherwise a wrong key in a scheduler's environment would report
    every row of a sound ledger as altered. Once the key is proven the ledger's (its key check
    value), seals and links that fail are tampering, even when none verifies.
    """
    ensure_pseudonym_key(con)
    key = check_key(con)
    events, last_seq, head_hash, seals, erased = _script(con, "ledger_summary.sql").fetchone()
    try:
        _script(con, "verify_suspects.sql")
        rows = _script(con, "verify_problems.sql", limit=limit).fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS ledger_suspects")
    key_problems = tuple(LedgerProblem(None, None, "key_check", text) for text in key.problems)
    return LedgerReport(
        events=events,
        last_seq=last_seq,
        head_hash=head_hash,
        seals=seals,
        erased_subjects=erased,
        problems=(*key_problems, *(LedgerProblem(*row[:4]) for row in rows))[:limit],
        problem_count=len(key_problems) + (rows[0][4] if rows else 0),
        key_evidence=key.evidence,
    )


def _utc(as_of: datetime | str) -> datetime:
    """An aware instant; a value without an offset is UTC, as in the event files."""
    instant = datetime.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def consent_state(con: duckdb.DuckDBPyConnection, as_of: datetime | str) -> pd.DataFrame:
    """Consent state of every (subject_key, purpose_id) at `as_of`, as the SQL macro gives it.

    The macro is in schema/007_consent_state_aggregate.sql (the rule, with its tie-break, in
    docs/checks.md).
    """
    return con.execute(
        "SELECT * FROM consent_state(?::TIMESTAMPTZ) ORDER BY subject_key, purpose_id",
        [_utc(as_of)],
    ).df()
