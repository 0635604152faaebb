"""The event file kinds (kinds.yaml) as typed objects, and which kind a file holds.

The contract of each file lives in `kinds.yaml` as data, not in code, so that the
loader's SQL is generated from one description and a test can hold that
description against the tables it fills.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from governance.errors import LoadError
from governance.store import queries

TYPES = ("VARCHAR", "TIMESTAMPTZ", "DATE", "INTEGER", "BOOLEAN")
#: the reference whose target is a data subject (see `Kind.subject_columns`)
SUBJECT = "subject"
MODES = ("append", "upsert")
WRITERS = ("table", "consent_ledger")
#: file formats that hold one kind only, so the format names the kind: a `.har` file, or any file
#: loaded with `--kind har`, is read as a HAR file (har.py) into cookie_observations
FORMAT_KINDS = {"har": "cookie_observations"}
_COLUMN_FIELDS = {
    "type",
    "optional",
    "empty",
    "values",
    "references",
    "future",
    "min",
    "pseudonymised",
}


@dataclass(frozen=True)
class Reference:
    """A column's target: a register table, or the table another kind fills."""

    name: str
    table: str
    column: str
    kind: str | None = None

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")

    @property
    def hint(self) -> str:
        """What to do about a value that is not there, for the quarantine reason."""
        return f"load {self.kind} first" if self.kind else "not in the register"


@dataclass(frozen=True)
class Column:
    """One column of an event file and the rules its values follow."""

    name: str
    type: str = "VARCHAR"
    optional: bool = False
    empty: bool = False
    values: tuple[str, ...] = ()
    references: Reference | None = None
    future: bool = False
    min: int | None = None
    pseudonymised: bool = False

    @property
    def stored_name(self) -> str:
        """The column of the table that holds this value (the ledger keeps subject_key)."""
        return "subject_key" if self.pseudonymised else self.name


@dataclass(frozen=True)
class Kind:
    """One event file kind: its columns, key and how a reloaded key is treated."""

    name: str
    mode: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    writer: str = "table"

    @property
    def table(self) -> str:
        return self.name

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Columns the header must have."""
        return tuple(c.name for c in self.columns if not c.optional)

    @property
    def key_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.name in self.key)

    @property
    def content_columns(self) -> tuple[Column, ...]:
        """The values compared to tell a duplicate from a conflicting row: all but the key."""
        return tuple(c for c in self.columns if c.name not in self.key)

    @property
    def key_label(self) -> str:
        """How a reason names the key: 'event id' or 'key (subject_id, policy_version, ...)'."""
        if len(self.key) == 1:
            return self.key[0].replace("_", " ")
        return "key (" + ", ".join(self.key) + ")"

    @property
    def subject_columns(self) -> tuple[Column, ...]:
        """The columns that name a data subject: those referring to subjects and, in the kind
        that fills the subjects table, the column they refer to. A record naming an erased
        subject in any of them is not loaded again (problems.sql)."""
        return tuple(
            c
            for c in self.columns
            if (c.references and c.references.name == SUBJECT)
            or any(
                ref.kind == self.name and ref.column == c.name
                for ref in _references().values()
                if ref.name == SUBJECT
            )
        )

    @property
    def depends_on(self) -> frozenset[str]:
        """The kinds whose loaded rows this kind's references point at."""
        return frozenset(
            c.references.kind for c in self.columns if c.references and c.references.kind
        )


def _column(name: str, spec: dict, references: dict[str, Reference]) -> Column:
    unknown = set(spec) - _COLUMN_FIELDS
    if unknown:
        raise ValueError(f"kinds.yaml: column {name}: unknown fields {sorted(unknown)}")
    column = Column(
        name=name,
        type=spec.get("type", "VARCHAR"),
        optional=bool(spec.get("optional", False)),
        # a column the header may lack is necessarily allowed to be empty
        empty=bool(spec.get("empty", False) or spec.get("optional", False)),
        values=tuple(spec.get("values", ())),
        references=references[spec["references"]] if "references" in spec else None,
        future=bool(spec.get("future", False)),
        min=spec.get("min"),
        pseudonymised=bool(spec.get("pseudonymised", False)),
    )
    if column.type not in TYPES:
        raise ValueError(f"kinds.yaml: column {name}: type {column.type} is not one of {TYPES}")
    return column


def _kind(name: str, spec: dict, references: dict[str, Reference]) -> Kind:
    kind = Kind(
        name=name,
        mode=spec["mode"],
        key=tuple(spec["key"]),
        columns=tuple(_column(c, s or {}, references) for c, s in spec["columns"].items()),
        writer=spec.get("writer", "table"),
    )
    if kind.mode not in MODES or kind.writer not in WRITERS:
        raise ValueError(f"kinds.yaml: {name}: mode {kind.mode} or writer {kind.writer} unknown")
    for column in kind.key_columns:
        if column.empty:
            raise ValueError(f"kinds.yaml: {name}: key column {column.name} may not be empty")
    if len(kind.key_columns) != len(kind.key):
        raise ValueError(f"kinds.yaml: {name}: key {kind.key} names a column it does not have")
    return kind


@cache
def _description() -> dict:
    return yaml.safe_load(queries.text("governance.store.ingest", "kinds.yaml"))


@cache
def _references() -> dict[str, Reference]:
    """What columns may point at (kinds.yaml `references`), by name."""
    return {
        name: Reference(name=name, table=s["table"], column=s["column"], kind=s.get("kind"))
        for name, s in _description()["references"].items()
    }


@cache
def kinds() -> dict[str, Kind]:
    """Every event file kind, by name, in the order of kinds.yaml."""
    references = _references()
    return {name: _kind(name, spec, references) for name, spec in _description()["kinds"].items()}


def kind_named(name: str) -> Kind:
    """The kind called `name` (or the kind a format of FORMAT_KINDS holds: `har` is
    cookie_observations), or a LoadError listing the kinds there are."""
    try:
        return kinds()[FORMAT_KINDS.get(name, name)]
    except KeyError:
        names = ", ".join([*kinds(), *FORMAT_KINDS])
        raise LoadError(f"unknown kind {name!r}; choose one of {names}") from None


def kind_for_path(path: str | Path) -> Kind:
    """The kind a file holds, from its name: the longest kind name its stem starts with.

    `consent_events.csv` and `consent_events_2026-10.parquet` both hold consent_events;
    the kind name must be followed by the end of the stem or a character that is not a
    letter, so `subjects_2026.csv` is subjects but `subjectsx.csv` is nothing. A file whose
    format holds one kind only (FORMAT_KINDS) is that kind, whatever its name.

    >>> kind_for_path("exports/consent_events_2026-10.parquet").name
    'consent_events'
    >>> kind_for_path("crawl/www.metrix.kz.har").name
    'cookie_observations'
    """
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt in FORMAT_KINDS:
        return kinds()[FORMAT_KINDS[fmt]]
    stem = Path(path).name.split(".", 1)[0]
    matches = [
        name
        for name in kinds()
        if stem == name or (stem.startswith(name) and re.match(r"[^a-zA-Z]", stem[len(name)]))
    ]
    if not matches:
        raise LoadError(
            f"{path}: cannot tell the kind from the file name; name it after its kind "
            f"(e.g. consent_events_2026-10.csv) or pass --kind "
            f"(one of {', '.join(kinds())})"
        )
    return kinds()[max(matches, key=len)]


def load_rank(kind: Kind) -> int:
    """0 for kinds that refer to no loaded kind, else one more than the kinds they refer to.

    A batch loads files by rank, so subjects and employees are in place before the
    events that name them.
    """
    return 1 + max((load_rank(kinds()[k]) for k in kind.depends_on), default=-1)
