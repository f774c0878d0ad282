"""Issue 4's whole journey in one real Chromium run: a worker records a visit with the child's words, completes
an assessment with factors, a team manager (a second browser, signed in separately) authorises it, a child in
need plan with actions is finalised, and all of it shows on the child's chronology."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not Path(CHROMIUM_PATH).is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM_PATH}: set CHROMIUM_PATH or install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from carefile.assessments.models import Assessment  # noqa: E402
from carefile.plans.models import Plan  # noqa: E402
from carefile.recording.models import ChildVoice, Visit  # noqa: E402
from carefile.testing.factories import TEST_PASSWORD  # noqa: E402

from .conftest import TIMEOUT_MS, VIEWPORT  # noqa: E402

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _sign_in(page, staff):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(staff.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def _date(group, day):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def manager_page(browser, live_server):
    """A second browser context: the manager's own session, cookies and storage."""
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_visit_assessment_authorisation_and_plan_all_show_on_the_chronology(page, manager_page, world):
    from carefile.frontdoor.services import referral_open

    child = world.child
    referral_open(
        child=child,
        by=world.manager,
        at=timezone.now(),
        referral_date=timezone.localdate() - timedelta(days=15),
        source="2A",
        team=world.team,
        presenting_issue="Amelia came to school hungry three days running",
    )

    # 1. The worker records a visit with Amelia's own words, from My caseload.
    _sign_in(page, world.worker)
    page.goto("/caseload/")
    page.get_by_role("link", name="Record a visit to Amelia Hughes").click()
    _h1(page, "Record a visit")
    page.get_by_label("Assessment visit").check()
    page.get_by_role("group", name="Did you see Amelia?", exact=True).get_by_label("Yes").click()
    page.get_by_role("group", name="Did you see Amelia alone?", exact=True).get_by_label("Yes").click()
    page.get_by_label("What Amelia said, in their own words").fill("Nana makes my tea when Mum is poorly")
    page.get_by_label("Spoken words").check()
    page.get_by_label("What you saw and heard").fill("Amelia showed me her bedroom and her drawings.")
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_text("Visit to Amelia Hughes recorded")).to_be_visible()

    # 2. The worker starts and completes the assessment, with factors.
    page.get_by_role("link", name="Start an assessment").click()
    _h1(page, "Start an assessment")
    page.get_by_role("button", name="Start the assessment").click()
    _h1(page, "Assessment")
    page.get_by_label("The child's developmental needs").fill("Meeting milestones; speech a little behind.")
    page.get_by_label("Parenting capacity").fill("Warm basic care; routines slip when mother is unwell.")
    page.get_by_label("Family and environmental factors").fill("Grandmother nearby helps most days.")
    page.get_by_label("The child's voice").fill("Sometimes there is no breakfast, but Nana helps")
    page.locator("#id_child_communication_0").check()  # Spoken words
    page.get_by_label("Analysis of risk and strengths").fill("Cumulative neglect of food and routine.")
    page.get_by_label("Neglect (16A)").check()
    page.get_by_label("Mental health of a parent or carer (4B)").check()
    page.get_by_label("Child in need plan").check()
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_role("button", name="Save and send for authorisation").click()
    expect(page.get_by_text("Assessment sent to a manager for authorisation")).to_be_visible()
    assessment = Assessment.objects.get(child=child)
    assert assessment.status == "submitted"
    assert sorted(assessment.factor_codes) == ["16A", "4B"]

    # 3. The manager, in another browser, authorises it.
    _sign_in(manager_page, world.manager)
    manager_page.goto(f"/assessments/{assessment.pk}/")
    manager_page.get_by_role("link", name="Authorise or return").click()
    _h1(manager_page, "Authorise or return the assessment")
    manager_page.get_by_label("Authorise the assessment").check()
    manager_page.get_by_role("button", name="Confirm decision").click()
    expect(manager_page.get_by_text("Assessment authorised", exact=True)).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == "authorised" and assessment.authorised_on == timezone.localdate()

    # 4. The worker drafts a child in need plan with an outcome and an action with owner, date and measure.
    page.goto(f"/people/{child.pk}/plans/start/")
    _h1(page, "Start a child in need plan")
    page.get_by_label("What we are worried about").fill("Amelia is often hungry and her mum is unwell.")
    page.get_by_role("button", name="Start the draft plan").click()
    expect(page.get_by_text("Draft plan started")).to_be_visible()
    page.goto(f"/people/{child.pk}/plans/outcome/")
    page.get_by_label("What we want to be different for the child").fill("Amelia has breakfast every day")
    page.get_by_role("button", name="Save outcome").click()
    page.goto(f"/people/{child.pk}/plans/action/")
    _h1(page, "Add an action")
    page.get_by_label("What will be done").fill("Help Mum sign up to the breakfast club")
    page.get_by_label("Amelia has breakfast every day").check()
    page.get_by_label("Who will do it: a member of staff").select_option(label="Sam Patel (social worker)")
    _date(page.get_by_role("group", name="Due date"), timezone.localdate() + timedelta(days=21))
    page.get_by_label("How we will know it has worked").fill("Amelia goes to breakfast club 4 days a week")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action saved")).to_be_visible()

    # 5. The manager finalises it.
    manager_page.goto(f"/people/{child.pk}/plans/finalise/")
    _h1(manager_page, "Finalise the plan")
    _date(manager_page.get_by_role("group", name="Start date"), timezone.localdate())
    manager_page.get_by_role("button", name="Finalise the plan").click()
    expect(manager_page.locator(".govuk-error-summary")).to_have_count(0)
    plan = Plan.objects.get(child=child)
    assert plan.status == "active" and plan.actions.count() == 1

    # 6. All of it is on the chronology, and Amelia's latest words are on her page.
    page.goto(f"/people/{child.pk}/chronology/")
    _h1(page, "Chronology")
    chronology = page.get_by_role("table", name="Chronology")
    for line in [
        r"Assessment visit at .*\. Amelia seen alone",
        r"Amelia said: “Nana makes my tea when Mum is poorly”",
        r"Assessment started on",
        r"Amelia said: “Sometimes there is no breakfast, but Nana helps”",
        r"Assessment submitted for authorisation by Sam Patel",
        r"Assessment authorised by Grace Okafor\. Outcome: Child in need plan\. Factors: .*\(4B\), .*\(16A\)",
        r"Child in need plan drafted",
        r"Child in need plan finalised, starting .*: 1 outcome, 1 action",
    ]:
        expect(chronology).to_contain_text(re.compile(line))
    page.goto(f"/people/{child.pk}/")
    expect(page.get_by_text("Sometimes there is no breakfast, but Nana helps").first).to_be_visible()

    assert Visit.objects.filter(child=child, child_seen=True, seen_alone=True).count() == 1
    assert list(ChildVoice.objects.filter(child=child).order_by("id").values_list("source", flat=True)) == [
        "visit",
        "assessment",
    ]
