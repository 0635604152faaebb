"""The record of processing activities (RoPA) as a table, and its CSV, XLSX and HTML files.

The rows come from `ropa.sql`; this module only names the columns for people
and writes the formats auditors ask for. Every format holds the same rows.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import duckdb
import jinja2
import pandas as pd

from governance.store import queries
from governance.store.connection import private_files

#: column -> heading shown to auditors, with the article it answers
COLUMN_HEADINGS: dict[str, str] = {
    "activity_id": "Activity id",
    "activity": "Processing activity",
    "controller": "Controller (GDPR 30(1)(a))",
    "responsible_person": "Responsible for processing (94-V 25(3))",
    "data_protection_officer": "Data protection officer (GDPR 30(1)(a))",
    "purpose": "Purpose (GDPR 30(1)(b))",
    "legal_basis": "Legal basis",
    "data_subject_categories": "Categories of data subjects (GDPR 30(1)(c))",
    "personal_data_categories": "Categories of personal data (GDPR 30(1)(c))",
    "recipients": "Recipients (GDPR 30(1)(d))",
    "third_country_transfers": "Transfers to third countries and safeguards (GDPR 30(1)(e))",
    "retention_periods": "Retention periods (GDPR 30(1)(f))",
    "security_measures": "Security measures (GDPR 30(1)(g))",
    "systems": "Systems (hosting country)",
    "consent_validity": "Consent validity (94-V 8)",
    "third_party_transfer": "Transfer to third parties (94-V 8)",
    "cross_border_transfer": "Cross-border transfer (94-V 8, 16)",
}


class RopaFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


def ropa_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per processing activity, columns as in `COLUMN_HEADINGS` (machine names)."""
    return queries.frame(con, queries.sql("governance.ropa", "ropa.sql"))


def write_ropa(
    con: duckdb.DuckDBPyConnection, out: str | Path, fmt: RopaFormat | str
) -> tuple[Path, int]:
    """Write the RoPA to `out` in `fmt`; returns the path and the number of activities."""
    fmt = RopaFormat(fmt)
    table = ropa_table(con)
    organisation = con.execute("SELECT name FROM organisation").fetchone()
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with private_files():
        if fmt is RopaFormat.CSV:
            table.to_csv(path, index=False)
        elif fmt is RopaFormat.XLSX:
            _write_xlsx(table, path)
        else:
            path.write_text(
                render_html(table, organisation[0] if organisation else ""), encoding="utf-8"
            )
    return path, len(table)


def _write_xlsx(table: pd.DataFrame, path: Path) -> None:
    # Machine column names stay in row 1 so the sheet reads back into the same table;
    # the headings people read go in a second sheet that explains each column.
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="RoPA", index=False)
        legend = pd.DataFrame(
            {"column": list(COLUMN_HEADINGS), "meaning": list(COLUMN_HEADINGS.values())}
        )
        legend.to_excel(writer, sheet_name="Columns", index=False)
        sheet = writer.sheets["RoPA"]
        sheet.freeze_panes = "C2"
        for column_cells in sheet.columns:
            width = max(len(str(c.value or "")) for c in column_cells[:50])
            sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width, 12), 60)


def render_html(table: pd.DataFrame, organisation: str) -> str:
    """A self-contained HTML page (no script, no external resource); every value escaped."""
    environment = queries.template_environment(
        "governance.ropa",
        "",
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = environment.get_template("ropa.html.j2")
    return template.render(
        organisation=organisation,
        generated=dt.date.today().isoformat(),
        headings=[COLUMN_HEADINGS[c] for c in table.columns],
        rows=table.fillna("").astype(str).to_numpy().tolist(),
    )
