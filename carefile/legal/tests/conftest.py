"""Legal test fixtures: a child protection team's worker and manager, a child, and a way to put the child into
care through the children-in-care services."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from carefile.care import services as care_services
from carefile.care.services import PlacementDetails
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


NOW = at(2026, 6, 1, 12)
FOSTER = PlacementDetails(
    place="U6", provider="PR1", postcode="DH1 5AB", urn="SC123456", placement_name="The Greens"
)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def team(db):
    return TeamFactory(name="Safeguarding 1", service_area=ServiceArea.CHILD_PROTECTION)


@pytest.fixture
def worker(team):
    return StaffFactory(role=Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def manager(team):
    return StaffFactory(role=Role.TEAM_MANAGER, team=team)


@pytest.fixture
def child(team):
    return PersonFactory(
        date_of_birth=date(2015, 3, 9), responsible_team=team, case_status="child_protection"
    )


def into_care(child, by, *, on=date(2026, 1, 5), legal_status="V2"):
    return care_services.care_start(
        child=child,
        start=on,
        legal_status=legal_status,
        placement=FOSTER,
        cin_need="N1",
        home_postcode="DH7 8XL",
        by=by,
        at=NOW,
    )


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}
