"""Every stylesheet, script, font and image a page asks for is there: no request fails and none answers 4xx/5xx.

GOV.UK Frontend's prebuilt CSS asks for the GDS Transport font at /assets/fonts/, which is not ours to use;
Carefile's own build (`make assets`) sets text in Arial. These pages show that nothing still points there.
"""

import os
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM_PATH}: set CHROMIUM_PATH or install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def failures(page):
    """Requests the page made that failed outright or answered with an error status, as readable lines."""
    found = []
    page.on("requestfailed", lambda request: found.append(f"failed {request.url}: {request.failure}"))
    page.on(
        "response",
        lambda response: (
            found.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return found


def _assert_assets_load(page, failures):
    page.wait_for_load_state("networkidle")
    assert failures == [], "\n".join(failures)
    # The built stylesheet is the one in use, its text is in Arial, and nothing asks for GDS Transport.
    sheets = page.evaluate("() => [...document.styleSheets].map(s => s.href)")
    assert any(href and href.endswith("/static/build/carefile-frontend.css") for href in sheets), sheets
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial"), font
    urls = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in urls if "/assets/fonts/" in u or u.endswith((".woff", ".woff2"))], urls
    # The favicon is our own, and is there (a headless browser may not fetch it by itself).
    icon = page.locator("link[rel=icon]")
    expect(icon).to_have_attribute("href", "/static/carefile/favicon.svg")
    response = page.request.get(icon.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")


def test_the_sign_in_page_loads_every_asset(page, failures, world):
    page.goto("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carefile")
    _assert_assets_load(page, failures)


def test_my_caseload_loads_every_asset(page, failures, world, signed_in_as):
    signed_in_as(world.worker)
    page.goto("/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    _assert_assets_load(page, failures)
