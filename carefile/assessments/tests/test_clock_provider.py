"""The assessment clocks on the child's page, My caseload and dashboards: many children, a fixed number of
queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import open_clocks
from carefile.testing.factories import PersonFactory

from .. import services
from .conftest import at, authorised, open_referral, start

pytestmark = pytest.mark.django_db


def children_in_assessment(n, team, worker):
    children = []
    for _ in range(n):
        child = PersonFactory()
        start(
            open_referral(child, team, worker, referral_date=date(2026, 10, 1)),
            worker,
            start_date=date(2026, 10, 2),
        )
        children.append(child)
    return children


def queries_for(children, holidays):
    with CaptureQueriesContext(connection) as captured:
        open_clocks(children, date(2026, 11, 20), holidays)
    return len(captured.captured_queries)


def test_the_clocks_of_50_children_take_as_many_queries_as_those_of_5(team, worker):
    holidays = holiday_calendar()
    few, many = children_in_assessment(5, team, worker), children_in_assessment(50, team, worker)

    assert queries_for(few, holidays) == queries_for(many, holidays)


def test_an_open_assessment_has_a_completion_clock_and_a_clock_for_each_review_not_held(
    child, team, worker, manager
):
    referral = open_referral(child, team, worker, referral_date=date(2026, 10, 1))
    assessment = start(referral, worker)
    services.internal_review_record(
        assessment=assessment,
        review=assessment.reviews.get(working_days=10),
        by=manager,
        at=at(2026, 10, 15, 16),
        held_on=date(2026, 10, 15),
        notes="On track",
    )

    clocks = open_clocks([child], date(2026, 11, 27), holiday_calendar())[child.pk]

    mine = [(c.label, c.due, c.state.rag) for c in clocks if c.label.startswith("Assessment")]
    assert mine == [
        ("Assessment: day 25 management review", date(2026, 11, 5), "red"),
        ("Assessment: complete within 45 working days", date(2026, 12, 3), "amber"),
    ]


def test_an_authorised_assessment_has_no_clock(referral, worker, manager, child):
    authorised(referral, worker, manager)

    clocks = open_clocks([child], timezone.localdate(), holiday_calendar())[child.pk]

    assert not [c for c in clocks if c.label.startswith("Assessment")]
