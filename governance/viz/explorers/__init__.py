"""ipywidgets explorers for analysts in JupyterLab: consents, findings, the week's queues.

Each takes a read-only DuckDB connection (`open_database`), shows a row of controls above
one output, and keeps the data it drew on itself. Analyst tools: they show identifiers and
never appear in a scheduled report.

>>> from governance.viz.explorers import open_database, ConsentExplorer  # doctest: +SKIP
>>> ConsentExplorer(open_database("out/metrix.duckdb"))  # doctest: +SKIP
"""

from governance.viz.explorers._base import Explorer, open_database
from governance.viz.explorers.consent import ConsentExplorer
from governance.viz.explorers.findings import FindingExplorer
from governance.viz.explorers.queues import QueueExplorer, prepare_week, week_of

__all__ = [
    "ConsentExplorer",
    "Explorer",
    "FindingExplorer",
    "QueueExplorer",
    "open_database",
    "prepare_week",
    "week_of",
]
