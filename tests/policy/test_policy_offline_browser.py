"""The HTML policy opens in headless Chromium with the network off: no request, no error.

The same pattern as the published reports' browser test (tests/reports): Debian's chromium
driven by playwright with `offline=True`; skipped where chromium is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import offline_page
from policy_helpers import SECTIONS

from governance.policy import build_document, render_policy
from governance.store import connect


def test_the_policy_html_opens_offline_in_headless_chromium(
    sample_db: Path, tmp_path: Path
) -> None:
    con = connect(sample_db, read_only=True)
    try:
        page_file = tmp_path / "privacy_policy.html"
        page_file.write_text(render_policy(build_document(con), "html"), encoding="utf-8")
    finally:
        con.close()
    with offline_page(page_file, viewport={"width": 1200, "height": 900}) as seen:
        page = seen.page
        title = page.title()
        headings = page.locator("section h2").all_inner_texts()
        # the contents links land on their sections, inside the page
        page.click("nav >> text=Cookies")
        at_cookies = page.evaluate("location.hash")
        # the layout holds at the width of a laptop: nothing wider than the page
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    assert seen.failed == [] and seen.errors == [] and seen.network_requests == []
    assert title == "Privacy Policy of metriX company, version 2.1"
    assert [" ".join(h.split()) for h in headings] == SECTIONS
    assert at_cookies == "#s9"
    assert overflow is False


@pytest.mark.parametrize(
    ("lang", "title", "cookies"),
    [
        ("ru", "Политика конфиденциальности metriX company, редакция 2.1", "Файлы cookie"),
        ("kk", "metriX company құпиялылық саясаты, 2.1 редакциясы", "Cookie файлдары"),
    ],
)
def test_the_policy_in_russian_and_kazakh_fits_a_laptop_screen_offline(
    sample_db: Path, tmp_path: Path, lang: str, title: str, cookies: str
) -> None:
    """Longer words (Russian, Kazakh) in the nowrap columns must not widen the page at 1,280 px."""
    con = connect(sample_db, read_only=True)
    try:
        page_file = tmp_path / f"privacy_policy.{lang}.html"
        page_file.write_text(render_policy(build_document(con), "html", lang), encoding="utf-8")
    finally:
        con.close()
    with offline_page(page_file, viewport={"width": 1280, "height": 900}) as seen:
        page = seen.page
        seen_title = page.title()
        page.click(f"nav >> text={cookies}")
        at_cookies = page.evaluate("location.hash")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        page.screenshot(path=str(tmp_path / f"privacy_policy.{lang}.png"), full_page=True)
    assert seen.failed == [] and seen.errors == [] and seen.network_requests == []
    assert seen_title == title
    assert at_cookies == "#s9"
    assert overflow is False
