"""The HTML policy opens in headless Chromium with the network off: no request, no error.

The same pattern as the published reports' browser test (tests/reports): Debian's chromium
driven by playwright with `offline=True`; skipped where chromium is not installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.policy import build_document, render_policy
from governance.store import connect

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_the_policy_html_opens_offline_in_headless_chromium(
    sample_db: Path, tmp_path: Path
) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip(
            "Debian's chromium is not installed (make test installs it where apt-get works)"
        )
    playwright = pytest.importorskip("playwright.sync_api")
    con = connect(sample_db, read_only=True)
    try:
        page_file = tmp_path / "privacy_policy.html"
        page_file.write_text(render_policy(build_document(con), "html"), encoding="utf-8")
    finally:
        con.close()
    failed, errors, requests = [], [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(page_file.resolve().as_uri())
        page.wait_for_load_state("load")
        title = page.title()
        headings = page.locator("section h2").all_inner_texts()
        # the contents links land on their sections, inside the page
        page.click("nav >> text=Cookies")
        at_cookies = page.evaluate("location.hash")
        # the layout holds at the width of a laptop: nothing wider than the page
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        browser.close()
    assert failed == [] and errors == []
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert title == "Privacy Policy of metriX company, version 2.1"
    assert [" ".join(h.split()) for h in headings] == [
        "1. General provisions",
        "2. Data the Company processes",
        "3. Purposes of processing",
        "4. Confidentiality and disclosure",
        "5. Data protection",
        "6. Storage periods",
        "7. Your rights",
        "8. Changes to this Policy",
        "9. Cookies",
        "10. Contacts",
    ]
    assert at_cookies == "#s9"
    assert overflow is False
