"""Legal planning end to end in a real Chromium, with axe-core on every new page.

Amelia's team manager records a legal planning meeting that puts her into pre-proceedings; the social worker
records the letter before proceedings and the meeting with her parents; the council applies to the court and a
first hearing is listed. The legal tracker shows Amelia in week 1 of care proceedings with the hearing next.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(f"Chromium not found at {CHROMIUM_PATH}", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import expect  # noqa: E402

from carefile.common.calendar import holiday_calendar  # noqa: E402
from carefile.common.workdays import add_working_days, is_working_day  # noqa: E402
from carefile.legal.models import CareProceedings, PreProceedings  # noqa: E402

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _date(page, group: str, day) -> None:
    fields = page.get_by_role("group", name=re.compile(rf"^{group}"))
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def test_a_legal_planning_meeting_leads_to_pre_proceedings_then_proceedings_on_the_tracker(
    page, world, signed_in_as, axe_preloaded
):
    holidays = holiday_calendar()
    child, worker, manager = world.child, world.worker, world.manager
    child.case_status = "child_protection"
    child.save(update_fields=["case_status"])
    today = timezone.localdate()
    met = today - timedelta(days=28)
    letter = met + timedelta(days=2)
    parents_meeting = met + timedelta(days=9)
    hearing = add_working_days(today, 8, holidays=holidays)
    assert is_working_day(hearing, holidays=holidays)

    # --- The manager records the legal planning meeting from Amelia's page.
    signed_in_as(manager)
    page.goto(f"/people/{child.pk}/")
    page.get_by_role("link", name="Record a legal planning meeting").click()
    _h1(page, "Record a legal planning meeting")
    assert_accessible(page)
    page.get_by_role("button", name="Record the meeting").click()  # empty: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reasons for the decision")
    assert_accessible(page)
    _date(page, "Date of the meeting", met)
    page.get_by_label("Who attended").fill("Grace Okafor (team manager), Sam Patel, council solicitor")
    page.get_by_label("Legal advice given").fill("Threshold met on neglect")
    page.get_by_role("group", name="Decision").get_by_label("Enter pre-proceedings").check()
    page.get_by_label("Reasons for the decision").fill("No change after six months on a plan")
    page.get_by_role("button", name="Record the meeting").click()
    _h1(page, "Legal planning and proceedings")
    expect(page.locator(".govuk-summary-list__row", has_text="Started")).to_contain_text("week 5")
    assert_accessible(page)
    assert PreProceedings.objects.get(child=child).started_on == met

    # --- The social worker records the letter and the meeting with the parents.
    page.get_by_role("button", name="Sign out").click()
    signed_in_as(worker)
    page.goto(f"/people/{child.pk}/legal/")
    page.get_by_role("link", name="Record the steps").click()
    _h1(page, "Pre-proceedings steps")
    assert_accessible(page)
    _date(page, "Letter before proceedings sent", letter)
    _date(page, "Pre-proceedings meeting", parents_meeting)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-summary-list__row", has_text="Letter before proceedings")).to_contain_text(
        f"{letter.day} {letter:%B %Y}"
    )

    # --- The application to the court, and the first hearing listed.
    page.goto(f"/people/{child.pk}/legal/proceedings/")
    _h1(page, "Record care proceedings issued")
    assert_accessible(page)
    _date(page, "Date of the application", today)
    page.get_by_label("Court", exact=True).fill("Family Court at Hereford")
    page.get_by_label("Court case number").fill("HR26C00042")
    page.get_by_role("button", name="Record the application").click()
    expect(page.locator(".govuk-summary-list__row", has_text="26-week target")).to_contain_text("Week 1")
    page.get_by_role("link", name="Record a hearing").click()
    _h1(page, "Record a hearing")
    assert_accessible(page)
    page.get_by_label("Type of hearing").select_option(label="First hearing / case management hearing")
    _date(page, "Date of the hearing", hearing)
    page.get_by_role("button", name="Record the hearing").click()
    expect(page.get_by_role("table", name="Hearings")).to_contain_text("Listed")
    proceedings = CareProceedings.objects.get(child=child)
    assert proceedings.pre_proceedings.outcome == "step_up"

    # --- The manager's tracker: week 1 of proceedings and the next hearing.
    page.get_by_role("button", name="Sign out").click()
    signed_in_as(manager)
    page.get_by_role("link", name="Legal tracker").click()
    _h1(page, "Legal tracker")
    row = page.locator("tr", has_text=child.full_name)
    expect(row).to_contain_text("Care proceedings")
    expect(row).to_contain_text(f"Next hearing: {hearing.day} {hearing:%b %Y}")
    expect(row.locator("td").nth(2)).to_have_text("1")
    assert_accessible(page)
