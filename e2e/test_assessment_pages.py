"""Assessments in a real Chromium: a worker completes an assessment with factors and a manager authorises it,
through the pages; and axe-core's WCAG 2.2 A and AA rules on every assessment page, each page a case."""

import os
import re
from datetime import date, timedelta
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

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _referral(world, child=None, days_ago=20):
    """An open referral (episode of need) for the world's child, opened `days_ago` days ago."""
    from django.utils import timezone

    from carefile.frontdoor.services import referral_open

    child = child or world.child
    return referral_open(
        child=child,
        by=world.manager,
        at=timezone.now(),
        referral_date=timezone.localdate() - timedelta(days=days_ago),
        source="2A",
        team=world.team,
        presenting_issue=f"{child.given_name} came to school hungry three days running",
    )


def _assessment(world, *, state="draft"):
    """An assessment of the world's child in `state`: draft, submitted or authorised."""
    from django.utils import timezone

    from carefile.assessments import services
    from carefile.common.calendar import holiday_calendar

    referral = _referral(world)
    assessment = services.assessment_start(
        referral=referral,
        by=world.worker,
        at=timezone.now(),
        start_date=referral.referral_date + timedelta(days=1),
        holidays=holiday_calendar(),
    )
    if state == "draft":
        return assessment
    services.assessment_save_draft(
        assessment=assessment,
        by=world.worker,
        at=timezone.now(),
        developmental_needs="Meeting milestones; speech a little behind for her age.",
        parenting_capacity="Warm basic care; routines slip when mother is unwell.",
        family_environment="Two-bedroom flat; grandmother nearby helps most days.",
        analysis="The risk is cumulative neglect of food and routine; strengths are the grandmother and "
        "mother's willingness to accept help.",
        child_voice='"I like it when Nana makes tea. Sometimes there is no breakfast."',
        child_communication=["spoken", "drawing"],
        factors=["16A", "4B"],
        outcome="cin_plan",
        primary_need="N1",
        submit=True,
    )
    if state == "submitted":
        return assessment
    return services.assessment_authorise(assessment=assessment, by=world.manager, at=timezone.now())


def test_a_worker_completes_an_assessment_and_a_manager_authorises_it(
    axe_preloaded, page, world, signed_in_as
):
    _referral(world)
    start_date = date.today() - timedelta(days=19)

    # The worker starts the assessment from the child's page.
    signed_in_as(world.worker)
    page.goto(f"/people/{world.child.pk}/")
    page.get_by_role("link", name="Start an assessment").click()
    _h1(page, "Start an assessment")
    page.get_by_label("Day").fill(str(start_date.day))
    page.get_by_label("Month").fill(str(start_date.month))
    page.get_by_label("Year").fill(str(start_date.year))
    page.get_by_role("button", name="Start the assessment").click()
    _h1(page, "Assessment")

    # Sending it unfinished shows what is missing, linked to each part.
    page.get_by_role("button", name="Save and send for authorisation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(
        summary.get_by_role("link", name="Choose the factors identified, or 'No factors identified'")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("The child's developmental needs").fill("Meeting milestones; speech a little behind.")
    page.get_by_label("Parenting capacity").fill("Warm basic care; routines slip when mother is unwell.")
    page.get_by_label("Family and environmental factors").fill("Grandmother nearby helps most days.")
    page.get_by_label("The child's voice").fill('"Sometimes there is no breakfast."')
    page.get_by_label("Spoken words").check()
    page.get_by_label("Analysis of risk and strengths").fill("Cumulative neglect of food and routine.")
    page.get_by_label("Neglect (16A)").check()
    page.get_by_label("Mental health of a parent or carer (4B)").check()
    page.get_by_label("Child in need plan").check()
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_role("button", name="Save and send for authorisation").click()
    expect(page.get_by_text("Assessment sent to a manager for authorisation")).to_be_visible()

    # The manager reads it and authorises it.
    page.context.clear_cookies()
    signed_in_as(world.manager)
    page.goto(f"/people/{world.child.pk}/")
    page.get_by_role("link", name=re.compile(r"assessment$")).first.click()
    page.get_by_role("link", name="Authorise or return").click()
    _h1(page, "Authorise or return the assessment")
    page.get_by_label("Authorise the assessment").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.get_by_text("Assessment authorised", exact=True)).to_be_visible()

    page.goto(f"/people/{world.child.pk}/chronology/")
    expect(
        page.get_by_text(re.compile(r"Assessment authorised by .*Outcome: Child in need plan"))
    ).to_be_visible()


def start_form(page, world, sign_in):
    _referral(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/assessments/new/")
    _h1(page, "Start an assessment")


def start_form_with_errors(page, world, sign_in):
    start_form(page, world, sign_in)
    page.get_by_label("Day").fill("")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def start_page_without_an_episode(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/assessments/new/")
    expect(page.get_by_text(re.compile("has no open episode of need"))).to_be_visible()


def draft_form(page, world, sign_in):
    assessment = _assessment(world)
    sign_in(world.worker)
    page.goto(f"/assessments/{assessment.pk}/edit/")
    _h1(page, "Assessment")


def draft_form_with_errors(page, world, sign_in):
    draft_form(page, world, sign_in)
    page.get_by_label("No factors identified (21)").check()
    page.get_by_label("Neglect (16A)").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def child_page_with_an_assessment(page, world, sign_in):
    _assessment(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/")
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()


def assessment_page(page, world, sign_in):
    assessment = _assessment(world, state="authorised")
    sign_in(world.worker)
    page.goto(f"/assessments/{assessment.pk}/")
    expect(page.get_by_role("link", name="Add a correction")).to_be_visible()


def authorise_page_with_errors(page, world, sign_in):
    assessment = _assessment(world, state="submitted")
    sign_in(world.manager)
    page.goto(f"/assessments/{assessment.pk}/authorise/")
    page.get_by_label("Return it to the worker with comments").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def review_form(page, world, sign_in):
    assessment = _assessment(world)
    sign_in(world.manager)
    page.goto(f"/assessments/{assessment.pk}/reviews/new/")
    _h1(page, "Record an internal review")


def correction_form_with_errors(page, world, sign_in):
    assessment = _assessment(world, state="authorised")
    sign_in(world.worker)
    page.goto(f"/assessments/{assessment.pk}/corrections/new/")
    page.get_by_role("button", name="Add correction").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def close_page_blocked(page, world, sign_in):
    _assessment(world)
    sign_in(world.manager)
    page.goto(f"/people/{world.child.pk}/episode/close/")
    expect(page.get_by_text("This episode cannot close yet.")).to_be_visible()


def close_form_with_errors(page, world, sign_in):
    _referral(world)
    sign_in(world.manager)
    page.goto(f"/people/{world.child.pk}/episode/close/")
    page.get_by_role("button", name="Close the episode").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


PAGES = [
    start_form,
    start_form_with_errors,
    start_page_without_an_episode,
    draft_form,
    draft_form_with_errors,
    child_page_with_an_assessment,
    assessment_page,
    authorise_page_with_errors,
    review_form,
    correction_form_with_errors,
    close_page_blocked,
    close_form_with_errors,
]


@pytest.mark.skipif(not AXE_PATH.is_file(), reason="axe-core not found: run `npm ci`")
@pytest.mark.parametrize("open_page", PAGES, ids=[p.__name__.replace("_", "-") for p in PAGES])
def test_assessment_page_has_no_axe_violations(open_page, axe_preloaded, page, world, signed_in_as):
    open_page(page, world, signed_in_as)
    assert_accessible(page)
