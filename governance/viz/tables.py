"""Tables for reports: great_tables with the house style, every value escaped."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from great_tables import GT, loc, style
from markupsafe import escape


def html_table(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    labels: dict[str, str] | None = None,
    note: str | None = None,
) -> GT:
    """A great_tables table of `frame` (strings are escaped by great_tables)."""
    table = GT(frame.reset_index(drop=True))
    if title:
        table = table.tab_header(title=title, subtitle=subtitle)
    if labels:
        table = table.cols_label(**{k: v for k, v in labels.items() if k in frame.columns})
    if note:
        table = table.tab_source_note(note)
    return table.tab_style(
        style=style.text(weight="bold"), locations=loc.column_labels()
    ).tab_options(table_font_size="13px", column_labels_background_color="#f0f4f8")


@dataclass(frozen=True)
class HtmlBlock:
    """A small piece of trusted markup around escaped text, displayed as HTML."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def text_block(text: str, css_class: str = "gov-note") -> HtmlBlock:
    """A paragraph of escaped `text`."""
    return HtmlBlock(f'<p class="{css_class}">{escape(text)}</p>')
