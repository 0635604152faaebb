"""Published policy texts, stored in the database as they were published.

`governance policy DB --publish` renders the register's latest version and stores its Markdown
text together with the document it was rendered from (tables `policy_texts` and
`policy_text_items`, schema/006_policy_texts.sql). From then on that version is rendered from
the stored document, not from the register, so later register edits cannot change what a
published version said, and `policy.undisclosed_processing` reads what it disclosed from the
stored items.

Only the latest version can be published: the register describes processing as it is now, so
the text of an older version rendered today would put today's measures, recipients and contacts
into a text of the past. A version never stored is still rendered from the register, "as
declared" (its own lists of purposes and categories).

A text is published in one language (`--lang`, English by default), recorded in the stored
document (`PolicyDocument.lang`). The facts are the same in every language: the text of a
published version in another language is rendered from its stored document, and publishing a
version again in another language stores nothing new when its facts did not change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance import __version__
from governance.policy.model import PolicyDocument, PolicyError, build_document, resolve_version
from governance.policy.render import PolicyFormat, render_policy
from governance.store.connection import connect
from governance.store.migrations import migrate
from governance.store.transaction import atomic


@dataclass(frozen=True)
class StoredText:
    """One stored (published) policy text."""

    version: str
    published_at: dt.date
    framework: str
    text_md: str
    text_sha256: str
    stored_at: dt.datetime
    document: PolicyDocument


@dataclass(frozen=True)
class PublishResult:
    version: str
    published_at: dt.date
    text_sha256: str
    stored: bool  # False: the same text was stored before, nothing changed
    lang: str = "en"  # the language of the stored text


def publish_policy(
    db_path: str | Path, *, version: str | None = None, framework: str = "kz", lang: str = "en"
) -> PublishResult:
    """Store the text of the register's latest policy version in `lang` (idempotent).

    Publishing again with the same text changes nothing; a different text for a version already
    stored is refused: a published version does not change, a new one is added to the register.
    A version already stored in another language is compared in that language (same facts, same
    text): nothing is stored twice.
    """
    con = connect(db_path)
    try:
        with atomic(con):
            migrate(con)  # a database built before the policy tables gets them here
            latest = resolve_version(con, None)
            entry = resolve_version(con, version)
            if entry.version != latest.version:
                raise PolicyError(
                    f"only the latest policy version ({latest.version}) can be published: its "
                    f"text is rendered from the register as it is now. Version {entry.version} "
                    "keeps being rendered from the register as declared"
                )
            stored = stored_text(con, entry.version)
            # the language of the text stored for this version wins: one text per version
            lang = stored.document.lang if stored is not None else lang
            document = build_document(con, entry.version, framework).model_copy(
                update={"source": "stored", "lang": lang}
            )
            text = render_policy(document, PolicyFormat.MD, lang)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if stored is not None:
                if stored.text_sha256 == digest:
                    return PublishResult(
                        entry.version, entry.published_at, digest, stored=False, lang=lang
                    )
                raise PolicyError(
                    f"policy version {entry.version} was published on "
                    f"{stored.stored_at:%Y-%m-%d} with another text; a published text does not "
                    "change: add a new version to policy_versions in the register, run "
                    "'governance init', then publish it"
                )
            register = con.execute("SELECT sha256 FROM register_source").fetchone()
            con.execute(
                "INSERT INTO policy_texts VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?)",
                [
                    entry.version,
                    entry.published_at,
                    framework,
                    document.model_dump_json(),
                    text,
                    digest,
                    register[0] if register else None,
                    __version__,
                ],
            )
            items = [("purpose", p.id) for p in document.purposes]
            items += [("data_category", c.id) for c in document.categories]
            con.executemany(
                "INSERT INTO policy_text_items VALUES (?, ?, ?)",
                [[entry.version, kind, item] for kind, item in items],
            )
    finally:
        con.close()
    return PublishResult(entry.version, entry.published_at, digest, stored=True, lang=lang)


def stored_text(con: duckdb.DuckDBPyConnection, version: str) -> StoredText | None:
    """The stored text of `version`, or None (also on a database older than the policy tables)."""
    if not _has_policy_tables(con):
        return None
    row = con.execute(
        "SELECT version, published_at, framework, text_md, text_sha256, stored_at, document "
        "FROM policy_texts WHERE version = ?",
        [version],
    ).fetchone()
    if row is None:
        return None
    *fields, document = row
    return StoredText(*fields, document=PolicyDocument.model_validate_json(document))


def stored_versions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Versions with a stored text, oldest first."""
    if not _has_policy_tables(con):
        return []
    rows = con.execute("SELECT version FROM policy_texts ORDER BY published_at, version")
    return [r[0] for r in rows.fetchall()]


def policy_document(
    con: duckdb.DuckDBPyConnection, version: str | None = None, framework: str = "kz"
) -> PolicyDocument:
    """What `version` (the latest when None) says: its stored text if published, else the
    register as declared. A stored text keeps the framework it was published under."""
    entry = resolve_version(con, version)
    stored = stored_text(con, entry.version)
    return stored.document if stored else build_document(con, entry.version, framework)


def policy_text(
    con: duckdb.DuckDBPyConnection,
    version: str | None = None,
    fmt: PolicyFormat | str = PolicyFormat.MD,
    framework: str = "kz",
    lang: str = "en",
) -> tuple[str, PolicyDocument]:
    """The text of `version` in `fmt` and `lang`, and the document behind it.

    The Markdown of a published version in the language it was published in is returned byte
    for byte as it was stored; HTML, and any other language, is rendered from the stored
    document.
    """
    fmt = PolicyFormat(fmt)
    entry = resolve_version(con, version)
    stored = stored_text(con, entry.version)
    if stored is not None:
        if fmt is PolicyFormat.MD and stored.document.lang == lang:
            return stored.text_md, stored.document
        return render_policy(stored.document, fmt, lang), stored.document
    document = build_document(con, entry.version, framework)
    return render_policy(document, fmt, lang), document


def _has_policy_tables(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'policy_texts'"
    ).fetchone()[0]
    return bool(found)
