"""Executed notebook -> one self-contained HTML file without code.

The `offline` template (templates/offline) is nbconvert's lab template with every script
block emptied, inputs and prompts left out; its conf.json runs `ReportTranslator` (the Markdown
cells in the report's language), `ReportNavigation` (the page's `<title>`, `<html lang>`, and
the header linking the period's pages, governance.publish.navigation) and `ReportCleaner`
first (widget state and papermill's records dropped). Print CSS puts each `##` section of a
report on a page of its own (`governance report --pdf`) and leaves the header out.
The same files are installed as the Jupyter nbconvert template `governance-offline`
(setup.py's data_files, `share/jupyter/nbconvert/templates/`), so
`jupyter nbconvert --to html --template governance-offline NB.ipynb` gives the same page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from governance.publish.navigation import Navigation
from governance.store import queries


def template_folder() -> Path:
    """The folder holding the `offline` nbconvert template, as shipped in the package."""
    return queries.directory("governance.publish", "templates")


class ReportTranslator(Preprocessor):
    """Put the notebook's Markdown cells (headings, the sentence under each) into the report's
    language: the `lang` parameter papermill recorded, English when there is none. Each cell is
    one message of the catalogue (governance/i18n/extract.py reads them from the notebooks); the
    code cells' output is already in that language, since the kernel ran with it."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        from governance.i18n import LANGUAGES, _, use_language

        parameters = nb.metadata.get("papermill", {}).get("parameters", {})
        lang = parameters.get("lang", "en")
        if lang not in LANGUAGES or lang == "en":
            return nb, resources
        with use_language(lang):
            for cell in nb.cells:
                if cell.cell_type == "markdown" and cell.source.strip():
                    cell.source = _(cell.source)
        resources.setdefault("metadata", {})["lang"] = lang
        return nb, resources


class ReportNavigation(Preprocessor):
    """Title the page and give it its header, in the report's language.

    Reads what papermill recorded (the `period` and `lang` parameters) and the notebook's name
    (`compliance_dashboard`, or `compliance_dashboard.ru` for a language version), so plain
    `jupyter nbconvert --template governance-offline` titles a page too. `governance report`
    adds `resources["governance_navigation"]` (navigation.Navigation.as_resources): the
    period's reports and languages for the header, the company and the section colours.
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        from governance.i18n import LANGUAGES, use_language
        from governance.publish.navigation import Navigation, encode_statuses, page_title

        parameters = nb.metadata.get("papermill", {}).get("parameters", {})
        lang = parameters.get("lang", "en")
        lang = lang if lang in LANGUAGES else "en"
        recorded = nb.metadata.get("governance", {})  # written by notebook_to_html
        name = str(recorded.get("report") or resources.get("metadata", {}).get("name") or "")
        name = name.removesuffix(f".{lang}") if lang != "en" else name
        given = resources.get("governance_navigation") or recorded.get("navigation")
        navigation = Navigation.from_resources(given) if given else None
        organisation = navigation.organisation if navigation else _organisation(parameters)
        with use_language(lang):
            title = page_title(name, _period_label(parameters.get("period")), organisation)
        nb.metadata["title"] = title
        resources["language_code"] = lang
        resources["governance"] = {
            "header": navigation.header(name, lang) if navigation and navigation.reports else None,
            "sections": encode_statuses(navigation.statuses) if navigation else "",
        }
        return nb, resources


def _period_label(period: Any) -> str:
    from governance.period import Period, PeriodError

    try:
        return Period.parse(str(period)).label
    except (PeriodError, ValueError):
        return str(period or "")


def _organisation(parameters: dict[str, Any]) -> str:
    """The company's name from the report's database, when plain nbconvert renders a report
    whose database is still there; empty otherwise (the title then names no company)."""
    import duckdb

    db_path = parameters.get("db_path")
    if not db_path or not Path(db_path).is_file():
        return ""
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:  # held by a writer, or not a database
        return ""
    try:
        row = con.execute("SELECT name FROM organisation").fetchone()
    except duckdb.Error:
        return ""
    finally:
        con.close()
    return str(row[0]) if row else ""


class ReportCleaner(Preprocessor):
    """Drop what a published page must not carry: widget state and widget views (scripts), and
    papermill's records (the parameters, db_path among them). Run by the template's conf.json."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        nb.metadata.pop("widgets", None)
        nb.metadata.pop("papermill", None)
        for cell in nb.cells:
            cell.metadata.pop("papermill", None)
            if cell.cell_type == "code":
                cell.outputs = [
                    o
                    for o in cell.outputs
                    if "application/vnd.jupyter.widget-view+json" not in o.get("data", {})
                ]
        return nb, resources


def notebook_to_html(executed: Path, navigation: Navigation | None = None) -> str:
    """Render `executed` as HTML: inputs, prompts and widget state removed; titled, and with
    the header of `navigation` (the period's set) when given."""
    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(template_folder())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources: dict[str, Any] = {"metadata": {"name": executed.stem}}
    if navigation is not None:
        resources["governance_navigation"] = navigation.as_resources()
        # the executed notebook kept beside the page carries its report name and header, so
        # plain `jupyter nbconvert --template governance-offline` of it (whatever its file is
        # called) gives the very page `governance report` published
        nb.metadata["governance"] = {
            "report": parse_name(executed.stem),
            "navigation": navigation.as_resources(),
        }
        nbformat.write(nb, executed)
    html, _ = exporter.from_notebook_node(nb, resources)
    return html


def parse_name(stem: str) -> str:
    """`compliance_dashboard` of `compliance_dashboard` or `compliance_dashboard.ru`."""
    from governance.i18n import LANGUAGES

    name, _, lang = stem.rpartition(".")
    return name if name and lang in LANGUAGES else stem
