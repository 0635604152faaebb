"""KPI figures for dashboards: SQL files under `sql/`, read for one period and its check run.

`kpis` returns the tables and values (consent, requests, retention, incidents,
findings, data quality); `figures` names the single figures that the
dashboard's thresholds refer to.
"""

from governance.metrics.figures import FIGURES, Figure, Unit, figure_values

__all__ = ["FIGURES", "Figure", "Unit", "figure_values"]
