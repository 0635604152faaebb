"""Executed notebook -> one self-contained HTML file without code.

The `offline` template (templates/offline) is nbconvert's lab template with every script
block emptied, inputs and prompts left out; its conf.json runs `ReportTranslator` (the Markdown
cells in the report's language) and `ReportCleaner` first (widget state and papermill's records
dropped). The same files are installed as the Jupyter nbconvert
template `governance-offline` (setup.py's data_files, `share/jupyter/nbconvert/templates/`),
so `jupyter nbconvert --to html --template governance-offline NB.ipynb` gives the same page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

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


def notebook_to_html(executed: Path) -> str:
    """Render `executed` as HTML: inputs, prompts and widget state removed."""
    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(template_folder())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html, _ = exporter.from_notebook_node(nb)
    return html
