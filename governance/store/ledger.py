"""The consent ledger: pseudonymous, append-only and tamper-evident.

Why pseudonymous
    Consent is evidence the company must keep after the subject asks to be erased (Law 94-V
    Art. 8, GDPR Art. 7(1)), yet the person must go. Ledger rows therefore carry a *subject key*,
    `subject_key(subject_id)` = SHA-256 of the pseudonym key and the id, never the id. The
    mapping (`subject_keys`) and the identity (`subjects`) live apart and are what
    `erase_subject` deletes. The pseudonym key comes from GOVERNANCE_PSEUDONYM_KEY and is never
    written to the database, so a stolen copy cannot re-identify anyone by hashing candidate ids.
    (Whoever holds the key can recompute the key of a known id: that is pseudonymisation, not
    anonymisation, and it lets a returning subject's new consents join their old evidence.)

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
      hash>")) of the head, so cutting rows off the end is seen and a wrong key is recognised.

    A classic chain (link_n = H(link_n-1 || content_n)) needs the previous row's *link*, so SQL
    can only build it row by row (a recursive CTE, one row per iteration), which does not scale
    to 10 M rows. The pairwise link needs the previous row's *content hash*, which one `lag()`
    window gives for all rows at once.
    It detects as much, because the links are keyed: editing, deleting, inserting or reordering
    rows creates at least one new adjacent pair, whose link cannot be made without the key, and
    the pairs bind the whole order transitively. What pairwise links cannot see alone, rows cut
    off the end, the keyed seal sees; it also tells a wrong key (no seal verifies) from tampering.
    Per-chunk Merkle roots were considered: they name a chunk rather than a row and detect
    nothing more. Pairwise links also localise: an edit breaks the rows around it, not every row
    after it, so the report names the rows that changed.

Limits an auditor should know
    * The key is the trust anchor: whoever holds it can rewrite the ledger. Keep it in a secret
      store, apart from the database and its backups.
    * Dropping whole batches from the end together with their seals leaves an older, valid
      ledger. `governance verify` prints the head (seq and hash): record it outside the database
      (the report archive, an e-mail) to anchor it.
    * DuckDB has no HMAC; the secret-prefix SHA-256 is safe here because every keyed input is the
      secret followed by fixed-length hex digests (a stored content hash of any other length
      fails the content check first), so length extension yields nothing a verifier accepts.

Everything heavy is SQL in `ledger_sql/` and the macros of `schema/003_ledger.sql`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from governance.errors import StoreError
from governance.store import queries
from governance.store.transaction import atomic

PSEUDONYM_KEY_ENV = "GOVERNANCE_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 16
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
    """Refuse to extend a ledger whose head does not match its last seal under this key."""
    last_seq, events, sealed_seq, seal_verifies, seal_matches_row = _script(
        con, "ledger_head.sql"
    ).fetchone()
    advice = "; run 'governance verify' on the database"
    if sealed_seq is None:
        if events:
            raise StoreError(
                f"the consent ledger holds {events} rows but no seal: they were not written by "
                f"the ledger, or its seals were deleted{advice}"
            )
        return
    if not seal_verifies:
        raise StoreError(
            f"the last seal of the consent ledger does not verify with {PSEUDONYM_KEY_ENV}: "
            f"this is not the key the ledger was written with, or the seal was altered{advice}"
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
    the caller has not bound one; a key other than the ledger's is refused.
    """
    ensure_pseudonym_key(con)
    _check_staged(con, staged_table)
    with atomic(con):
        _check_head(con)
        _script(con, "append_subject_keys.sql", staged=staged_table)
        appended = _script(con, "append_consent_events.sql", staged=staged_table).fetchone()[0]
        if appended:
            _script(con, "append_seal.sql", staged=staged_table, rows_appended=appended)
    return appended


@dataclass(frozen=True)
class LedgerProblem:
    """One thing wrong in the ledger; `seq` and `event_id` are None where nothing is left."""

    seq: int | None
    event_id: str | None
    kind: str
    message: str

    def __str__(self) -> str:
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

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def verify_ledger(con: duckdb.DuckDBPyConnection, *, limit: int = 10_000) -> LedgerReport:
    """Recompute every content hash, link and seal in SQL and name each row that is wrong.

    Read-only (one temp table), so it runs on a read-only connection. `problems` holds the
    first `limit` problems in seq order, `problem_count` all of them. A key that verifies no
    seal at all is a configuration error (StoreError), not tampering: otherwise a wrong key in
    a scheduler's environment would report every row of a sound ledger as altered.
    """
    ensure_pseudonym_key(con)
    summary = _script(con, "ledger_summary.sql").fetchone()
    events, last_seq, head_hash, seals, seals_verifying, erased = summary
    if seals and not seals_verifying:
        raise StoreError(
            f"no seal of the consent ledger verifies with {PSEUDONYM_KEY_ENV}: it is not the key "
            "the ledger was written with (or every seal was altered)"
        )
    try:
        _script(con, "verify_suspects.sql")
        rows = _script(con, "verify_problems.sql", limit=limit).fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS ledger_suspects")
    return LedgerReport(
        events=events,
        last_seq=last_seq,
        head_hash=head_hash,
        seals=seals,
        erased_subjects=erased,
        problems=tuple(LedgerProblem(*row[:4]) for row in rows),
        problem_count=rows[0][4] if rows else 0,
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


@dataclass(frozen=True)
class ErasureResult:
    """What `erase_subject` deleted, and the pseudonymous ledger rows it kept as evidence."""

    subject_id: str
    identity_rows: int
    key_rows: int
    ledger_rows_kept: int

    @property
    def found(self) -> bool:
        return bool(self.identity_rows or self.key_rows)


def erase_subject(con: duckdb.DuckDBPyConnection, subject_id: str) -> ErasureResult:
    """Delete a subject's identity (`subjects`) and key mapping (`subject_keys`), atomically.

    The ledger keeps its rows: they carry only the subject key, and the erasure is recorded in
    `subject_erasures` so verification can tell it from a mapping lost otherwise. The chain
    still verifies afterwards. Deleting the subject's business records (data_inventory,
    processing logs, ...) is the DSR process's job, not this function's. Erasing an unknown or
    already erased subject changes nothing (`found` is False), so a retried request is harmless.
    """
    with atomic(con):
        counts = _script(con, "erasure_counts.sql", subject_id=subject_id).fetchone()
        _script(con, "erase_subject.sql", subject_id=subject_id)
    return ErasureResult(subject_id, *counts)
