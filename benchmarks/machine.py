"""What the figures were measured on: cores, memory, package versions."""

from __future__ import annotations

import os
import platform
from importlib import metadata

PACKAGES = ("duckdb", "pandas", "pyarrow", "papermill", "nbconvert", "altair", "vl-convert-python")


def memory_gb() -> float:
    with open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    return float("nan")


def describe() -> list[str]:
    """Markdown bullet lines about this machine and the versions in use."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"- machine: {os.cpu_count()} cores, {memory_gb():.1f} GB memory, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- packages: {', '.join(versions)}",
    ]
