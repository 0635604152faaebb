"""ipywidgets explorers for analysts in JupyterLab: consents, findings, the week's queues.

Each takes a read-only DuckDB connection (`open_database`), shows a row of controls above
one output, and keeps the data it drew on itself. Analyst tools: they show identifiers and
never appear in a scheduled report.

>>> from governance.explore import open_database, ConsentExplorer  # doctest: +SKIP
>>> ConsentExplorer(open_database("out/metrix.duckdb"))  # doctest: +SKIP
"""

from governance.explore._base import Explorer, open_database
from governance.explore.consent import ConsentExplorer
from governance.explore.findings import FindingExplorer
from governance.explore.queues import QueueExplorer, prepare_week, week_of

__all__ = [
    "ConsentExplorer",
    "Explorer",
    "FindingExplorer",
    "QueueExplorer",
    "open_database",
    "prepare_week",
    "week_of",
]
