"""Scheduled report notebooks: run with papermill, export to offline HTML, guard, publish."""

from governance.reports.notebook import Report, open_report

__all__ = ["Report", "open_report"]
