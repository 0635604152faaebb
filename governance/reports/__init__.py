"""What the scheduled report notebooks show: one module per notebook, the dashboard included.

Each public function takes the open `Report` (`open_report`, notebook.py) and returns ONE
displayable object (an `SvgChart`, a great_tables `GT` or an escaped HTML block), so a notebook
section is one markdown line and one call. The figures come from SQL files in `sql/<report>/`
(the dashboard's from `governance.metrics`), one query per file, measured in the report's
`Scope`; Python only names columns, suppresses small counts and picks the chart.

Why here and not in the notebooks: a notebook cell cannot be unit-tested, and these reports go
to management and the DPO by e-mail, so what they show (no identifiers, small counts
suppressed, register strings escaped) must be pinned by tests. Running, exporting, guarding and
publishing the notebooks is `governance.publish`'s job.
"""

from governance.reports.notebook import Report, open_report

__all__ = ["Report", "open_report"]
