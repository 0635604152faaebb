"""The record of processing activities: rows, the three formats, escaping."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd

from governance.register import load_register
from governance.ropa import COLUMN_HEADINGS, ropa_table, write_ropa
from governance.store import connect, init_database


def test_one_row_per_activity_with_every_art30_column(
    minimal_db: Path, minimal_register: Path
) -> None:
    register = load_register(minimal_register)
    table = ropa_table(connect(minimal_db, read_only=True))
    assert list(table.columns) == list(COLUMN_HEADINGS)
    assert sorted(table["activity_id"]) == sorted(a.id for a in register.processing_activities)
    assert table["purpose"].notna().all()
    assert (table["controller"].str.startswith(register.organisation.name)).all()


def test_transfers_and_recipients_are_described_in_words(
    minimal_db: Path, minimal_register: Path
) -> None:
    register = load_register(minimal_register)
    transfer = register.transfers[0]
    recipient = next(r for r in register.recipients if r.id == transfer.recipient)
    row = (
        ropa_table(connect(minimal_db, read_only=True))
        .set_index("activity_id")
        .loc[transfer.activity]
    )
    assert f"{recipient.name} -> {transfer.destination_country}" in row["third_country_transfers"]
    assert row["cross_border_transfer"] == f"yes: {transfer.destination_country}"
    others = [
        a.id
        for a in register.processing_activities
        if a.id not in {t.activity for t in register.transfers}
    ]
    table = ropa_table(connect(minimal_db, read_only=True)).set_index("activity_id")
    assert (table.loc[others, "cross_border_transfer"] == "no").all()


def test_csv_and_xlsx_hold_the_same_rows(minimal_db: Path, tmp_path: Path) -> None:
    con = connect(minimal_db, read_only=True)
    csv_path, csv_count = write_ropa(con, tmp_path / "ropa.csv", "csv")
    xlsx_path, xlsx_count = write_ropa(con, tmp_path / "ropa.xlsx", "xlsx")
    from_csv = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    sheet = openpyxl.load_workbook(xlsx_path, read_only=True)["RoPA"]
    values = list(sheet.iter_rows(values_only=True))
    from_xlsx = pd.DataFrame(values[1:], columns=values[0]).fillna("").astype(str)
    assert csv_count == xlsx_count == len(from_csv) > 0
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_register_strings_and_loads_nothing(
    tmp_path: Path, minimal_register: Path
) -> None:
    text = minimal_register.read_text()
    first_activity = load_register(minimal_register).processing_activities[0]
    minimal_register.write_text(
        text.replace(f"name: {first_activity.name}", "name: <script>alert(1)</script> & co", 1)
    )
    db = tmp_path / "x.duckdb"
    init_database(db, minimal_register)
    path, _ = write_ropa(connect(db, read_only=True), tmp_path / "ropa.html", "html")
    html = path.read_text()
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<script>alert(1)</script> & co" in "".join(parser.text)


def test_gaps_in_the_register_show_as_gaps(tmp_path: Path, minimal_register: Path) -> None:
    """A missing legal basis is "not stated", not "not consent-based"; a missing country too."""
    text = minimal_register.read_text()
    for old, new in [
        # analytics: no legal basis on the activity nor on its purpose
        ("    legal_basis: consent\n    systems: [crm]\n", "    systems: [crm]\n"),
        (
            "    fides_key: analytics.reporting\n    legal_basis: consent\n",
            "    fides_key: analytics.reporting\n",
        ),
        # mailer: no hosting country (as every system imported from Fides)
        ("    name: Mailing service\n    hosting_country: DE\n", "    name: Mailing service\n"),
    ]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    minimal_register.write_text(text)
    db = tmp_path / "gaps.duckdb"
    init_database(db, minimal_register)
    table = ropa_table(connect(db, read_only=True)).set_index("activity_id")
    assert table.loc["analytics", "legal_basis"] == "not stated"
    assert table.loc["analytics", "consent_validity"] == "not stated (no legal basis)"
    assert table.loc["orders", "legal_basis"] == "Performance of a contract"
    assert table.loc["orders", "consent_validity"] == "not consent-based"
    assert table.loc["newsletter_sending", "consent_validity"] == "until withdrawn"
    assert (
        table.loc["orders", "systems"] == "CRM (KZ); Mailing service (hosting country not stated)"
    )
    csv_path, _ = write_ropa(connect(db, read_only=True), tmp_path / "ropa.csv", "csv")
    from_csv = pd.read_csv(csv_path, dtype=str, keep_default_na=False).set_index("activity_id")
    assert from_csv.loc["analytics", "legal_basis"] == "not stated"
