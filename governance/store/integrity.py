"""`governance verify`: is the database still what the suite wrote?

Four kinds of evidence, each read-only, so a report or notebook can run them:
    * storage: every table read in full (governance.store.storage_check), so a damaged block is
      a finding naming its table rather than a crash in some later command;
    * the consent ledger's hashes and its key check value (governance.store.ledger.verify_ledger);
    * the records kept apart from the ledger (integrity_sql/record_problems.sql): the load log's
      counts and file order, the seals' loads, the subject key mappings, the erasure log. The
      chain proves its rows are the key holder's; these say how many there should be, so
      deleting whole appends with their seals, or rewriting with the key, leaves a trace;
    * the database's own consistency: a current schema, the register it was built from, and
      subject key mappings that agree with the pseudonym key and with the ledger (a ledger key
      without a mapping must belong to an erased subject).
docs/integrity.md says what this proves and what it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import duckdb

from governance.errors import StoreError
from governance.store import queries
from governance.store.ledger import LedgerReport, ensure_pseudonym_key, verify_ledger
from governance.store.migrations import available_migrations, latest_version, schema_version
from governance.store.storage_check import StorageReport, read_every_table

T = TypeVar("T")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class RecordSummary:
    """What the ledger was held against: consent loads (and their rows), mappings, erasures."""

    consent_loads: int
    consent_rows_loaded: int
    key_mappings: int
    erasures: int

    def line(self) -> str:
        return (
            f"held against: {_count(self.consent_loads, 'consent load')} in load_log "
            f"({_count(self.consent_rows_loaded, 'row')}), "
            f"{_count(self.key_mappings, 'subject key mapping')}, "
            f"{_count(self.erasures, 'erasure record')}"
        )


@dataclass(frozen=True)
class DatabaseReport:
    """The verdict of `verify_database`: storage, integrity problems and the ledger's report.

    `ledger` and `records` are None when damaged storage kept them from being verified (the
    reason is among `integrity_problems`).
    """

    schema_version: int | None
    register_sha256: str | None
    integrity_problems: tuple[str, ...]
    integrity_problem_count: int
    ledger: LedgerReport | None
    storage: StorageReport | None = None
    records: RecordSummary | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def problem_count(self) -> int:
        ledger = self.ledger.problem_count if self.ledger else 0
        return self.integrity_problem_count + ledger

    def lines(self, limit: int = 100) -> list[str]:
        """A summary for a person: what was verified, the head to record, each problem."""
        ledger = self.ledger
        register = (self.register_sha256 or "none")[:12]
        version = "unknown" if self.schema_version is None else self.schema_version
        out = [f"schema version {version}, register {register}"]
        if self.storage is not None:
            out.append(
                f"storage: {_count(self.storage.tables, 'table')}, "
                f"{_count(self.storage.rows, 'row')}, every column of every row read"
            )
        if ledger is None:
            out.append("consent ledger: not verified (damaged storage)")
        else:
            out.append(
                f"consent ledger: {ledger.events} events"
                + (f", seq 1-{ledger.last_seq}" if ledger.last_seq is not None else "")
                + f", {_count(ledger.seals, 'seal')}, "
                + _count(ledger.erased_subjects, "erased subject")
            )
            if ledger.key_evidence:
                out.append(f"key: {ledger.key_evidence}")
        if self.records is not None:
            out.append(self.records.line())
        if ledger is not None and ledger.last_seq is not None:
            out.append(f"head: seq {ledger.last_seq}, {ledger.head_label} {ledger.head_hash}")
        if self.ok:
            proof = ledger.proof if ledger is not None else "every seal"
            out.append(f"verified: {proof} matches; integrity OK")
            return out
        out.append(f"FAILED: {_count(self.problem_count, 'problem')} (tampering or damage)")
        first = ledger.first_bad_row if ledger else None
        block = ledger.first_bad_block if ledger else None
        if first is not None:
            out.append(f"first row that does not verify: seq {first.seq} (event {first.event_id})")
        elif block is not None:
            out.append(
                f"first row that does not verify: one of seqs {block.seq}-{block.through_seq} "
                "(its block's MAC fails; the row's fingerprint was recomputed, so it cannot be "
                "named)"
            )
        found = [*self.integrity_problems, *map(str, ledger.problems if ledger else ())][:limit]
        out.extend(f"  {problem}" for problem in found)
        if self.problem_count > len(found):
            out.append(f"  ... and {self.problem_count - len(found)} more")
        return out


def _check_schema(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version, refusing one this package cannot verify (StoreError)."""
    version = schema_version(con)
    latest = latest_version()
    if version > latest:
        raise StoreError(
            f"the database has schema version {version}, newer than this package's {latest}; "
            "upgrade the governance package"
        )
    applied = set()
    if version:
        applied = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    missing = [
        f"{m.version:03d}_{m.name}" for m in available_migrations() if m.version not in applied
    ]
    if missing:
        raise StoreError(
            f"the database lacks schema migration(s) {', '.join(missing)} of this package; "
            "migrate it first (governance init DB --register FILE)"
        )
    return version


def _problems(con: duckdb.DuckDBPyConnection, path: str, limit: int) -> tuple[list[str], int]:
    rows = queries.run(con, queries.sql("governance.store", path), limit=limit).fetchall()
    return [message for _area, message, _total in rows], rows[0][2] if rows else 0


def verify_database(con: duckdb.DuckDBPyConnection, *, limit: int = 10_000) -> DatabaseReport:
    """Verify storage, the ledger and the database around it; binds the key from the environment.

    A schema other than this package's is a StoreError, not a finding: the ledger macros of
    an older database are missing, and a read-only verification cannot migrate it. Every
    migration file must be applied, not only the highest (files can be merged out of order).
    So is a wrong key (see governance.store.pseudonym_key). Each list of problems keeps its
    first `limit`; the counts are complete. When a table cannot be read, the checks that need
    it report that they were not run instead of failing.
    """
    ensure_pseudonym_key(con)
    storage = read_every_table(con)
    found = list(storage.problems)
    count = len(found)

    def unless_damaged(what: str, step: Callable[[], T]) -> T | None:
        """Run `step`; with damaged storage, a DuckDB error becomes a finding, not a crash."""
        nonlocal count
        try:
            return step()
        except duckdb.Error as exc:
            if not storage.unreadable:
                raise
            found.append(f"{what}: not verified, it reads a damaged table ({exc})")
            count += 1
            return None

    version = unless_damaged("schema", lambda: _check_schema(con))
    if version is None:
        return DatabaseReport(None, None, tuple(found[:limit]), count, None, storage)
    ledger = unless_damaged("consent ledger", lambda: verify_ledger(con, limit=limit))
    checks = {
        "records kept apart from the ledger": "integrity_sql/record_problems.sql",
        "consistency": "ledger_sql/integrity_problems.sql",
    }
    for what, path in checks.items():
        result = unless_damaged(what, lambda path=path: _problems(con, path, limit))
        if result is not None:
            found.extend(result[0])
            count += result[1]
    summary = unless_damaged(
        "records",
        lambda: queries.run(
            con, queries.sql("governance.store", "integrity_sql/record_summary")
        ).fetchone(),
    )
    register = unless_damaged(
        "register_source",
        lambda: con.execute("SELECT max(sha256) FROM register_source").fetchone()[0],
    )
    return DatabaseReport(
        schema_version=version,
        register_sha256=register,
        integrity_problems=tuple(found[:limit]),
        integrity_problem_count=count,
        ledger=ledger,
        storage=storage,
        records=RecordSummary(*summary) if summary else None,
    )
