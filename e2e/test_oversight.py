"""Management oversight end to end in a real Chromium, with axe-core on every new page.

Sam's team manager records a supervision discussing two of Sam's children: each child's record shows its own
part and neither shows the private reflective notes. She then records a decision about a third child with a
direction for Sam, which appears on Sam's caseload and in Sam's actions, where Sam marks it done.
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

from .axe import AXE_PATH, assert_accessible  # noqa: E402

if not AXE_PATH.is_file():
    pytest.skip(f"axe-core not found at {AXE_PATH}: run `npm ci`", allow_module_level=True)

pytestmark = pytest.mark.e2e

PRIVATE = "Sam is finding the court work draining and wants to shadow a senior colleague."


def _h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _date(scope, group: str, day) -> None:
    fields = scope.get_by_role("group", name=re.compile(rf"^{group}"))
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def test_supervision_is_filed_on_each_childs_record_and_a_direction_reaches_the_workers_caseload(
    page, world, signed_in_as, axe_preloaded
):
    from carefile.oversight.models import OversightAction, SupervisionDiscussion, SupervisionSession

    manager, worker = world.manager, world.worker
    amelia, noah = world.child, world.other_children[0]
    isla = world.other_children[1]
    for child in (amelia, noah, isla):
        child.case_status = "child_in_need"
        child.save(update_fields=["case_status"])
    due = timezone.localdate() + timedelta(days=14)

    # --- The manager opens supervision and records one with Sam.
    signed_in_as(manager)
    page.get_by_role("link", name="Oversight").first.click()
    _h1(page, "Oversight gaps")
    assert_accessible(page)
    page.get_by_role("link", name="Supervision", exact=True).click()
    _h1(page, "Supervision")
    assert_accessible(page)
    page.get_by_role("link", name="Record supervision with Sam Patel").click()
    _h1(page, "Record supervision")
    assert_accessible(page)

    # Submitting nothing shows the error summary.
    page.get_by_role("button", name="Record the supervision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("tick the children discussed")
    assert_accessible(page)

    page.get_by_label("Reflective discussion (private)").fill(PRIVATE)
    page.get_by_label(re.compile(r"^Amelia Hughes")).check()
    amelia_part = page.locator(f"#conditional-id_c{amelia.pk}_discussed")
    expect(amelia_part).to_be_visible()
    amelia_part.get_by_label("What was discussed about Amelia").fill(
        "Amelia's attendance is up to 94%; she says school feels calmer."
    )
    amelia_part.get_by_label("Decisions and direction").fill("Continue the plan; review at the core group.")
    amelia_part.get_by_label("Action: what needs to be done").fill(
        "Share the attendance figures with the school"
    )
    _date(amelia_part, "Action: due date", due)
    page.get_by_label(re.compile(r"^Noah Clarke")).check()
    page.locator(f"#conditional-id_c{noah.pk}_discussed").get_by_label("What was discussed about Noah").fill(
        "Noah's contact with his father needs a risk assessment before it increases."
    )
    page.get_by_role("button", name="Record the supervision").click()

    _h1(page, "Supervision on")
    expect(page.locator("[data-private-notes]")).to_contain_text(PRIVATE)
    assert_accessible(page)
    session = SupervisionSession.objects.get()
    assert SupervisionDiscussion.objects.filter(session=session).count() == 2

    # --- Each child's record shows its part, and never the private notes.
    for child, mine, other in (
        (amelia, "attendance is up to 94%", "risk assessment"),
        (noah, "risk assessment", "attendance is up to 94%"),
    ):
        page.goto(f"/people/{child.pk}/oversight/")
        _h1(page, "Management oversight")
        expect(page.get_by_text(re.compile(mine))).to_be_visible()
        body = page.content()
        assert other not in body and PRIVATE not in body
        assert_accessible(page)
        page.goto(f"/people/{child.pk}/chronology/")
        expect(page.locator("body")).to_contain_text("Discussed in supervision")
        assert PRIVATE not in page.content()
        page.goto(f"/people/{child.pk}/")
        expect(page.get_by_role("heading", name="Management oversight")).to_be_visible()
        assert PRIVATE not in page.content()

    # --- A decision about Isla with a direction for Sam.
    page.goto(f"/people/{isla.pk}/")
    page.get_by_role("link", name=re.compile("^Record a decision")).click()
    _h1(page, "Record a management decision")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the rationale for the decision")
    assert_accessible(page)
    page.get_by_role("group", name="Type of decision").get_by_label("Step up or step down").check()
    page.get_by_label("Options considered").fill("Step down to early help; stay at child in need")
    page.get_by_label("Rationale").fill(
        "Isla's needs are not yet met; stay at child in need for one more review."
    )
    page.get_by_label("Direction 1: what needs to be done").fill("Ask the school nurse to see Isla this week")
    page.get_by_label("Direction 1: who will do it").select_option(label="Sam Patel, Assessment North")
    _date(page, "Direction 1: due date", due)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Decision recorded")
    expect(page.get_by_text("Ask the school nurse to see Isla this week")).to_be_visible()
    assert OversightAction.objects.filter(owner=worker, child=isla).exists()

    page.goto("/oversight/gaps/")
    assert_accessible(page)
    page.goto(f"/supervision/staff/{worker.pk}/")
    _h1(page, "Supervision of Sam Patel")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # --- Sam sees the direction on the caseload and in the actions list, and marks it done.
    signed_in_as(worker)
    page.goto("/caseload/")
    expect(page.get_by_role("heading", name="Actions due")).to_be_visible()
    expect(page.get_by_role("link", name="Ask the school nurse to see Isla this week")).to_be_visible()
    expect(page.get_by_role("link", name="Share the attendance figures with the school")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="All your actions").click()
    _h1(page, "Your actions")
    assert_accessible(page)
    page.get_by_role("link", name="Ask the school nurse to see Isla this week").click()
    _h1(page, "Management oversight")
    page.locator("tr", has_text="Ask the school nurse").get_by_role(
        "link", name=re.compile("^Update")
    ).click()
    _h1(page, "Update an action")
    assert_accessible(page)
    page.get_by_role("group", name="What happened").get_by_label("Done").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Action updated")
    expect(page.get_by_role("link", name="Ask the school nurse to see Isla this week")).to_have_count(0)
    page.goto(f"/supervision/{session.pk}/")
    expect(page.locator("[data-private-notes]")).to_contain_text(PRIVATE)
