"""The manifest: what was generated, and every planted violation with its keys and dates.

For each of the 24 checks of docs/checks.md, `planted[check]` lists rows
`{"keys": {...}, "from": ..., "until": ...}` with the row keys the catalogue
lists (as strings; null where the check returns NULL). A row is a finding of
the check for period P exactly when `from < P.end and (until is null or
until >= P.start)`, under the `kz` framework pack. Instants are UTC ISO-8601.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from governance.samples.rates import kz_deadlines
from governance.samples.scenarios import Col
from governance.samples.tables import Finished
from governance.samples.timeline import END, START, iso
from governance.samples.world import World

#: the check catalogue of docs/checks.md, in its order
CHECKS = (
    "consent.missing",
    "consent.after_withdrawal",
    "consent.incomplete_record",
    "purpose.unregistered",
    "disclosure.without_basis",
    "access.unauthorised",
    "access.no_confidentiality",
    "cookies.before_consent",
    "cookies.undeclared",
    "cookies.gpc_ignored",
    "breach.late_notification",
    "policy.outdated_acceptance",
    "minimisation.unmapped_category",
    "access.stale_grant",
    "security.review_overdue",
    "retention.overdue",
    "retention.no_rule",
    "dsr.overdue",
    "dsr.erasure_incomplete",
    "localisation.outside_kz",
    "transfer.no_safeguard",
    "ropa.incomplete",
    "policy.undisclosed_processing",
    "governance.no_contact",
)

NOTES = {
    "consent.incomplete_record": "the check returns subject_key, the keyed hash of subject_id "
    "made at load time; the manifest gives subject_id instead",
    "purpose.unregistered": "an unregistered purpose cannot be disclosed by the policy either: "
    "each purpose is also a row of policy.undisclosed_processing (all its events in one month)",
    "policy.outdated_acceptance": "the check reads acceptances at period end: subjects who "
    "re-accepted at 2026-01-01T00:00:05Z have until = 2025-12-31T23:59:59Z, the last instant "
    "they were still in breach",
    "security.review_overdue": "register facts (register.yaml, '# planted'): a measure not "
    "effective is a finding in every period, so its from is the start of the data",
    "ropa.incomplete": "register fact (register.yaml, '# planted')",
    "transfer.no_safeguard": "a recipient abroad with no transfer entry (register.yaml, "
    "'# planted') that a processing activity names: a finding in every period; its planted "
    "disclosures all fall in April 2026 (`disclosures` is that month's count)",
    "policy.undisclosed_processing": "a registered purpose missing from every policy version "
    "(register.yaml, '# planted'): a register fact from the day the latest version is in force "
    "(its events, in April 2026, fall inside); and the unregistered purposes of "
    "purpose.unregistered, each with its events in one month",
    "minimisation.unmapped_category": "a category the register holds (with retention rules and "
    "disclosed by the policy) that no purpose declares (register.yaml, '# planted'); "
    "each pair's records are collected at one instant and never deleted",
    "retention.no_rule": "each pair's records are collected at one instant and never deleted",
    "dsr.overdue": "deadlines of the kz pack (working days, Asia/Almaty): the deadline is the "
    "first late instant (local midnight after the last day)",
    "breach.late_notification": "kz pack deadline: end of working day "
    f"{kz_deadlines().breach_notification} after detection",
    "cookies.undeclared": "each cookie's observations fall in one month",
    "access.stale_grant": "until null: the grants stay open to the end of the data",
    "dsr.erasure_incomplete": "live_records counts the records still held at any period end",
    "governance.no_contact": "0 planted: the sample register names its responsible person and "
    "contact (removing them would make the sample's policy text and register tests wrong)",
}


@dataclass(frozen=True)
class Manifest:
    """What `generate` wrote: the manifest file and its content."""

    path: Path
    data: dict[str, Any]

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return self.data["files"]

    @property
    def planted(self) -> dict[str, dict[str, Any]]:
        return self.data["planted"]

    def counts(self) -> dict[str, int]:
        """Planted rows per check."""
        return {check: entry["count"] for check, entry in self.planted.items()}


class Resolver:
    """Turns `Col` placeholders of tags into the values of the final rows."""

    def __init__(
        self,
        world: World,
        finished: dict[str, Finished],
        refs: dict[str, tuple[pa.Array, np.ndarray]],
    ) -> None:
        self.world = world
        self.finished = finished
        self.refs = refs
        self.rows: dict[str, dict[int, list[int]]] = {
            name: f.tagged() for name, f in finished.items()
        }

    def value(self, table: str, row: int, name: str) -> str | None:
        if table == "subjects":
            raise KeyError(name)
        f = self.finished[table]
        column = next(c for c in f.spec.columns if c.name == name)
        if column.kind == "id":
            return f.ids[row].as_py()
        raw = int(f.data[name][row])
        if raw < 0:
            return None
        if column.kind == "ts":
            return iso(raw)
        if column.kind == "cat":
            return self.world.vocab.words[raw]
        if column.kind in self.refs:
            ids, rank = self.refs[column.kind]
            return ids[int(rank[raw])].as_py()
        return str(raw)

    def resolve(self, tag: Any) -> tuple[dict[str, Any], Any, Any]:
        info = tag.info
        table = info.get("table")
        row = None
        if table and table != "subjects":
            found = self.rows[table].get(tag.number, [])
            if len(found) != 1:
                raise RuntimeError(f"tag {tag.number} ({tag.check}) matches {len(found)} rows")
            row = found[0]

        def get(value: Any) -> Any:
            if isinstance(value, Col):
                if table == "subjects":
                    ids, rank = self.refs["subject"]
                    return ids[int(rank[info["subject"]])].as_py()
                return self.value(table, row, value.name)
            if isinstance(value, (int, np.integer)):
                return iso(int(value))
            return value

        keys = {k: get(v) for k, v in info["keys"].items()}
        return keys, get(info.get("start")), get(info.get("until"))


def _register_rows(world: World) -> dict[str, list[dict[str, Any]]]:
    """Findings that follow from the register alone."""
    register = world.facts.register
    rows: dict[str, list[dict[str, Any]]] = {c: [] for c in CHECKS}
    start = iso(START)
    for m in register.security_measures:
        due = m.last_review + dt.timedelta(days=m.review_interval_days)
        due_instant = int(dt.datetime.combine(due, dt.time(), dt.UTC).timestamp())
        if m.status.value == "not_effective":
            begin = start
        elif due_instant < END:
            begin = iso(max(due_instant, START))
        else:
            continue
        rows["security.review_overdue"].append(
            {
                "keys": {
                    "measure_id": m.id,
                    "review_due": due.isoformat(),
                    "status": m.status.value,
                },
                "from": begin,
                "until": None,
            }
        )
    purposes = {p.id: p for p in register.purposes}
    for a in register.processing_activities:
        basis = a.legal_basis or (
            purposes[a.purpose].legal_basis if a.purpose in purposes else None
        )
        present = {
            "legal_basis": basis,
            "data_categories": a.data_categories,
            "subject_types": a.subject_types,
            "systems": a.systems,
            "retention_rules": a.retention_rules,
            "security_measures": a.security_measures,
        }
        for field, value in present.items():
            if not value:
                rows["ropa.incomplete"].append(
                    {
                        "keys": {"activity_id": a.id, "missing_field": field},
                        "from": start,
                        "until": None,
                    }
                )
    rows["policy.undisclosed_processing"] = _undisclosed_in_register(register)
    org = register.organisation
    if not (org.responsible_person and org.responsible_person.name.strip()):
        rows["governance.no_contact"].append(
            {"keys": {"missing": "responsible_person"}, "from": start, "until": None}
        )
    contact = org.contact
    if not (contact and ((contact.email or "").strip() or (contact.phone or "").strip())):
        rows["governance.no_contact"].append(
            {"keys": {"missing": "contact"}, "from": start, "until": None}
        )
    return rows


def _undisclosed_in_register(register: Any) -> list[dict[str, Any]]:
    """Purposes and categories the register declares that its latest policy version omits.

    The check holds the register against the latest version only, from the day that version
    is in force (in every period when there is no version at all).
    """
    declared = {("purpose", p.id) for p in register.purposes}
    declared |= {("purpose", a.purpose) for a in register.processing_activities}
    declared |= {("data_category", c) for p in register.purposes for c in p.data_categories}
    declared |= {
        ("data_category", c) for a in register.processing_activities for c in a.data_categories
    }
    latest = register.current_policy_version()
    if latest is None:
        begin, disclosed = START, set()
    else:
        begin = int(dt.datetime.combine(latest.published_at, dt.time(), dt.UTC).timestamp())
        disclosed = {("purpose", x) for x in latest.purposes}
        disclosed |= {("data_category", x) for x in latest.data_categories}
    if begin >= END:
        return []
    return [
        {"keys": {"kind": kind, "item_id": item}, "from": iso(max(begin, START)), "until": None}
        for kind, item in sorted(declared - disclosed)
    ]


def build(
    world: World,
    finished: dict[str, Finished],
    refs: dict[str, tuple[pa.Array, np.ndarray]],
    files: dict[str, dict[str, Any]],
    scale: str | int,
    register_sha256: str,
    register_name: str,
) -> dict[str, Any]:
    resolver = Resolver(world, finished, refs)
    planted = _register_rows(world)
    near_misses = []
    unregistered: dict[str, list[str]] = {}
    for tag in world.tags:
        keys, start, until = resolver.resolve(tag)
        if tag.check == "near_miss":
            near_misses.append({"check": tag.info["about"], "what": tag.info["what"], "keys": keys})
            continue
        row = {"keys": keys, "from": start, "until": until}
        planted[tag.check].append(row)
        if tag.check == "purpose.unregistered":
            unregistered.setdefault(tag.info["undisclosed_purpose"], []).append(start)
    for purpose, times in unregistered.items():
        planted["policy.undisclosed_processing"].append(
            {
                "keys": {"kind": "purpose", "item_id": purpose},
                "from": min(times),
                "until": max(times),
            }
        )
    profile = world.profile
    data = {
        "generator": "governance.samples",
        "seed": world.seed,
        "scale": scale,
        "subjects": int(world.n),
        "framework": "kz",
        "period": {
            "start": "2024-11-01",
            "end": "2026-10-31",
            "first_instant": iso(START),
            "end_exclusive": iso(END),
        },
        "register": {"file": register_name, "sha256": register_sha256},
        "profile": {
            "file_format": profile.file_format,
            "cookie_reconfirm_per_month": profile.cookie_reconfirm_per_month,
            "access_per_subject": profile.access_per_subject,
            "employees": int(finished["employees"].data["tag"].size),
        },
        "files": files,
        "semantics": "a planted row is a finding of its check (kz pack) for period P exactly "
        "when from < P.end and (until is null or until >= P.start); instants are UTC; keys are "
        "the check's row keys of docs/checks.md as strings, null for an empty value",
        "planted": {},
        "near_misses": near_misses,
    }
    for check in CHECKS:
        rows = sorted(planted[check], key=lambda r: (r["from"] or "", json.dumps(r["keys"])))
        entry: dict[str, Any] = {"count": len(rows), "rows": rows}
        if check in NOTES:
            entry["note"] = NOTES[check]
        data["planted"][check] = entry
    return data


def write_manifest(path: Path, data: dict[str, Any]) -> Manifest:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    path.chmod(0o600)  # names the subjects of every planted violation
    return Manifest(path, data)


__all__ = ["CHECKS", "Manifest", "build", "write_manifest"]
