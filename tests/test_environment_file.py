"""environment.yml and pyproject.toml must declare the same runtime dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found: dict[str, str] = {}
    for item in env["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            if entry.startswith("-e") or entry in {"pip"}:
                continue
            name, spec = _normalise(entry)
            if name != "python":
                found[name] = spec
    return found


def test_environment_file_matches_pyproject_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = dict(_normalise(r) for r in project["dependencies"])
    assert _conda_requirements() == declared


def test_environment_file_python_matches_requires_python() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f"python{requires}" in env["dependencies"]


def test_only_what_conda_forge_lacks_is_installed_by_pip() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    # jupysql is on conda-forge; fideslang is not; -e . installs this checkout
    assert pip == ["fideslang>=3.1", "-e ."]
    assert "jupysql>=0.10" in env["dependencies"]


def test_environment_file_installs_the_kernel_as_make_setup_does() -> None:
    """The notebooks' `governance` kernelspec: one command, the Makefile's, for both installs."""
    command = (
        'ipykernel install --sys-prefix --name governance --display-name "Python (governance)"'
    )
    assert command in (ROOT / "Makefile").read_text()
    lines = (ROOT / "environment.yml").read_text().splitlines()
    assert f"#   python -m {command}" in lines
