"""A case note is saved as it is typed; a worker whose session ends mid-note loses nothing."""

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

from carefile.common.models import ChronologyEvent  # noqa: E402
from carefile.recording.models import CaseNote  # noqa: E402
from carefile.testing.factories import TEST_PASSWORD  # noqa: E402

pytestmark = pytest.mark.e2e

FIRST = "Mum rang to say the heating has been fixed."
LATER = " Amelia is going to stay with her nan on Friday night, which mum agreed with school."


def sign_in_here(page, staff):
    page.get_by_label("Username").fill(staff.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_note_typed_across_a_session_timeout_loses_nothing(page, world, signed_in_as):
    signed_in_as(world.worker)
    page.goto(f"/people/{world.child.pk}/notes/new/")
    page.get_by_label("Phone call").check()
    page.get_by_label("Subject").fill("Call from mum")
    page.get_by_label("Note", exact=True).fill(FIRST)

    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Draft saved at", timeout=15_000)
    expect(page).to_have_url(re.compile(r"/notes/\d+/edit/$"))
    note = CaseNote.objects.get()
    assert (note.body, note.subject, note.note_type, note.is_final) == (
        FIRST,
        "Call from mum",
        "phone_call",
        False,
    )

    page.context.clear_cookies()  # the session times out while the worker is still typing
    page.get_by_label("Note", exact=True).fill(FIRST + LATER)
    expect(status).to_contain_text("You have been signed out", timeout=15_000)
    note.refresh_from_db()
    assert note.body == FIRST  # what was saved stays saved
    kept = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('carefile:note-draft:'))")
    assert kept == [f"carefile:note-draft:{world.worker.user.pk}:{note.pk}"]

    status.get_by_role("link", name="Sign in again").click()
    sign_in_here(page, world.worker)

    expect(page).to_have_url(re.compile(rf"/notes/{note.pk}/edit/$"))
    expect(page.get_by_text("We put back text you typed on this device")).to_be_visible()
    expect(page.get_by_label("Note", exact=True)).to_have_value(FIRST + LATER)
    expect(status).to_contain_text("Draft saved at", timeout=15_000)
    note.refresh_from_db()
    assert note.body == FIRST + LATER
    assert (
        page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('carefile:note-draft:'))")
        == []
    )

    page.get_by_role("button", name="Finalise note").click()
    expect(page).to_have_url(re.compile(rf"/people/{world.child.pk}/$"))
    expect(page.get_by_text("Case note finalised")).to_be_visible()
    note.refresh_from_db()
    assert note.is_final and note.body == FIRST + LATER
    assert ChronologyEvent.objects.filter(person=world.child, kind="case_note").count() == 1


def test_the_note_form_works_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto("/sign-in/")
    sign_in_here(page, world.worker)
    page.goto(f"/people/{world.child.pk}/notes/new/")
    page.get_by_label("Subject").fill("Written without scripts")
    page.get_by_label("Note", exact=True).fill("Saved with the button.")

    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Draft saved")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/notes/\d+/edit/$"))
    assert CaseNote.objects.get().body == "Saved with the button."
    context.close()
