"""Shared set-up for the assessment tests: a team with a worker and a manager, a child with an open referral,
and helpers that take an assessment to each state through the services."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from carefile.common.calendar import holiday_calendar
from carefile.frontdoor.services import referral_open
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea

from .. import services

COMPLETE = {
    "developmental_needs": "Meeting milestones; speech a little behind for age.",
    "parenting_capacity": "Warm basic care; boundaries inconsistent.",
    "family_environment": "Overcrowded flat; grandmother nearby helps.",
    "analysis": "Risk from parental conflict; strengths in the family network.",
    "child_voice": '"I want it to be calm at home."',
    "child_communication": ["spoken"],
    "factors": ["3B", "4B"],
    "outcome": "cin_plan",
    "primary_need": "N4",
}


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


@pytest.fixture
def team(db):
    return TeamFactory(name="Assessment Team 1", service_area=ServiceArea.ASSESSMENT)


@pytest.fixture
def worker(team):
    return StaffFactory(team=team, role=Role.SOCIAL_WORKER)


@pytest.fixture
def manager(team):
    return StaffFactory(team=team, role=Role.TEAM_MANAGER)


@pytest.fixture
def child(db):
    return PersonFactory()


def open_referral(child, team, by, referral_date=date(2025, 12, 1)):
    return referral_open(
        child=child,
        by=by,
        at=at(referral_date.year, referral_date.month, referral_date.day, 11),
        referral_date=referral_date,
        source="2A",
        team=team,
        presenting_issue="Bruising seen at school",
    )


@pytest.fixture
def referral(child, team, worker):
    return open_referral(child, team, worker)


def start(referral, by, start_date=None, now=None):
    start_date = start_date or referral.referral_date
    return services.assessment_start(
        referral=referral,
        by=by,
        at=now or at(start_date.year, start_date.month, start_date.day, 12),
        start_date=start_date,
        holidays=holiday_calendar(),
    )


def write(assessment, by, now=None, **changes):
    fields = {**COMPLETE, **changes}
    return services.assessment_save_draft(assessment=assessment, by=by, at=now or timezone.now(), **fields)


def submitted(referral, worker, **changes):
    assessment = write(start(referral, worker), worker, **changes)
    return services.assessment_submit(assessment=assessment, by=worker, at=timezone.now())


def authorised(referral, worker, manager, **changes):
    assessment = submitted(referral, worker, **changes)
    return services.assessment_authorise(assessment=assessment, by=manager, at=timezone.now())
