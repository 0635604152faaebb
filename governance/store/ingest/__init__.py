"""Event files into the database: validated in SQL, bad rows quarantined, loads idempotent.

kinds.yaml     the contract of each file kind (columns, rules, key, append or upsert)
kinds.py       that contract as objects; which kind a file name holds; loading order
source.py      a path given to load: checked before any file of the batch is loaded
snapshot.py    the bytes a load reads: a private copy, hashed as it is copied (no glob, no race)
census.py      the records and lines of a CSV file, counted from its bytes, apart from DuckDB
header.py      a file's columns, read by the loader and refused when two share a name
stage.py       read the copy into a staging table with file lines, or refuse the file whole
har.py         a HAR 1.2 file staged as cookie observations (SQL over the JSON; docs/har.md)
erased.py      erased subjects stay erased: whether a file must be checked, with which key
validate.py    per-record rules -> problems (sql/problems.sql) and typed rows
reconcile.py   duplicates, conflicts and updates by key, in the file and against the store
write.py       rows, quarantine and load_log, inside the file's transaction
loader.py      one transaction per file, a batch in dependency order
results.py     the figures of a load and the lines the CLI prints
progress.py    a progress line on a terminal, silence elsewhere
sql/           the SQL, as Jinja templates filled from kinds.yaml
"""

from governance.store.ingest.kinds import Kind, kind_for_path, kinds
from governance.store.ingest.loader import load_file, load_files, plan
from governance.store.ingest.progress import Progress, TerminalProgress, progress_for_stderr
from governance.store.ingest.results import Counts, FileResult, QuarantinedValue

__all__ = [
    "Counts",
    "FileResult",
    "Kind",
    "Progress",
    "QuarantinedValue",
    "TerminalProgress",
    "kind_for_path",
    "kinds",
    "load_file",
    "load_files",
    "plan",
    "progress_for_stderr",
]
