"""A HAR file (HTTP Archive 1.2, as browsers' developer tools and crawlers export it) staged as
cookie_observations: the evidence of which cookies a site set on a visit, and when.

The file goes through the same pipeline as a CSV file (checks, quarantine, counts, reload as a
no-op); only the staging differs, and it is SQL over the JSON (sql/stage_har.sql), not a Python
loop over entries. One record per cookie a response set:

* each cookie of each `Set-Cookie` response header (name in any case; Firefox writes several
  cookies in one value, one a line) and each object of `response.cookies`; the same cookie (same
  entry, same name, same domain) in both is one record;
* cookie_name: the text before the first `=` of the cookie's name-value pair, trimmed (a pair
  without `=`, or `=abc`, has an empty name: the record is quarantined as empty, not dropped);
* domain: the Domain attribute (the last one; `domain` of a `response.cookies` object) lower
  case without its leading dot, as RFC 6265 5.2.3 keeps it; else the host of the request URL
  (a host-only cookie);
* page_url: the entry's page: the page's title when it is a URL (Chrome writes the URL there),
  else the URL of the page's first request (the document), else (no pageref) the entry's own URL;
* observed_at: the entry's startedDateTime (an unreadable one is quarantined as usual);
* visit_id: the first 12 hex digits of the file's SHA-256, ':' and the entry's pageref (only the
  prefix for an entry of no page): stable for the same bytes, distinct across files and pages;
* gpc: true when any request of the file sends `Sec-GPC: 1` (Global Privacy Control).

set_before_consent. The moment of consent of a file is the earliest startedDateTime of an entry
in which the consent cookie appears: set by the response (Set-Cookie, response.cookies) or sent by
the browser (request.cookies, the `Cookie` request header). The consent cookie is any name that a
register `cookies` row with `records_consent: true` declares (the same name, or matching its
pattern). A cookie set by an entry that started strictly before that moment was set before
consent; at or after it, not. When the consent cookie never appears, the visitor never chose, so
every cookie was set before consent. Banners usually write their cookie with JavaScript, which a
HAR file does not record: the browser sending it is then the first evidence, which may come some
requests after the click. What the visitor chose is not in the HAR (cookie_consents holds that).
Entries whose startedDateTime cannot be read do not fix the moment of consent.

`line` of a record is its number in the file (entry order, then headers before response.cookies):
one entry may set several cookies and the checks need a line per record. `extra` holds the
entry's number and the JSON path (`log.entries[11].response.headers[3]`) of what set it.
"""

from __future__ import annotations

import json

import duckdb

from governance.errors import LoadError
from governance.store.ingest.kinds import Kind
from governance.store.ingest.snapshot import Snapshot
from governance.store.ingest.sql import run
from governance.store.ingest.stage import Staged

#: where a record came from, kept in `extra` and in the quarantine's copy of the record
SOURCE_FIELDS = ("har_entry", "har_path")
#: hex digits of the file's SHA-256 that start a visit_id
VISIT_PREFIX = 12


def stage_har(con: duckdb.DuckDBPyConnection, snap: Snapshot, kind: Kind) -> Staged:
    """Fill `ingest_read`/`ingest_raw` (one record per cookie set) and an empty
    `ingest_unreadable` from the HAR file `snap`, or refuse it whole (LoadError)."""
    path = snap.source.path
    params = {"path": str(snap.path)}
    try:
        is_json, entries_type, consent_cookies = run(con, "har_check", params).fetchone()
    except duckdb.Error as exc:
        if "utf-8" in str(exc).lower():
            raise LoadError(f"{path}: not UTF-8 text; a HAR file is UTF-8 JSON") from None
        raise
    if not consent_cookies:
        raise LoadError(
            f"{path}: the register declares no consent cookie, so the HAR file cannot tell "
            "which cookies were set before consent; mark the banner's cookie with "
            "`records_consent: true` in the register's cookies and init the database again"
        )
    if not is_json:
        raise _not_json(snap)
    if entries_type != "ARRAY":
        raise LoadError(f"{path}: not a HAR file (no log.entries)")
    run(con, "drop_staging")
    run(con, "stage_har", {**params, "visit": snap.sha256[:VISIT_PREFIX]})
    records = run(con, "unreadable", format="har").fetchone()[0]
    # JSON escapes (\u0000) can put a NUL into a value without a NUL byte in the file
    return Staged(
        header=[c.name for c in kind.columns] + list(SOURCE_FIELDS), records=records, has_nul=True
    )


def _not_json(snap: Snapshot) -> LoadError:
    """The error for a file DuckDB's parser refused, with the line and column Python's names
    (only on this path: a parse in Python would cost seconds on a large HAR file)."""
    path = snap.source.path
    text = snap.path.read_text(encoding="utf-8").removeprefix("\ufeff")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    else:  # a value Python reads and DuckDB does not (NaN, Infinity)
        where = "a value JSON does not allow"
    return LoadError(
        f"{path}: not JSON ({where}), so nothing was loaded; a HAR file cut short (an export "
        "or a copy interrupted) must be exported again"
    )
