"""What each catalogue holds: the message ids of its sources, extracted with Babel.

`SOURCES` maps each domain to the files its messages come from and how to read them: Python
(`_()`, `ngettext()`, `N_()`), Jinja templates (`_()` inside `{{ }}`), the dashboard's and the
policy's YAML (string values of the listed keys) and the notebooks' Markdown cells (each cell is
one message). A path starting `governance/` is in the installed package, `notebooks/` in the
report notebooks it ships (`governance.notebooks`), so extraction works in a checkout and in an
installed wheel alike (`python -m governance.i18n update` is a maintainer's step; the catalogue
test runs it too).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

#: where the paths of SOURCES start: the package, and the notebooks it ships
BASES = {"governance": "governance", "notebooks": "governance.notebooks"}
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
YAML = "governance.i18n.extract:extract_yaml"
NOTEBOOK = "governance.i18n.extract:extract_notebook"

#: domain -> (glob relative to ROOT, method, options)
SOURCES: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "dashboard": [
        ("governance/reports/dashboard.py", "python", {}),
        ("governance/reports/dashboard.yaml", YAML, {"keys": "title,promise,label"}),
        ("governance/metrics/**.py", "python", {}),
        ("notebooks/compliance_dashboard.ipynb", NOTEBOOK, {}),
    ],
    "reports": [
        ("governance/i18n/formats.py", "python", {}),
        ("governance/reports/_common.py", "python", {}),
        ("governance/reports/notebook.py", "python", {}),
        ("governance/reports/suppression.py", "python", {}),
        ("governance/reports/consent_report.py", "python", {}),
        ("governance/reports/dsr_report.py", "python", {}),
        ("governance/reports/retention_report.py", "python", {}),
        ("governance/reports/access_disclosure_report.py", "python", {}),
        ("governance/reports/ropa.py", "python", {}),
        ("governance/viz/**.py", "python", {}),
        ("governance/ropa/**.py", "python", {}),
        ("governance/ropa/**.j2", "jinja2", {}),
        ("notebooks/consent_report.ipynb", NOTEBOOK, {}),
        ("notebooks/dsr_report.ipynb", NOTEBOOK, {}),
        ("notebooks/retention_report.ipynb", NOTEBOOK, {}),
        ("notebooks/access_disclosure_report.ipynb", NOTEBOOK, {}),
        ("notebooks/ropa.ipynb", NOTEBOOK, {}),
    ],
    "policy": [
        ("governance/policy/**.py", "python", {}),
        ("governance/policy/templates/**.j2", "jinja2", {}),
        ("governance/policy/wording.yaml", YAML, {"keys": "*"}),
    ],
    "publish": [
        ("governance/publish/**.py", "python", {}),
        ("governance/publish/templates/**.j2", "jinja2", {}),
    ],
}


def messages(domain: str) -> Catalog:
    """The catalogue template (`.pot`) of `domain`: every message id its sources use."""
    from governance.store import queries  # imported here: the store imports the register

    catalog = Catalog(domain=domain, project="governance", charset="utf-8")
    for pattern, method, options in SOURCES[domain]:
        base, _, inside = pattern.partition("/")
        folder = queries.directory(BASES[base], "")
        for filename, lineno, message, comments, context in extract_from_dir(
            folder,
            [(inside, method)],
            {inside: options},
            keywords=KEYWORDS,
            comment_tags=("i18n:",),
        ):
            where = f"{base}/{filename}"
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def extract_yaml(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, str]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """String values of the keys in `options["keys"]` (`*`: every string value)."""
    wanted = {k.strip() for k in options.get("keys", "*").split(",")}
    text = fileobj.read().decode("utf-8")
    for node_key, value, line in _strings(yaml.compose(text)):
        if "*" in wanted or node_key in wanted:
            yield line, None, value, []


def _strings(node: Any, key: str | None = None) -> Iterator[tuple[str | None, str, int]]:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _strings(v, k.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings(item, key)
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        yield key, node.value, node.start_mark.line + 1


def extract_notebook(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, str]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Each Markdown cell's text, as one message (the number is the cell's)."""
    notebook = json.loads(fileobj.read().decode("utf-8"))
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", ""))
            if source.strip():
                yield number, None, source, []
