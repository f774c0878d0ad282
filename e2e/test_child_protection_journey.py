"""Child protection end to end in a real Chromium, with axe-core on every new page.

A social worker records the strategy discussion that starts a section 47 enquiry about Amelia, records its
findings and books the initial conference inside its 15-working-day target. Her team manager signs the enquiry
off, chairs the conference and records its decision: a child protection plan. The plan's page shows the first
core group (10 working days), the child's visits (every 10 working days) and the first review conference
(3 months) with their due dates, and the child's page shows the same clocks.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM_PATH}: set CHROMIUM_PATH or install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import expect  # noqa: E402

from carefile.common.calendar import holiday_calendar  # noqa: E402
from carefile.common.workdays import add_working_days  # noqa: E402
from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry  # noqa: E402
from carefile.protection.timescales import (  # noqa: E402
    first_core_group_due,
    next_review_conference_due,
    working_day_on_or_before,
)

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _success(page, text):
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def _long(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _short(day) -> str:
    return f"{day.day} {day:%b %Y}"


def _date(page, group: str, day) -> None:
    fields = page.get_by_role("group", name=re.compile(rf"^{group}"))
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_strategy_discussion_leads_to_an_enquiry_a_conference_inside_the_target_and_a_plan_with_its_due_dates(
    page, world, signed_in_as, axe_preloaded
):
    from carefile.frontdoor.services import referral_open

    holidays = holiday_calendar()
    child, worker, manager = world.child, world.worker, world.manager
    # The conference is held on the latest working day; the strategy discussion was 8 working days before it.
    held = working_day_on_or_before(timezone.localdate(), holidays=holidays)
    discussed = add_working_days(held, -8, holidays=holidays)
    target = add_working_days(discussed, 15, holidays=holidays)
    referral_open(
        child=child,
        by=manager,
        at=timezone.now(),
        referral_date=discussed - timedelta(days=3),
        source="6",
        team=world.team,
        presenting_issue="Police report of domestic abuse at the home; Amelia was present",
    )

    # --- The social worker records the strategy discussion from Amelia's page.
    signed_in_as(worker)
    page.goto(f"/people/{child.pk}/")
    _h1(page, child.full_name)
    page.get_by_role("link", name="Record a strategy discussion").click()
    _h1(page, "Record a strategy discussion")
    assert_accessible(page)
    _date(page, "Date of the discussion", discussed)
    page.get_by_label("Time it started").fill("10:30")
    page.locator("#id_participant1_name").fill("Sam Patel")
    page.locator("#id_participant1_agency").select_option(label="Children's social care")
    page.locator("#id_participant1_role").fill("Social worker")
    page.locator("#id_participant2_name").fill("DC Sarah Jones")
    page.locator("#id_participant2_agency").select_option(label="Police")
    page.locator("#id_participant2_role").fill("Child abuse investigation team")
    page.locator("#id_participant3_name").fill("Helen Bell")
    page.locator("#id_participant3_agency").select_option(label="Health")
    page.get_by_label("Information shared").fill(
        "School saw bruising on Amelia's arm. Police attended two domestic incidents at the home this month."
    )
    page.get_by_role("group", name="Decision").get_by_label("Start a section 47 enquiry").check()
    page.get_by_label("Rationale for the decision").fill(
        "Reasonable cause to suspect Amelia is suffering significant harm from domestic abuse."
    )
    page.get_by_label("Immediate actions to keep the child safe").fill(
        "Dad stays away from the home tonight."
    )
    page.get_by_role("button", name="Record the discussion").click()

    # --- The enquiry starts on the discussion's day, with the conference target 15 working days on.
    _success(page, f"an initial conference, if needed, is due by {target.day} {target:%B %Y}")
    _h1(page, "Section 47 enquiry")
    enquiry = Section47Enquiry.objects.get(child=child)
    assert (enquiry.start_date, enquiry.icpc_target) == (discussed, target)
    expect(page.locator(".govuk-summary-list__row", has_text="Initial conference due by")).to_contain_text(
        _long(target)
    )
    assert_accessible(page)
    page.get_by_label("Findings").fill("Amelia was seen alone at school and described Dad hitting Mum.")
    page.get_by_role("group", name="Outcome").get_by_label(
        re.compile("an initial child protection conference is needed")
    ).check()
    page.get_by_role("button", name="Save the findings").click()
    _success(page, "Findings saved")

    # --- She books the initial conference, inside the target, with her manager in the chair.
    page.get_by_role("link", name="Book the initial conference").click()
    _h1(page, "Book the initial child protection conference")
    expect(page.locator(".govuk-inset-text")).to_contain_text(_long(target))
    assert_accessible(page)
    _date(page, "Date of the conference", held)
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("Where").fill("Family centre, meeting room 2")
    page.get_by_label("Chair").select_option(label=f"{manager.name} (team manager)")
    page.locator("#id_invitee1_name").fill("Rachel Hughes")
    page.locator("#id_invitee1_role").select_option(label="Parent or carer")
    page.locator("#id_invitee1_detail").fill("Mum")
    page.get_by_role("button", name="Book the conference").click()
    _success(page, "within the date it is due")
    _h1(page, "Initial child protection conference")
    assert_accessible(page)
    _sign_out(page)

    # --- The manager signs the enquiry off, then chairs the conference and records its decision.
    signed_in_as(manager)
    page.goto(f"/people/{child.pk}/protection/enquiry/")
    page.get_by_label("Manager's comment").fill("Agreed: conference needed.")
    page.get_by_role("button", name="Sign off and close the enquiry").click()
    _success(page, "Enquiry signed off and closed")
    page.goto(f"/people/{child.pk}/protection/conference/")
    page.get_by_role("link", name="Record the conference").click()
    _h1(page, "Record the initial child protection conference")
    assert_accessible(page)
    _date(page, "Date the conference was held", held)
    page.get_by_label(re.compile("^Rachel Hughes")).select_option(label="Attended")
    page.get_by_label("The child's views").fill("Amelia told the chair she wants the shouting to stop.")
    page.get_by_label("What the conference heard").fill("Risks from domestic abuse remain high.")
    page.get_by_role("group", name="Decision").get_by_label("The child needs a child protection plan").check()
    page.get_by_role("group", name=re.compile("^Category of abuse")).get_by_label("Emotional abuse").check()
    page.get_by_role("button", name="Record the conference").click()

    # --- The plan starts on the conference day; its first core group, visits and review are due.
    _success(page, "Conference recorded")
    _h1(page, "Child protection plan")
    plan = ChildProtectionPlan.objects.get(child=child)
    conference = Conference.objects.get(child=child)
    assert plan.start == conference.held_on == held <= conference.target_date
    core_group = first_core_group_due(held, holidays=holidays)
    review = next_review_conference_due(plan_start=held, last_review=None, holidays=holidays)
    expect(page.locator("#due-core-group")).to_contain_text("First core group meeting")
    expect(page.locator("#due-core-group")).to_contain_text(_short(core_group))
    expect(page.locator("#due-review")).to_contain_text("First review conference")
    expect(page.locator("#due-review")).to_contain_text(_short(review))
    expect(page.locator("#due-visit")).to_contain_text("every 10 working days")
    assert_accessible(page)

    # --- The child's page and the child protection record show the same clocks; so does the team page.
    page.goto(f"/people/{child.pk}/")
    clocks = page.get_by_role("table", name="Statutory and local timescales still open, most urgent first")
    expect(clocks.get_by_role("row", name=re.compile("Core group meeting"))).to_contain_text(
        _short(core_group)
    )
    expect(clocks.get_by_role("row", name=re.compile("Review child protection conference"))).to_contain_text(
        _short(review)
    )
    page.goto(f"/people/{child.pk}/protection/")
    _h1(page, "Child protection")
    assert_accessible(page)
    page.goto("/timescales/")
    _h1(page, "Timescales about to be missed in my team")
    assert_accessible(page)
