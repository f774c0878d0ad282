"""axe-core's WCAG 2.2 A and AA rules on the visit, case note and child's voice pages."""

import os
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
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _records(world):
    """A visit with the child's words, a finalised note filed to a sibling with a correction, and a draft."""
    from carefile.people.codes import RelationshipKind
    from carefile.people.models import Relationship
    from carefile.recording import services

    now = timezone.now()
    Relationship.objects.get_or_create(
        person=world.mother, other=world.other_children[0], kind=RelationshipKind.MOTHER
    )
    visit = services.visit_record(
        child=world.child,
        by=world.worker,
        at=now,
        visited_at=now - timezone.timedelta(days=2),
        visit_type="child_in_need",
        place="home",
        child_seen=True,
        seen_alone=True,
        words="I like my new teacher",
        communication=["spoken", "drawing"],
        observations="Warm, tidy home.",
        significant=True,
    )
    note = services.note_draft_save(
        child=world.child,
        by=world.worker,
        at=now,
        note_type="phone_call",
        happened_on=now.date(),
        subject="Call from school",
        body="School called about attendance.",
    )
    note = services.note_finalise(note=note, by=world.worker, at=now)
    services.correction_add(
        record=note, by=world.worker, at=now, text="It was the deputy head.", reason="Caller's role"
    )
    draft = services.note_draft_save(
        child=world.child, by=world.worker, at=now, subject="Unfinished", body="More to add"
    )
    return visit, note, draft


def visit_form(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/visits/new/")
    _h1(page, "Record a visit")


def visit_form_with_errors(page, world, sign_in):
    visit_form(page, world, sign_in)
    page.get_by_role("button", name="Save visit").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def visit_page(page, world, sign_in):
    visit, _, _ = _records(world)
    sign_in(world.worker)
    page.goto(f"/visits/{visit.pk}/")
    _h1(page, f"Child in need visit on {timezone.localtime(visit.visited_at):%-d %B %Y}")


def note_form(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/notes/new/")
    _h1(page, "Write a case note")


def note_form_with_errors(page, world, sign_in):
    note_form(page, world, sign_in)
    page.get_by_role("button", name="Finalise note").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def draft_note(page, world, sign_in):
    _, _, draft = _records(world)
    sign_in(world.worker)
    page.goto(f"/notes/{draft.pk}/edit/")
    _h1(page, "Draft case note")


def note_page_with_a_correction(page, world, sign_in):
    _, note, _ = _records(world)
    sign_in(world.worker)
    page.goto(f"/notes/{note.pk}/")
    _h1(page, "Call from school")
    expect(page.get_by_text("It was the deputy head.")).to_be_visible()


def correction_form_with_errors(page, world, sign_in):
    _, note, _ = _records(world)
    sign_in(world.worker)
    page.goto(f"/notes/{note.pk}/corrections/new/")
    page.get_by_role("button", name="Add correction").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def visits_and_notes(page, world, sign_in):
    _records(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/visits-and-notes/")
    _h1(page, "Visits and case notes")


def child_page_with_words(page, world, sign_in):
    _records(world)
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/")
    expect(page.get_by_role("heading", name="What Amelia last told us")).to_be_visible()


def child_page_prompting_for_words(page, world, sign_in):
    sign_in(world.worker)
    page.goto(f"/people/{world.child.pk}/")
    expect(page.get_by_text("No words recorded from Amelia")).to_be_visible()


def caseload_with_visits(page, world, sign_in):
    _records(world)
    sign_in(world.worker)
    page.goto("/caseload/")
    expect(page.get_by_role("link", name="Record a visit to Amelia Hughes")).to_be_visible()


PAGES = [
    visit_form,
    visit_form_with_errors,
    visit_page,
    note_form,
    note_form_with_errors,
    draft_note,
    note_page_with_a_correction,
    correction_form_with_errors,
    visits_and_notes,
    child_page_with_words,
    child_page_prompting_for_words,
    caseload_with_visits,
]


@pytest.mark.parametrize("open_page", PAGES, ids=[p.__name__.replace("_", "-") for p in PAGES])
def test_recording_page_has_no_axe_violations(open_page, axe_preloaded, page, world, signed_in_as):
    open_page(page, world, signed_in_as)

    assert_accessible(page)
