"""Children in care end to end in a real Chromium, with axe-core on the care pages.

A team manager records Amelia coming into care (full care order, foster placement), then a move to a
children's home: the move starts a new SSDA903 episode by itself (P after X1). A reviewing officer's review is
recorded, Amelia goes missing and comes back (the 72-hour return interview clock appears), the return home
interview is recorded, and so is her initial health assessment. Each shows on the care record and in the
chronology. The health, permanence, leaving-care and UASC pages pass axe-core.
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


def _date(page, group: str, day) -> None:
    fields = page.get_by_role("group", name=re.compile(rf"^{group}"))
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def _success(page, text):
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def _placement(page, *, place, provider, name, postcode, urn):
    page.get_by_label("Type of placement").select_option(place)
    page.get_by_label("Placement provider").select_option(provider)
    page.get_by_label("Carer or home").fill(name)
    page.get_by_label("Placement postcode").fill(postcode)
    page.get_by_label("Ofsted unique reference number (URN)").fill(urn)


def test_a_child_comes_into_care_moves_is_reviewed_goes_missing_and_has_a_health_assessment(
    page, world, signed_in_as, axe_preloaded
):
    from carefile.care.models import Episode, HealthCheck, MissingEpisode
    from carefile.testing.factories import StaffFactory, TeamFactory
    from carefile.workforce.models import Role, ServiceArea

    child, manager = world.child, world.manager
    StaffFactory(
        given_name="Olu",
        family_name="Adeyemi",
        role=Role.REVIEWING_OFFICER,
        team=TeamFactory(name="Reviewing", service_area=ServiceArea.REVIEWING),
    )
    today = timezone.localdate()
    came_into_care, moved = today - timedelta(days=60), today - timedelta(days=30)

    signed_in_as(manager)
    # Care starts.
    page.goto(f"/people/{child.pk}/care/start/")
    _date(page, "Date started to be looked after", came_into_care)
    page.get_by_label("Legal status").select_option("C2")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Home postcode").fill("DH1 4QW")
    _placement(page, place="U6", provider="PR1", name="Mr and Mrs Green", postcode="DH1 5AB", urn="SC123456")
    assert_accessible(page)
    page.get_by_role("button", name="Record care starting").click()
    _success(page, "care has been recorded")

    # A move: a new episode, the last one closed X1 with the reason for the change.
    page.goto(f"/people/{child.pk}/care/move/")
    _date(page, "Date of the move", moved)
    _placement(page, place="K2", provider="PR4", name="Oak House", postcode="SR2 7HJ", urn="SC654321")
    page.get_by_label("Reason for the change of placement").select_option("CARPL")
    page.get_by_role("button", name="Record the change").click()
    _success(page, "change of placement has been recorded")
    episodes = page.get_by_role("table", name=re.compile("Episodes as the SSDA903 return reads them"))
    expect(episodes.locator("tbody tr")).to_have_count(2)
    expect(episodes.locator("tbody tr").nth(0)).to_contain_text("X1")
    expect(episodes.locator("tbody tr").nth(0)).to_contain_text("CARPL")
    expect(episodes.locator("tbody tr").nth(1)).to_contain_text("P")
    assert list(Episode.objects.filter(child=child).values_list("new_episode_reason", "reason_ceased")) == [
        ("S", "X1"),
        ("P", ""),
    ]

    # A looked-after review.
    page.goto(f"/people/{child.pk}/care/reviews/new/")
    _date(page, "Date of the review", moved + timedelta(days=5))
    page.get_by_label("Independent reviewing officer").select_option(label="Olu Adeyemi")
    page.get_by_label(re.compile("^PN1")).check()
    page.get_by_label("The child's views").fill("I like my room at Oak House.")
    page.get_by_role("button", name="Record the review").click()
    _success(page, "The review has been recorded")
    page.goto(f"/people/{child.pk}/care/")
    expect(page.get_by_text(re.compile("chaired by Olu Adeyemi"))).to_be_visible()

    # Missing and back: the 72-hour return home interview clock appears.
    went = timezone.localtime() - timedelta(days=2)
    back = went + timedelta(hours=20)
    page.goto(f"/people/{child.pk}/missing/new/")
    page.get_by_label(re.compile("^Missing: whereabouts not known")).check()
    _date(page, "Date they went missing", went.date())
    page.get_by_label("Time they went missing").fill(f"{went:%H:%M}")
    page.get_by_label("Yes").check()
    _date(page, "Date they came back or were found", back.date())
    page.get_by_label("Time they came back or were found").fill(f"{back:%H:%M}")
    page.get_by_role("button", name="Record the missing episode").click()
    page.goto(f"/people/{child.pk}/care/")
    expect(page.get_by_text(re.compile("Return home interview after the return"))).to_be_visible()
    missing = MissingEpisode.objects.get(child=child)
    page.goto(f"/care/missing/{missing.pk}/")
    assert_accessible(page)
    _date(page, "Date the interview was offered", back.date())
    page.get_by_label("Time it was offered").fill(f"{back + timedelta(hours=1):%H:%M}")
    page.get_by_label("Accepted").check()
    _date(page, "Date of the interview", back.date())
    page.get_by_label("Who held it").fill("Jo Reed, Barnardo's")
    page.get_by_label("What was learnt").fill("Went to see friends in town; felt unsafe on the way back.")
    page.get_by_role("button", name="Save the return home interview").click()
    missing.refresh_from_db()
    assert missing.interview_on == back.date()

    # The initial health assessment, then its review is due.
    page.goto(f"/people/{child.pk}/care/health/")
    assert_accessible(page)
    expect(page.get_by_text("Initial health assessment")).to_be_visible()
    page.get_by_role("link", name="Record a health assessment or check").click()
    assert_accessible(page)
    page.get_by_label("Initial health assessment").check()
    _date(page, "Date", came_into_care + timedelta(days=14))
    page.get_by_label("Who carried it out").fill("Dr Khan, looked-after children's doctor")
    page.get_by_role("button", name="Record it").click()
    _success(page, "health record has been updated")
    expect(page.get_by_text("Review health assessment")).to_be_visible()
    assert HealthCheck.objects.filter(child=child, kind="initial_assessment").exists()

    # All of it in the chronology.
    page.goto(f"/people/{child.pk}/chronology/")
    for text in [
        "Started to be looked after",
        "Moved placement",
        "Looked-after review",
        "Went missing",
        "Return home interview held",
        "Initial health assessment",
    ]:
        expect(page.locator("table").get_by_text(re.compile(text)).first).to_be_visible()

    # The other new pages pass axe-core too.
    for path in [
        "care/health/sdq/",
        "care/health/year/",
        "care/permanence/",
        "care/permanence/plan/",
        "care/adoption/decision/",
        "care/previous-permanence/",
        "leaving-care/",
        "care/uasc/",
    ]:
        page.goto(f"/people/{child.pk}/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    # And a form with errors, with its error summary.
    page.goto(f"/people/{child.pk}/care/health/sdq/")
    page.get_by_role("button", name="Record the questionnaire").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
