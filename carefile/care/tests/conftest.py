"""Care test fixtures: a children-in-care team with a social worker and a manager, a reviewing officer, and
helpers that put a child into care through the services."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from carefile.care import services
from carefile.care.services import PlacementDetails
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


NOW = at(2026, 6, 1, 12)

FOSTER = PlacementDetails(
    place="U6", provider="PR1", postcode="DH1 5AB", urn="SC123456", placement_name="The Greens"
)
FOSTER_2 = PlacementDetails(
    place="U6", provider="PR4", postcode="NE1 4XF", urn="1234567", placement_name="The Browns"
)
HOME = PlacementDetails(
    place="K2", provider="PR4", postcode="SR2 7HJ", urn="SC654321", placement_name="Oak House"
)
HOLIDAY = PlacementDetails(place="T2", postcode="LL55 4UR", placement_name="Holiday in Wales")


@pytest.fixture
def team(db):
    return TeamFactory(name="Children in care 1", service_area=ServiceArea.CHILDREN_IN_CARE)


@pytest.fixture
def worker(team):
    return StaffFactory(role=Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def manager(team):
    return StaffFactory(role=Role.TEAM_MANAGER, team=team)


@pytest.fixture
def iro(db):
    return StaffFactory(
        role=Role.REVIEWING_OFFICER, team=TeamFactory(name="Reviewing", service_area=ServiceArea.REVIEWING)
    )


@pytest.fixture
def child(team):
    return PersonFactory(date_of_birth=date(2012, 5, 17), responsible_team=team, case_status="child_in_need")


def start_care(child, by, *, on=date(2026, 1, 5), legal_status="C2", placement=FOSTER, **kwargs):
    return services.care_start(
        child=child,
        start=on,
        legal_status=legal_status,
        placement=placement,
        cin_need=kwargs.pop("cin_need", "N1"),
        home_postcode=kwargs.pop("home_postcode", "DH7 8XL"),
        by=by,
        at=kwargs.pop("at", NOW),
        **kwargs,
    )


def move(child, by, *, on, placement=FOSTER_2, reason="CARPL", **kwargs):
    return services.placement_move(
        child=child,
        on=on,
        placement=placement,
        reason_place_change=reason,
        by=by,
        at=kwargs.pop("at", NOW),
        **kwargs,
    )
