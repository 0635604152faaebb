"""The wheel is complete: installed into a fresh virtual environment, used from another folder.

The source tree is copied (without the project's .venv, build/, outputs and caches, so nothing
stale gets in), built with `pip wheel --no-deps`, and the wheel installed with its dependencies
into a new venv (pip's cache makes that about 2-3 minutes here). Jupyter's per-user folders point
into the test's tmp folder, so the only kernelspec the venv can find is one it installs itself.
From a folder outside the repository the installed `governance` command then builds the sample
company (`demo`: generate, load, check, report, RoPA, policy), reports another period, writes
the RoPA and the policy, and plain `jupyter nbconvert --template governance-offline` renders an
executed report notebook as the same offline page `governance report` publishes.

A second, quick test installs the source tree editable (`pip install -e`, as `make setup`
does, dependencies left out) and finds the nbconvert template installed too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FILES = {"conf.json", "index.html.j2"}
#: top-level folders of a checkout that are not the project's source
NOT_SOURCE = {".venv", "build", "out", ".git", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def _copy_source(target: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {
            name
            for name in names
            if (top and name in NOT_SOURCE) or name == "__pycache__" or name.endswith(".egg-info")
        }

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 900):
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _fresh_venv(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    return folder / "bin"


def _isolated_env(tmp: Path, bin_dir: Path) -> dict[str, str]:
    """The venv first on PATH; Jupyter's and IPython's per-user folders inside `tmp`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "GOVERNANCE_DB"}
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    for name in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        folder = tmp / "user" / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("wheel")
    source = _copy_source(tmp / "source")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("governance-*.whl")
    bin_dir = _fresh_venv(tmp / "venv")
    env = _isolated_env(tmp, bin_dir)
    install = _run([bin_dir / "python", "-m", "pip", "install", "-q", wheel], tmp, env, 1200)
    assert install.returncode == 0, install.stderr
    return bin_dir, env


def test_the_installed_wheel_runs_the_suite_from_another_folder(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = installed
    venv = bin_dir.parent
    where = _run(
        [bin_dir / "python", "-c", "import governance; print(governance.__file__)"], tmp_path, env
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    # demo: the kernel is installed on first use, in the venv, saying so in one line
    demo = _run(
        [bin_dir / "governance", "demo", "--out", "o", "--period", "2026-10"], tmp_path, env
    )
    assert demo.returncode == 0, demo.stderr
    kernel_dir = venv / "share" / "jupyter" / "kernels" / "governance"
    assert demo.stderr.splitlines() == [
        f"installed the Jupyter kernel 'governance' ({bin_dir / 'python'}) in {kernel_dir}"
    ]
    spec = json.loads((kernel_dir / "kernel.json").read_text())
    assert spec["argv"][0] == str(bin_dir / "python")
    out = tmp_path / "o"
    published = out / "reports" / "2026-10"
    for name in ("compliance_dashboard", "consent_report", "dsr_report", "ropa"):
        assert (published / f"{name}.html").is_file(), name
    assert (out / "ropa.csv").is_file() and (out / "privacy_policy.html").is_file()
    db = out / "metrix.duckdb"

    # report: another period, the kernel found; a success says nothing on stderr
    report = _run(
        [bin_dir / "governance", "report", db, "--period", "2026-09", "--out", out / "reports"],
        tmp_path,
        env,
    )
    assert report.returncode == 0, report.stderr
    assert report.stderr == ""
    assert (out / "reports" / "2026-09" / "compliance_dashboard.html").is_file()

    ropa = _run(
        [bin_dir / "governance", "ropa", db, "--format", "xlsx", "--out", "ropa.xlsx"],
        tmp_path,
        env,
    )
    assert ropa.returncode == 0, ropa.stderr
    assert (tmp_path / "ropa.xlsx").stat().st_size > 0
    policy = _run([bin_dir / "governance", "policy", db, "--format", "md"], tmp_path, env)
    assert policy.returncode == 0, policy.stderr
    assert policy.stdout.startswith("#") and len(policy.stdout) > 1000

    # plain nbconvert, the installed template: the page `governance report` published
    template_dir = venv / "share" / "jupyter" / "nbconvert" / "templates" / "governance-offline"
    assert {p.name for p in template_dir.iterdir()} == TEMPLATE_FILES
    executed = shutil.copy(published / "compliance_dashboard.ipynb", tmp_path / "Notebook.ipynb")
    converted = _run(
        [
            bin_dir / "jupyter",
            "nbconvert",
            "--to",
            "html",
            "--template",
            "governance-offline",
            executed,
        ],
        tmp_path,
        env,
    )
    assert converted.returncode == 0, converted.stderr
    html = (tmp_path / "Notebook.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""@import|url\(\s*["']?(?:https?:)?//""", html, re.IGNORECASE)
    assert "<svg" in html
    assert "jp-InputPrompt jp-InputArea-prompt" not in html  # no code, no prompts
    assert html == (published / "compliance_dashboard.html").read_text(encoding="utf-8")


def test_an_editable_install_gets_the_nbconvert_template_too(tmp_path: Path) -> None:
    source = _copy_source(tmp_path / "source")
    bin_dir = _fresh_venv(tmp_path / "venv")
    env = _isolated_env(tmp_path, bin_dir)
    done = _run(
        [bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "-e", source],
        tmp_path,
        env,
        600,
    )
    assert done.returncode == 0, done.stderr
    template_dir = (
        tmp_path / "venv" / "share" / "jupyter" / "nbconvert" / "templates" / "governance-offline"
    )
    assert {p.name for p in template_dir.iterdir()} == TEMPLATE_FILES
    for name in TEMPLATE_FILES:
        shipped = source / "governance" / "publish" / "templates" / "offline" / name
        assert (template_dir / name).read_bytes() == shipped.read_bytes()
