"""Erased subjects stay erased: a file that still names one does not bring them back.

`governance erase` removes a subject's identity and records the subject's key (a keyed hash of
the id, `subject_key()`) in `subject_erasures`. An export taken before the erasure still holds the
id, so every file whose kind names subjects (kinds.yaml: a column referring to `subject`, and the
subjects file's own id) is checked against those keys: such a record is quarantined with none of
its values (problems.sql). Recognising a key needs the pseudonym key, which lives outside the
database; without erasures there is nothing to recognise and no key is needed.
"""

from __future__ import annotations

import os

import duckdb

from governance.errors import LoadError
from governance.store.ingest.kinds import Kind
from governance.store.ingest.source import SourceFile
from governance.store.ingest.sql import run


def erasure_check(con: duckdb.DuckDBPyConnection, source: SourceFile, kind: Kind) -> bool:
    """Whether `source`'s records must be checked against erased subjects; binds the pseudonym
    key from the environment when they must and the caller has not bound one.

    Raises LoadError when subjects were erased and no key is at hand: loading without the
    check could bring an erased person back.
    """
    if not kind.subject_columns:
        return False
    erased = run(con, "erasures").fetchone()[0]
    if not erased:
        return False
    from governance.store.ledger import PSEUDONYM_KEY_ENV, bind_pseudonym_key

    if con.execute("SELECT getvariable('pseudonym_key') IS NOT NULL").fetchone()[0]:
        return True
    if not os.environ.get(PSEUDONYM_KEY_ENV, "").strip():
        raise LoadError(
            f"{source.path}: {erased} subject{'s were' if erased != 1 else ' was'} erased "
            f"(governance erase), and recognising them in this {kind.name} file needs the "
            f"pseudonym key: set {PSEUDONYM_KEY_ENV} from your secret store and load again"
        )
    bind_pseudonym_key(con)
    return True
