"""A social worker's and a team manager's journeys through Carefile in a real Chromium."""

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

from carefile.common.models import AccessLog  # noqa: E402
from carefile.people.models import Person  # noqa: E402
from carefile.testing.factories import TEST_PASSWORD  # noqa: E402
from carefile.workforce.models import Allocation, AllocationChangeReason  # noqa: E402

pytestmark = pytest.mark.e2e


def test_a_social_worker_signs_in_and_opens_a_child_from_their_caseload(page, world):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))

    page.get_by_label("Username").fill(world.worker.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    table = page.get_by_role("table", name="Children allocated to you")
    row = table.get_by_role("row").filter(has_text=world.child.la_child_id)
    expect(row).to_have_count(1)
    link = row.get_by_role("link", name="HUGHES, Amelia")

    link.click()

    expect(page).to_have_url(re.compile(rf"/people/{world.child.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.child.full_name)
    expect(page.get_by_text(f"LA child ID {world.child.la_child_id}")).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Social worker").first).to_contain_text(
        "Sam Patel"
    )
    logged = AccessLog.objects.filter(user=world.worker.user, person=world.child, view_name="people:detail")
    assert logged.count() == 1
    assert logged.get().path == f"/people/{world.child.pk}/"


def test_a_wrong_password_shows_the_error_summary(page, world):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(world.worker.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD + "-wrong")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    assert not AccessLog.objects.exists()


def test_a_team_manager_allocates_an_unallocated_child(page, world, signed_in_as):
    child = world.unallocated
    signed_in_as(world.manager)
    page.goto(f"/people/{child.pk}/")
    expect(page.locator(".govuk-summary-list__row", has_text="Social worker").first).to_contain_text(
        "Not allocated"
    )

    page.get_by_role("link", name="Allocate a social worker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate a social worker")
    worker_select = page.get_by_label("Social worker")
    option = worker_select.locator("option", has_text=world.worker.name)
    expect(option).to_have_count(1)
    worker_select.select_option(option.get_attribute("value"))
    page.get_by_label("Reason for the allocation").select_option(label=AllocationChangeReason.NEW_CASE.label)
    page.get_by_role("button", name="Allocate").click()

    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"{child.full_name} is now allocated to {world.worker.name}")
    expect(page.locator(".govuk-summary-list__row", has_text="Social worker").first).to_contain_text(
        world.worker.name
    )
    assert Allocation.objects.get(child=child, end__isnull=True).worker_id == world.worker.pk


def test_an_empty_new_person_form_shows_an_error_summary_whose_links_focus_the_fields(
    page, world, signed_in_as
):
    signed_in_as(world.worker)
    page.goto("/people/new/")
    people_before = Person.objects.count()

    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary on load
    links = summary.get_by_role("link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {"#id_given_name", "#id_family_name", "#id_date_of_birth_0", "#id_sex_0", "#id_ethnicity"} <= set(
        hrefs
    )
    for i, href in enumerate(hrefs):
        links.nth(i).click()
        expect(page.locator(href)).to_be_focused()
    expect(page.locator("#id_given_name-error")).to_contain_text("Enter")
    assert Person.objects.count() == people_before


def test_creating_a_person_who_matches_an_existing_record_shows_the_possible_duplicates(
    page, world, signed_in_as
):
    existing = world.child
    signed_in_as(world.worker)
    page.goto("/people/new/")
    people_before = Person.objects.count()

    page.get_by_label("Child or young person").check()
    page.get_by_label("First name").fill(existing.given_name)
    page.get_by_label("Last name").fill(existing.family_name)
    born = page.get_by_role("group", name=re.compile(r"^Date of birth"))
    born.get_by_label("Day").fill(str(existing.date_of_birth.day))
    born.get_by_label("Month").fill(str(existing.date_of_birth.month))
    born.get_by_label("Year").fill(str(existing.date_of_birth.year))
    page.get_by_label("Female").check()
    page.get_by_label("Ethnicity").select_option(label="White British")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("This person may already have a record")
    matches = page.get_by_role("table", name="Possible matches")
    expect(matches.get_by_role("link", name=existing.full_name)).to_have_attribute(
        "href", f"/people/{existing.pk}/"
    )
    expect(page.get_by_role("button", name="None of these: create a new record")).to_be_visible()
    assert Person.objects.count() == people_before
