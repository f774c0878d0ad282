"""Recording a visit from My caseload on a phone: at most five clicks besides typing what happened."""

import os
import re
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

from carefile.people.models import Person  # noqa: E402
from carefile.recording.models import ChildVoice, Visit  # noqa: E402
from carefile.testing.factories import TEST_PASSWORD  # noqa: E402

from .axe import AXE_PATH, assert_accessible  # noqa: E402
from .conftest import TIMEOUT_MS  # noqa: E402

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(TIMEOUT_MS)
    if AXE_PATH.is_file():  # loaded through DevTools, which the content security policy does not block
        context.add_init_script(path=str(AXE_PATH))
    yield context.new_page()
    context.close()


class Clicks:
    """Every click of the journey goes through here, so the test can count them."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_from_my_caseload_a_visit_with_the_childs_words_takes_at_most_five_clicks_on_a_phone(phone, world):
    page = phone
    Person.objects.filter(pk=world.child.pk).update(case_status="child_in_need")
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(world.worker.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()  # signing in is not part of the count
    page.goto("/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    click = Clicks()

    click(page.get_by_role("link", name="Record a visit to Amelia Hughes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a visit")
    assert fits_the_screen(page), "the visit form is wider than a 375px phone screen"
    click(page.get_by_role("group", name="Did you see Amelia?", exact=True).get_by_label("Yes"))
    click(page.get_by_role("group", name="Did you see Amelia alone?", exact=True).get_by_label("Yes"))
    page.get_by_label("What Amelia said, in their own words").fill(
        "I want to stay at my school with my friends"
    )
    click(page.get_by_label("Spoken words"))
    page.get_by_label("What you saw and heard").fill("Amelia showed me her reading book and was proud of it.")
    click(page.get_by_role("button", name="Save visit"))

    expect(page).to_have_url(re.compile(rf"/people/{world.child.pk}/$"))
    assert click.count <= 5, f"recording a visit took {click.count} clicks"
    expect(page.get_by_text("Visit to Amelia Hughes recorded")).to_be_visible()
    expect(page.get_by_role("heading", name="What Amelia last told us")).to_be_visible()
    expect(page.get_by_text("“I want to stay at my school with my friends”").first).to_be_visible()
    expect(page.get_by_text("Seen alone").first).to_be_visible()
    visit = Visit.objects.get(child=world.child)
    assert (visit.child_seen, visit.seen_alone, visit.visit_type, visit.place) == (
        True,
        True,
        "child_in_need",
        "home",
    )
    assert visit.recorded_by == world.worker
    assert ChildVoice.objects.get(child=world.child).communication == ["spoken"]


def test_the_visit_form_on_a_phone_shows_errors_and_has_no_accessibility_violations(phone, world):
    page = phone
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(world.worker.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/people/{world.child.pk}/visits/new/")
    assert_accessible(page)

    page.get_by_role("group", name="Did you see Amelia?", exact=True).get_by_label("No").click()
    expect(page.get_by_label("If you did not see Amelia, why not?")).to_be_visible()
    page.get_by_role("button", name="Save visit").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Explain why Amelia was not seen")
    expect(summary).to_contain_text("Choose type of visit")
    assert fits_the_screen(page)
    assert_accessible(page)
    assert not Visit.objects.exists()
