"""The health, permanence, leaving-care and UASC pages: GOV.UK forms that record through the services, with
the errors shown against their fields, and access by role."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from carefile.care import services
from carefile.care.models import AdoptionDecision, HealthCheck, LeaverContact, UascStatus
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

from .conftest import NOW, start_care

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def in_care(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    return child


@pytest.mark.parametrize(
    "name",
    [
        "care:health",
        "care:health_check_new",
        "care:sdq_new",
        "care:year_outcome",
        "care:permanence",
        "care:permanence_plan_new",
        "care:adoption_decision",
        "care:previous_permanence",
        "care:leaving",
        "care:pathway_plan_new",
        "care:leaver_contact_new",
        "care:personal_adviser",
        "care:uasc",
    ],
)
def test_each_page_opens_for_a_social_worker_with_a_back_link(signed_in, in_care, name):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    response = client.get(reverse(name, args=[in_care.pk]))
    assert response.status_code == 200
    assert b"govuk-back-link" in response.content


def test_recording_a_health_assessment_shows_it_and_moves_the_clock(signed_in, in_care):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        reverse("care:health_check_new", args=[in_care.pk]),
        {"kind": "initial_assessment", **date_fields("held_on", date(2026, 1, 20)), "by_whom": "Dr Khan"},
    )
    assert response.status_code == 302
    assert HealthCheck.objects.filter(child=in_care, kind="initial_assessment").exists()
    page = client.get(reverse("care:health", args=[in_care.pk])).content.decode()
    assert "Review health assessment" in page
    assert "Dr Khan" in page


def test_a_health_form_with_errors_shows_the_error_summary(signed_in, in_care):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        reverse("care:health_check_new", args=[in_care.pk]),
        {"kind": "immunisations", **date_fields("held_on", date(2026, 1, 20))},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Say whether they are up to date" in response.content


def test_a_refusal_from_the_service_is_shown_on_its_field(signed_in, in_care):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        reverse("care:adoption_decision", args=[in_care.pk]), date_fields("decided_on", date(2025, 12, 1))
    )
    assert response.status_code == 200
    assert b"rule 1003" in response.content
    assert not AdoptionDecision.objects.exists()


def test_an_analyst_may_read_but_not_record(signed_in, in_care):
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    assert client.get(reverse("care:health", args=[in_care.pk])).status_code == 200
    assert client.get(reverse("care:health_check_new", args=[in_care.pk])).status_code == 403


def test_a_restricted_child_s_pages_are_hidden_from_staff_not_on_the_list(signed_in, in_care):
    in_care.restricted = True
    in_care.save()
    client, _ = signed_in(Role.SOCIAL_WORKER)
    assert client.get(reverse("care:health", args=[in_care.pk])).status_code in (403, 404)


def test_uasc_status_is_recorded_and_shown_on_the_care_record(signed_in, in_care):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    response = client.post(reverse("care:uasc", args=[in_care.pk]), date_fields("since", date(2026, 1, 5)))
    assert response.status_code == 302
    assert UascStatus.objects.get(child=in_care).since == date(2026, 1, 5)
    assert (
        b"Unaccompanied asylum-seeking child since"
        in client.get(reverse("care:child", args=[in_care.pk])).content
    )


def test_a_care_leaver_s_birthday_contact_is_recorded(signed_in, team, worker):
    young = PersonFactory(date_of_birth=date(2008, 5, 17), responsible_team=team)
    start_care(young, worker, on=date(2023, 1, 9))
    services.care_end(child=young, on=date(2025, 3, 3), reason_ceased="E5", by=worker, at=NOW)
    client, _ = signed_in(Role.SOCIAL_WORKER)
    response = client.post(
        reverse("care:leaver_contact_new", args=[young.pk]),
        {
            "age": 18,
            **date_fields("contact_on", date(2026, 5, 20)),
            "in_touch": "YES",
            "activity": "F5",
            "accommodation": "U1",
        },
    )
    assert response.status_code == 302
    assert LeaverContact.objects.get(child=young).age == 18
    page = client.get(reverse("care:leaving", args=[young.pk])).content.decode()
    assert "Relevant" in page or "Former relevant" in page
