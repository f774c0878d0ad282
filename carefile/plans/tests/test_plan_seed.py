"""Seeded child in need plans are realistic, valid by the same rules as recorded ones, and deterministic."""

import random
from datetime import date, timedelta

import pytest
from django.db import transaction

from carefile.common.calendar import holiday_calendar
from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person
from carefile.plans.extensions import plan_clocks
from carefile.plans.models import ActionStatus, Plan, PlanAction, PlanOutcome, PlanReview, PlanStatus
from carefile.plans.seed import seed_plans
from carefile.testing.factories import AllocationFactory, PersonFactory

from .conftest import open_referral

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 31)


@pytest.fixture
def open_children(team, worker):
    rng = random.Random(7)
    children = []
    for i in range(120):
        # The assessment seed leaves a child "in need" when their assessment recommended a plan.
        status = [CaseStatus.CHILD_IN_NEED, CaseStatus.ASSESSMENT, CaseStatus.CHILD_PROTECTION][i % 3]
        child = PersonFactory(responsible_team=team, case_status=status)
        open_referral(child, on=ON - timedelta(days=rng.randint(0, 700)), team=team, by=worker)
        AllocationFactory(child=child, worker=worker)
        children.append(child)
    return children


def _seed(seed=1):
    return seed_plans(rng=random.Random(seed), on=ON, holidays=holiday_calendar(), batch_size=25)


def test_most_children_whose_assessment_led_to_a_plan_get_a_finalised_plan_with_its_parts(open_children):
    counts = _seed()

    plans = list(Plan.objects.select_related("episode", "child"))
    assert 33 <= len(plans) <= 40 and counts["plans"] == len(plans)
    assert {p.child.case_status for p in plans} == {CaseStatus.CHILD_IN_NEED}
    assert all(p.status == PlanStatus.ACTIVE and p.episode.closure_date is None for p in plans)
    assert all(p.episode.referral_date <= p.start <= ON for p in plans)
    assert sum(p.start.weekday() < 5 for p in plans) >= len(plans) - 1  # only `on` itself may be a weekend
    per_plan_outcomes = {p.pk: p.outcomes.count() for p in plans}
    per_plan_actions = {p.pk: p.actions.count() for p in plans}
    assert set(per_plan_outcomes.values()) <= {2, 3, 4} and set(per_plan_actions.values()) <= {3, 4, 5, 6}
    assert PlanOutcome.objects.count() == counts["outcomes"]
    assert ChronologyEvent.objects.filter(kind="plan_finalised").count() == len(plans)


def test_most_seeded_actions_are_on_time_and_some_are_overdue(open_children):
    _seed()

    actions = list(PlanAction.objects.all())
    past_due = [a for a in actions if a.due < ON]
    overdue = [a for a in past_due if a.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)]
    on_time = [a for a in past_due if a.status == ActionStatus.DONE and a.completed_on <= a.due]
    assert len(on_time) > 0.6 * len(past_due)
    assert 0.04 * len(past_due) < len(overdue) < 0.25 * len(past_due)
    assert all(a.completed_on is None or a.completed_on <= ON for a in actions)
    assert all(a.owner for a in actions) and all(a.measure for a in actions)


def test_seeded_reviews_follow_the_cadence_and_the_clocks_mostly_show_them_on_time(open_children):
    _seed()

    for plan in Plan.objects.prefetch_related("reviews"):
        reviews = list(plan.reviews.all())
        for earlier, later in zip(reviews, reviews[1:], strict=False):
            assert later.held_on > earlier.held_on
            assert later.held_on - earlier.next_review_on < timedelta(days=25)
        assert all(plan.start < r.held_on <= ON for r in reviews)
    assert PlanReview.objects.count() > 0
    clocks = plan_clocks(list(Person.objects.filter(plans__isnull=False)), ON, holiday_calendar())
    reviews = [c for cs in clocks.values() for c in cs if c.label.endswith("review")]
    assert sum(c.state.rag == "red" for c in reviews) < 0.3 * len(reviews)


def test_seeding_plans_is_deterministic(open_children):
    savepoint = transaction.savepoint()
    _seed(seed=3)
    first = list(
        Plan.objects.order_by("child_id", "start", "actions__due").values_list(
            "child_id", "start", "actions__due"
        )
    )
    transaction.savepoint_rollback(savepoint)
    _seed(seed=3)

    assert (
        list(
            Plan.objects.order_by("child_id", "start", "actions__due").values_list(
                "child_id", "start", "actions__due"
            )
        )
        == first
    )


def test_seeding_again_gives_nobody_a_second_open_plan(open_children):
    _seed(seed=3)
    _seed(seed=4)

    assert Plan.objects.values("child_id").distinct().count() == Plan.objects.count()
    assert Referral.objects.count() == 120
