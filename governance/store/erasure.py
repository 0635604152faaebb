"""Erasing a data subject: their identity goes everywhere it is stored; the evidence stays.

What is removed, and why only that
    Identity lives in three places: `subjects` (name, e-mail, phone, birth date), `subject_keys`
    (the id beside its ledger pseudonym) and `quarantine`, whose refused rows keep the row as
    read. The first two lose the subject's rows; quarantine rows holding the subject's id, name,
    e-mail or phone are redacted, not deleted: the row keeps its load, file, line and column, so
    the load figures (`load_log.rows_quarantined`) still reconcile, and loses its values.
    The consent ledger keeps its rows: they carry only the keyed pseudonym and are the evidence
    of consent the company must keep (Law 94-V Art. 8; GDPR Art. 7(1), 17(3)(b) and (e)).
    Business records keyed by subject_id in the event tables (processing_log, data_inventory,
    dsr_requests...) are the DSR process's job: some must stay under a legal duty, which the
    register's retention rules say; check dsr.erasure_incomplete reports what is left.

The erasure log
    Each erasure that removes something appends a row to `subject_erasures` (schema/010): the
    pseudonym, when, which DSR request asked, the rows removed per table, and the ledger rows
    kept up to the head seq. `governance verify` holds the ledger to it, and the loader reads
    (subject_key, erased_at) to refuse an erased subject's rows when a file is loaded again.
    It holds no identity, but its request_id points at the request, which names the subject:
    keeping the request is the accountability record of having honoured it (GDPR Art. 5(2)).

Everything runs in one transaction (the caller's, or its own), so a failure leaves the
database as it was. The pseudonym key is needed: an erased subject's pseudonym is recomputed
from the id, so a retried erasure finds the earlier one, and the log of a subject who never
consented still names the pseudonym a later file would give them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from governance.errors import StoreError, UsageError
from governance.store import queries
from governance.store.pseudonym_key import PSEUDONYM_KEY_ENV, check_key, ensure_pseudonym_key
from governance.store.transaction import atomic

# The tables that hold identity, which the erasure clears (see the module docstring).
IDENTITY_TABLES = ("subjects", "subject_keys", "quarantine")


def _script(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
    """Run `erasure_sql/<name>`; the connection holds the last result."""
    return queries.run(con, queries.sql("governance.store", f"erasure_sql/{name}"), **params)


@dataclass(frozen=True)
class ErasureResult:
    """What `erase_subject` removed, what the ledger kept, and what is left to the DSR process.

    `erased_at` is when the erasure was recorded (None when nothing was removed);
    `erased_before` the latest earlier erasure of the same pseudonym; `records_left` the rows
    keyed by subject_id per event table (only the tables that have some).
    """

    subject_id: str
    identity_rows: int
    key_rows: int
    ledger_rows_kept: int
    quarantine_rows: int = 0
    request_id: str | None = None
    erased_at: datetime | None = None
    erased_before: datetime | None = None
    records_left: tuple[tuple[str, int], ...] = ()

    @property
    def found(self) -> bool:
        """Whether anything identifying the subject was removed now."""
        return bool(self.identity_rows or self.key_rows or self.quarantine_rows)

    @property
    def known(self) -> bool:
        """Whether the database holds or held the subject (removed now, or erased before)."""
        return self.found or self.erased_before is not None


def _check_request(con: duckdb.DuckDBPyConnection, subject_id: str, request_id: str | None) -> None:
    """Refuse a request id that is not an erasure request of this subject in dsr_requests."""
    if request_id is None:
        return
    row = _script(con, "request.sql", subject_id=subject_id, request_id=request_id).fetchone()
    if row is None:
        raise UsageError(
            f"--request {request_id}: no such request in dsr_requests (ids are case-sensitive; "
            "load the DSR requests file first, or leave --request out)"
        )
    same_subject, request_type, _status = row
    if not same_subject:
        raise UsageError(
            f"--request {request_id}: that request is about another subject, not {subject_id}"
        )
    if request_type != "erasure":
        raise UsageError(
            f"--request {request_id}: that is a {request_type} request, not an erasure request"
        )


def _records_left(con: duckdb.DuckDBPyConnection, subject_id: str) -> tuple[tuple[str, int], ...]:
    """Rows keyed by subject_id per event table (one count query per table, not per row)."""
    left = []
    for (table,) in _script(con, "subject_id_tables.sql").fetchall():
        count = _script(con, "records_left.sql", table=table, subject_id=subject_id).fetchone()[0]
        if count:
            left.append((table, count))
    return tuple(left)


def erase_subject(
    con: duckdb.DuckDBPyConnection, subject_id: str, *, request_id: str | None = None
) -> ErasureResult:
    """Remove `subject_id`'s identity from every table holding it, atomically, and log it.

    Deletes their `subjects` and `subject_keys` rows, redacts the quarantine rows holding their
    id, name, e-mail or phone, and records the erasure in `subject_erasures` with `request_id`
    (checked to be an erasure request of this subject in dsr_requests: UsageError otherwise).
    Erasing a subject the database does not hold, or holds nothing more of, changes nothing
    (`found` is False; `erased_before` tells an earlier erasure), so a retried request is
    harmless. Binds the key from the environment when the caller has not; a key that is not the
    ledger's is refused (StoreError). The ledger still verifies afterwards.

    >>> erase_subject(con, "S-000164", request_id="DSR-00042").found  # doctest: +SKIP
    True
    """
    ensure_pseudonym_key(con)
    with atomic(con):
        check_key(con)
        _check_request(con, subject_id, request_id)
        facts = _script(con, "subject.sql", subject_id=subject_id).fetchone()
        identity, keys, foreign, subject_key, ledger_rows, head_seq, erased_before = facts
        if foreign:
            raise StoreError(
                f"the key mapping of subject {subject_id} is not the pseudonym "
                f"{PSEUDONYM_KEY_ENV} gives: the mapping was altered; run 'governance verify' "
                "and erase after it is repaired"
            )
        _script(con, "identity_values.sql", subject_id=subject_id).fetchall()
        _script(con, "quarantine_matches.sql").fetchall()
        quarantined = con.execute("SELECT count(*) FROM erasure_quarantine").fetchone()[0]
        erased_at = None
        if identity or keys or quarantined:
            _script(con, "redact_quarantine.sql").fetchall()
            erased_at = _script(
                con,
                "record_erasure.sql",
                subject_key=subject_key,
                request_id=request_id,
                subjects_deleted=identity,
                subject_keys_deleted=keys,
                quarantine_redacted=quarantined,
                ledger_rows_kept=ledger_rows,
                ledger_head_seq=head_seq,
            ).fetchone()[0]
        _script(con, "delete_identity.sql", subject_id=subject_id).fetchall()
        left = _records_left(con, subject_id)
    return ErasureResult(
        subject_id=subject_id,
        identity_rows=identity,
        key_rows=keys,
        ledger_rows_kept=ledger_rows,
        quarantine_rows=quarantined,
        request_id=request_id,
        erased_at=erased_at,
        erased_before=erased_before,
        records_left=left,
    )
