"""Executed notebook -> one self-contained HTML file without code.

The `offline` template (templates/offline) is nbconvert's lab template with
every script block emptied; widget state is dropped from the notebook first.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from governance.store import queries


def template_folder() -> Path:
    """The folder holding the `offline` nbconvert template, as shipped in the package."""
    return queries.directory("governance.publish", "templates")


def notebook_to_html(executed: Path) -> str:
    """Render `executed` as HTML: inputs, prompts and widget state removed."""
    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("widgets", None)
    # papermill records the parameters (db_path among them) in the metadata: not for readers
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if "application/vnd.jupyter.widget-view+json" not in o.get("data", {})
            ]
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(template_folder())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html, _ = exporter.from_notebook_node(nb)
    return html
