"""Clean by construction: apart from the manifest's planted rows, the rules of docs/checks.md hold.

Each test states a rule in DuckDB SQL over the generated CSV files (not through the
checks, which another suite compares with the manifest) and expects exactly the
planted rows to break it.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from governance.frameworks.calendar import working_days
from governance.register import load_register
from governance.samples import SAMPLE_REGISTER, generate
from governance.samples.rates import kz_deadlines

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "data_samples" / "metrix" / "events"

TIMESTAMPS = {
    "subjects": ["created_at"],
    "consent_events": ["occurred_at"],
    "policy_acceptances": ["accepted_at"],
    "processing_log": ["occurred_at"],
    "dsr_requests": ["received_at", "completed_at", "extended_at"],
    "disclosures": ["disclosed_at"],
    "employees": ["active_from", "active_to", "confidentiality_signed_at"],
    "access_grants": ["granted_at", "revoked_at"],
    "access_log": ["occurred_at"],
    "data_inventory": ["collected_at", "last_used_at", "deleted_at"],
    "cookie_consents": ["occurred_at"],
    "cookie_observations": ["observed_at"],
    "incidents": ["detected_at", "notified_authority_at", "notified_subjects_at"],
}


def open_events(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database with one table per file, instants typed."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for kind, columns in TIMESTAMPS.items():
        typed = ", ".join(f"CAST({c} AS TIMESTAMPTZ) AS {c}" for c in columns)
        con.execute(
            f"CREATE TABLE {kind} AS SELECT * REPLACE ({typed}) FROM "
            f"read_csv('{folder / (kind + '.csv')}', header = true, all_varchar = true)"
        )
    register = load_register(SAMPLE_REGISTER)
    consent_bases = {b.id for b in register.legal_bases if b.consent_based}
    con.execute("CREATE TABLE consent_purposes (purpose_id VARCHAR)")
    con.executemany(
        "INSERT INTO consent_purposes VALUES (?)",
        [[p.id] for p in register.purposes if p.legal_basis in consent_bases],
    )
    con.execute(
        "CREATE TABLE rules (category VARCHAR, system_id VARCHAR, days INTEGER, "
        "from_last_use BOOLEAN)"
    )
    con.executemany(
        "INSERT INTO rules VALUES (?, ?, ?, ?)",
        [
            [
                r.data_category,
                r.system,
                r.period_days + r.grace_days,
                r.start_event.value == "last_used_at",
            ]
            for r in register.retention_rules
        ],
    )
    con.execute("CREATE TABLE hosting (system_id VARCHAR, country VARCHAR)")
    con.executemany(
        "INSERT INTO hosting VALUES (?, ?)", [[s.id, s.hosting_country] for s in register.systems]
    )
    calendar = working_days("KZ", 2023, 2027)
    con.register("calendar_frame", calendar)
    con.execute("CREATE TABLE working_days AS SELECT * FROM calendar_frame")
    return con


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("events")
    generate(folder, scale=400)
    return folder


@pytest.fixture(scope="module")
def con(events: Path) -> duckdb.DuckDBPyConnection:
    return open_events(events)


@pytest.fixture(scope="module")
def planted(events: Path) -> dict[str, list[dict]]:
    manifest = json.loads((events / "manifest.json").read_text(encoding="utf-8"))
    return {check: entry["rows"] for check, entry in manifest["planted"].items()}


def ids(rows: list[dict], key: str) -> set[str]:
    return {row["keys"][key] for row in rows}


def found(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    return {row[0] for row in con.execute(sql).fetchall()}


def test_consent_based_processing_follows_a_consent_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        SELECT l.event_id FROM processing_log l JOIN consent_purposes USING (purpose_id)
        WHERE NOT EXISTS (SELECT 1 FROM consent_events c
                          WHERE c.subject_id = l.subject_id AND c.purpose_id = l.purpose_id
                            AND c.occurred_at <= l.occurred_at)
    """,
    )
    assert rows == ids(planted["consent.missing"], "event_id")
    assert len(rows) == 6


def test_nothing_is_processed_after_a_withdrawal_except_planted(con, planted) -> None:
    # stricter than the KZ pack (no grace at all): what GDPR asks
    rows = found(
        con,
        """
        WITH instants AS (
            SELECT subject_id, purpose_id, occurred_at, bool_or(action = 'withdraw') AS withdrawn
            FROM consent_events GROUP BY ALL)
        SELECT l.event_id FROM processing_log l JOIN consent_purposes USING (purpose_id)
        ASOF JOIN instants i ON l.subject_id = i.subject_id AND l.purpose_id = i.purpose_id
                            AND l.occurred_at >= i.occurred_at
        WHERE i.withdrawn AND l.occurred_at > i.occurred_at
    """,
    )
    assert rows == ids(planted["consent.after_withdrawal"], "event_id")


def test_consent_grants_are_demonstrable_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        SELECT event_id FROM consent_events
        WHERE action = 'grant' AND (channel IS NULL OR policy_version IS NULL
                                    OR evidence_ref IS NULL OR channel = 'continued_use')
    """,
    )
    assert rows == ids(planted["consent.incomplete_record"], "event_id")


def test_accesses_need_a_grant_and_the_undertaking_except_planted(con, planted) -> None:
    unauthorised = found(
        con,
        """
        SELECT l.event_id FROM access_log l
        WHERE NOT EXISTS (SELECT 1 FROM access_grants g
                          WHERE g.employee_id = l.employee_id AND g.system_id = l.system_id
                            AND g.granted_at <= l.occurred_at
                            AND (g.revoked_at IS NULL OR g.revoked_at > l.occurred_at))
    """,
    )
    assert unauthorised == ids(planted["access.unauthorised"], "event_id")
    unsigned = found(
        con,
        """
        SELECT l.event_id FROM access_log l JOIN employees e USING (employee_id)
        WHERE e.confidentiality_signed_at IS NULL OR e.confidentiality_signed_at > l.occurred_at
    """,
    )
    assert unsigned == ids(planted["access.no_confidentiality"], "event_id")


def test_leavers_lose_their_grants_on_leaving_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        SELECT g.grant_id FROM access_grants g JOIN employees e USING (employee_id)
        WHERE e.active_to IS NOT NULL
          AND (g.revoked_at IS NULL OR g.revoked_at > e.active_to + INTERVAL 1 DAY)
    """,
    )
    assert rows == ids(planted["access.stale_grant"], "grant_id")
    assert (
        found(
            con,
            """
        SELECT l.event_id FROM access_log l JOIN employees e USING (employee_id)
        WHERE l.occurred_at >= e.active_to""",
        )
        == set()
    )


def test_records_are_deleted_by_their_due_instant_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        WITH due AS (
            SELECT i.record_id, i.deleted_at,
                   CASE WHEN r.from_last_use THEN coalesce(i.last_used_at, i.collected_at)
                        ELSE i.collected_at END + to_days(r.days) AS due_at
            FROM data_inventory i JOIN rules r
              ON r.category = i.data_category AND r.system_id = i.system_id)
        SELECT record_id FROM due
        WHERE due_at < TIMESTAMPTZ '2027-01-01' AND (deleted_at IS NULL OR deleted_at > due_at)
    """,
    )
    assert rows == ids(planted["retention.overdue"], "record_id")


def test_requests_are_answered_within_the_kz_deadline_except_planted(con, planted) -> None:
    days = kz_deadlines().requests
    con.execute("CREATE OR REPLACE TABLE deadline_days (request_type VARCHAR, n INTEGER)")
    con.executemany("INSERT INTO deadline_days VALUES (?, ?)", list(days.items()))
    rows = found(
        con,
        """
        WITH deadlines AS (
            SELECT q.request_id, q.completed_at, q.received_at,
                   timezone('Asia/Almaty', CAST(wd.day + 1 AS TIMESTAMP)) AS deadline
            FROM dsr_requests q JOIN deadline_days d USING (request_type)
            JOIN working_days w0
              ON w0.day = CAST(timezone('Asia/Almaty', q.received_at) AS DATE)
            JOIN working_days wd ON wd.is_working AND wd.wd_no = w0.wd_no + d.n)
        SELECT request_id FROM deadlines
        WHERE completed_at IS NULL OR completed_at >= deadline
           OR completed_at > received_at + INTERVAL 1 MONTH
    """,
    )
    assert rows == ids(planted["dsr.overdue"], "request_id")


def test_completed_erasures_leave_nothing_behind_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        SELECT q.request_id FROM dsr_requests q JOIN subjects s USING (subject_id)
        WHERE q.request_type = 'erasure' AND q.status = 'completed'
          AND (s.full_name IS NOT NULL OR s.email IS NOT NULL OR s.phone IS NOT NULL
               OR s.birth_date IS NOT NULL
               OR EXISTS (SELECT 1 FROM data_inventory i WHERE i.subject_id = q.subject_id
                            AND (i.deleted_at IS NULL OR i.deleted_at > q.completed_at)))
    """,
    )
    assert rows == ids(planted["dsr.erasure_incomplete"], "request_id")
    # nothing is processed for a subject once their erasure request arrived
    assert (
        found(
            con,
            """
        SELECT l.event_id FROM processing_log l JOIN dsr_requests q USING (subject_id)
        WHERE q.request_type = 'erasure' AND l.occurred_at >= q.received_at""",
        )
        == set()
    )


def test_kz_subjects_records_abroad_have_a_kz_twin_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        SELECT i.record_id FROM data_inventory i JOIN hosting h USING (system_id)
        JOIN subjects s USING (subject_id)
        WHERE s.country = 'KZ' AND h.country <> 'KZ'
          AND NOT EXISTS (SELECT 1 FROM data_inventory k JOIN hosting hk USING (system_id)
                          WHERE hk.country = 'KZ' AND k.subject_id = i.subject_id
                            AND k.data_category = i.data_category
                            AND k.collected_at <= i.collected_at
                            AND (k.deleted_at IS NULL OR k.deleted_at >= i.deleted_at))
    """,
    )
    assert rows == ids(planted["localisation.outside_kz"], "record_id")


def test_disclosures_have_a_basis_or_a_valid_consent_except_planted(con, planted) -> None:
    rows = found(
        con,
        """
        WITH instants AS (
            SELECT subject_id, purpose_id, occurred_at, bool_or(action = 'withdraw') AS withdrawn
            FROM consent_events GROUP BY ALL)
        SELECT d.disclosure_id FROM disclosures d
        ASOF LEFT JOIN instants i ON d.subject_id = i.subject_id AND d.purpose_id = i.purpose_id
                                 AND d.disclosed_at >= i.occurred_at
        WHERE d.legal_basis IS NULL AND (i.occurred_at IS NULL OR i.withdrawn)
    """,
    )
    assert rows == ids(planted["disclosure.without_basis"], "disclosure_id")


def test_nothing_happens_after_the_data_ends(con) -> None:
    for kind, columns in TIMESTAMPS.items():
        for column in columns:
            late = con.execute(
                f"SELECT count(*) FROM {kind} WHERE {column} >= TIMESTAMPTZ '2026-11-01'"
            ).fetchone()[0]
            assert late == 0, f"{kind}.{column}"


def test_references_resolve(con) -> None:
    for kind in (
        "consent_events",
        "policy_acceptances",
        "processing_log",
        "dsr_requests",
        "disclosures",
        "access_log",
        "data_inventory",
    ):
        missing = con.execute(
            f"SELECT count(*) FROM {kind} WHERE subject_id IS NOT NULL "
            "AND subject_id NOT IN (SELECT subject_id FROM subjects)"
        ).fetchone()[0]
        assert missing == 0, kind
    for kind in ("access_grants", "access_log"):
        missing = con.execute(
            f"SELECT count(*) FROM {kind} "
            "WHERE employee_id NOT IN (SELECT employee_id FROM employees)"
        ).fetchone()[0]
        assert missing == 0, kind
    register = load_register(SAMPLE_REGISTER)
    systems = {s.id for s in register.systems}
    purposes = {p.id for p in register.purposes}
    for kind in ("processing_log", "access_grants", "access_log", "data_inventory"):
        used = found(con, f"SELECT DISTINCT system_id FROM {kind}")
        assert used <= systems, kind
    used = found(con, "SELECT DISTINCT purpose_id FROM processing_log")
    assert used - purposes == {"credit_scoring", "voice_biometrics", "partner_offers"}
    assert found(con, "SELECT DISTINCT recipient_id FROM disclosures") <= {
        r.id for r in register.recipients
    }
    versions = {v.version for v in register.policy_versions}
    assert found(con, "SELECT DISTINCT policy_version FROM policy_acceptances") <= versions
    assert (
        found(
            con,
            "SELECT DISTINCT policy_version FROM consent_events WHERE policy_version IS NOT NULL",
        )
        <= versions
    )


def test_identities_look_like_the_sample_company(con) -> None:
    row = con.execute("""
        SELECT count(*) FILTER (WHERE subject_id SIMILAR TO 'S-[0-9]{6}'),
               count(*) FILTER (WHERE email LIKE '%@example.kz'),
               count(*) FILTER (WHERE phone LIKE '+7 7__ ___ __ __'),
               count(*)
        FROM subjects""").fetchone()
    assert row[0] == row[3]
    assert row[1] > 0.6 * row[3] and row[2] > 0.5 * row[3]


def test_the_committed_sample_has_realistic_rates() -> None:
    con = open_events(COMMITTED)
    types = dict(con.execute("SELECT subject_type, count(*) FROM subjects GROUP BY ALL").fetchall())
    assert types["customer"] > 0.6 * sum(types.values())
    assert 100 <= types["employee"] <= 260 and types["job_applicant"] > 0
    # growth: more subjects arrive in the second year than in the first
    first, second = con.execute("""
        SELECT count(*) FILTER (WHERE created_at >= '2024-11-01' AND created_at < '2025-11-01'),
               count(*) FILTER (WHERE created_at >= '2025-11-01') FROM subjects""").fetchone()
    assert second > 1.2 * first
    # consent rates differ by purpose: cookies > personalisation > e-mail marketing (customers)
    share = dict(
        con.execute("""
        SELECT c.purpose_id, count(DISTINCT c.subject_id) / (SELECT count(*) FROM subjects
                                                             WHERE subject_type = 'customer')
        FROM consent_events c JOIN subjects s USING (subject_id)
        WHERE s.subject_type = 'customer' AND c.action = 'grant' GROUP BY ALL""").fetchall()
    )
    assert 0.28 < share["email_marketing"] < 0.42
    assert share["cookies"] > share["personalisation"] > share["email_marketing"]
    # every request type, mostly answered
    kinds = found(con, "SELECT DISTINCT request_type FROM dsr_requests")
    assert kinds == {
        "access",
        "rectification",
        "erasure",
        "restriction",
        "objection",
        "objection_automated",
        "portability",
        "withdraw_consent",
    }
    # every (category, system) pair the register's activities use is in the inventory
    register = load_register(SAMPLE_REGISTER)
    pairs = {
        (c, s) for a in register.processing_activities for c in a.data_categories for s in a.systems
    }
    held = set(
        con.execute("SELECT DISTINCT data_category, system_id FROM data_inventory").fetchall()
    )
    assert pairs <= held
    # GPC signals, all four cookie categories observed, a few incidents
    assert con.execute("SELECT count(*) FROM cookie_consents WHERE gpc = 'true'").fetchone()[0]
    assert 6 <= con.execute("SELECT count(*) FROM incidents").fetchone()[0] <= 12
