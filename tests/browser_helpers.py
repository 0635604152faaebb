"""Opening a local HTML file in headless Chromium with the network off, for the offline tests.

Debian's chromium (installed by `make test` where apt-get works) driven by playwright, in a
context with `offline=True`: every request, failed request and console error is recorded. Not
a test module; the tests import it by name, pytest having put tests/ on sys.path.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class OfflinePage:
    """The open page and what happened while it loaded."""

    page: Any
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def network_requests(self) -> list[str]:
        """Requests for anything but the file itself and inline data."""
        return [url for url in self.requests if not url.startswith(("file:", "data:"))]


@contextmanager
def offline_page(path: Path, viewport: dict[str, int] | None = None) -> Iterator[OfflinePage]:
    """`path` loaded in headless Chromium with the network off; skips without chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip(
            "Debian's chromium is not installed (make test installs it where apt-get works)"
        )
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            options = {"viewport": viewport} if viewport else {}
            context = browser.new_context(offline=True, **options)
            seen = OfflinePage(context.new_page())
            seen.page.on("requestfailed", lambda r: seen.failed.append(r.url))
            seen.page.on("request", lambda r: seen.requests.append(r.url))
            seen.page.on(
                "console", lambda m: seen.errors.append(m.text) if m.type == "error" else None
            )
            seen.page.goto(path.resolve().as_uri())
            seen.page.wait_for_load_state("load")
            yield seen
        finally:
            browser.close()
