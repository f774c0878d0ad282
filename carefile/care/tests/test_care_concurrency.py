"""No lost updates on the care edit forms (docs/adr/0006): a second save of a stale review recommendation or
return home interview form shows both versions and loses neither."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carefile.care import services
from carefile.care.services import Recommendation
from carefile.governance import concurrency
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import Role

from .conftest import NOW, at, start_care

pytestmark = pytest.mark.django_db

STALE = "Someone else saved changes to this record while you were editing it"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def second_client():
    other = Client()
    other.force_login(StaffFactory(role=Role.SOCIAL_WORKER).user)
    return other


def test_a_stale_recommendation_update_shows_both_versions_and_keeps_the_first(signed_in, iro):
    first, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2014, 3, 3))
    start_care(child, worker, on=date(2026, 5, 4))
    review = services.review_record(
        child=child,
        held_on=date(2026, 5, 29),
        reviewing_officer=iro,
        participation="PN1",
        child_views="",
        recommendations=[Recommendation("Weekly contact with mum", date(2026, 6, 30), owner_name="SW")],
        by=iro,
        at=NOW,
    )
    rec = review.recommendations.get()
    url = reverse("care:review", args=[review.pk])
    other = second_client()
    versions = [
        c.get(url).context["rows"][0]["form"].initial[concurrency.VERSION_FIELD] for c in (first, other)
    ]
    prefix = f"r{rec.pk}-"

    saved = first.post(
        url,
        {
            "recommendation": rec.pk,
            f"{prefix}record_version": versions[0],
            f"{prefix}status": "not_done",
            f"{prefix}not_done_reason": "Mum moved away",
        },
    )
    stale = other.post(
        url,
        {
            "recommendation": rec.pk,
            f"{prefix}record_version": versions[1],
            f"{prefix}status": "in_progress",
        },
    )

    body = stale.content.decode()
    assert saved.status_code == 302
    assert stale.status_code == 200
    assert STALE in body and 'class="govuk-error-summary"' in body
    assert 'id="conflicts"' in body and "Mum moved away" in body
    conflicts = {c["name"]: (c["saved"], c["yours"]) for c in stale.context["rows"][0]["conflicts"]}
    assert conflicts["status"][0] != conflicts["status"][1]
    rec.refresh_from_db()
    assert (rec.status, rec.not_done_reason) == ("not_done", "Mum moved away")
    # the form now carries the saved version: saving again replaces it deliberately
    form = stale.context["rows"][0]["form"]
    again = other.post(
        url,
        {
            "recommendation": rec.pk,
            f"{prefix}record_version": form.data[f"{prefix}record_version"],
            f"{prefix}status": "in_progress",
        },
    )
    assert again.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "in_progress"


def test_a_stale_return_interview_save_shows_both_versions_and_keeps_the_first(signed_in):
    first, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(date_of_birth=date(2011, 3, 3))
    episode = services.missing_record(
        child=child,
        kind="M",
        started_at=at(2026, 5, 30, 22),
        ended_at=at(2026, 5, 31, 7),
        by=worker,
        at=NOW,
    )
    url = reverse("care:missing", args=[episode.pk])
    other = second_client()
    versions = [
        c.get(url).context["interview_form"].initial[concurrency.VERSION_FIELD] for c in (first, other)
    ]
    offered = {
        **date_fields("offered_date", date(2026, 6, 1)),
        "offered_time": "09:00",
        "action": "interview",
    }

    saved = first.post(
        url, {**offered, "record_version": versions[0], "response": "accepted", "learnt": "Was with friends"}
    )
    stale = other.post(url, {**offered, "record_version": versions[1], "response": "declined", "learnt": ""})

    body = stale.content.decode()
    assert saved.status_code == 302
    assert stale.status_code == 200
    assert STALE in body and 'class="govuk-error-summary"' in body
    assert 'id="conflicts"' in body and "Was with friends" in body
    assert {c["name"] for c in stale.context["conflicts"]} >= {"response", "learnt"}
    episode.refresh_from_db()
    assert (episode.response, episode.learnt) == ("accepted", "Was with friends")
