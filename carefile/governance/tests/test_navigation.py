"""The header links to the information governance pages for everyone who can use them, and to no one else."""

import pytest
from django.urls import reverse

from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db


def navigation(body: str) -> str:
    return body.split('id="navigation"')[1].split("</ul>")[0]


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR, Role.INSPECTOR])
def test_staff_see_information_governance_in_the_header(signed_in, role):
    client, _ = signed_in(role)

    nav = navigation(client.get(reverse("people:search")).content.decode())

    assert f'href="{reverse("governance:index")}"' in nav and "Information governance" in nav
    assert client.get(reverse("governance:index")).status_code == 200


def test_the_link_is_marked_current_on_the_governance_pages(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)

    nav = navigation(client.get(reverse("governance:index")).content.decode())

    assert 'aria-current="true"' in nav.split("Information governance")[0].rsplit("<li", 1)[1]
