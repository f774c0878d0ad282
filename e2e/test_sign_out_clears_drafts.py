"""Signing out clears the note drafts the autosave keeps in this browser, after sending the note being typed
to the server: the next person at this device finds nothing, and the worker loses nothing."""

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

from carefile.recording.models import CaseNote  # noqa: E402

pytestmark = pytest.mark.e2e

KEPT = "() => Object.keys(localStorage).filter(k => k.startsWith('carefile:note-draft:'))"
FIRST = "Mum rang to say the heating has been fixed."
LATER = " Amelia is staying with her nan on Friday."


def test_signing_out_mid_note_saves_it_then_clears_this_browsers_copy(page, world, signed_in_as):
    signed_in_as(world.worker)
    page.goto(f"/people/{world.child.pk}/notes/new/")
    page.get_by_label("Phone call").check()
    page.get_by_label("Subject").fill("Call from mum")
    page.get_by_label("Note", exact=True).fill(FIRST)
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
    expect(page).to_have_url(re.compile(r"/notes/\d+/edit/$"))

    page.get_by_label("Note", exact=True).fill(FIRST + LATER)  # typed, kept here, not yet sent
    assert page.evaluate(KEPT) != []
    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url(lambda url: "/notes/" not in url)
    assert page.evaluate(KEPT) == []
    note = CaseNote.objects.get()
    assert note.body == FIRST + LATER and not note.is_final
    page.goto(f"/notes/{note.pk}/edit/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))  # really signed out


def test_signing_out_from_any_page_clears_drafts_left_from_an_earlier_session(page, world, signed_in_as):
    signed_in_as(world.worker)
    page.goto("/caseload/")
    page.evaluate(
        "() => localStorage.setItem('carefile:note-draft:1:new-2', "
        "JSON.stringify({values: {body: ['Left behind']}, changedAt: Date.now()}))"
    )
    page.evaluate("() => localStorage.setItem('something-else', 'kept')")

    page.get_by_role("button", name="Sign out").click()

    page.wait_for_url(lambda url: "/caseload/" not in url)
    assert page.evaluate(KEPT) == []
    assert page.evaluate("() => localStorage.getItem('something-else')") == "kept"
