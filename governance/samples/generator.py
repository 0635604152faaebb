"""`generate`: the sample company's event files at any scale, with a manifest of what is planted.

The order of the steps matters only where one needs another's result (the
roster before the subjects, processing before the inventory's last use);
randomness comes from one PCG64 stream per step, keyed by the seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from governance.samples import activity, population, records, requests, scenarios, web
from governance.samples.facts import Facts, SampleError
from governance.samples.incidents import incidents
from governance.samples.manifest import Manifest, build, write_manifest
from governance.samples.rates import profile_for
from governance.samples.staff_events import access_log, hr_events, roster_tables
from governance.samples.tables import KINDS, Finished, finish, numbered
from governance.samples.timeline import DAY, NEVER
from governance.samples.workforce import build_roster
from governance.samples.world import GENERIC, SCENARIO, World
from governance.samples.writer import arrow_table, subjects_arrow, visitor_ids, write
from governance.store import queries
from governance.store.connection import private_files

#: the sample company's register, shipped as package data (data_samples/metrix in the repository)
SAMPLE_REGISTER = queries.directory("governance.sample_company", "") / "register.yaml"
DEFAULT_SEED = 20261124
#: the smallest population the scenarios and a meaningful generic part fit in
MIN_SUBJECTS = 250

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """Progress is optional."""


def generate(
    out_dir: str | Path,
    *,
    scale: str | int = "small",
    seed: int = DEFAULT_SEED,
    register: str | Path = SAMPLE_REGISTER,
    file_format: str | None = None,
    density: str | None = None,
    progress: Progress = _quiet,
) -> Manifest:
    """Write the 13 event files of the sample company and `manifest.json` into `out_dir`.

    `scale` is "small" (about 5,000 subjects, CSV), "large" (1,000,000 subjects,
    Parquet with zstd) or a number of subjects (CSV and the small densities below 200,000;
    Parquet and the large densities from there). `density` ("small" or "large") overrides the
    logging densities (rates.DENSITIES). The same seed, scale and density give the same bytes.

    >>> manifest = generate("out/events", scale=400)  # doctest: +SKIP
    >>> manifest.counts()["consent.missing"]  # doctest: +SKIP
    6
    """
    profile = profile_for(scale, density)
    if profile.subjects < MIN_SUBJECTS:
        raise SampleError(f"scale {scale}: at least {MIN_SUBJECTS} subjects are needed")
    file_format = file_format or profile.file_format
    if file_format not in ("csv", "parquet"):
        raise SampleError(f"file format {file_format!r}: choose csv or parquet")
    register = Path(register)
    facts = Facts.load(register)
    out = Path(out_dir)
    with private_files():  # event files are synthetic but shaped like personal data
        out.mkdir(parents=True, exist_ok=True)
    world = World(facts, profile, seed)

    progress("roster and subjects")
    staff = build_roster(world.rng("roster"), profile.subjects)
    n_scenario = len(scenarios.PERSONAS)
    n_generic = profile.subjects - n_scenario - len(staff)
    if n_generic < 100:
        raise SampleError(
            f"scale {scale}: too few subjects for {len(staff)} employees and "
            f"{n_scenario} scenario subjects"
        )
    world.allocate(n_generic, n_scenario, len(staff))
    population.generic_subjects(world)
    population.employee_subjects(world, staff)
    scenarios.setup_personas(world)
    erased = population.erasures(world)
    population.acceptances(world, np.flatnonzero(world.group != SCENARIO))

    progress("consents and processing")
    episodes = activity.consent_episodes(world)
    by_request = activity.consent_events(world, episodes)
    rng = world.rng("applicants")
    applicant_end = np.where(
        world.stype == "job_applicant",
        world.created + (rng.uniform(7, 60, world.n) * DAY).astype(np.int64),
        NEVER,
    )
    events = activity.processing(world, episodes, applicant_end)
    hr_events(world, staff)
    processed = world.tables["processing_log"].columns()
    np.maximum.at(world.last_seen, processed["subject_id"], processed["occurred_at"])
    activity.disclosures(world, episodes, events)

    progress("inventory and requests")
    found = records.RecordSet(world.vocab)
    records.menu_records(world, found)
    records.consent_records(world, episodes, found)
    records.hr_records(world, staff, found)
    inventory = records.settle(world, found)
    _tag_exact_deletions(world, inventory)
    world.tables["data_inventory"].add(
        tag=inventory.pop("tag"), **{k: v for k, v in inventory.items() if k != "due"}
    )
    requests.generic_requests(world, erased, by_request)
    visitors = web.cookie_consents(world)
    web.cookie_observations(world)
    incidents(world)

    progress("planted violations and access log")
    scenarios.plant(world, staff)
    access_log(world, staff)
    roster_tables(world, staff)

    progress("writing files")
    subject_columns, subject_rank = population.subjects_table(world)
    subject_ids = numbered("S-", world.n, 6)
    employee_rank = _employee_rank(staff)
    refs = {
        "subject": (subject_ids, subject_rank),
        "employee": (numbered("E-", len(staff), 4), employee_rank),
        "visitor": (visitor_ids(visitors), np.arange(visitors)),
    }
    ranks = {kind: rank for kind, (_, rank) in refs.items()}
    extension = "csv" if file_format == "csv" else "parquet"
    finished: dict[str, Finished] = {}

    def write_kind(kind: str) -> tuple[str, int, str]:
        """Sort, number and write one kind (the two workers take the biggest kinds first)."""
        if kind == "subjects":
            table = subjects_arrow(subject_columns, subject_ids, file_format)
        else:
            finished[kind] = finish(world.tables[kind], ranks)
            world.tables[kind].chunks.clear()
            table = arrow_table(finished[kind], world.vocab, file_format, refs)
        rows, digest = write(table, out / f"{kind}.{extension}", file_format)
        return kind, rows, digest

    sizes = {kind: (world.n if kind == "subjects" else world.tables[kind].rows()) for kind in KINDS}
    biggest_first = sorted(KINDS, key=lambda kind: (-sizes[kind], kind))
    # the umask is the process's: set once around both writing threads, not by each
    with private_files(), ThreadPoolExecutor(max_workers=2) as pool:
        written = {
            kind: (rows, digest) for kind, rows, digest in pool.map(write_kind, biggest_first)
        }
    files = {
        kind: {"file": f"{kind}.{extension}", "rows": written[kind][0], "sha256": written[kind][1]}
        for kind in KINDS
    }
    register_sha = hashlib.sha256(register.read_bytes()).hexdigest()
    data = build(world, finished, refs, files, scale, register_sha, register.name)
    progress("manifest")
    with private_files():
        return write_manifest(out / "manifest.json", data)


def _employee_rank(staff: list) -> np.ndarray:
    """Final position of each employee: ids E-0001.. go by hiring date."""
    hired = np.array([e.active_from for e in staff], dtype=np.int64)
    order = np.lexsort((np.arange(len(staff)), hired))
    rank = np.empty(len(staff), dtype=np.int64)
    rank[order] = np.arange(len(staff))
    return rank


def _tag_exact_deletions(world: World, inventory: dict[str, np.ndarray]) -> None:
    """Name three generic records deleted exactly at their due instant (near misses)."""
    exact = np.flatnonzero(
        (inventory["deleted_at"] == inventory["due"])
        & (world.group[inventory["subject_id"]] == GENERIC)
    )
    tags = np.zeros(len(inventory["due"]), dtype=np.int32)
    for row in exact[:3].tolist():
        tags[row] = world.tag(
            "near_miss",
            table="data_inventory",
            keys={"record_id": scenarios.Col("record_id"), "due_at": int(inventory["due"][row])},
            start=None,
            about="retention.overdue",
            what="record deleted exactly at its due instant (retention job on time)",
        )
    inventory["tag"] = tags


__all__ = ["DEFAULT_SEED", "SAMPLE_REGISTER", "Manifest", "generate"]
