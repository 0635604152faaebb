"""`policy.undisclosed_processing` holds the published policy against the register and the log."""

from __future__ import annotations

import shutil
from pathlib import Path

from governance.checks import findings, run_checks
from governance.policy import publish_policy
from governance.store import connect, init_database

CHECK = "policy.undisclosed_processing"

LOYALTY = """\
  - id: loyalty
    name: Loyalty programme
    fides_key: marketing.communications
    legal_basis: consent
    data_categories: [contact_email]
"""

VERSION_1_2 = """\
  - version: "1.2"
    published_at: 2026-09-01
    purposes: [order_fulfilment, newsletter, site_analytics, loyalty]
    data_categories: [contact_email, contact_phone, full_name, ip_address]
"""


def _edit(register: Path, *edits: tuple[str, str]) -> None:
    text = register.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    register.write_text(text, encoding="utf-8")


def _undisclosed(db: Path, period: str = "2026-10") -> list[tuple[str, str, bool, int]]:
    run = run_checks(db, period, check_ids=[CHECK])
    con = connect(db, read_only=True)
    try:
        rows = findings(con, run.run_id, CHECK)
    finally:
        con.close()
    return sorted(
        (r.kind, r.item_id, bool(r.in_register), int(r.events)) for r in rows.itertuples()
    )


def test_the_sample_register_is_disclosed_except_its_planted_purpose(
    sample_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "sample.duckdb"
    shutil.copy(sample_db, db)
    # the register's latest version (2.1) omits the AI assistant: no event is needed to see it
    assert _undisclosed(db) == [("purpose", "support_assistant", True, 0)]
    # before 2.1 was in force the register is not held against older versions
    assert _undisclosed(db, "2026-01") == []


def test_a_purpose_added_to_the_register_without_a_new_version_is_a_finding(
    minimal_db: Path, minimal_register: Path
) -> None:
    assert _undisclosed(minimal_db) == []
    _edit(minimal_register, ("purposes:\n", "purposes:\n" + LOYALTY))
    init_database(minimal_db, minimal_register)
    assert _undisclosed(minimal_db) == [("purpose", "loyalty", True, 0)]
    # a new version that discloses it clears the finding
    _edit(
        minimal_register,
        (
            "    summary: Newsletter and analytics added\n",
            "    summary: Newsletter and analytics added\n" + VERSION_1_2,
        ),
    )
    init_database(minimal_db, minimal_register)
    assert _undisclosed(minimal_db) == []


def test_the_published_text_counts_not_a_later_edit_of_its_register_entry(
    minimal_db: Path, minimal_register: Path
) -> None:
    publish_policy(minimal_db)  # 1.1 as published: three purposes
    # the purpose is added, and slipped into the already published version's list
    _edit(
        minimal_register,
        ("purposes:\n", "purposes:\n" + LOYALTY),
        (
            "    purposes: [order_fulfilment, newsletter, site_analytics]\n",
            "    purposes: [order_fulfilment, newsletter, site_analytics, loyalty]\n",
        ),
    )
    init_database(minimal_db, minimal_register)
    # readers of 1.1 were never told about the loyalty programme
    assert _undisclosed(minimal_db) == [("purpose", "loyalty", True, 0)]
