"""The two scales the harness measures, and the files and databases it derives from them.

small: the committed sample company (about 5,000 subjects, CSV). large: 1 M subjects, 10 M
consent events and 10 M access-log rows, generated on demand (Parquet, never committed) and
turned into CSV once, because the load figures compare with DuckDB's `read_csv` of the same
file. Everything derived is kept in a work folder (benchmarks/data/ by default, git-ignored) so
a second run does not generate or convert again.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from governance.samples import generate
from governance.store.ingest.kinds import kind_for_path, load_rank

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data_samples" / "metrix" / "register.yaml"
SMALL_EVENTS = ROOT / "data_samples" / "metrix" / "events"


@dataclass(frozen=True)
class Scale:
    """A named data set: where its event files are and where its derived files go."""

    name: str
    events: Path
    work: Path

    def ensure_events(self) -> None:
        """Generate the large sample when it is missing (about a minute on 2 cores)."""
        if (self.events / "manifest.json").exists():
            return
        if self.name == "small":
            raise FileNotFoundError(f"{self.events}: the committed sample is missing")
        print(f"generating the {self.name} sample into {self.events} ...", file=sys.stderr)
        generate(self.events, scale=self.name, register=REGISTER)

    def csv_files(self) -> list[tuple[str, Path]]:
        """(kind, CSV path) of every event file, in loading order."""
        self.ensure_events()
        found: dict[str, Path] = {}
        for path in sorted(self.events.iterdir()):
            if path.suffix == ".csv":
                found[kind_for_path(path).name] = path
        for path in sorted(self.events.glob("*.parquet")):
            kind = kind_for_path(path)
            if kind.name not in found:
                found[kind.name] = self._as_csv(path)
        return sorted(found.items(), key=lambda item: load_rank(kind_for_path(item[1])))

    def _as_csv(self, parquet: Path) -> Path:
        target = self.work / "csv" / (parquet.stem + ".csv")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            duckdb.execute(
                "COPY (SELECT * FROM read_parquet(?)) TO '"
                + str(partial).replace("'", "''")
                + "' (HEADER, FORMAT csv)",
                [str(parquet)],
            )
            partial.rename(target)
        return target

    def fresh(self, name: str) -> Path:
        """A path in the work folder with nothing at it (database files and their WAL)."""
        self.work.mkdir(parents=True, exist_ok=True)
        path = self.work / name
        for stale in (path, path.with_name(path.name + ".wal")):
            if stale.is_dir():
                shutil.rmtree(stale)
            elif stale.exists():
                stale.unlink()
        return path


def scales(names: list[str], work: Path) -> list[Scale]:
    known = {
        "small": Scale("small", SMALL_EVENTS, work / "small"),
        "large": Scale("large", work / "large", work / "large-work"),
    }
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(f"unknown scale(s) {', '.join(unknown)}: choose from small, large")
    return [known[name] for name in names]
