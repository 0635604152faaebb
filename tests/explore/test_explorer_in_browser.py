"""A wide explorer table scrolls inside its output in headless Chromium, as JupyterLab lays it out.

Rendering a whole JupyterLab is too heavy for a test, so the page is the DOM ipywidgets 8 makes
for an explorer (a VBox holding the HTML widget: `.widget-html` with the widget's layout width
and classes, and inside it `.widget-html-content` holding the value) under the layout rules of
ipywidgets' own widgets-base.css that decide its width. Skipped where chromium is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import offline_page
from explore_helpers import explore_database

from governance.explore import FindingExplorer, open_database

# ipywidgets 8.1, packages/controls/css/widgets-base.css: the rules that size an HTML widget
WIDGETS_BASE = """
.jupyter-widgets {box-sizing: border-box; overflow: visible;}
.widget-vbox {display: flex; flex-direction: column;}
.widget-inline-hbox {box-sizing: border-box; display: flex; flex-direction: row;
  align-items: baseline;}
.widget-html > .widget-html-content {align-self: stretch; flex-grow: 1; flex-shrink: 1;
  position: relative;}
"""
OUTPUT_WIDTH = 600  # a narrow notebook column


@pytest.fixture(scope="module")
def explore_db(tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path) -> Path:
    return explore_database(tmp_path_factory, sample_events_db)


def widget_page(explorer: FindingExplorer) -> str:
    output = explorer.output
    classes = " ".join(("jupyter-widgets widget-inline-hbox widget-html", *output._dom_classes))
    return (
        f"<!doctype html><html><head><style>{WIDGETS_BASE}</style></head>"
        f'<body style="margin:0"><div id="output-area" style="width:{OUTPUT_WIDTH}px">'
        '<div class="jupyter-widgets widget-vbox">'
        f'<div class="{classes}" style="width:{output.layout.width}">'
        f'<div class="widget-html-content">{output.value}</div></div></div></div></body></html>'
    )


def test_a_wide_table_of_violating_rows_scrolls_inside_the_output(
    explore_db: Path, tmp_path: Path
) -> None:
    con = open_database(explore_db)
    try:
        explorer = FindingExplorer(con, period="2026-10", check="retention.overdue")
    finally:
        con.close()
    page_file = tmp_path / "explorer.html"
    page_file.write_text(widget_page(explorer), encoding="utf-8")

    with offline_page(page_file, viewport={"width": 1000, "height": 800}) as seen:
        widths = seen.page.evaluate(
            """() => ({
                widget: document.querySelector('.widget-html').offsetWidth,
                content: document.querySelector('.widget-html-content').offsetWidth,
                scrollers: [...document.querySelectorAll('.gov-scroll')].map(
                    s => [s.clientWidth, s.scrollWidth]),
            })"""
        )
    assert seen.errors == [] and seen.network_requests == []
    assert widths["widget"] == widths["content"] == OUTPUT_WIDTH
    assert all(client <= OUTPUT_WIDTH for client, _ in widths["scrollers"])
    # the rows' table is wider than the column: it scrolls in its wrapper, not the page
    assert any(scroll > client for client, scroll in widths["scrollers"]), widths
