"""Quality test fixtures: a disability team with a manager, a social worker, a head of service, disabled and
non-disabled children, and helpers that record service requests through the services."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from carefile.people.models import PersonDisability
from carefile.quality import services
from carefile.quality.models import ServiceType
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea


def at(y, m, d, hh=10) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, 0))


@dataclass
class Council:
    team: object
    other_team: object
    manager: object
    other_manager: object
    head: object
    worker: object
    disabled_child: object
    child: object


@pytest.fixture
def council(db):
    team = TeamFactory(name="Children with disabilities", service_area=ServiceArea.DISABILITY)
    other = TeamFactory(name="Families First North")
    manager = StaffFactory(role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save(update_fields=["manager"])
    other_manager = StaffFactory(role=Role.TEAM_MANAGER, team=other)
    head = StaffFactory(role=Role.HEAD_OF_SERVICE, team=team)
    worker = StaffFactory(role=Role.SOCIAL_WORKER, team=team)
    disabled = PersonFactory(
        given_name="Ava", family_name="Lund", responsible_team=team, case_status="child_in_need"
    )
    PersonDisability.objects.create(person=disabled, code="AUT")
    child = PersonFactory(
        given_name="Ben", family_name="Moss", responsible_team=other, case_status="child_in_need"
    )
    PersonDisability.objects.create(person=child, code="NONE")
    return Council(team, other, manager, other_manager, head, worker, disabled, child)


@pytest.fixture
def short_breaks(db):
    return ServiceType.objects.get(code="short-breaks")


def request_service(child, *, by, assessed_on: date, service_type=None, when=None):
    return services.service_request_record(
        child=child,
        service_type=service_type or ServiceType.objects.get(code="short-breaks"),
        need="Regular short breaks",
        assessed_on=assessed_on,
        by=by,
        at=when or at(2026, 3, 2),
    )
