"""`governance load DB visit.har`: HAR 1.2 files (as browsers export them) as cookie evidence.

The files under har/ are written by hand in the HAR 1.2 format
(http://www.softwareishard.com/blog/har-12-spec/): accepts.har as Chrome exports a visit whose
visitor accepted the banner, declines.har as Firefox exports one that never did (with Global
Privacy Control on), bad_entry.har as a crawler might write one with two bad cookies, and
broken.har an export cut off in the middle.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_REGISTER, run_cli
from ingest_helpers import problems, rows

HAR = Path(__file__).parent / "har"
OBSERVATIONS = """
    SELECT strftime(observed_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ'), cookie_name, domain,
           page_url, set_before_consent, gpc, visit_id
    FROM cookie_observations WHERE load_id = ? ORDER BY source_line
"""


@pytest.fixture(scope="module")
def metrix_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample register (mx_cookie_consent has records_consent: true), initialised once."""
    db = tmp_path_factory.mktemp("har") / "metrix.duckdb"
    result = run_cli("init", db, "--register", SAMPLE_REGISTER)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def metrix_db(metrix_template: Path, tmp_path: Path) -> Path:
    """A private copy of the initialised database, safe to load into."""
    db = tmp_path / "metrix.duckdb"
    shutil.copy(metrix_template, db)
    return db


def visit(path: Path) -> str:
    """The visit_id prefix of a file: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def load_id(db: Path, path: Path) -> int:
    """The load of `path` (load_log keeps absolute paths)."""
    sql = "SELECT load_id FROM load_log WHERE source_path = ?"
    return rows(db, sql, [str(path.resolve())])[0][0]


def test_cookies_set_before_the_consent_cookie_first_appears_are_set_before_consent(
    metrix_db: Path,
) -> None:
    # The banner writes mx_cookie_consent with JavaScript; the browser first sends it with the
    # POST of entry 3 (10:15:07.250+05:00): the moment of consent. mx_session and _ga came with
    # the document, before it; _fbp is set by that very entry (at the moment: not before) and
    # _gid after. Each cookie is in a Set-Cookie header and in response.cookies: one record.
    path = HAR / "accepts.har"
    result = run_cli("load", metrix_db, path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}: read 4, loaded 4 (updated 0), quarantined 0, duplicate 0\n"
    page, v = "https://www.metrix.kz/", f"{visit(path)}:page_1"
    assert rows(metrix_db, OBSERVATIONS, [load_id(metrix_db, path)]) == [
        ("2026-11-03T05:15:00.120Z", "mx_session", "metrix.kz", page, True, False, v),
        ("2026-11-03T05:15:00.120Z", "_ga", "metrix.kz", page, True, False, v),
        ("2026-11-03T05:15:07.250Z", "_fbp", "metrix.kz", page, False, False, v),
        ("2026-11-03T05:15:09.004Z", "_gid", "metrix.kz", page, False, False, v),
    ]
    assert rows(metrix_db, "SELECT kind, rows_read FROM load_log") == [("cookie_observations", 4)]


def test_a_visit_that_never_shows_the_consent_cookie_set_everything_before_consent(
    metrix_db: Path,
) -> None:
    # Firefox: one Set-Cookie value holds two cookies, one a line; mx_session has no Domain
    # attribute, so it belongs to the host that set it (RFC 6265 5.3 step 6: host-only). The
    # page's title is no URL, so the page is its first request's URL. Sec-GPC: 1 was sent.
    path = HAR / "declines.har"
    result = run_cli("load", metrix_db, path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}: read 3, loaded 3 (updated 0), quarantined 0, duplicate 0\n"
    page, v = "https://www.metrix.kz/ru/", f"{visit(path)}:page_1"
    assert rows(metrix_db, OBSERVATIONS, [load_id(metrix_db, path)]) == [
        ("2026-11-04T03:00:00.015Z", "mx_session", "www.metrix.kz", page, True, True, v),
        ("2026-11-04T03:00:00.015Z", "_ym_uid", "metrix.kz", page, True, True, v),
        ("2026-11-04T03:00:01.502Z", "IDE", "doubleclick.net", page, True, True, v),
    ]


def test_reloading_the_same_har_file_is_a_no_op(metrix_db: Path) -> None:
    path = HAR / "accepts.har"
    assert run_cli("load", metrix_db, path).returncode == 0
    again = run_cli("load", metrix_db, path)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{path}: already loaded (load 1)\n"
    assert rows(metrix_db, "SELECT count(*) FROM cookie_observations") == [(4,)]


def test_kind_har_reads_a_json_file_as_har(metrix_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "crawl-2026-11-03.json"
    shutil.copy(HAR / "accepts.har", path)
    result = run_cli("load", metrix_db, path, "--kind", "har")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}: read 4, loaded 4 (updated 0), quarantined 0, duplicate 0\n"
    assert rows(metrix_db, "SELECT kind FROM load_log") == [("cookie_observations",)]


def test_a_har_file_is_refused_as_another_kind(metrix_db: Path) -> None:
    path = HAR / "accepts.har"
    result = run_cli("load", metrix_db, path, "--kind", "subjects")
    assert result.returncode == 5
    assert result.stderr == f"error: {path}: a HAR file holds cookie_observations, not subjects\n"


def test_a_har_file_cut_short_names_line_and_column_and_loads_nothing(metrix_db: Path) -> None:
    path = HAR / "broken.har"
    result = run_cli("load", metrix_db, path)
    assert result.returncode == 5
    assert result.stderr == (
        f"error: {path}: not JSON (line 41, column 45: Unterminated string starting at), so "
        "nothing was loaded; a HAR file cut short (an export or a copy interrupted) must be "
        "exported again\n"
    )
    assert rows(metrix_db, "SELECT count(*) FROM load_log") == [(0,)]
    assert rows(metrix_db, "SELECT count(*) FROM cookie_observations") == [(0,)]


def test_json_without_log_entries_is_not_a_har_file(metrix_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "visit.har"
    path.write_text('{"log": {"version": "1.2", "pages": []}}', encoding="utf-8")
    result = run_cli("load", metrix_db, path)
    assert result.returncode == 5
    assert result.stderr == f"error: {path}: not a HAR file (no log.entries)\n"


def test_bad_entries_are_quarantined_with_the_usual_reasons(metrix_db: Path) -> None:
    # entry 1 has no readable startedDateTime; entry 2 sets "=orphan-value", a cookie without a
    # name (RFC 6265bis 5.6: the name is empty), which is quarantined, not dropped; entry 3 is
    # fine. No pages: the page is the entry's own URL, the visit the file's prefix alone.
    path = HAR / "bad_entry.har"
    result = run_cli("load", metrix_db, path)
    assert result.returncode == 0, result.stderr
    load = load_id(metrix_db, path)
    assert result.stdout.splitlines()[:3] == [
        f"{path}: read 3, loaded 1 (updated 0), quarantined 2, duplicate 0",
        "  line 1, observed_at = 'yesterday': not a timestamp (ISO-8601 expected, "
        "e.g. 2026-10-05T14:30:00+05:00)",
        "  line 2, cookie_name: empty, but required",
    ]
    assert problems(metrix_db, load) == [
        (
            1,
            "observed_at",
            "yesterday",
            "not a timestamp (ISO-8601 expected, e.g. 2026-10-05T14:30:00+05:00)",
        ),
        (2, "cookie_name", None, "empty, but required"),
    ]
    # the quarantined record says where in the HAR it came from
    assert rows(
        metrix_db,
        "SELECT raw_row ->> 'har_entry', raw_row ->> 'har_path' FROM quarantine ORDER BY line",
    ) == [("1", "log.entries[0].response.headers[0]"), ("2", "log.entries[1].response.headers[0]")]
    assert rows(metrix_db, OBSERVATIONS, [load]) == [
        (
            "2026-11-05T12:00:03.000Z",
            "mx_city",
            "shop.metrix.kz",
            "https://shop.metrix.kz:8443/kk/city?c=almaty",
            True,
            False,
            visit(path),
        ),
    ]


def test_a_register_without_a_consent_cookie_refuses_har_files(minimal_db: Path) -> None:
    path = HAR / "accepts.har"
    result = run_cli("load", minimal_db, path)
    assert result.returncode == 5
    assert result.stderr == (
        f"error: {path}: the register declares no consent cookie, so the HAR file cannot tell "
        "which cookies were set before consent; mark the banner's cookie with "
        "`records_consent: true` in the register's cookies and init the database again\n"
    )
    assert rows(minimal_db, "SELECT count(*) FROM load_log") == [(0,)]


def test_a_consent_cookie_pattern_set_by_the_server_fixes_the_moment_of_consent(
    tmp_path: Path,
) -> None:
    # The register declares the banner's cookie as a pattern (mx_cookie_consent*); this banner
    # posts the choice and the server sets mx_cookie_consent_v2 at 08:00:04: the cookies of that
    # entry and later are set after consent, mx_session of the first entry before it.
    register = tmp_path / "register.yaml"
    text = SAMPLE_REGISTER.read_text(encoding="utf-8")
    assert "  - name: mx_cookie_consent\n" in text
    register.write_text(
        text.replace("  - name: mx_cookie_consent\n", "  - name: mx_cookie_consent*\n"),
        encoding="utf-8",
    )
    db = tmp_path / "metrix.duckdb"
    assert run_cli("init", db, "--register", register).returncode == 0
    path = HAR / "server_consent.har"
    result = run_cli("load", db, path)
    assert result.returncode == 0, result.stderr
    page, v = "https://metrix.kz/en/pricing", f"{visit(path)}:page_3"
    assert rows(db, OBSERVATIONS, [load_id(db, path)]) == [
        ("2026-11-06T08:00:00.050Z", "mx_session", "metrix.kz", page, True, False, v),
        ("2026-11-06T08:00:04.000Z", "mx_cookie_consent_v2", "metrix.kz", page, False, False, v),
        ("2026-11-06T08:00:04.000Z", "_dd_id", "metrix.kz", page, False, False, v),
        ("2026-11-06T08:00:04.200Z", "_dd_ses", "metrix.kz", page, False, False, v),
    ]
