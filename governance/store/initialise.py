"""`governance init`: build or update a database from a register, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from governance import __version__
from governance.register.loader import load_register, register_hash
from governance.register.models import Register
from governance.store.connection import connect
from governance.store.ledger_upgrade import drop_empty_layout_1
from governance.store.migrations import migrate, schema_version
from governance.store.register_tables import replace_register_tables


@dataclass(frozen=True)
class InitResult:
    db_path: Path
    schema_version: int
    migrations_applied: int
    register_sha256: str
    rows: dict[str, int]


def init_database(db_path: str | Path, register_path: str | Path) -> InitResult:
    """Create `db_path` (or migrate it) and replace its register tables from `register_path`.

    The register is validated before the database is touched; migrations and
    the new register rows are written in one transaction, so a failure leaves
    the database exactly as it was.
    """
    register = load_register(register_path)
    digest = register_hash(register_path)
    return write_register(
        db_path,
        register,
        source=str(register_path),
        sha256=digest,
        base=Path(register_path).resolve().parent,
    )


def write_register(
    db_path: str | Path,
    register: Register,
    *,
    source: str,
    sha256: str,
    base: Path | None = None,
) -> InitResult:
    """Store an already validated `register` (from YAML or an import) in `db_path`, with the
    cookie reference: the shipped one and the register's own files (relative to `base`)."""
    # imported here: governance.cookies reads its SQL through governance.store
    from governance.cookies.reference import refresh_reference
    con = connect(db_path)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            applied = migrate(con)
            drop_empty_layout_1(con)
            rows = replace_register_tables(con, register)
            company = [(base or Path.cwd()) / name for name in register.cookie_reference]
            rows["cookie_reference"] = sum(refresh_reference(con, company).values())
            con.execute("DELETE FROM register_source")
            con.execute(
                "INSERT INTO register_source VALUES (?, ?, now(), ?)", [source, sha256, __version__]
            )
            version = schema_version(con)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return InitResult(Path(db_path), version, len(applied), sha256, rows)
