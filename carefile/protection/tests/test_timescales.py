"""Child protection due dates across weekends and bank holidays (statutory-data §5 rows 5–9)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from carefile.common.workdays import england_bank_holidays, is_working_day, working_days_between
from carefile.protection.timescales import (
    first_core_group_due,
    icpc_target,
    next_core_group_due,
    next_review_conference_due,
    transfer_in_target,
)

HOLIDAYS = england_bank_holidays(range(2024, 2030))


def test_the_initial_conference_target_is_15_working_days_after_the_strategy_discussion():
    # Monday 12 January 2026 + 15 working days: three weeks later, Monday 2 February.
    assert icpc_target(date(2026, 1, 12), holidays=HOLIDAYS) == date(2026, 2, 2)


def test_a_strategy_discussion_on_a_friday_counts_from_the_next_monday():
    assert icpc_target(date(2026, 1, 16), holidays=HOLIDAYS) == date(2026, 2, 6)


def test_a_target_whose_fifteenth_weekday_is_a_bank_holiday_moves_to_the_next_working_day():
    # From Monday 13 April 2026 the 15th weekday is Monday 4 May, the early May bank holiday.
    start = date(2026, 4, 13)

    target = icpc_target(start, holidays=HOLIDAYS)

    assert date(2026, 5, 4) in HOLIDAYS
    assert target == date(2026, 5, 5)
    assert working_days_between(start, target, holidays=HOLIDAYS) == 15


def test_a_target_across_easter_skips_good_friday_and_easter_monday():
    # From Friday 27 March 2026: without Easter it would be Friday 17 April; with it, Tuesday 21 April.
    assert icpc_target(date(2026, 3, 27), holidays=HOLIDAYS) == date(2026, 4, 21)


@settings(max_examples=300)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)))
def test_an_initial_conference_target_is_never_a_weekend_or_a_bank_holiday(start):
    target = icpc_target(start, holidays=HOLIDAYS)

    assert is_working_day(target, holidays=HOLIDAYS)
    assert target > start


def test_a_transfer_in_conference_is_due_15_working_days_after_we_are_told():
    assert transfer_in_target(date(2026, 12, 14), holidays=HOLIDAYS) == date(2027, 1, 7)


def test_the_first_core_group_is_due_10_working_days_after_the_conference_skipping_christmas():
    # Monday 21 December 2026: Christmas Day (Fri), Boxing Day's substitute (Mon 28th) and New Year's Day go by.
    assert first_core_group_due(date(2026, 12, 21), holidays=HOLIDAYS) == date(2027, 1, 7)


def test_core_groups_then_meet_at_least_every_six_weeks_moving_back_off_a_bank_holiday():
    # Six weeks after Friday 13 November 2026 is Christmas Day: the meeting is due by Christmas Eve.
    due = next_core_group_due(
        plan_start=date(2026, 10, 1), last_held=date(2026, 11, 13), every_weeks=6, holidays=HOLIDAYS
    )

    assert due == date(2026, 12, 24)


def test_the_core_group_cadence_is_the_councils_choice():
    due = next_core_group_due(
        plan_start=date(2026, 1, 5), last_held=date(2026, 2, 2), every_weeks=4, holidays=HOLIDAYS
    )

    assert due == date(2026, 3, 2)


def test_the_first_review_conference_is_due_within_three_months_moving_back_off_a_bank_holiday():
    # Three months after Wednesday 4 February 2026 is Monday 4 May, a bank holiday: due by Friday 1 May.
    assert next_review_conference_due(
        plan_start=date(2026, 2, 4), last_review=None, holidays=HOLIDAYS
    ) == date(2026, 5, 1)


def test_later_review_conferences_are_due_at_most_six_months_after_the_last_moving_back_off_a_weekend():
    # Six months after Friday 1 May 2026 is Sunday 1 November: due by Friday 30 October.
    due = next_review_conference_due(
        plan_start=date(2026, 2, 4), last_review=date(2026, 5, 1), holidays=HOLIDAYS
    )

    assert due == date(2026, 10, 30)


@settings(max_examples=200)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)), st.integers(1, 12))
def test_a_core_group_or_review_due_date_is_a_working_day_and_never_later_than_the_cadence(day, weeks):
    core = next_core_group_due(plan_start=day, last_held=day, every_weeks=weeks, holidays=HOLIDAYS)
    review = next_review_conference_due(plan_start=day, last_review=None, holidays=HOLIDAYS)

    assert is_working_day(core, holidays=HOLIDAYS) and core <= day + timedelta(weeks=weeks)
    assert is_working_day(review, holidays=HOLIDAYS) and day < review <= day + timedelta(days=92)
