"""kinds.yaml against the tables it fills and DESIGN.md's list of files."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import rows

from governance.store.ingest import kinds, plan
from governance.store.ingest.kinds import load_rank

DESIGN_KINDS = [
    "subjects", "consent_events", "policy_acceptances", "processing_log", "dsr_requests",
    "disclosures", "employees", "access_grants", "access_log", "data_inventory",
    "cookie_consents", "cookie_observations", "incidents",
]
BOOKKEEPING = {"extra", "load_id", "source_line"}
LEDGER_ONLY = {"seq", "fingerprint"}


def test_every_design_kind_is_described() -> None:
    assert sorted(kinds()) == sorted(DESIGN_KINDS)


def test_each_kind_matches_its_table_column_for_column(minimal_db: Path) -> None:
    for kind in kinds().values():
        table = rows(
            minimal_db,
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [kind.table],
        )
        stored = {
            name: (data_type, nullable == "YES")
            for name, data_type, nullable in table
            if name not in BOOKKEEPING | LEDGER_ONLY
        }
        described = {
            c.stored_name: (
                "TIMESTAMP WITH TIME ZONE" if c.type == "TIMESTAMPTZ" else c.type,
                c.empty,
            )
            for c in kind.columns
        }
        for name, (data_type, may_be_empty) in described.items():
            table_type, table_nullable = stored[name]
            assert table_type == data_type, (kind.name, name)
            # a NOT NULL column must be described as never empty
            assert table_nullable or not may_be_empty, (kind.name, name)
        assert set(described) == set(stored), kind.name


def test_subjects_and_employees_load_before_the_events_that_name_them(
    tmp_path: Path,
) -> None:
    names = ["consent_events.csv", "access_log.csv", "employees.csv", "subjects.csv",
             "incidents.csv"]
    for name in names:
        (tmp_path / name).write_text("x\n")
    order = [kind.name for _, kind in plan(tmp_path / name for name in names)]
    assert order == ["employees", "subjects", "incidents", "consent_events", "access_log"]
    assert {name for name, kind in kinds().items() if load_rank(kind) == 0} >= {
        "subjects", "employees"
    }
