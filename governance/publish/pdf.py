"""A published page as an A4 PDF, printed by headless Chromium (`governance report --pdf`).

Chromium lays the page out exactly as a reader's browser does and prints it with the
template's print CSS (governance/publish/templates/offline: A4, no header, each `##` section
on a page of its own). It runs offline, in a private throw-away profile, on the guarded HTML
file: a page that loads nothing cannot make the printer load anything either.

The browser is `/usr/bin/chromium` (Debian's package, which the browser tests use too), or
the one `GOVERNANCE_CHROMIUM` names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from governance.errors import ReportError

CHROMIUM_ENV = "GOVERNANCE_CHROMIUM"
PRINT_TIMEOUT_S = 120
#: headless, and nothing that would reach the network or the user's own profile
OFFLINE_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


def chromium() -> str:
    """The Chromium executable to print with; ReportError when there is none."""
    named = os.environ.get(CHROMIUM_ENV)
    found = named or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not (shutil.which(found) or Path(found).is_file()):
        raise ReportError(
            "--pdf needs Chromium to print the dashboard: install it (Debian: apt-get install "
            f"chromium) or name it in {CHROMIUM_ENV}"
        )
    return found


def print_to_pdf(html: Path, target: Path, timeout_s: int = PRINT_TIMEOUT_S) -> Path:
    """Print the local page `html` to `target` (A4, as its print CSS says); returns `target`."""
    with tempfile.TemporaryDirectory(prefix="governance-chromium-") as profile:
        command = [
            chromium(),
            *OFFLINE_ARGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={target}",
            html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout_s, check=False
            )
        except subprocess.TimeoutExpired:
            raise ReportError(f"{html.name}: Chromium did not print it in {timeout_s} s") from None
        except OSError as exc:
            raise ReportError(f"{html.name}: Chromium did not start: {exc.strerror}") from None
    if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        why = result.stderr.strip().splitlines()[-1:] or [f"exit {result.returncode}"]
        raise ReportError(f"{html.name}: Chromium could not print it to PDF: {why[0]}")
    return target
