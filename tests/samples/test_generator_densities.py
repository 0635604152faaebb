"""`--scale N` generates what it says: a numeric scale from 200,000 subjects up logs as densely
as `large` (so `--scale 2000000` is twice the benchmark, not a sparse sample of 2 M), below it as
`small`, and `--density` chooses either way."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from governance.samples import generate
from governance.samples.facts import SampleError
from governance.samples.rates import LARGE, SMALL, profile_for


def _densities(profile) -> tuple[float, float]:
    return profile.cookie_reconfirm_per_month, profile.access_per_subject


@pytest.mark.parametrize(
    ("scale", "density", "expected", "file_format"),
    [
        ("small", None, SMALL, "csv"),
        ("large", None, LARGE, "parquet"),
        (3000, None, SMALL, "csv"),
        ("199999", None, SMALL, "csv"),
        (200_000, None, LARGE, "parquet"),
        (2_000_000, None, LARGE, "parquet"),
        (2_000_000, "small", SMALL, "parquet"),
        (3000, "large", LARGE, "csv"),
        ("large", "small", SMALL, "parquet"),
    ],
)
def test_a_scale_keeps_the_densities_it_says(scale, density, expected, file_format) -> None:
    profile = profile_for(scale, density)
    assert _densities(profile) == _densities(expected)
    assert profile.file_format == file_format
    named = {"small": 5000, "large": 1_000_000}
    assert profile.subjects == (named[scale] if scale in named else int(scale))


def test_an_unknown_density_is_refused() -> None:
    with pytest.raises(SampleError, match="density must be 'small' or 'large', not 'huge'"):
        profile_for(3000, "huge")


def _rows_per_subject(folder: Path, name: str) -> float:
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        return (sum(1 for _ in csv.reader(handle)) - 1) / 3000


def test_the_large_density_logs_about_ten_access_rows_per_subject(tmp_path: Path) -> None:
    generate(tmp_path / "sparse", scale=3000, seed=3)
    generate(tmp_path / "dense", scale=3000, seed=3, density="large")
    assert _rows_per_subject(tmp_path / "sparse", "access_log") < 4
    assert _rows_per_subject(tmp_path / "dense", "access_log") > 8
    sparse = _rows_per_subject(tmp_path / "sparse", "consent_events")
    dense = _rows_per_subject(tmp_path / "dense", "consent_events")
    assert dense > 2 * sparse
