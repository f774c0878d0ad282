"""Bad input to any form gives the GOV.UK error summary and saves nothing."""

import pytest
from django.urls import reverse

from carefile.common.models import ChronologyEvent
from carefile.people.models import Address, Person, Relationship
from carefile.testing.factories import AdultFactory, PersonFactory, StaffFactory
from carefile.workforce.models import Allocation, Role

pytestmark = pytest.mark.django_db

VALID_PERSON = {
    "kind": "child",
    "given_name": "Ava",
    "family_name": "Okafor",
    "date_of_birth_0": "3",
    "date_of_birth_1": "4",
    "date_of_birth_2": "2016",
    "sex": "F",
    "ethnicity": "BAFR",
    "disabilities": ["NONE"],
}


def counts():
    return (
        Person.objects.count(),
        Address.objects.count(),
        Relationship.objects.count(),
        Allocation.objects.count(),
        ChronologyEvent.objects.count(),
    )


def assert_error_summary(response, *messages):
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in body
    assert "There is a problem" in body
    assert "<title>Error:" in body
    for message in messages:
        assert message in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_name": ""}, "Enter first name"),
        (
            {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "Enter the child&#x27;s date of birth",
        ),
        ({"date_of_birth_1": ""}, "Date of birth must include a month"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_2": "2099"}, "Date of birth must be today or in the past"),
        ({"date_of_birth_2": "16"}, "Year must include 4 numbers"),
        ({"nhs_number": "1234567890"}, "Enter a real NHS number"),
        ({"upn": "12345"}, "Enter a UPN of 13 characters"),
        ({"disabilities": ["NONE", "AUT"]}, "Choose &#x27;No disability&#x27; or the disabilities, not both"),
        ({"ethnicity": ""}, "Choose ethnicity"),
        (
            {
                "expected_date_of_birth_0": "1",
                "expected_date_of_birth_1": "1",
                "expected_date_of_birth_2": "2027",
            },
            "Give either a date of birth or an expected date of birth, not both",
        ),
    ],
)
def test_a_new_person_with_bad_details_is_not_saved(signed_in, changes, message):
    client, _ = signed_in()
    before = counts()

    response = client.post(reverse("people:new"), {**VALID_PERSON, **changes})

    assert_error_summary(response, message)
    assert counts() == before


def test_the_error_summary_links_to_the_day_box_of_a_bad_date(signed_in):
    client, _ = signed_in()

    response = client.post(reverse("people:new"), {**VALID_PERSON, "date_of_birth_1": ""})

    assert 'href="#id_date_of_birth_0"' in response.content.decode()
    assert 'id="id_date_of_birth_0"' in response.content.decode()


def test_a_valid_new_child_is_created_with_an_la_child_id_and_a_chronology_entry(signed_in):
    client, staff = signed_in()

    response = client.post(reverse("people:new"), VALID_PERSON)

    person = Person.objects.get(family_name="Okafor")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.la_child_id.startswith("CF") and person.la_child_id.isalnum()
    assert list(person.disabilities.values_list("code", flat=True)) == ["NONE"]
    event = ChronologyEvent.objects.get(person=person)
    assert event.by == staff and event.kind == "record_created"


def test_an_empty_address_form_shows_the_error_summary_and_saves_nothing(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    before = counts()

    response = client.post(reverse("people:address_new", args=[child.pk]), {"postcode": "NOTACODE"})

    assert_error_summary(response, "Enter address line 1", "Enter a real postcode", "Enter living here from")
    assert counts() == before


def test_an_address_starting_before_the_current_one_is_refused(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    good = {
        "line1": "1 High Street",
        "town": "Durham",
        "postcode": "dh15uq",
        "start_0": "1",
        "start_1": "6",
        "start_2": "2024",
    }
    client.post(reverse("people:address_new", args=[child.pk]), good)
    before = counts()

    response = client.post(reverse("people:address_new", args=[child.pk]), {**good, "start_1": "1"})

    assert_error_summary(response, "must start after the start of the current address")
    assert counts() == before
    assert child.addresses.get().postcode == "DH1 5UQ"


def test_a_relationship_without_a_person_chosen_is_not_saved(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    AdultFactory(given_name="Maria", family_name="Lopez")
    before = counts()

    response = client.post(reverse("people:relationship_new", args=[child.pk]), {"q": "lopez", "kind": ""})

    assert_error_summary(response, "Choose the person they are related to", "Choose how they are related")
    assert counts() == before


def test_a_relationship_is_recorded_from_search_results(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    mother = AdultFactory(given_name="Maria", family_name="Lopez")

    response = client.post(
        reverse("people:relationship_new", args=[child.pk]),
        {"q": "lopez", "other": mother.pk, "kind": "mother", "parental_responsibility": "on"},
    )

    assert response.status_code == 302
    rel = Relationship.objects.get()
    assert (rel.person, rel.other, rel.kind, rel.parental_responsibility) == (mother, child, "mother", True)
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Maria Lopez" in page and "Mother" in page


def test_an_empty_allocation_form_shows_the_error_summary_and_saves_nothing(signed_in):
    client, _ = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory()
    before = counts()

    response = client.post(reverse("allocate", args=[child.pk]), {})

    assert_error_summary(
        response, "Choose the social worker to allocate", "Choose the reason for the allocation"
    )
    assert counts() == before


def test_allocating_over_the_cap_needs_a_reason(signed_in):
    client, _ = signed_in(Role.TEAM_MANAGER)
    worker = StaffFactory(caseload_cap=1)
    client.post(reverse("allocate", args=[PersonFactory().pk]), {"worker": worker.pk, "reason": "new_case"})
    child = PersonFactory()
    before = counts()

    response = client.post(reverse("allocate", args=[child.pk]), {"worker": worker.pk, "reason": "new_case"})

    assert_error_summary(response, "already holds a weighted caseload of 1 against a cap of 1")
    assert counts() == before

    response = client.post(
        reverse("allocate", args=[child.pk]),
        {
            "worker": worker.pk,
            "reason": "new_case",
            "over_cap_reason": "Sibling of a child she already holds",
        },
    )

    assert response.status_code == 302
    assert Allocation.objects.get(child=child).over_cap_reason == "Sibling of a child she already holds"


def test_the_sign_in_form_with_a_wrong_password_shows_the_error_summary(client, staff_with_role):
    staff = staff_with_role()

    response = client.post(reverse("login"), {"username": staff.user.username, "password": "wrong"})

    assert_error_summary(response, "Enter a correct username and password")
