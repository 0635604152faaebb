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

from governance.i18n import N_, _, current_language, formats, ngettext
from governance.store import queries
from governance.store.connection import private_files

#: column -> heading shown to auditors, with the article it answers (English; `_()` shows it)
COLUMN_HEADINGS: dict[str, str] = {
    "activity_id": N_("Activity id"),
    "activity": N_("Processing activity"),
    "controller": N_("Controller (GDPR 30(1)(a))"),
    "responsible_person": N_("Responsible for processing (94-V 25(3))"),
    "data_protection_officer": N_("Data protection officer (GDPR 30(1)(a))"),
    "purpose": N_("Purpose (GDPR 30(1)(b))"),
    "legal_basis": N_("Legal basis"),
    "data_subject_categories": N_("Categories of data subjects (GDPR 30(1)(c))"),
    "personal_data_categories": N_("Categories of personal data (GDPR 30(1)(c))"),
    "recipients": N_("Recipients (GDPR 30(1)(d))"),
    "third_country_transfers": N_("Transfers to third countries and safeguards (GDPR 30(1)(e))"),
    "retention_periods": N_("Retention periods (GDPR 30(1)(f))"),
    "security_measures": N_("Security measures (GDPR 30(1)(g))"),
    "systems": N_("Systems (hosting country)"),
    "consent_validity": N_("Consent validity (94-V 8)"),
    "third_party_transfer": N_("Transfer to third parties (94-V 8)"),
    "cross_border_transfer": N_("Cross-border transfer (94-V 8, 16)"),
}
#: the same on every row: the HTML page shows them once, above the activities
CONTACT_COLUMNS = ("controller", "responsible_person", "data_protection_officer")

#: a recipient's kind (a register code) as a reader says it
RECIPIENT_KINDS = {
    "processor": N_("processor"),
    "third_party": N_("third party"),
    "authority": N_("authority"),
    "intra_group": N_("intra-group"),
}
#: when a retention period starts and what happens at its end (register codes)
_RETENTION_STARTS = {"collected_at": N_("collection"), "last_used_at": N_("last use")}
_RETENTION_ACTIONS = {"delete": N_("delete"), "anonymise": N_("anonymise")}
#: whole values `ropa.sql` writes for a gap or an answer, translated as they are
_FIXED_VALUES = (
    N_("not stated"),
    N_("not stated (no legal basis)"),
    N_("not declared"),
    N_("not consent-based"),
    N_("no"),
)


def column_headings() -> dict[str, str]:
    """`COLUMN_HEADINGS` in the current language."""
    return {column: _(heading) for column, heading in COLUMN_HEADINGS.items()}


def recipient_kind(kind: str) -> str:
    """`third_party` (or `third party`) -> `third party`, in the current language."""
    code = str(kind).replace(" ", "_")
    return _(RECIPIENT_KINDS[code]) if code in RECIPIENT_KINDS else str(kind)


class RopaFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


def ropa_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per processing activity, columns as in `COLUMN_HEADINGS` (machine names), its
    words in the current language (register names in it where the register gives them)."""
    from governance.scope import localise  # imported here: the scope imports the reports' rules

    cursor = con.cursor()  # TEMP views are per connection: the caller's stays as it was
    try:
        localise(cursor, current_language())
        table = queries.frame(cursor, queries.sql("governance.ropa", "ropa.sql"))
    finally:
        cursor.close()
    table["retention_periods"] = table["retention_periods"].map(_retention_text)
    fixed = {value: _(value) for value in _FIXED_VALUES}
    for column in (
        "legal_basis",
        "consent_validity",
        "third_party_transfer",
        "cross_border_transfer",
    ):
        table[column] = table[column].map(lambda v: fixed.get(v, v))
    for column in ("third_party_transfer", "cross_border_transfer"):
        table[column] = table[column].map(_yes_list)
    table["systems"] = table["systems"].str.replace(
        "(hosting country not stated)", f"({_('hosting country not stated')})", regex=False
    )
    table["recipients"] = table["recipients"].map(_recipients_text)
    table["third_country_transfers"] = (
        table["third_country_transfers"]
        .str.replace(": NO SAFEGUARD RECORDED", f": {_('NO SAFEGUARD RECORDED')}", regex=False)
        .str.replace(" -> country not stated", f" -> {_('country not stated')}", regex=False)
    )
    return table


def _yes_list(value: str) -> str:
    if isinstance(value, str) and value.startswith("yes: "):
        return _("yes: {names}").format(names=value.removeprefix("yes: "))
    return value


def _recipients_text(value: str) -> str:
    """`Name (third party, KZ)` with the kind and a missing country in the reader's words."""
    if not isinstance(value, str) or current_language() == "en":
        return value
    for code, kind in RECIPIENT_KINDS.items():
        value = value.replace(f" ({code.replace('_', ' ')}, ", f" ({_(kind)}, ")
    return value.replace(", country not stated)", f", {_('country not stated')})")


def _retention_text(value: str | None) -> str:
    """The rules `ropa.sql` gives as fields, each as one sentence, `; `-separated:
    `Orders in CRM: 1,825 days from collection, then delete (grace 30 days)`."""
    if not isinstance(value, str) or not value:
        return value if isinstance(value, str) else ""
    rules = []
    for rule in value.split("\x1e"):
        category, system, *fields = rule.split("\x1f")
        rules.append(
            _("{category} in {system}: {rule}").format(
                category=category, system=system, rule=retention_rule("\x1f".join(fields))
            )
        )
    return "; ".join(rules)


def retention_rule(fields: str | None) -> str:
    """A retention rule given as its unit-separated fields (days, start event, action, grace
    days; the queries write it so) as a reader says it: `180 days from collection, then delete
    (grace 7 days)`. A value that is not such a rule is returned as it is."""
    if not isinstance(fields, str) or fields.count("\x1f") != 3:
        return fields if isinstance(fields, str) else "-"
    days, start, action, grace = fields.split("\x1f")
    text = _("{period} from {start}, then {action}").format(
        period=ngettext("{n} day", "{n} days", int(days)).format(n=formats.count(int(days))),
        start=_(_RETENTION_STARTS[start]) if start in _RETENTION_STARTS else start,
        action=_(_RETENTION_ACTIONS[action]) if action in _RETENTION_ACTIONS else action,
    )
    if int(grace or 0) > 0:
        text += " " + _("(grace {period})").format(
            period=ngettext("{n} day", "{n} days", int(grace)).format(n=formats.count(int(grace)))
        )
    return text


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
            {_("column"): list(COLUMN_HEADINGS), _("meaning"): list(column_headings().values())}
        )
        legend.to_excel(writer, sheet_name=_("Columns")[:31], index=False)
        sheet = writer.sheets["RoPA"]
        sheet.freeze_panes = "C2"
        for column_cells in sheet.columns:
            width = max(len(str(c.value or "")) for c in column_cells[:50])
            sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width, 12), 60)


def _environment() -> jinja2.Environment:
    environment = queries.template_environment(
        "governance.ropa",
        "",
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals["_"] = _
    return environment


def _blocks(table: pd.DataFrame, with_contacts: bool) -> dict[str, object]:
    """What `activities.html.j2` shows: the contacts once, then each activity's fields."""
    headings = column_headings()
    rows = table.fillna("").astype(str)
    first = rows.iloc[0] if len(rows) else None
    contacts = [
        (headings[c], first[c] if first is not None and c in rows.columns else "")
        for c in CONTACT_COLUMNS
        if with_contacts
    ]
    fields = [c for c in rows.columns if c not in (*CONTACT_COLUMNS, "activity", "activity_id")]
    activities = [
        {
            "id": row.get("activity_id", ""),
            "name": row.get("activity", ""),
            "fields": [(c, headings.get(c, c), _items(row[c], c)) for c in fields],
        }
        for row in rows.to_dict("records")
    ]
    return {"contacts": contacts, "activities": activities, "id_heading": headings["activity_id"]}


def activities_html(table: pd.DataFrame, with_contacts: bool = True) -> str:
    """The record as one block per activity (HTML fragment with its own scoped style), every
    value escaped: the RoPA page's body and the ropa report's record section."""
    return _environment().get_template("activities.html.j2").render(**_blocks(table, with_contacts))


def render_html(table: pd.DataFrame, organisation: str) -> str:
    """A self-contained HTML page (no script, no external resource); every value escaped.

    One block per processing activity, its fields in columns that wrap, so the record fits a
    1,280 px screen and an A4 landscape page (an 18-column table was 1,975 px wide); the
    controller and contacts, the same on every row, are shown once above them.
    """
    return (
        _environment()
        .get_template("ropa.html.j2")
        .render(
            lang=current_language(),
            organisation=organisation,
            generated=formats.date(dt.date.today()),
            count=ngettext("{n} activity", "{n} activities", len(table)).format(
                n=formats.count(len(table))
            ),
            **_blocks(table, with_contacts=True),
        )
    )


#: fields where an empty value is a fact ("no recipients"), not a gap in the record
EMPTY_MEANS_NONE = ("recipients", "third_country_transfers")


def _items(value: str, column: str) -> list[str]:
    """A `; `-separated list as its items (one per line on the page); an empty field says
    whether it means "none" or a gap in the record."""
    items = [item for item in value.split("; ") if item.strip()]
    if items:
        return items
    return [_("none") if column in EMPTY_MEANS_NONE else _("not recorded")]
