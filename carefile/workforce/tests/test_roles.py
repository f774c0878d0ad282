"""What each role may do and see."""

import pytest
from django.urls import reverse

from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db

NAV = {
    Role.SOCIAL_WORKER: ["My caseload", "Find a person", "Teams"],
    Role.TEAM_MANAGER: ["My caseload", "Find a person", "Teams"],
    Role.REVIEWING_OFFICER: ["Find a person", "Teams"],
    Role.HEAD_OF_SERVICE: ["Find a person", "Teams"],
    Role.PERFORMANCE_ANALYST: ["Find a person", "Teams"],
    Role.INSPECTOR: ["Find a person", "Teams"],
    Role.ADMINISTRATOR: ["Find a person", "Teams", "Administration"],
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_navigation(signed_in, role):
    client, _ = signed_in(role)

    body = client.get(reverse("people:search")).content.decode()

    nav = body.split('id="navigation"')[1].split("</ul>")[0]
    shown = [label for label in ["My caseload", "Find a person", "Teams", "Administration"] if label in nav]
    assert shown == NAV[role]


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR])
def test_read_only_roles_cannot_change_a_record(signed_in, role):
    client, _ = signed_in(role)
    child = PersonFactory(given_name="Original")

    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    response = client.post(reverse("people:edit", args=[child.pk]), {"given_name": "Changed"})

    assert "Change details" not in page
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.given_name == "Original"


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.INSPECTOR, Role.REVIEWING_OFFICER])
def test_only_managers_allocate(signed_in, role):
    client, _ = signed_in(role)
    child = PersonFactory()

    response = client.get(reverse("allocate", args=[child.pk]))

    assert response.status_code == 403


def test_an_inspector_can_read_a_child_record(signed_in):
    client, _ = signed_in(Role.INSPECTOR)
    child = PersonFactory(given_name="Readable")

    response = client.get(reverse("people:detail", args=[child.pk]))

    assert response.status_code == 200 and "Readable" in response.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    child = PersonFactory()

    response = client.get(reverse("people:detail", args=[child.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_home_page_takes_a_social_worker_to_their_caseload(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    response = client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"] == reverse("caseload")


def test_pages_are_not_cached_by_the_browser(signed_in):
    client, _ = signed_in()

    response = client.get(reverse("people:search"))

    assert response["Cache-Control"] == "no-store"
