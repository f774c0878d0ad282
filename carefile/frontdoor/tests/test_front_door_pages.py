"""The front-door pages: forms refuse bad input whole, and the journey works through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Contact, Referral, ScreeningDecision
from carefile.people.models import Relationship
from carefile.testing.factories import AdultFactory, PersonFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea

pytestmark = pytest.mark.django_db


def contact_data(**changes):
    yesterday = timezone.localtime() - timedelta(days=1)
    data = {
        "received_date_0": yesterday.day,
        "received_date_1": yesterday.month,
        "received_date_2": yesterday.year,
        "received_time": "09:30",
        "source": "2A",
        "presenting_concerns": "Bruising seen by the class teacher",
        "consent": "given",
        "priority": "standard",
    }
    data.update(changes)
    return data


@pytest.fixture
def front_door():
    return TeamFactory(name="Front Door", service_area=ServiceArea.FRONT_DOOR)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"presenting_concerns": ""}, "Enter presenting concerns"),
        ({"received_time": "25:00"}, "Enter a real time in the 24-hour clock"),
        ({"received_time": ""}, "Enter the time the contact was received"),
        ({"received_date_2": "2099"}, "must be in the past"),
        ({"source": ""}, "Choose who made the contact"),
        ({"consent": "overridden"}, "Explain why you are going ahead without consent"),
        ({"team": ""}, "Choose front-door team"),
    ],
)
def test_a_contact_with_bad_details_is_not_saved(signed_in, front_door, changes, message):
    client, _ = signed_in(Role.SOCIAL_WORKER, team=front_door)
    child = PersonFactory()
    data = contact_data(team=front_door.pk)
    data.update(changes)

    response = client.post(reverse("frontdoor:contact_new", args=[child.pk]), data)

    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and message in body
    assert Contact.objects.count() == 0 and ChronologyEvent.objects.count() == 0


def test_a_contact_can_be_about_siblings_chosen_on_the_form(signed_in, front_door):
    client, _ = signed_in(Role.SOCIAL_WORKER, team=front_door)
    child, sister = PersonFactory(given_name="Ann"), PersonFactory(given_name="Bea")
    mother = AdultFactory()
    for c in (child, sister):
        Relationship.objects.create(person=mother, other=c, kind="mother")

    form_page = client.get(reverse("frontdoor:contact_new", args=[child.pk])).content.decode()
    response = client.post(
        reverse("frontdoor:contact_new", args=[child.pk]),
        contact_data(team=front_door.pk, also_about=[sister.pk]),
    )

    assert "Other children this contact is about" in form_page and "Bea" in form_page
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "frontdoor:contact", args=[contact.pk]
    )
    assert set(contact.children.all()) == {child, sister}


def test_a_decision_without_rationale_shows_the_error_summary_and_saves_nothing(signed_in, front_door):
    client, _ = signed_in(Role.SOCIAL_WORKER, team=front_door)
    child = PersonFactory()
    client.post(reverse("frontdoor:contact_new", args=[child.pk]), contact_data(team=front_door.pk))
    contact = Contact.objects.get()

    response = client.post(
        reverse("frontdoor:contact", args=[contact.pk]),
        {"decide": "1", "outcome": "referral", "rationale": ""},
    )

    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the rationale for the decision" in body and "Choose the team the referral goes to" in body
    assert not ScreeningDecision.objects.exists() and not Referral.objects.exists()


def test_the_front_door_journey_from_contact_to_queue(client, signed_in, front_door):
    from carefile.testing.factories import TEST_PASSWORD, StaffFactory

    worker_client, worker = signed_in(Role.SOCIAL_WORKER, team=front_door)
    assessment = TeamFactory(name="Assessment", service_area=ServiceArea.ASSESSMENT)
    child = PersonFactory(given_name="Queued", family_name="Child")
    worker_client.post(
        reverse("frontdoor:contact_new", args=[child.pk]), contact_data(team=front_door.pk, priority="urgent")
    )
    contact = Contact.objects.get()
    worker_client.post(
        reverse("frontdoor:contact", args=[contact.pk]),
        {
            "decide": "1",
            "outcome": "referral",
            "options_considered": ["early_help", "referral"],
            "rationale": "Repeated injuries explained inconsistently by the parents.",
            "referral_team": assessment.pk,
        },
    )
    manager = StaffFactory(role=Role.TEAM_MANAGER, team=assessment)
    worker_client.logout()
    client.login(username=manager.user.username, password=TEST_PASSWORD)

    front = client.get(reverse("frontdoor:index")).content.decode()
    signed = client.post(
        reverse("frontdoor:contact", args=[contact.pk]), {"sign_off": "1", "comment": "Agree: urgent."}
    )
    queue = client.get(reverse("frontdoor:queue")).content.decode()

    assert "Decisions awaiting your sign-off (1)" in front
    assert signed.status_code == 302
    assert ScreeningDecision.objects.get().signed_off_by == manager
    assert "CHILD, Queued" in queue and "Urgent" in queue
    assert reverse("allocate", args=[child.pk]) in queue
