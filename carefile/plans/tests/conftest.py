"""Plan test fixtures: a team, a worker and a manager, and a child with an open episode of need."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from carefile.frontdoor.models import Referral
from carefile.plans import services
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def open_referral(child, *, on: date, team, by) -> Referral:
    return Referral.objects.create(
        child=child,
        referral_date=on,
        source="2A",
        team=team,
        presenting_issue="Concerns about school attendance and home conditions",
        opened_by=by,
    )


def complete_draft(child, *, by, when: datetime, start: date | None = None, actions: int = 1):
    """A draft with what we are worried about, one outcome and `actions` complete actions."""
    plan = services.plan_draft_start(
        child=child, by=by, at=when, concerns="Amelia misses school", start=start
    )
    outcome = services.outcome_save(plan=plan, by=by, at=when, text="Amelia goes to school every day")
    for n in range(actions):
        services.action_save(
            plan=plan,
            by=by,
            at=when,
            what=f"Take Amelia to school every morning ({n + 1})",
            owner_name="Mum",
            due=(start or when.date()).replace(day=28),
            measure="Attendance over 95% for half a term",
            outcome=outcome,
        )
    return plan


@pytest.fixture
def team():
    return TeamFactory(name="Child in Need East", service_area=ServiceArea.CHILD_PROTECTION)


@pytest.fixture
def worker(team):
    return StaffFactory(team=team, role=Role.SOCIAL_WORKER, given_name="Sam", family_name="Patel")


@pytest.fixture
def manager(team):
    return StaffFactory(team=team, role=Role.TEAM_MANAGER, given_name="Grace", family_name="Okafor")


@pytest.fixture
def child(team):
    return PersonFactory(given_name="Amelia", family_name="Hughes", responsible_team=team)


@pytest.fixture
def referral(child, team, worker):
    return open_referral(child, on=date(2026, 1, 12), team=team, by=worker)
