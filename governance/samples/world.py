"""The generator's shared state: the subjects as arrays, the tables being built, the tags.

Subjects are indices 0..n-1: first the generic population, then the scenario
subjects (planted violations and near misses, built one by one), then the
employees. Their ids (`S-000123`) are given at the end, in order of creation.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from governance.samples.facts import Facts
from governance.samples.rates import Profile
from governance.samples.tables import SPECS, TableBuilder, Vocab
from governance.samples.timeline import END, NEVER, Calendar

GENERIC, SCENARIO, EMPLOYEE = 0, 1, 2


@dataclass
class Tag:
    """A planted row or near miss: which check (or near-miss label) and what the manifest needs."""

    number: int
    check: str
    info: dict[str, Any]


@dataclass
class World:
    facts: Facts
    profile: Profile
    seed: int
    calendar: Calendar = field(default_factory=Calendar)
    vocab: Vocab = field(default_factory=Vocab)
    tables: dict[str, TableBuilder] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tables = {
            name: TableBuilder(spec) for name, spec in SPECS.items() if name != "subjects"
        }
        self._streams: dict[str, np.random.Generator] = {}

    def rng(self, name: str) -> np.random.Generator:
        """An independent PCG64 stream per part of the generator, keyed by the seed and `name`.

        Keying by name (not by the order of asking) keeps each part's draws the same when
        another part changes, and makes a run reproducible bit for bit.
        """
        if name not in self._streams:
            key = zlib.crc32(name.encode())
            sequence = np.random.SeedSequence(self.seed, spawn_key=(key,))
            self._streams[name] = np.random.Generator(np.random.PCG64(sequence))
        return self._streams[name]

    def tag(self, check: str, **info: Any) -> int:
        """A new tag number for rows planted for `check` (or a near miss)."""
        tag = Tag(len(self.tags) + 1, check, info)
        self.tags.append(tag)
        return tag.number

    def codes(self, words: np.ndarray | list[str]) -> np.ndarray:
        """Vocab codes of an array of strings (hashed, not sorted: fast on millions)."""
        words = np.asarray(words, dtype=object)
        if not len(words):
            return np.zeros(0, dtype=np.int32)
        inverse, distinct = pd.factorize(words)
        return self.vocab.codes(list(distinct))[inverse]

    def pick(
        self, rng: np.random.Generator, names: list[str], n: int, p: list[float] | None = None
    ) -> np.ndarray:
        """Vocab codes of `n` draws from `names` (with probabilities `p`)."""
        return self.vocab.codes(names)[rng.choice(len(names), n, p=p)]

    # --- subjects ---------------------------------------------------------------------------

    def allocate(self, n_generic: int, n_scenario: int, n_employee: int) -> None:
        n = n_generic + n_scenario + n_employee
        self.n = n
        self.group = np.repeat(
            np.array([GENERIC, SCENARIO, EMPLOYEE], dtype=np.int8),
            [n_generic, n_scenario, n_employee],
        )
        self.first_scenario = n_generic
        self.first_employee = n_generic + n_scenario
        self.stype = np.empty(n, dtype=object)
        self.country = np.full(n, "KZ", dtype=object)
        self.created = np.zeros(n, dtype=np.int64)
        self.female = np.zeros(n, dtype=bool)
        self.birth_day = np.full(n, -1, dtype=np.int64)
        self.has_name = np.ones(n, dtype=bool)
        self.has_email = np.ones(n, dtype=bool)
        self.has_phone = np.ones(n, dtype=bool)
        #: erasure request received (processing stops) or END
        self.end = np.full(n, END, dtype=np.int64)
        #: erasure completed (identity removed, records deleted) or NEVER
        self.erased_at = np.full(n, NEVER, dtype=np.int64)
        #: identity kept despite a completed erasure (planted dsr.erasure_incomplete)
        self.keep_identity = np.zeros(n, dtype=bool)
        #: [blk_lo, blk_hi): after policy 2.0 was published, before the subject accepted it
        self.blk_lo = np.zeros(n, dtype=np.int64)
        self.blk_hi = np.zeros(n, dtype=np.int64)
        #: earliest instant for what policy 2.0 introduced (its purposes and categories)
        self.t2 = np.full(n, NEVER, dtype=np.int64)
        self.activity = np.ones(n, dtype=np.float64)
        #: latest processing instant (filled once processing is generated)
        self.last_seen = np.zeros(n, dtype=np.int64)

    def blocked(self, subject: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Whether each instant falls between policy 2.0's publication and its acceptance."""
        return (t >= self.blk_lo[subject]) & (t < self.blk_hi[subject])
