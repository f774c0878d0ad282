"""No lost updates on the child protection edit forms (an enquiry's findings, a conference booking): the second
of two editors sees both versions and the first save stays (docs/adr/0006)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from carefile.protection import services
from carefile.protection.models import Conference, Section47Enquiry

from .conftest import at, discuss

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to("2026-04-13 15:00")


def version(body: str) -> str:
    return re.search(r'name="record_version" value="([0-9a-f]+)"', body)[1]


def test_the_second_editor_of_the_findings_sees_both_versions_and_nothing_is_lost(
    child, referral, worker, manager
):
    discuss(child, by=worker, when=at(2026, 4, 13, 10))
    page = reverse("protection:enquiry", args=[child.pk])
    first, second = Client(), Client()
    first.force_login(worker.user)
    second.force_login(manager.user)
    first_version, second_version = (
        version(first.get(page).content.decode()),
        version(second.get(page).content.decode()),
    )

    saved = first.post(
        page,
        {
            "save_findings": "1",
            "findings": "Seen alone.",
            "outcome": "conference",
            "record_version": first_version,
        },
    )
    stale = second.post(
        page,
        {
            "save_findings": "1",
            "findings": "Father spoken to.",
            "outcome": "conference",
            "record_version": second_version,
        },
    )

    body = stale.content.decode()
    assert saved.status_code == 302 and stale.status_code == 200
    assert 'class="govuk-error-summary"' in body and "Someone else saved changes" in body
    assert 'id="conflicts"' in body and "Seen alone." in body and "Father spoken to." in body
    assert Section47Enquiry.objects.get().findings == "Seen alone."


def opened(client, address) -> dict:
    """The form at `address` as a browser would post it back, version included."""
    form = client.get(address).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field.widget, "decompress"):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        else:
            data[name] = "" if value is None else value
    return data


def test_the_second_editor_of_a_conference_booking_sees_both_versions(
    child, referral, worker, manager, chair
):
    from .conftest import enquiry_needing_conference

    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 4, 13, 10))
    services.initial_conference_schedule(
        enquiry=enquiry, by=worker, at=at(2026, 4, 13, 11), scheduled_at=at(2026, 4, 28, 10), chair=chair
    )
    page = reverse("protection:conference_schedule", args=[child.pk]) + "?for=initial"
    first, second = Client(), Client()
    first.force_login(worker.user)
    second.force_login(manager.user)
    first_form, second_form = opened(first, page), opened(second, page)
    assert re.fullmatch(r"[0-9a-f]{32}", first_form["record_version"])

    saved = first.post(page, {**first_form, "venue": "Room 4, County Hall"})
    stale = second.post(page, {**second_form, "venue": "Online"})

    body = stale.content.decode()
    assert saved.status_code == 302 and stale.status_code == 200
    assert "Someone else saved changes" in body and 'id="conflicts"' in body
    rows = {c["name"]: (c["saved"], c["yours"]) for c in stale.context["conflicts"]}
    assert rows["venue"] == ("Room 4, County Hall", "Online")
    assert Conference.objects.get().venue == "Room 4, County Hall"
