"""Section 4.2 never prints an empty legal statement, and it names the transfers the check names.

Law 94-V Art. 16 allows a cross-border transfer only under one of its conditions (an adequate
country, the subject's consent, a contract...). A policy that lists a recipient abroad with an
empty safeguard cell reads as "nothing was needed"; the register says something else: no
safeguard is recorded. The check `transfer.no_safeguard` reports the same recipient.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.checks import findings, run_checks
from governance.i18n import use_language
from governance.policy import build_document, render_policy
from governance.policy.render import safeguard_words
from governance.store import connect


def _document(db: Path, framework: str = "kz"):
    con = connect(db, read_only=True)
    try:
        return build_document(con, framework=framework)
    finally:
        con.close()


def test_a_transfer_without_a_recorded_safeguard_says_so_under_article_16(
    sample_db: Path,
) -> None:
    # the sample's clickvista (US) is named by the web_cookies activity and has no transfer entry
    text = render_policy(_document(sample_db), "md")
    assert (
        "- ClickVista Ads Inc., the United States: no safeguard recorded (the Company has "
        "documented no condition of Law 94-V Art. 16 for this transfer).\n"
    ) in text
    html = render_policy(_document(sample_db), "html")
    assert (
        "<td>no safeguard recorded (the Company has documented no condition of Law 94-V Art. 16 "
        "for this transfer).</td>"
    ) in html


def test_the_transfer_statement_cites_the_framework_and_the_language(sample_db: Path) -> None:
    gdpr = _document(sample_db, "gdpr")
    clickvista = next(r for r in gdpr.recipients if r.id == "clickvista")
    assert safeguard_words(clickvista, gdpr) == [
        "no safeguard recorded (the Company has documented no condition of GDPR Art. 44-49 "
        "for this transfer)"
    ]
    kz = _document(sample_db)
    with use_language("ru"):
        assert safeguard_words(clickvista, kz) == [
            "гарантии не зафиксированы (Компания не документировала для данной передачи ни "
            "одного из условий трансграничной передачи — Закон №\u00a094-V, ст. 16)"
        ]
    sendwell = next(r for r in kz.recipients if r.id == "sendwell")
    assert safeguard_words(sendwell, kz) == sendwell.safeguards  # a recorded one is quoted


def test_a_document_stored_before_the_article_was_kept_still_states_the_gap(
    sample_db: Path,
) -> None:
    old = _document(sample_db).model_copy(update={"transfer_article": ""})
    clickvista = next(r for r in old.recipients if r.id == "clickvista")
    assert safeguard_words(clickvista, old) == ["no safeguard recorded for this transfer"]


@pytest.mark.parametrize("period", ["2026-10"])
def test_the_policy_and_the_check_name_the_same_transfers_without_safeguard(
    sample_db: Path, tmp_path: Path, period: str
) -> None:
    """Every recipient abroad receives data in the period: the check reports exactly the
    recipients whose safeguard the policy states as not recorded.

    (Without a disclosure in the period the check reports a recipient only when a transfer
    entry names it, see the report of issue 18: the register's clickvista has none.)
    """
    db = tmp_path / "metrix.duckdb"
    shutil.copy(sample_db, db)
    document = _document(db)
    abroad = document.transfers_abroad()
    con = connect(db)
    try:
        for number, recipient in enumerate(abroad, start=1):
            con.execute(
                "INSERT INTO disclosures BY NAME SELECT ? AS disclosure_id, 's1' AS subject_id, "
                "? AS recipient_id, 'cookies' AS purpose_id, "
                "TIMESTAMPTZ '2026-10-05 10:00:00+00' AS disclosed_at, 0 AS load_id, "
                "? AS source_line",
                [f"d{number}", recipient.id, number],
            )
    finally:
        con.close()
    run = run_checks(db, period, check_ids=["transfer.no_safeguard"])
    con = connect(db, read_only=True)
    try:
        found = findings(con, run.run_id, "transfer.no_safeguard")
    finally:
        con.close()
    unsafeguarded = sorted(r.id for r in abroad if not r.safeguards)
    assert unsafeguarded == ["clickvista"]
    assert sorted(found["recipient_id"]) == unsafeguarded
    assert set(found["problem"]) == {"no safeguard"}
