"""Review cadence, the plan clocks on the child's page and caseloads, and the actions-due selector."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import open_clocks
from carefile.plans import selectors, services
from carefile.plans.extensions import plan_clocks
from carefile.plans.models import ActionStatus, PlanAction, PlanKind, PlanReviewCadence, ReviewDecision
from carefile.plans.schedule import add_months, next_review_due, review_schedule
from carefile.testing.factories import PersonFactory

from .conftest import at, complete_draft, open_referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 2, 3), 3, date(2026, 5, 3)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 10, 15), 6, date(2027, 4, 15)),
    ],
)
def test_months_are_added_to_the_same_day_or_the_end_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 24))
def test_adding_months_never_goes_backwards_or_skips_a_month(day, months):
    later = add_months(day, months)

    assert later > day
    assert (later.year - day.year) * 12 + later.month - day.month == months


def test_the_first_review_is_due_three_months_after_the_start_then_every_three_months():
    assert next_review_due(start=date(2026, 2, 3), first_review_months=3) == date(2026, 5, 3)
    assert review_schedule(
        start=date(2026, 1, 31), first_review_months=3, review_every_months=3, until=date(2026, 12, 31)
    ) == [date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)]


@pytest.fixture
def finalised(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2), actions=2)
    return services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))


def _clocks(child, today):
    return plan_clocks([child], today, holiday_calendar()).get(child.pk, [])


@pytest.mark.parametrize(
    ("today", "rag", "label"),
    [
        (date(2026, 4, 1), "green", "Due in 20 working days"),  # Good Friday and Easter Monday do not count
        (date(2026, 4, 16), "green", "Due in 11 working days"),
        (date(2026, 4, 17), "amber", "Due in 10 working days"),
        (date(2026, 4, 20), "amber", "Due in 9 working days"),
        (
            date(2026, 5, 5),
            "red",
            "Overdue by 1 working day",
        ),  # due Sunday 3 May; Monday 4 May a bank holiday
    ],
)
def test_the_review_clock_turns_amber_ten_working_days_before_and_red_after(
    finalised, child, today, rag, label
):
    PlanAction.objects.filter(plan=finalised).update(status=ActionStatus.DONE, completed_on=date(2026, 2, 20))

    clocks = _clocks(child, today)

    assert [(c.label, c.due, c.state.rag, c.state.label) for c in clocks] == [
        ("Child in need plan review", date(2026, 5, 3), rag, label)
    ]


def test_after_a_review_the_clock_counts_to_the_next_review(finalised, child, worker):
    services.plan_review_record(
        plan=finalised,
        by=worker,
        at=at(2026, 4, 30),
        held_on=date(2026, 4, 30),
        attendees="Mum",
        progress="Good",
        child_views="Happy",
        decision=ReviewDecision.CONTINUE,
    )

    review = next(c for c in _clocks(child, date(2026, 5, 1)) if c.label.endswith("review"))

    assert review.due == date(2026, 7, 30) and review.state.rag == "green"


def test_the_council_can_change_the_review_cadence(child, referral, worker, manager):
    PlanReviewCadence.objects.create(
        kind=PlanKind.CHILD_IN_NEED, first_review_months=1, review_every_months=2, due_soon_working_days=3
    )
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
    services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))

    review = _clocks(child, date(2026, 2, 27))[0]

    assert review.due == date(2026, 3, 3) and review.state.rag == "amber"


def test_overdue_actions_show_as_one_red_clock_counting_them(finalised, child):
    clocks = _clocks(child, date(2026, 3, 4))

    overdue = [c for c in clocks if "overdue" in c.label]
    assert [(c.label, c.due, c.state.rag) for c in overdue] == [
        ("2 child in need plan actions overdue", date(2026, 2, 28), "red")
    ]
    assert overdue[0].url.endswith("#actions")


def test_done_actions_are_not_overdue(finalised, child, worker):
    for action in PlanAction.objects.filter(plan=finalised):
        services.action_status_update(
            action=action,
            by=worker,
            at=at(2026, 3, 4),
            status=ActionStatus.DONE,
            completed_on=date(2026, 3, 2),
        )

    assert not [c for c in _clocks(child, date(2026, 3, 4)) if "overdue" in c.label]


def test_a_draft_or_ended_plan_has_no_clocks(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
    assert _clocks(child, date(2026, 6, 1)) == []

    services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))
    services.plan_end(plan=plan, by=manager, at=at(2026, 3, 1), end=date(2026, 3, 1), reason="outcomes_met")

    assert _clocks(child, date(2026, 6, 1)) == []


def test_actions_due_lists_overdue_and_soon_due_open_actions_with_owners(finalised, child):
    due = selectors.actions_due([child], date(2026, 2, 20))

    assert [(a.what, a.owner, a.overdue) for a in due[child.pk]] == [
        ("Take Amelia to school every morning (1)", "Mum", False),
        ("Take Amelia to school every morning (2)", "Mum", False),
    ]
    assert selectors.actions_due([child], date(2026, 1, 20))[child.pk] == []
    assert all(a.overdue for a in selectors.actions_due([child], date(2026, 3, 2))[child.pk])


def _children_on_plans(n, team, worker, manager):
    children = []
    for i in range(n):
        child = PersonFactory(responsible_team=team)
        open_referral(child, on=date(2026, 1, 5), team=team, by=worker)
        plan = complete_draft(child, by=worker, when=at(2026, 2, 2), actions=2)
        services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))
        if i % 2:
            services.plan_review_record(
                plan=plan,
                by=worker,
                at=at(2026, 4, 30),
                held_on=date(2026, 4, 30),
                attendees="Mum",
                progress="Fine",
                child_views="Fine",
                decision=ReviewDecision.CONTINUE,
            )
        children.append(child)
    return children


def test_the_plan_clocks_and_actions_due_take_a_fixed_number_of_queries(team, worker, manager):
    children = _children_on_plans(50, team, worker, manager)
    holidays = holiday_calendar()
    today = date(2026, 5, 20)

    with CaptureQueriesContext(connection) as five:
        few = plan_clocks(children[:5], today, holidays)
        selectors.actions_due(children[:5], today)
    with CaptureQueriesContext(connection) as fifty:
        many = plan_clocks(children, today, holidays)
        selectors.actions_due(children, today)

    assert len(five) == len(fifty) <= 4
    assert len(few) == 5 and len(many) == 50
    assert all(len(clocks) == 2 for clocks in many.values())  # the review and the overdue actions


def test_the_plan_clocks_join_the_childs_open_clocks(finalised, child):
    clocks = open_clocks([child], date(2026, 3, 4), holiday_calendar())[child.pk]

    assert {c.label for c in clocks} >= {"Child in need plan review", "2 child in need plan actions overdue"}
