"""axe-core's WCAG 2.2 A and AA rules on every kind of page, each page a separate case.

Each case signs in through the form (or not, for the sign-in page), opens the page in the state named and
runs axe-core over the whole document. Set CAREFILE_SCREENSHOTS=1 to also save the README screenshots of
My caseload and the child page to docs/screenshots/.
"""

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

from .axe import AXE_PATH, assert_accessible  # noqa: E402
from .conftest import build_front_door  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def sign_in_page(page, world, sign_in):
    page.goto("/sign-in/")
    _h1(page, "Sign in to Carefile")


def sign_in_page_with_errors(page, world, sign_in):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_be_visible()


def my_caseload(page, world, sign_in):
    sign_in(world.worker)
    page.goto("/caseload/")
    _h1(page, "My caseload")
    expect(page.get_by_role("link", name="HUGHES, Amelia")).to_be_visible()


def child_page(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/")
    _h1(page, world.child.full_name)


def chronology(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/chronology/")
    _h1(page, "Chronology")
    expect(page.get_by_role("table", name="Chronology")).to_be_visible()


def find_a_person(page, world, sign_in):
    sign_in(world.worker)
    page.goto("/people/")
    _h1(page, "Find a person")


def find_a_person_with_results(page, world, sign_in):
    sign_in(world.worker)
    page.goto("/people/")
    page.get_by_label("Name, date of birth or identifier").fill("Hughes")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="2 people found")).to_be_visible()


def new_person_form(page, world, sign_in):
    sign_in(world.worker)
    page.goto("/people/new/")
    _h1(page, "New person")


def new_person_form_with_errors(page, world, sign_in):
    new_person_form(page, world, sign_in)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def team_list(page, world, sign_in):
    sign_in(world.worker)
    page.goto("/teams/")
    _h1(page, "Teams")
    expect(page.get_by_role("link", name=world.team.name)).to_be_visible()


def team_page(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/teams/{world.team.pk}/")
    _h1(page, world.team.name)


def allocate_form(page, world, sign_in):
    sign_in(world.manager)
    page.goto(f"/people/{world.unallocated.pk}/allocate/")
    _h1(page, "Allocate a social worker")


def change_details_form(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/edit/")
    _h1(page, "Change details")


def add_address_form(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/addresses/new/")
    _h1(page, "Record a new address")


def add_relationship_form_with_results(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/relationships/new/")
    page.get_by_label("Find the related person").fill("Hughes")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label(re.compile(r"^Rachel Hughes"))).to_be_visible()


def _contact(world, fd, child, *, priority="standard"):
    """A contact about `child`, received an hour ago by the front-door team, through the service."""
    from datetime import timedelta

    from django.utils import timezone

    from carefile.common.calendar import holiday_calendar
    from carefile.frontdoor import services

    now = timezone.now()
    return services.contact_record(
        by=fd.worker,
        at=now,
        holidays=holiday_calendar(),
        children=[child],
        team=fd.team,
        received_at=now - timedelta(hours=1),
        source="2A",
        referrer_name="Ms J Lee",
        referrer_organisation="St Cuthbert's Primary School",
        presenting_concerns=f"{child.given_name} came to school hungry three days running and said there was no food at home.",
        consent="given",
        priority=priority,
    )


def _decide(contact, by, outcome, team=None):
    from django.utils import timezone

    from carefile.frontdoor import services

    return services.screening_decide(
        contact=contact,
        by=by,
        at=timezone.now(),
        outcome=outcome,
        options_considered=["information", "early_help"],
        rationale="The school's concerns are about food and routine; the family agree to support from early help.",
        referral_team=team,
    )


def front_door_index(page, world, sign_in):
    fd = build_front_door(world)
    _contact(world, fd, world.unallocated, priority="high")
    _decide(_contact(world, fd, world.other_children[0]), fd.worker, "early_help")
    sign_in(world.manager)
    page.goto("/front-door/")
    _h1(page, "Front door")
    expect(
        page.get_by_role("table", name=re.compile("^Contacts awaiting a screening decision"))
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Decisions awaiting your sign-off (1)")).to_be_visible()


def contact_form(page, world, sign_in):
    fd = build_front_door(world)
    sign_in(fd.worker)
    page.goto(f"/people/{world.unallocated.pk}/contacts/new/")
    _h1(page, "Record a contact")


def contact_form_with_errors(page, world, sign_in):
    contact_form(page, world, sign_in)
    page.get_by_role("button", name="Record contact").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_be_visible()


def contact_page_with_decision_form(page, world, sign_in):
    fd = build_front_door(world)
    contact = _contact(world, fd, world.unallocated)
    sign_in(fd.worker)
    page.goto(f"/front-door/contacts/{contact.pk}/")
    expect(page.get_by_role("heading", name="Record the screening decision")).to_be_visible()


def decision_form_with_errors(page, world, sign_in):
    contact_page_with_decision_form(page, world, sign_in)
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_be_visible()


def contact_page_with_sign_off_form(page, world, sign_in):
    fd = build_front_door(world)
    contact = _contact(world, fd, world.other_children[0])
    _decide(contact, fd.worker, "early_help")
    sign_in(world.manager)
    page.goto(f"/front-door/contacts/{contact.pk}/")
    expect(page.get_by_role("heading", name="Sign off the decision")).to_be_visible()


def allocation_queue_with_rows(page, world, sign_in):
    fd = build_front_door(world)
    _decide(_contact(world, fd, world.unallocated, priority="urgent"), world.manager, "referral", world.team)
    sign_in(world.manager)
    page.goto("/allocation-queue/")
    _h1(page, "Children awaiting allocation")
    expect(
        page.get_by_role("table", name="Children awaiting allocation").get_by_text("Urgent")
    ).to_be_visible()


def team_page_with_weighted_loads(page, world, sign_in):
    from django.utils import timezone

    from carefile.workforce.models import AllocationChangeReason
    from carefile.workforce.services import case_allocate

    fd = build_front_door(world)
    case_allocate(
        child=world.unallocated,
        worker=fd.full_worker,
        by=world.manager,
        at=timezone.now(),
        reason=AllocationChangeReason.NEW_CASE,
        over_cap_reason="Knows the family",
    )
    sign_in(world.manager)
    page.goto(f"/teams/{world.team.pk}/")
    _h1(page, world.team.name)
    expect(page.get_by_role("columnheader", name="Weighted load")).to_be_visible()
    expect(page.get_by_text("Over cap")).to_be_visible()


PAGES = [
    sign_in_page,
    sign_in_page_with_errors,
    my_caseload,
    child_page,
    chronology,
    find_a_person,
    find_a_person_with_results,
    new_person_form,
    new_person_form_with_errors,
    team_list,
    team_page,
    allocate_form,
    change_details_form,
    add_address_form,
    add_relationship_form_with_results,
    front_door_index,
    contact_form,
    contact_form_with_errors,
    contact_page_with_decision_form,
    decision_form_with_errors,
    contact_page_with_sign_off_form,
    allocation_queue_with_rows,
    team_page_with_weighted_loads,
]
SCREENSHOTS = {my_caseload: "my-caseload.png", child_page: "child-page.png"}


@pytest.mark.parametrize("open_page", PAGES, ids=[p.__name__.replace("_", "-") for p in PAGES])
def test_page_has_no_axe_violations(open_page, axe_preloaded, page, world, signed_in_as, screenshot):
    open_page(page, world, signed_in_as)
    assert_accessible(page)

    if open_page in SCREENSHOTS:
        screenshot(page, SCREENSHOTS[open_page])
