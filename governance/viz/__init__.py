"""House style for reports and explorers: altair charts as inline SVG, great_tables tables."""

from governance.viz.charts import SvgChart, bar_chart, line_chart
from governance.viz.tables import html_table, text_block

__all__ = ["SvgChart", "bar_chart", "html_table", "line_chart", "text_block"]
