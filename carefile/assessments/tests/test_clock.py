"""The 45-working-day completion clock and the internal review points, across bank holidays."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from carefile.common.calendar import holiday_calendar
from carefile.common.workdays import is_working_day, working_days_between

from .. import selectors, services
from ..models import Assessment, AssessmentSettings, InternalReview
from .conftest import open_referral, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("referral_date", "due"),
    [
        (date(2025, 12, 1), date(2026, 2, 5)),  # across Christmas, Boxing Day and New Year's Day
        (date(2026, 4, 1), date(2026, 6, 9)),  # across Good Friday, Easter Monday and both May bank holidays
        (date(2026, 1, 5), date(2026, 3, 9)),  # no bank holiday: nine weeks exactly
        (date(2026, 12, 24), date(2027, 3, 2)),  # Christmas Eve: Boxing Day's substitute is Monday 28th
    ],
)
def test_an_assessment_is_due_45_working_days_after_the_referral(referral_date, due):
    assert services.completion_due_date(referral_date, holidays=holiday_calendar()) == due


@pytest.mark.parametrize(
    ("referral_date", "day_10", "day_25"),
    [
        (
            date(2025, 12, 1),
            date(2025, 12, 15),
            date(2026, 1, 8),
        ),  # day 25 lands after Christmas and New Year
        (date(2026, 4, 1), date(2026, 4, 17), date(2026, 5, 11)),  # Easter, then the early May bank holiday
    ],
)
def test_the_internal_review_points_fall_10_and_25_working_days_after_the_referral(
    referral_date, day_10, day_25
):
    dates = services.review_due_dates(referral_date, holidays=holiday_calendar())

    assert [(days, due) for days, _, due in dates] == [(10, day_10), (25, day_25)]


def test_starting_an_assessment_stores_its_due_date_and_review_points(child, team, worker):
    referral = open_referral(child, team, worker, referral_date=date(2025, 12, 1))

    assessment = start(referral, worker, start_date=date(2025, 12, 3))

    assert (assessment.clock_start, assessment.due_date) == (date(2025, 12, 1), date(2026, 2, 5))
    reviews = list(assessment.reviews.values_list("working_days", "due_date", "held_on"))
    assert reviews == [(10, date(2025, 12, 15), None), (25, date(2026, 1, 8), None)]


def test_the_review_points_are_the_councils_to_change(child, team, worker):
    settings = AssessmentSettings.current()
    settings.review_days = "35,10"
    settings.full_clean()
    settings.save()
    referral = open_referral(child, team, worker, referral_date=date(2026, 1, 5))

    assessment = start(referral, worker)

    assert list(assessment.reviews.values_list("working_days", "name")) == [
        (10, "Day 10 management review"),
        (35, "Day 35 management review"),
    ]


@pytest.mark.parametrize("bad", ["10, ten", "0, 25", "45", "10; 50"])
def test_review_points_must_be_working_days_within_the_clock(bad):
    settings = AssessmentSettings.current()
    settings.review_days = bad

    with pytest.raises(ValidationError):
        settings.full_clean()


def test_the_settings_are_one_row_with_the_defaults_made_when_missing():
    AssessmentSettings.objects.all().delete()

    first, again = AssessmentSettings.current(), AssessmentSettings.current()

    assert first.pk == again.pk == 1 and first.review_points()[0] == (10, "Day 10 management review")
    assert AssessmentSettings.objects.count() == 1


def test_a_later_assessment_in_the_same_episode_counts_from_its_own_start(child, team, worker, manager):
    from .conftest import authorised

    referral = open_referral(child, team, worker, referral_date=date(2025, 12, 1))
    first = authorised(referral, worker, manager)

    second = start(referral, worker, start_date=first.authorised_on)

    assert second.clock_start == first.authorised_on
    assert second.due_date == services.completion_due_date(first.authorised_on, holidays=holiday_calendar())


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_the_due_date_is_always_a_working_day_exactly_45_working_days_on(referral_date):
    holidays = holiday_calendar()

    due = services.completion_due_date(referral_date, holidays=holidays)

    assert is_working_day(due, holidays=holidays)
    assert working_days_between(referral_date, due, holidays=holidays) == 45
    assert due - referral_date >= timedelta(days=61)  # 9 weeks, less a weekend at the very least


@pytest.mark.parametrize(
    ("today", "rag", "label"),
    [
        (date(2026, 1, 28), "green", "Due in 6 working days"),
        (date(2026, 1, 29), "amber", "Due in 5 working days"),
        (date(2026, 2, 5), "amber", "Due today"),
        (date(2026, 2, 6), "red", "Overdue by 1 working day"),
    ],
)
def test_the_completion_clock_turns_amber_5_working_days_before_it_is_due(today, rag, label):
    assessment = Assessment(clock_start=date(2025, 12, 1), due_date=date(2026, 2, 5))

    state = selectors.completion_state(assessment, today=today, holidays=holiday_calendar())

    assert (state.rag, state.label) == (rag, label)


def test_an_assessment_authorised_late_shows_how_late():
    assessment = Assessment(
        clock_start=date(2025, 12, 1), due_date=date(2026, 2, 5), authorised_on=date(2026, 2, 9)
    )
    holidays = holiday_calendar()

    state = selectors.completion_state(assessment, today=date(2026, 3, 1), holidays=holidays)

    assert (state.state, state.label) == ("met_late", "Done 2 working days late")
    assert selectors.working_days_taken(assessment, holidays=holidays) == 47
    assert selectors.on_time(assessment, holidays=holidays) is False


def test_a_held_review_is_met(child, team, worker):
    review = InternalReview(due_date=date(2026, 1, 8), held_on=date(2026, 1, 8))

    state = selectors.review_state(review, today=date(2026, 1, 20), holidays=holiday_calendar())

    assert state.state == "met"
