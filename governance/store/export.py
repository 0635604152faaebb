"""`governance export DB DIR`: a database's tables as Parquet, one file per table.

The layout the Spark engine reads (`governance check --engine spark --data DIR`): `DIR/<table>.
parquet` for every table of the schema, events and register alike, so the event tables keep
the names of their event files. The register tables are small; they travel with the events so
that a cluster needs nothing else. Timestamps are written as UTC instants (Parquet's adjusted
timestamps), which Spark reads as its own TIMESTAMP. The consent state the load keeps at each
month end (`consent_checkpoints` and its `consent_checkpoint_meta`, schema/014) is data the rule
views read, not bookkeeping: it travels too, so a period on Spark reads its own months as well.

The files hold personal data (subjects' e-mails and phones among them): each is written
owner-only (0600), and the folder, when this creates it, too (0700). A folder that exists keeps
its mode; its files are unreadable to others either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from governance.errors import StoreError
from governance.store.connection import connect, private_files

#: bookkeeping of this database, not data a check reads
SKIPPED = {
    "schema_migrations",
    "load_log",
    "quarantine",
    "check_runs",
    "check_results",
    "findings",
    "ledger_seals",
    "ledger_key_check",
}


@dataclass(frozen=True)
class ExportedTable:
    name: str
    rows: int
    path: Path


def export_tables(db_path: str | Path, out_dir: str | Path) -> list[ExportedTable]:
    """Write every data and register table of `db_path` to `out_dir/<table>.parquet`."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out}: exists and is not a folder")
    with private_files():
        out.mkdir(parents=True, exist_ok=True)
    con = connect(db_path, read_only=True)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
            if name not in SKIPPED
        ]
        exported = []
        for name in tables:
            path = out / f"{name}.parquet"
            partial = out / f".{name}.parquet.partial"
            quoted = '"' + name.replace('"', '""') + '"'
            target = str(partial).replace("'", "''")
            with private_files():  # DuckDB creates the file: our umask, not the caller's
                con.execute(f"COPY (SELECT * FROM {quoted}) TO '{target}' (FORMAT parquet)")
            partial.chmod(0o600)
            partial.replace(path)
            rows = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
            exported.append(ExportedTable(name, rows, path))
        return exported
    finally:
        con.close()
