"""A team with a manager and two social workers; the first worker holds two children allocated 40 days ago."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from carefile.testing.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)
from carefile.workforce.models import Role


@dataclass
class Team:
    team: object
    manager: object
    worker: object
    other_worker: object
    child: object
    sibling: object


@pytest.fixture
def office(db):
    team = TeamFactory(name="Children in Need East")
    manager = StaffFactory(team=team, role=Role.TEAM_MANAGER, given_name="Grace", family_name="Okafor")
    team.manager = manager
    team.save(update_fields=["manager"])
    worker = StaffFactory(team=team, role=Role.SOCIAL_WORKER, given_name="Sam", family_name="Patel")
    other = StaffFactory(team=team, role=Role.SOCIAL_WORKER, given_name="Jo", family_name="Reid")
    start = timezone.now() - timedelta(days=40)
    child = PersonFactory(
        given_name="Amelia", family_name="Hughes", case_status="child_in_need", responsible_team=team
    )
    sibling = PersonFactory(
        given_name="Noah", family_name="Hughes", case_status="child_in_need", responsible_team=team
    )
    for c in (child, sibling):
        AllocationFactory(child=c, worker=worker, start=start)
    return Team(team, manager, worker, other, child, sibling)


@pytest.fixture
def login(client):
    def sign_in(staff):
        client.logout()
        assert client.login(username=staff.user.username, password=TEST_PASSWORD)
        return client

    return sign_in
