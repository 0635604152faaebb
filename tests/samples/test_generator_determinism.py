"""The generator is reproducible: same seed, same bytes; another seed, other data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_cli

from governance.samples import DEFAULT_SEED, SampleError, generate

COMMITTED_EVENTS = Path(__file__).resolve().parents[2] / "data_samples" / "metrix" / "events"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale=300, seed=11)
    generate(tmp_path / "b", scale=300, seed=11)
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(first) == 14  # 13 event files and the manifest
    assert first == second


def test_the_committed_sample_is_what_the_shipped_register_generates(tmp_path: Path) -> None:
    """`governance demo` generates the events from the packaged register instead of shipping
    them: that is only the committed sample if both give the same bytes."""
    generate(tmp_path / "events", scale="small", seed=DEFAULT_SEED)
    assert _digests(tmp_path / "events") == _digests(COMMITTED_EVENTS)


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale=300, seed=11)
    generate(tmp_path / "b", scale=300, seed=12)
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    differing = {name for name in first if first[name] != second[name]}
    assert {
        "subjects.csv",
        "consent_events.csv",
        "processing_log.csv",
        "access_log.csv",
        "data_inventory.csv",
        "manifest.json",
    } <= differing


def test_parquet_is_reproducible_too(tmp_path: Path) -> None:
    generate(tmp_path / "a", scale=300, seed=5, file_format="parquet")
    generate(tmp_path / "b", scale=300, seed=5, file_format="parquet")
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert (tmp_path / "a" / "consent_events.parquet").exists()


def test_too_small_a_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SampleError, match="at least 250 subjects"):
        generate(tmp_path, scale=100)


def test_cli_generates_and_reports_the_manifest(tmp_path: Path) -> None:
    result = run_cli("generate", "--scale", "300", "--seed", "3", "--out", tmp_path / "events")
    assert result.returncode == 0, result.stderr
    assert "13 files" in result.stdout and "manifest.json" in result.stdout
    # not a terminal: no progress lines
    assert result.stderr == ""
    assert (tmp_path / "events" / "manifest.json").exists()


def test_cli_refuses_an_unknown_scale(tmp_path: Path) -> None:
    result = run_cli("generate", "--scale", "huge", "--out", tmp_path)
    assert result.returncode == 2
    assert "scale must be 'small', 'large' or a number" in result.stderr
