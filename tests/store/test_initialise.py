"""`init_database`: schema, register rows, privacy of the file, and all-or-nothing updates."""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from governance.errors import RegisterError, StoreError
from governance.register import load_register, register_hash
from governance.store import connect, init_database
from governance.store import register_tables as register_tables_module
from governance.store.migrations import available_migrations, latest_version


def test_init_creates_an_owner_only_database_with_every_register_row(
    minimal_db: Path, minimal_register: Path
) -> None:
    register = load_register(minimal_register)
    assert stat.S_IMODE(minimal_db.stat().st_mode) == 0o600
    con = connect(minimal_db, read_only=True)
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("purposes", "systems", "processing_activities", "cookies", "policy_versions")
    }
    assert counts == {
        "purposes": len(register.purposes),
        "systems": len(register.systems),
        "processing_activities": len(register.processing_activities),
        "cookies": len(register.cookies),
        "policy_versions": len(register.policy_versions),
    }
    source = con.execute("SELECT source, sha256 FROM register_source").fetchall()
    assert source == [(str(minimal_register), register_hash(minimal_register))]
    assert (
        con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == latest_version()
    )


def test_activity_links_are_stored_one_row_per_reference(
    minimal_db: Path, minimal_register: Path
) -> None:
    register = load_register(minimal_register)
    activity = register.processing_activities[0]
    con = connect(minimal_db, read_only=True)
    systems = con.execute(
        "SELECT system_id FROM activity_systems WHERE activity_id = ? ORDER BY system_id",
        [activity.id],
    ).fetchall()
    assert [s for (s,) in systems] == sorted(activity.systems)


def test_init_again_replaces_the_register_without_duplicating_rows(
    minimal_db: Path, minimal_register: Path
) -> None:
    text = minimal_register.read_text()
    minimal_register.write_text(text.replace("name: ", "name: Renamed ", 1))
    init_database(minimal_db, minimal_register)
    init_database(minimal_db, minimal_register)
    con = connect(minimal_db, read_only=True)
    register = load_register(minimal_register)
    assert con.execute("SELECT count(*) FROM purposes").fetchone()[0] == len(register.purposes)
    assert con.execute("SELECT count(*) FROM register_source").fetchone()[0] == 1
    applied = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert applied == len(available_migrations())


def test_an_invalid_register_leaves_the_database_as_it_was(
    minimal_db: Path, minimal_register: Path
) -> None:
    before = register_hash(minimal_register)
    minimal_register.write_text(minimal_register.read_text() + "\nunknown_section: []\n")
    with pytest.raises(RegisterError, match="unknown_section: unknown section"):
        init_database(minimal_db, minimal_register)
    con = connect(minimal_db, read_only=True)
    assert con.execute("SELECT sha256 FROM register_source").fetchone()[0] == before


def test_a_failure_while_writing_rolls_back_every_table(
    minimal_db: Path, minimal_register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = connect(minimal_db, read_only=True)
    purposes_before = con.execute("SELECT count(*) FROM purposes").fetchone()[0]
    con.close()
    real_rows = register_tables_module.register_rows

    def rows_with_a_broken_last_table(register):  # a NOT NULL violation in the last table
        rows = real_rows(register)
        rows["security_measures"] = [{"measure_id": "x", "name": None}]
        return rows

    monkeypatch.setattr(register_tables_module, "register_rows", rows_with_a_broken_last_table)
    with pytest.raises(duckdb.ConstraintException):
        init_database(minimal_db, minimal_register)
    con = connect(minimal_db, read_only=True)
    assert con.execute("SELECT count(*) FROM purposes").fetchone()[0] == purposes_before
    assert con.execute("SELECT count(*) FROM security_measures").fetchone()[0] > 0


def test_read_only_open_of_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no database here; create it with 'governance init"):
        connect(tmp_path / "absent.duckdb", read_only=True)


def test_a_database_held_by_another_writer_gives_a_clear_error(minimal_db: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(minimal_db)!r})
                print("locked", flush=True)
                time.sleep(30)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match="in use by another process"):
            connect(minimal_db)
    finally:
        holder.kill()
        holder.wait()
        time.sleep(0.1)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("just some text, not a database\n")
    with pytest.raises(StoreError, match=r"notes\.duckdb"):
        connect(bogus)
