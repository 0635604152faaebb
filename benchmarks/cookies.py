"""The cookie reference and HAR evidence: the reference loads from the shipped CSV in under a
second (issue 17), and a HAR file of a long crawl loads like any event file.

The reference is loaded inside a transaction that is rolled back, on a copy of the scale's
database, so the figure is `governance init`'s share for it. The HAR file is made here: one page,
`ENTRIES` entries, each response setting two cookies (a Set-Cookie header and the same cookie in
response.cookies, the way browsers export them), the banner's cookie appearing half-way.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import duckdb

from benchmarks.datasets import Scale
from benchmarks.measure import Figure, Row, timed
from governance.cookies.reference import refresh_reference
from governance.store.ingest import load_files

ENTRIES = 20_000


def measure_cookies(scale: Scale, db: Path, repeats: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-cookies-") as folder:
        work = Path(folder)
        copy = work / "cookies.duckdb"
        shutil.copy(db, copy)
        reference = [_reference_load(copy) for _ in range(repeats)]
        har = _write_har(work / "crawl.har")
        loads = []
        for _ in range(repeats):
            target = work / "har.duckdb"
            shutil.copy(db, target)
            elapsed, results = timed(load_files, target, [har])
            loads.append(elapsed)
            target.unlink()
        records = results[0].counts.read
        megabytes = har.stat().st_size / 1e6
    figure = Figure(tuple(reference))
    return [
        Row(
            scale.name,
            "cookie reference: load the shipped Open Cookie Database (2,264 rows)",
            figure,
            "s",
            target="< 1 s",
            met=figure.median < 1,
        ),
        Row(
            scale.name,
            f"load a HAR file ({ENTRIES:,} entries, {records:,} cookie records, "
            f"{megabytes:.0f} MB)",
            Figure(tuple(loads)),
            "s",
        ),
    ]


def _reference_load(db: Path) -> float:
    con = duckdb.connect(str(db))
    try:
        con.execute("BEGIN TRANSACTION")
        elapsed, _ = timed(refresh_reference, con)
        con.execute("ROLLBACK")
    finally:
        con.close()
    return elapsed


def _write_har(path: Path) -> Path:
    """A Chrome-style HAR 1.2 file of one long visit to metrix.kz."""

    def entry(i: int) -> dict:
        name = f"_ga_{i:06d}" if i % 2 else f"mx_t{i % 50}"
        cookie = f"{name}=v{i}; Domain=.metrix.kz; Path=/"
        request_cookies = [{"name": "mx_cookie_consent", "value": "1"}] if i > ENTRIES // 2 else []
        seconds = i // 10
        return {
            "pageref": "page_1",
            "startedDateTime": f"2026-10-05T{10 + seconds // 3600:02d}:"
            f"{seconds // 60 % 60:02d}:{seconds % 60:02d}.{i % 10}00+05:00",
            "time": 12,
            "request": {
                "method": "GET",
                "url": f"https://www.metrix.kz/p/{i}",
                "httpVersion": "HTTP/2",
                "cookies": request_cookies,
                "headers": [{"name": "Sec-GPC", "value": "1"}] if i % 7 == 0 else [],
                "queryString": [],
                "headersSize": -1,
                "bodySize": 0,
            },
            "response": {
                "status": 200,
                "statusText": "",
                "httpVersion": "HTTP/2",
                "cookies": [{"name": name, "value": f"v{i}", "domain": ".metrix.kz"}],
                "headers": [{"name": "set-cookie", "value": cookie}],
                "content": {"size": 0, "mimeType": "text/html"},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": 0,
            },
            "cache": {},
            "timings": {"send": 0, "wait": 10, "receive": 2},
        }

    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "benchmarks", "version": "1"},
            "pages": [
                {
                    "startedDateTime": "2026-10-05T10:00:00.000+05:00",
                    "id": "page_1",
                    "title": "https://www.metrix.kz/",
                    "pageTimings": {},
                }
            ],
            "entries": [entry(i) for i in range(ENTRIES)],
        }
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
