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

The layout (layout 2, schema/013), and why it is set-based and cheap
    * subject_key comes from `subject_keys`, the mapping of each distinct subject: an append
      computes the keyed hash once per new subject, and each row joins it (10 M rows of 1 M
      subjects cost 1 M keyed hashes, not 10 M).
    * fingerprint = DuckDB's built-in 64-bit `hash()` of the row's values, seq included. It is
      cheap and unkeyed; it is not a proof of anything. It lets `verify` name the row an edit
      left without a matching fingerprint, and find the seq a moved row was written at.
    * a MAC per block: the rows of one append are cut into blocks of BLOCK_ROWS consecutive seqs
      (`ledger_blocks`); a block's MAC is sha256(secret || sha256("block:<first>:<last>:" ||
      sha256(the rows' canonical contents, one per line, in seq order))). The canonical content
      is the compact JSON array [seq, event_id, subject_key, purpose_id, action, occurred_at as
      epoch microseconds, policy_version, channel, evidence_ref], recomputable by anyone. The
      secret (128 bits) is derived from the pseudonym key under its own label. Any edit,
      insertion, deletion or move of a row, with or without a recomputed fingerprint, fails its
      block's MAC, and only the key's holder can make a new one. Blocks never span appends, so
      an append never rewrites an older block.
    * a seal per append in `ledger_seals`: sha256(secret || sha256("seal:<seq>:<MAC of the block
      ending at seq>")) of the head (kept in its column content_hash), so cutting rows off the
      end is seen.
    * a key check value, stored once by the first append (`pseudonym_key.py`, schema/010): a
      keyed hash of the key under its own label, so a wrong key (exit 4) is told from seals and
      MACs forged without the key (exit 8).

    What each part catches, and what `verify` names: a row edited without its fingerprint: the
    row ("edited"); moved: the row and where it was written ("reordered"); deleted: the missing
    seqs; inserted with a seq or a duplicate seq: the rows; a row rewritten together with its
    fingerprint, or a MAC edited: the block ("rewritten: the MAC of the block of seqs a-b does
    not verify"), since a 64-bit non-cryptographic fingerprint can be recomputed by anyone;
    rows cut off the end: the seal; a wrong key: the key check value.

    Why not a per-row keyed hash chain: layout 1 (schema/003) stored a SHA-256 content hash and
    a keyed link per row and computed a keyed subject hash per row: three SHA-256 per row, which
    made the append 80 % of a consent load (0.11 of DuckDB's bare read at 10 M events). The block
    MAC hashes every row's content once, in bulk, and the proof is as strong: a block binds its
    rows' contents and seqs under the key, and seq contiguity plus the seals bind the blocks'
    order. What a block MAC gives up is naming the rewritten row when its fingerprint was
    recomputed too: the block (BLOCK_ROWS rows) is named instead. A ledger of layout 1 is verified
    in its own layout and re-sealed in blocks the first time the key is at hand
    (`ledger_upgrade.py`).

Limits an auditor should know
    * The key is the trust anchor: whoever holds it can rewrite the ledger. Keep it in a secret
      store, apart from the database and its backups.
    * Dropping whole batches from the end together with their seals and blocks leaves an older,
      valid ledger; `governance verify` then holds it to the records kept apart from it
      (load_log, the key mappings, the erasure log: governance/store/integrity.py), and prints
      the head (seq and MAC): record it outside the database (the report archive, an e-mail) to
      anchor it. The head shows the end cut off or rewritten, not an earlier block rewritten by
      the key holder (docs/integrity.md).
    * A failing block with a named row in it is explained by that row; another row of the same
      block rewritten with its fingerprint shows only after the named row is restored.
    * DuckDB has no HMAC; the secret-prefix SHA-256 is safe here because every keyed input is the
      secret followed by fixed-length hex digests, so length extension yields nothing a verifier
      accepts.
    * The fingerprint is DuckDB's `hash()`, which a DuckDB release could change. Nothing depends
      on it but naming rows: a block whose MAC verifies is sound whatever its fingerprints say,
      and tests/ledger pin its value so an upgrade that changes it is seen in CI.

Everything heavy is SQL in `ledger_sql/` and the macros of `schema/003_ledger.sql` and
`schema/013_ledger_blocks.sql`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import duckdb
import pandas as pd

from governance.errors import StoreError
from governance.store import queries
from governance.store.erasure import ErasureResult, erase_subject
from governance.store.ledger_upgrade import is_layout_1, upgrade_layout, verify_layout_1
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
    "BLOCK_ROWS",
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

#: rows per MAC block. Larger blocks cost nothing more to append; they only widen what `verify`
#: can name when a row was rewritten together with its fingerprint (one block).
BLOCK_ROWS = 4096

#: at most this many blocks per pass of the block MACs: one pass's canonical rows (about 40 MB
#: at 150 bytes a row) are what the ordered aggregate holds in memory, whatever the size of the
#: batch or the ledger. Fewer under a small memory limit: see _blocks_per_pass.
BLOCKS_PER_PASS = 64

#: memory a pass may take per row, measured: 16 k rows per pass load within an 80 MB limit,
#: 64 k do not (the aggregate's working copies, the scan and DuckDB's own share)
PASS_BYTES_PER_ROW = 5000

_SIZE_UNITS = {
    "bytes": 1,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
}


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
    last_seq, events, sealed_seq, seal_verifies, seal_matches_rows = _script(
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
    if last_seq != sealed_seq or not seal_matches_rows:
        raise StoreError(
            f"the consent ledger ends at seq {last_seq} but was sealed at seq {sealed_seq} "
            f"with other content: it was altered since the last append{advice}"
        )


def append_consent_events(con: duckdb.DuckDBPyConnection, staged_table: str) -> int:
    """Append the validated, de-duplicated rows of `staged_table` to the ledger; return the count.

    New subjects get their key mapping; rows get seq after the stored maximum in file order
    (load_id, source_line), their subject key instead of the id and their fingerprint; the batch
    is cut into MAC blocks and sealed. All set-based SQL, inside the caller's transaction when
    one is open (else in its own), so a failure appends nothing. The key is bound from the
    environment when the caller has not bound one; a key other than the ledger's is refused. A
    ledger of layout 1 is verified and re-sealed in blocks first (ledger_upgrade.py). The first
    append (and the first one to a ledger created before its key check value existed) records
    the key check value.
    """
    ensure_pseudonym_key(con)
    _check_staged(con, staged_table)
    with atomic(con):
        upgrade_layout(con, block_rows=BLOCK_ROWS)
        _check_head(con)
        last_seq = con.execute("SELECT coalesce(max(seq), 0) FROM consent_events").fetchone()[0]
        _script(con, "append_subject_keys.sql", staged=staged_table)
        appended = _script(
            con, "append_consent_events.sql", staged=staged_table, last_seq=last_seq
        ).fetchone()[0]
        if appended:
            _append_blocks(con, last_seq, last_seq + appended)
            _script(con, "append_seal.sql", staged=staged_table, rows_appended=appended)
            record_key_check(con, rows_appended=appended)
    return appended


def _blocks_per_pass(con: duckdb.DuckDBPyConnection) -> int:
    """Blocks per pass under the connection's memory limit: BLOCKS_PER_PASS, fewer when the
    limit is small (a load run with --memory-limit 80MB still seals in passes that fit)."""
    setting = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    match = re.fullmatch(r"\s*([\d.]+)\s*([A-Za-z]+)\s*", str(setting))
    if not match or match[2].lower() not in _SIZE_UNITS:
        return BLOCKS_PER_PASS
    limit = float(match[1]) * _SIZE_UNITS[match[2].lower()]
    return max(1, min(BLOCKS_PER_PASS, int(limit // (PASS_BYTES_PER_ROW * BLOCK_ROWS))))


def _append_blocks(con: duckdb.DuckDBPyConnection, last_seq: int, new_last_seq: int) -> None:
    """The MAC blocks of seqs last_seq+1..new_last_seq, in passes of whole blocks."""
    span = BLOCK_ROWS * _blocks_per_pass(con)
    for from_seq in range(last_seq, new_last_seq, span):
        _script(
            con,
            "append_blocks.sql",
            last_seq=last_seq,
            from_seq=from_seq,
            to_seq=min(from_seq + span, new_last_seq),
            block_rows=BLOCK_ROWS,
        )


def _find_bad_blocks(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the temp table ledger_bad_blocks: uncovered runs, then failing blocks pass by pass."""
    _script(con, "verify_uncovered.sql")
    starts = [
        row[0]
        for row in _script(con, "verify_passes.sql", blocks_per_pass=BLOCKS_PER_PASS).fetchall()
    ]
    for from_seq, to_seq in pairwise(starts):
        _script(con, "verify_blocks.sql", from_seq=from_seq, to_seq=to_seq)


@dataclass(frozen=True)
class LedgerProblem:
    """One thing wrong in the ledger; `seq` and `event_id` are None where nothing is left."""

    seq: int | None
    event_id: str | None
    kind: str
    message: str
    through_seq: int | None = None  # a block's last seq: the problem spans seq..through_seq

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
    layout: int = 2

    @property
    def head_label(self) -> str:
        """What `head_hash` is: the MAC of the last block (layout 2), the last row's content hash
        (a layout-1 ledger not yet re-sealed)."""
        return "block MAC" if self.layout == 2 else "content hash"

    @property
    def proof(self) -> str:
        """What was recomputed, in words."""
        if self.layout == 2:
            return "every fingerprint, block MAC and seal"
        return "every content hash, link and seal (layout 1)"

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

    @property
    def first_bad_block(self) -> LedgerProblem | None:
        """The first MAC block that fails with no row in it to name (a row rewritten together
        with its fingerprint, or the MAC edited): what verify can name in that case."""
        return next((p for p in self.problems if p.kind == "block"), None)


# Problem kinds that name no stored row of the ledger.
ROW_LESS = frozenset({"seal", "deleted", "unsealed", "unblocked", "block", "key_check"})


def verify_ledger(con: duckdb.DuckDBPyConnection, *, limit: int = 10_000) -> LedgerReport:
    """Recompute every fingerprint, block MAC and seal in SQL and name each row that is wrong.

    Read-only (two temp tables), so it runs on a read-only connection. `problems` holds the
    first `limit` problems in seq order (findings about the key check value first),
    `problem_count` all of them. A wrong key is a configuration error (StoreError, raised by
    `check_key`), not tampering: otherwise a wrong key in a scheduler's environment would report
    every row of a sound ledger as altered. Once the key is proven the ledger's (its key check
    value), seals and links that fail are tampering, even when none verifies.
    """
    ensure_pseudonym_key(con)
    key = check_key(con)
    layout = 1 if is_layout_1(con) else 2
    events, last_seq, head_hash, seals, erased = _script(
        con, "layout1/ledger_summary.sql" if layout == 1 else "ledger_summary.sql"
    ).fetchone()
    if layout == 1:
        rows = verify_layout_1(con, limit=limit)
    else:
        try:
            _script(con, "verify_suspects.sql")
            _find_bad_blocks(con)
            rows = _script(con, "verify_problems.sql", limit=limit).fetchall()
        finally:
            con.execute("DROP TABLE IF EXISTS ledger_suspects")
            con.execute("DROP TABLE IF EXISTS ledger_bad_blocks")
    key_problems = tuple(LedgerProblem(None, None, "key_check", text) for text in key.problems)
    return LedgerReport(
        events=events,
        last_seq=last_seq,
        head_hash=head_hash,
        seals=seals,
        erased_subjects=erased,
        problems=(*key_problems, *(_problem(row) for row in rows))[:limit],
        problem_count=len(key_problems) + (rows[0][4] if rows else 0),
        key_evidence=key.evidence,
        layout=layout,
    )


def _problem(row: tuple[Any, ...]) -> LedgerProblem:
    """A problem from a verify_problems.sql row (seq, event_id, kind, message, total[, through])."""
    return LedgerProblem(*row[:4], through_seq=row[5] if len(row) > 5 else None)


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
