"""Event tables while they are built: chunks of numpy columns, then one sorted arrow table.

Generators append chunks (dicts of equally long numpy arrays). Instants are
int64 seconds, references to subjects and employees are indices into the
generator's arrays, short repeated strings are codes into one `Vocab`, and -1
means empty. `finish` concatenates the chunks, sorts them by time (stable, so
ties keep the order they were generated in), numbers the rows into ids such as
`P-0000123`, and turns references into the final subject and employee ids.

Each row also carries a `tag` (0 for ordinary rows): planted violations and
near misses tag their rows so the manifest can name them by their final id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NULL = -1


class Vocab:
    """Short strings (purpose ids, channels, actions) as int32 codes; -1 is empty."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, word: str | None) -> int:
        if word is None or word == "":
            return NULL
        if word not in self._codes:
            self._codes[word] = len(self.words)
            self.words.append(word)
        return self._codes[word]

    def codes(self, words: Iterable[str | None]) -> np.ndarray:
        return np.array([self.code(w) for w in words], dtype=np.int32)

    def decode(self, codes: np.ndarray) -> pa.Array:
        """Codes as a string array, -1 as null."""
        words = pa.array(self.words or [""], pa.string())
        mask = codes < 0
        safe = np.where(mask, 0, codes).astype(np.int32)
        values = words.take(pa.array(safe))
        if mask.any():
            values = pc.if_else(pa.array(~mask), values, pa.nulls(len(codes), pa.string()))
        return values


@dataclass(frozen=True)
class Column:
    """One output column: `kind` says how the generator holds it.

    ts: int64 seconds; date: int64 days; cat: vocab code; subject, employee,
    visitor: an index resolved to an id at the end; int, bool: as is; text: a
    pyarrow string array given whole (subjects only); id: numbered at the end;
    evidence: a bool column turned into `EV-<number of the row's id>` or empty.
    """

    name: str
    kind: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    #: columns that order the file, most significant first
    order: tuple[str, ...]
    #: the id column's prefix and minimum width, e.g. ("P-", 7)
    id_prefix: str | None = None
    id_width: int = 6


def _spec(name: str, cols: str, order: str, prefix: str | None = None, width: int = 6) -> TableSpec:
    columns = tuple(Column(*c.split(":")) for c in cols.split())
    return TableSpec(name, columns, tuple(order.split()), prefix, width)


#: the 13 event file kinds of DESIGN.md "Event files", columns in contract order
SPECS: dict[str, TableSpec] = {
    s.name: s
    for s in (
        _spec(
            "subjects",
            "subject_id:id subject_type:cat country:cat created_at:ts "
            "birth_date:date full_name:text email:text phone:text",
            "created_at",
            "S-",
        ),
        _spec(
            "consent_events",
            "event_id:id subject_id:subject purpose_id:cat action:cat "
            "occurred_at:ts policy_version:cat channel:cat evidence_ref:evidence",
            "occurred_at subject_id",
            "C-",
            7,
        ),
        _spec(
            "policy_acceptances",
            "subject_id:subject policy_version:cat accepted_at:ts channel:cat",
            "accepted_at subject_id",
        ),
        _spec(
            "processing_log",
            "event_id:id subject_id:subject purpose_id:cat system_id:cat "
            "occurred_at:ts data_category:cat",
            "occurred_at subject_id",
            "P-",
            7,
        ),
        _spec(
            "dsr_requests",
            "request_id:id subject_id:subject request_type:cat "
            "received_at:ts status:cat completed_at:ts extended_at:ts",
            "received_at",
            "DSR-",
            5,
        ),
        _spec(
            "disclosures",
            "disclosure_id:id subject_id:subject recipient_id:cat "
            "purpose_id:cat disclosed_at:ts legal_basis:cat",
            "disclosed_at subject_id",
            "D-",
            7,
        ),
        _spec(
            "employees",
            "employee_id:id department:cat active_from:ts active_to:ts "
            "confidentiality_signed_at:ts",
            "active_from",
            "E-",
            4,
        ),
        _spec(
            "access_grants",
            "grant_id:id employee_id:employee system_id:cat granted_at:ts "
            "revoked_at:ts approved_by:employee",
            "granted_at employee_id",
            "G-",
            5,
        ),
        _spec(
            "access_log",
            "event_id:id employee_id:employee system_id:cat "
            "subject_id:subject occurred_at:ts action:cat",
            "occurred_at employee_id",
            "A-",
            7,
        ),
        _spec(
            "data_inventory",
            "record_id:id system_id:cat subject_id:subject "
            "data_category:cat collected_at:ts last_used_at:ts deleted_at:ts",
            "collected_at subject_id",
            "R-",
            7,
        ),
        _spec(
            "cookie_consents",
            "event_id:id visitor_id:visitor cookie_category:cat action:cat occurred_at:ts gpc:bool",
            "occurred_at visitor_id",
            "K-",
            7,
        ),
        _spec(
            "cookie_observations",
            "observed_at:ts cookie_name:cat domain:cat page_url:cat set_before_consent:bool",
            "observed_at cookie_name page_url",
        ),
        _spec(
            "incidents",
            "incident_id:id detected_at:ts subjects_affected:int "
            "data_categories:cat severity:cat notified_authority_at:ts "
            "notified_subjects_at:ts",
            "detected_at",
            "INC-",
            3,
        ),
    )
}

#: the order files are listed in the manifest (DESIGN.md's order)
KINDS = tuple(SPECS)

_DTYPES = {
    "ts": np.int64,
    "date": np.int64,
    "cat": np.int32,
    "subject": np.int64,
    "employee": np.int64,
    "visitor": np.int64,
    "int": np.int64,
    "bool": np.bool_,
    "evidence": np.bool_,
}


@dataclass
class TableBuilder:
    """The chunks of one table while the generator runs."""

    spec: TableSpec
    chunks: list[dict[str, np.ndarray]] = field(default_factory=list)

    def add(self, tag: int | np.ndarray = 0, **columns: np.ndarray | int | str) -> None:
        """Append rows; scalars are broadcast. Every non-id column must be given."""
        arrays = {k: np.asarray(v) for k, v in columns.items()}
        n = max((a.size for a in arrays.values() if a.ndim), default=1)
        chunk: dict[str, np.ndarray] = {}
        for column in self.spec.columns:
            if column.kind in ("id", "text"):
                continue
            if column.name not in arrays:
                raise KeyError(f"{self.spec.name}: column {column.name} missing")
            value = arrays.pop(column.name)
            chunk[column.name] = np.broadcast_to(value, (n,)).astype(_DTYPES[column.kind])
        if arrays:
            raise KeyError(f"{self.spec.name}: unknown columns {sorted(arrays)}")
        chunk["tag"] = np.broadcast_to(np.asarray(tag), (n,)).astype(np.int32)
        if n:
            self.chunks.append(chunk)

    def rows(self) -> int:
        return sum(len(c["tag"]) for c in self.chunks)

    def columns(self) -> dict[str, np.ndarray]:
        """All chunks concatenated (unsorted)."""
        names = [c.name for c in self.spec.columns if c.kind not in ("id", "text")] + ["tag"]
        if not self.chunks:
            return {name: np.zeros(0, dtype=np.int64) for name in names}
        return {name: np.concatenate([c[name] for c in self.chunks]) for name in names}


@dataclass
class Finished:
    """A table in its final order: numpy columns (still codes and indices) and the id array."""

    spec: TableSpec
    data: dict[str, np.ndarray]
    ids: pa.Array | None

    def __len__(self) -> int:
        return len(self.data["tag"])

    def tagged(self) -> dict[int, list[int]]:
        """Tag -> row positions of the rows carrying it."""
        rows = np.flatnonzero(self.data["tag"] != 0)
        found: dict[int, list[int]] = {}
        for row in rows.tolist():
            found.setdefault(int(self.data["tag"][row]), []).append(row)
        return found


def numbered(prefix: str, count: int, width: int) -> pa.Array:
    """`prefix` + 1..count zero-padded to at least `width` digits."""
    width = max(width, len(str(count)))
    numbers = pc.cast(pa.array(np.arange(1, count + 1, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(numbers, width, "0"), "")


def sort_order(keys: list[np.ndarray], n: int) -> np.ndarray:
    """Stable order of rows by `keys` (most significant first), ties in generation order.

    The keys are packed into one int64 when they fit (one stable argsort is much
    faster than a lexsort over millions of rows).
    """
    if not n or not keys:
        return np.arange(n)
    combined = keys[0] - keys[0].min()
    for key in keys[1:]:
        span = int(key.max() - key.min()) + 1
        if (int(combined.max()) + 1) * span >= 2**62:
            return np.lexsort([np.arange(n), *reversed(keys)])
        combined = combined * span + (key - key.min())
    return np.argsort(combined, kind="stable")


def finish(builder: TableBuilder, rank_of: dict[str, np.ndarray] | None = None) -> Finished:
    """Sort the rows by the spec's order and number them.

    `rank_of` maps a reference kind (subject, employee) to the final position of
    each index, so that sorting by a reference sorts by its final id.
    """
    spec = builder.spec
    data = builder.columns()
    n = len(data["tag"])
    keys = []  # most significant first
    for name in spec.order:
        column = next(c for c in spec.columns if c.name == name)
        values = data[name].astype(np.int64)
        if rank_of and column.kind in rank_of:
            values = np.where(values >= 0, rank_of[column.kind][np.maximum(values, 0)], -1)
        keys.append(values)
    order = sort_order(keys, n)
    data = {name: values[order] for name, values in data.items()}
    ids = numbered(spec.id_prefix, n, spec.id_width) if spec.id_prefix else None
    return Finished(spec, data, ids)
