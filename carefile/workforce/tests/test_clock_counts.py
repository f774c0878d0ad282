"""A team's page counts, per worker, the overdue and due-soon clocks of the children they hold: the selector."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carefile.assessments import services as assessments
from carefile.common.calendar import holiday_calendar
from carefile.frontdoor.services import referral_open
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import AllocationChangeReason, Role
from carefile.workforce.selectors import clock_counts
from carefile.workforce.services import case_allocate

pytestmark = pytest.mark.django_db


def child_with_assessment(team, worker, manager, *, days_since_referral):
    child = PersonFactory(responsible_team=team)
    now = timezone.now()
    referral = referral_open(
        child=child,
        by=manager,
        at=now,
        referral_date=timezone.localdate() - timedelta(days=days_since_referral),
        source="2A",
        team=team,
        presenting_issue="Concerns raised by school",
    )
    assessments.assessment_start(
        referral=referral, by=worker, at=now, start_date=referral.referral_date, holidays=holiday_calendar()
    )
    case_allocate(child=child, worker=worker, by=manager, at=now, reason=AllocationChangeReason.NEW_CASE)
    return child


def test_overdue_clocks_are_counted_for_the_worker_holding_the_child(django_assert_max_num_queries):
    team = TeamFactory()
    manager = StaffFactory(team=team, role=Role.TEAM_MANAGER)
    busy, idle = StaffFactory(team=team), StaffFactory(team=team)
    child_with_assessment(team, busy, manager, days_since_referral=90)  # past its 45 working days
    child_with_assessment(team, busy, manager, days_since_referral=1)

    counts = clock_counts(workers=[busy, idle], on=timezone.localdate(), holidays=holiday_calendar())

    red, amber = counts[busy.pk]
    assert red >= 1
    assert idle.pk not in counts


def test_the_queries_do_not_grow_with_the_number_of_children(django_assert_max_num_queries):
    team = TeamFactory()
    manager = StaffFactory(team=team, role=Role.TEAM_MANAGER)
    worker = StaffFactory(team=team)
    child_with_assessment(team, worker, manager, days_since_referral=90)
    on, holidays = timezone.localdate(), holiday_calendar()
    with django_assert_max_num_queries(60) as few:
        clock_counts(workers=[worker], on=on, holidays=holidays)
    for _ in range(4):
        child_with_assessment(team, worker, manager, days_since_referral=90)

    with django_assert_max_num_queries(len(few.captured_queries)):
        counts = clock_counts(workers=[worker], on=on, holidays=holidays)

    assert counts[worker.pk][0] >= 5
