"""Person search tolerates spelling and word order, and finds by date of birth or identifier."""

from datetime import date

import pytest
from django.urls import reverse

from carefile.people.selectors import parse_search, person_search, possible_duplicates
from carefile.testing.factories import AdultFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def people():
    return {
        "stephen": PersonFactory(given_name="Stephen", family_name="Smith", date_of_birth=date(2014, 3, 9)),
        "steven": PersonFactory(
            given_name="Steven", family_name="Smyth", date_of_birth=date(2016, 7, 1), nhs_number="4857773456"
        ),
        "aoife": PersonFactory(
            given_name="Aoife", family_name="O'Neill", date_of_birth=date(2012, 1, 2), upn="A840123456789"
        ),
        "jones": AdultFactory(given_name="Mary", family_name="Jones"),
    }


def names(results):
    return sorted(p.full_name for p in results)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stephen smith", ["Stephen Smith", "Steven Smyth"]),
        ("smith stephen", ["Stephen Smith", "Steven Smyth"]),
        ("steven smyth", ["Stephen Smith", "Steven Smyth"]),
        ("smyth", ["Stephen Smith", "Steven Smyth"]),
        ("ste smi", ["Stephen Smith", "Steven Smyth"]),
        ("oneill", ["Aoife O'Neill"]),
        ("o'neill aoife", ["Aoife O'Neill"]),
        ("smith 9/3/2014", ["Stephen Smith"]),
        ("2016-07-01", ["Steven Smyth"]),
        ("485 777 3456", ["Steven Smyth"]),
        ("a840123456789", ["Aoife O'Neill"]),
        ("nobody", []),
        ("", []),
    ],
)
def test_search_finds_people_by_rough_name_date_or_identifier(user, people, query, expected):
    results = person_search(user=user, query=query)

    assert names(results) == expected


def test_search_by_la_child_id(user, people):
    results = person_search(user=user, query=people["aoife"].la_child_id.lower())

    assert names(results) == ["Aoife O'Neill"]


def test_an_impossible_date_is_reported_not_ignored():
    terms = parse_search("smith 31/02/2015")

    assert terms.problems and "31/02/2015 is not a real date" in terms.problems[0]


def test_the_search_page_reports_an_impossible_date(signed_in):
    client, _ = signed_in()

    response = client.get(reverse("people:search"), {"q": "smith 31/02/2015"})

    assert "There is a problem" in response.content.decode()


def test_the_search_page_pages_long_results(signed_in):
    client, _ = signed_in()
    for i in range(30):
        PersonFactory(given_name=f"Child{i}", family_name="Pager")

    first = client.get(reverse("people:search"), {"q": "pager"}).content.decode()
    second = client.get(reverse("people:search"), {"q": "pager", "page": 2}).content.decode()

    assert "30 people found" in first and "Page 1 of 2" in first
    assert first.count("PAGER, Child") == 25
    assert second.count("PAGER, Child") == 5


def test_duplicates_are_found_for_a_sound_alike_name_with_the_same_birth_date(user, people):
    found = possible_duplicates(
        user=user, given_name="Steven", family_name="Smith", date_of_birth=date(2014, 3, 9)
    )

    assert names(found) == ["Stephen Smith"]


def test_duplicates_are_found_with_first_and_last_names_swapped(user, people):
    found = possible_duplicates(
        user=user, given_name="Smith", family_name="Stephen", date_of_birth=date(2014, 3, 9)
    )

    assert "Stephen Smith" in names(found)


def test_duplicates_are_found_by_nhs_number_whatever_the_name(user, people):
    found = possible_duplicates(
        user=user, given_name="Zed", family_name="Other", date_of_birth=None, nhs_number="4857773456"
    )

    assert names(found) == ["Steven Smyth"]


def test_a_different_birth_date_is_not_a_duplicate(user, people):
    found = possible_duplicates(
        user=user, given_name="Stephen", family_name="Smith", date_of_birth=date(2019, 1, 1)
    )

    assert names(found) == []


def test_creating_a_possible_duplicate_asks_first_and_then_creates_on_confirmation(signed_in, people):
    client, _ = signed_in()
    data = {
        "kind": "child",
        "given_name": "Steven",
        "family_name": "Smith",
        "date_of_birth_0": "9",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2014",
        "sex": "M",
        "ethnicity": "WBRI",
        "disabilities": ["NONE"],
    }

    asked = client.post(reverse("people:new"), data)
    confirmed = client.post(reverse("people:new"), {**data, "confirmed_new": "yes"})

    assert "This person may already have a record" in asked.content.decode()
    assert "Stephen Smith" in asked.content.decode()
    assert confirmed.status_code == 302
    assert PersonFactory._meta.model.objects.filter(given_name="Steven", family_name="Smith").count() == 1
