"""`governance verify`: is the database still what the suite wrote?

Two kinds of evidence: the consent ledger's hashes (governance.store.ledger.verify_ledger) and the
database's own consistency: a current schema, the register it was built from, and subject key
mappings that agree with the pseudonym key and with the ledger (a ledger key without a mapping
must belong to an erased subject). Both are read-only, so a report or notebook can run them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from governance.errors import StoreError
from governance.store import queries
from governance.store.ledger import LedgerReport, ensure_pseudonym_key, verify_ledger
from governance.store.migrations import available_migrations, latest_version, schema_version


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class DatabaseReport:
    """The verdict of `verify_database`: integrity problems and the ledger's report."""

    schema_version: int
    register_sha256: str | None
    integrity_problems: tuple[str, ...]
    integrity_problem_count: int
    ledger: LedgerReport

    @property
    def ok(self) -> bool:
        return self.integrity_problem_count == 0 and self.ledger.ok

    @property
    def problem_count(self) -> int:
        return self.integrity_problem_count + self.ledger.problem_count

    def lines(self, limit: int = 100) -> list[str]:
        """A summary for a person: what was verified, the head to record, each problem."""
        ledger = self.ledger
        register = (self.register_sha256 or "none")[:12]
        out = [
            f"schema version {self.schema_version}, register {register}",
            f"consent ledger: {ledger.events} events"
            + (f", seq 1-{ledger.last_seq}" if ledger.last_seq is not None else "")
            + f", {_count(ledger.seals, 'seal')}, "
            + _count(ledger.erased_subjects, "erased subject"),
        ]
        if ledger.last_seq is not None:
            out.append(f"head: seq {ledger.last_seq}, content hash {ledger.head_hash}")
        if self.ok:
            out.append("verified: every content hash, link and seal matches; integrity OK")
            return out
        out.append(f"FAILED: {_count(self.problem_count, 'problem')} (tampering or damage)")
        found = [*self.integrity_problems, *map(str, ledger.problems)][:limit]
        out.extend(f"  {problem}" for problem in found)
        if self.problem_count > len(found):
            out.append(f"  ... and {self.problem_count - len(found)} more")
        return out


def verify_database(con: duckdb.DuckDBPyConnection, *, limit: int = 10_000) -> DatabaseReport:
    """Verify the ledger and the database around it; binds the key from the environment.

    A schema other than this package's is a StoreError, not a finding: the ledger macros of
    an older database are missing, and a read-only verification cannot migrate it. Every
    migration file must be applied, not only the highest (files can be merged out of order).
    Each list of problems keeps its first `limit`; the counts are complete.
    """
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
    ensure_pseudonym_key(con)
    ledger = verify_ledger(con, limit=limit)
    problems = queries.run(
        con, queries.sql("governance.store", "ledger_sql/integrity_problems.sql"), limit=limit
    ).fetchall()
    register = con.execute("SELECT max(sha256) FROM register_source").fetchone()[0]
    return DatabaseReport(
        schema_version=version,
        register_sha256=register,
        integrity_problems=tuple(message for _area, message, _total in problems),
        integrity_problem_count=problems[0][2] if problems else 0,
        ledger=ledger,
    )
