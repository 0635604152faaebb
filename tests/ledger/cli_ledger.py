"""A real database for the tamper and erasure tests: event files loaded by the real CLI.

Not a test module (no `test_` prefix). `build(folder)` writes the event files below, runs
`governance init` and `governance load` in subprocesses as a scheduler would, and returns the
database file; tests copy it and change the copy with plain SQL, as an intruder would.

The company (tests/register/cases/minimal_register.yaml): subjects s-1, s-2 and s-10 (s-10 is
there so that erasing s-1 must not touch it), two consent files (loads of 6 and 4 rows),
processing and DSR records, and refused rows that quote s-1's identity: a second subjects file
whose s-1 row has a bad date, a row of another subject carrying s-1's e-mail, a consent row of
s-1 for an unknown purpose and a processing row of s-1 with a bad time.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import duckdb
from conftest import MINIMAL_REGISTER, run_cli
from ledger_helpers import KEY

from governance.store.ledger import bind_pseudonym_key

ENV = {"GOVERNANCE_PSEUDONYM_KEY": KEY}

# s-1's identity, as the files spell it (the refused rows spell some of it differently)
NAME, EMAIL, PHONE = "Saule Nurlanova", "saule.nurlanova@example.kz", "+7 701 555 0101"

FILES = {
    "subjects.csv": f"""\
        subject_id,subject_type,country,created_at,full_name,email,phone
        s-1,customer,KZ,2026-01-05T10:00:00Z,{NAME},{EMAIL},{PHONE}
        s-2,customer,KZ,2026-01-06T10:00:00Z,Daniyar Bekov,daniyar@example.kz,+7 702 555 0202
        s-10,customer,KZ,2026-01-07T10:00:00Z,Other Person,other@example.kz,+7 703 555 0303
    """,
    "subjects_late.csv": f"""\
        subject_id,subject_type,country,created_at,full_name,email,phone
        s-1,customer,KZ,not a date,{NAME.upper()},{EMAIL.upper()},8 (701) 555-01-01
        s-3,customer,KZ,yesterday,Someone Else,{EMAIL},
    """,
    "consent_events_1.csv": """\
        event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref
        c-1,s-1,newsletter,grant,2026-02-01T10:00:00Z,1.1,web,form-1
        c-2,s-2,newsletter,grant,2026-02-01T11:00:00Z,1.1,web,form-2
        c-3,s-10,site_analytics,grant,2026-02-01T12:00:00Z,1.1,web,form-3
        c-4,s-1,site_analytics,grant,2026-02-02T10:00:00Z,1.1,web,form-4
        c-5,s-2,site_analytics,withdraw,2026-02-02T11:00:00Z,1.1,email,
        c-6,s-10,newsletter,grant,2026-02-02T12:00:00Z,1.1,web,form-6
    """,
    "consent_events_2.csv": """\
        event_id,subject_id,purpose_id,action,occurred_at,policy_version,channel,evidence_ref
        c-7,s-1,newsletter,withdraw,2026-03-01T10:00:00Z,1.1,email,
        c-8,s-2,newsletter,grant,2026-03-01T11:00:00Z,1.1,web,form-8
        c-9,s-1,no_such_purpose,grant,2026-03-01T12:00:00Z,1.1,web,form-9
        c-10,s-10,site_analytics,withdraw,2026-03-02T10:00:00Z,1.1,web,
        c-11,s-2,site_analytics,grant,2026-03-02T11:00:00Z,1.1,web,form-11
    """,
    "processing_log.csv": """\
        event_id,subject_id,purpose_id,system_id,occurred_at
        p-1,s-1,newsletter,mailer,2026-02-05T10:00:00Z
        p-2,s-2,newsletter,mailer,2026-02-05T11:00:00Z
        p-3,s-1,newsletter,mailer,last tuesday
    """,
    "dsr_requests.csv": """\
        request_id,subject_id,request_type,received_at,status
        DSR-1,s-1,erasure,2026-04-01T10:00:00Z,open
        DSR-2,s-1,access,2026-04-01T10:00:00Z,open
        DSR-3,s-2,erasure,2026-04-01T10:00:00Z,open
    """,
}


def build(folder: Path) -> Path:
    """Write the event files into `folder`, init a database there and load them via the CLI."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    db = folder / "company.duckdb"
    init = run_cli("init", db, "--register", MINIMAL_REGISTER, env=ENV)
    assert init.returncode == 0, init.stderr
    load = run_cli("load", db, *sorted(folder.glob("*.csv")), env=ENV)
    assert load.returncode == 0, load.stderr
    return db


def copy(db: Path, target: Path) -> Path:
    """A copy of the database file, for one test to change."""
    shutil.copy(db, target)
    return target


def sql(db: Path, *statements: str, key: str = KEY) -> list[list[tuple]]:
    """Run statements on `db` with `key` bound (the macros then hash as that key would)."""
    con = duckdb.connect(str(db))
    try:
        bind_pseudonym_key(con, key)
        return [con.execute(statement).fetchall() for statement in statements]
    finally:
        con.close()


def verify(db: Path, key: str = KEY) -> subprocess.CompletedProcess[str]:
    """`governance verify DB` in a subprocess, with `key` as the pseudonym key."""
    return run_cli("verify", db, env={"GOVERNANCE_PSEUDONYM_KEY": key})


# A forger who holds the key rebuilds the whole ledger from the rows left: seq renumbered,
# fingerprints recomputed, one MAC block and one seal per load, made with the ledger's macros.
# Under another key the same statements forge without the key.
RECHAIN = [
    """CREATE TEMP TABLE forged AS
       SELECT * REPLACE (row_number() OVER (ORDER BY seq) AS seq) FROM consent_events""",
    """UPDATE forged SET fingerprint = ledger_fingerprint(seq, event_id, subject_key,
           purpose_id, action, occurred_at, policy_version, channel, evidence_ref)""",
    "DELETE FROM consent_events",
    "INSERT INTO consent_events SELECT * FROM forged ORDER BY seq",
    "DELETE FROM ledger_blocks",
    """INSERT INTO ledger_blocks
       SELECT min(seq), max(seq), count(*), ledger_block_mac(min(seq), max(seq),
           ledger_block_digest(seq, event_id, subject_key, purpose_id, action, occurred_at,
               policy_version, channel, evidence_ref))
       FROM consent_events GROUP BY load_id""",
    "DELETE FROM ledger_seals",
    """INSERT INTO ledger_seals
       SELECT b.last_seq, e.event_id, b.mac, b.rows, e.load_id, now(),
              ledger_seal_hash(b.last_seq, b.mac)
       FROM ledger_blocks AS b JOIN consent_events AS e ON e.seq = b.last_seq""",
]
