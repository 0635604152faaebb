"""The sample company's event data: a seeded generator at any scale, with planted violations.

    generate(out_dir, scale="small" | "large" | n, seed=20261124) -> Manifest

writes the 13 event files of DESIGN.md ("Event files") for metriX company over
24 months (2024-11-01 to 2026-10-31) and `manifest.json`, which lists every
planted violation of the 24 checks of docs/checks.md with its keys and the
dates it is a finding between. Apart from those rows the data is clean by
construction for every month, quarter and year.

    rates.py        the rates, the two scale profiles, the KZ deadlines (from the pack)
    timeline.py     instants in seconds, Almaty local time, KZ working days
    world.py        shared state: subject arrays, tables being built, tags
    population.py   subjects, arrivals, policy acceptances, erasures
    activity.py     consent episodes, processing, disclosures
    records.py      the data inventory and its retention
    requests.py     data subject requests
    workforce.py    employees, grants;  staff_events.py: HR events, access log
    web.py          cookie banner choices and cookie observations
    incidents.py    the clean incidents
    scenarios/      planted violations and near misses, on their own subjects
                    (one module per check area)
    tables.py, writer.py, manifest.py   building, writing and describing the files
"""

from governance.samples.facts import SampleError
from governance.samples.generator import DEFAULT_SEED, SAMPLE_REGISTER, generate
from governance.samples.manifest import CHECKS, Manifest

__all__ = ["CHECKS", "DEFAULT_SEED", "SAMPLE_REGISTER", "Manifest", "SampleError", "generate"]
