"""axe-core's WCAG 2.2 A and AA rules on every child in need plan page, each page a separate case.

Each case gives Amelia (the `world` child) an open referral, puts her plan in the state named, signs in
through the form and opens the page, then runs axe-core over the whole document. Set CAREFILE_SCREENSHOTS=1
to also save screenshots of the plan and the child page's plan panel to docs/screenshots/.
"""

import os
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

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _errors(page):
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _referral(world):
    from carefile.frontdoor.models import Referral

    return Referral.objects.create(
        child=world.child,
        referral_date=timezone.localdate() - timedelta(days=60),
        source="2A",
        team=world.team,
        presenting_issue="Amelia is often absent from school and seems hungry",
        opened_by=world.worker,
    )


def _draft(world):
    from carefile.plans import services

    _referral(world)
    now = timezone.now()
    plan = services.plan_draft_start(
        child=world.child,
        by=world.worker,
        at=now,
        concerns="Amelia has missed a lot of school this term and is often hungry when she arrives.",
    )
    outcome = services.outcome_save(
        plan=plan, by=world.worker, at=now, text="Amelia goes to school every day and on time"
    )
    services.outcome_save(plan=plan, by=world.worker, at=now, text="Amelia has breakfast every morning")
    services.action_save(
        plan=plan,
        by=world.worker,
        at=now,
        what="Visit Amelia at home every two weeks and see her on her own",
        owner_staff=world.worker,
        due=timezone.localdate() + timedelta(days=20),
        measure="Amelia is seen alone at every visit",
        outcome=outcome,
    )
    services.action_save(
        plan=plan,
        by=world.worker,
        at=now,
        what="Take Amelia to school every morning",
        owner_name="Mum (Rachel Hughes)",
        due=timezone.localdate() + timedelta(days=40),
        measure="Attendance is over 95% for half a term",
        outcome=outcome,
    )
    return plan


def _incomplete_draft(world):
    plan = _draft(world)
    from carefile.plans import services

    services.action_save(plan=plan, by=world.worker, at=timezone.now(), what="Refer to the food bank")
    return plan


def _finalised(world):
    from carefile.plans import services

    plan = _draft(world)
    return services.plan_finalise(
        plan=plan, by=world.manager, at=timezone.now(), start=timezone.localdate() - timedelta(days=30)
    )


def plans_without_an_episode(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/")
    _h1(page, "Plans")


def start_form(page, world, sign_in):
    _referral(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/start/")
    _h1(page, "Start a child in need plan")


def start_form_with_errors(page, world, sign_in):
    start_form(page, world, sign_in)
    page.get_by_role("group", name="Start date").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Start date").get_by_label("Month").fill("2")
    page.get_by_role("button", name="Start the draft plan").click()
    _errors(page)


def draft_plan(page, world, sign_in):
    _incomplete_draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/")
    _h1(page, "Child in need plan")
    expect(page.get_by_text("Before the plan can be finalised")).to_be_visible()


def details_form(page, world, sign_in):
    _draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/details/")
    _h1(page, "What we are worried about")


def outcome_form_with_errors(page, world, sign_in):
    _draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/outcome/")
    _h1(page, "Add an outcome")
    page.get_by_role("button", name="Save outcome").click()
    _errors(page)


def action_form(page, world, sign_in):
    _draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/action/")
    _h1(page, "Add an action")


def action_form_with_errors(page, world, sign_in):
    action_form(page, world, sign_in)
    page.get_by_label("Who will do it: a member of staff").select_option(label="Sam Patel (social worker)")
    page.get_by_label("Or someone else").fill("Mum")
    page.get_by_role("button", name="Save action").click()
    _errors(page)


def change_action_form(page, world, sign_in):
    plan = _draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/action/?action={plan.actions.first().pk}")
    _h1(page, "Change an action")


def discard_form(page, world, sign_in):
    _draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/discard/")
    _h1(page, "Discard the draft plan")


def finalise_as_worker(page, world, sign_in):
    _draft(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/finalise/")
    _h1(page, "Finalise the plan")


def finalise_with_what_is_missing(page, world, sign_in):
    _incomplete_draft(world)
    sign_in(world.manager)
    page.goto(f"/people/{world.child.pk}/plans/finalise/")
    page.get_by_role("button", name="Finalise the plan").click()
    _errors(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs an owner")


def finalised_plan(page, world, sign_in):
    _finalised(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/")
    _h1(page, "Child in need plan")
    expect(page.get_by_role("table", name="Who will do what by when")).to_be_visible()


def child_page_with_plan_panel(page, world, sign_in):
    _finalised(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/")
    expect(page.get_by_role("heading", name="Child in need plan")).to_be_visible()


def action_progress_form_with_errors(page, world, sign_in):
    plan = _finalised(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/progress/?action={plan.actions.first().pk}")
    _h1(page, "Update an action's progress")
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Save progress").click()
    _errors(page)


def review_form(page, world, sign_in):
    _finalised(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/review/")
    _h1(page, "Record a review")


def review_form_with_errors(page, world, sign_in):
    review_form(page, world, sign_in)
    page.get_by_role("button", name="Record the review").click()
    _errors(page)


def correction_form(page, world, sign_in):
    _finalised(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/correction/")
    _h1(page, "Correct the plan")


def end_form_with_errors(page, world, sign_in):
    _finalised(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/plans/end/")
    _h1(page, "End the plan")
    page.get_by_role("button", name="End the plan").click()
    _errors(page)


PAGES = [
    plans_without_an_episode,
    start_form,
    start_form_with_errors,
    draft_plan,
    details_form,
    outcome_form_with_errors,
    action_form,
    action_form_with_errors,
    change_action_form,
    discard_form,
    finalise_as_worker,
    finalise_with_what_is_missing,
    finalised_plan,
    child_page_with_plan_panel,
    action_progress_form_with_errors,
    review_form,
    review_form_with_errors,
    correction_form,
    end_form_with_errors,
]
SCREENSHOTS = {finalised_plan: "child-in-need-plan.png", draft_plan: "child-in-need-plan-draft.png"}


@pytest.mark.parametrize("open_page", PAGES, ids=[p.__name__.replace("_", "-") for p in PAGES])
def test_plan_page_has_no_axe_violations(open_page, axe_preloaded, page, world, signed_in_as, screenshot):
    open_page(page, world, signed_in_as)
    assert_accessible(page)

    if open_page in SCREENSHOTS:
        screenshot(page, SCREENSHOTS[open_page])
