"""ipywidgets explorers for analysts in JupyterLab: consents, findings, the week's queues.

Each takes a read-only DuckDB connection (`open_database`), shows a row of controls above
one output, and keeps the data it drew on itself. Analyst tools: they show identifiers and
never appear in a scheduled report.

>>> from governance.explore import ConsentExplorer, default_database, open_database
>>> ConsentExplorer(open_database(default_database()))  # doctest: +SKIP
"""

from governance.explore._base import EVERY, Explorer, default_database, open_database
from governance.explore.consent import ConsentExplorer
from governance.explore.findings import FindingExplorer
from governance.explore.queues import QueueExplorer, prepare_week, week_of

__all__ = [
    "EVERY",
    "ConsentExplorer",
    "Explorer",
    "FindingExplorer",
    "QueueExplorer",
    "default_database",
    "open_database",
    "prepare_week",
    "week_of",
]
