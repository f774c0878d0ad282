"""Looked-after review timescales (reg 33, and reg 48 for short breaks), the 72-hour return home interview
clock and the prompt for children who keep going missing."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from carefile.care.timescales import (
    add_months,
    collection_year_of,
    missing_often,
    next_review_due,
    return_interview_due,
    return_interview_state,
)
from carefile.common.calendar import HolidayCalendar
from carefile.common.workdays import working_days_between

HOLIDAYS = HolidayCalendar(2020, 2030, added=set(), removed=set())


def due(start, held=(), short_breaks=False):
    return next_review_due(care_start=start, held=held, holidays=HOLIDAYS, short_breaks=short_breaks)


# ---- the first review -----------------------------------------------------------------------------------


def test_the_first_review_is_due_20_working_days_after_care_starts():
    assert due(date(2025, 3, 3)) == date(2025, 3, 31)


def test_the_first_review_counts_from_the_next_working_day_when_care_starts_at_a_weekend():
    assert due(date(2025, 3, 1)) == date(2025, 3, 28)


def test_the_first_review_skips_good_friday_easter_monday_and_the_may_bank_holiday():
    assert due(date(2025, 4, 10)) == date(2025, 5, 13)


def test_the_first_review_skips_christmas_boxing_day_and_new_year():
    assert due(date(2025, 12, 19)) == date(2026, 1, 21)


def test_the_first_review_skips_a_one_off_bank_holiday_the_council_added():
    with_coronation = HolidayCalendar(2020, 2030, added={date(2025, 3, 10)}, removed=set())

    due_date = next_review_due(care_start=date(2025, 3, 3), held=[], holidays=with_coronation)

    assert due_date == date(2025, 4, 1)


@given(st.dates(min_value=date(2021, 1, 1), max_value=date(2029, 12, 31)))
def test_the_first_review_is_always_exactly_20_working_days_on_a_working_day(start):
    due_date = due(start)

    assert working_days_between(start, due_date, holidays=HOLIDAYS) == 20
    assert due_date.weekday() < 5 and due_date not in HOLIDAYS


# ---- later reviews --------------------------------------------------------------------------------------


def test_the_second_review_is_due_within_3_months_of_the_first():
    assert due(date(2025, 3, 3), [date(2025, 3, 20)]) == date(2025, 6, 20)


def test_a_late_first_review_moves_the_second_with_it():
    assert due(date(2025, 3, 3), [date(2025, 4, 15)]) == date(2025, 7, 15)


def test_later_reviews_are_due_within_6_months_of_the_one_before():
    assert due(date(2025, 3, 3), [date(2025, 3, 20), date(2025, 6, 18)]) == date(2025, 12, 18)


def test_six_months_after_31_august_is_the_end_of_february():
    assert due(date(2025, 3, 3), [date(2025, 3, 20), date(2025, 6, 18), date(2025, 8, 31)]) == date(
        2026, 2, 28
    )


def test_reviews_before_the_period_of_care_began_do_not_count():
    assert due(date(2025, 3, 3), [date(2024, 11, 1), date(2025, 1, 10)]) == date(2025, 3, 31)


def test_the_order_reviews_are_given_in_does_not_matter():
    assert due(date(2025, 3, 3), [date(2025, 6, 18), date(2025, 3, 20)]) == date(2025, 12, 18)


def test_on_short_breaks_the_first_review_is_due_within_3_months_of_the_first_break():
    assert due(date(2025, 1, 31), short_breaks=True) == date(2025, 4, 30)


def test_on_short_breaks_later_reviews_are_due_within_6_months():
    assert due(date(2025, 1, 31), [date(2025, 4, 10)], short_breaks=True) == date(2025, 10, 10)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_a_month_later_is_the_same_day_or_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_the_collection_year_runs_from_april_to_march():
    assert collection_year_of(date(2025, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert collection_year_of(date(2025, 4, 1)) == (date(2025, 4, 1), date(2026, 3, 31))


# ---- the return home interview --------------------------------------------------------------------------


def local(y, m, d, hh=0, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


RETURNED = local(2025, 6, 6, 22, 30)  # a Friday night


def test_the_return_interview_is_due_72_hours_after_the_return_weekend_or_not():
    assert return_interview_due(RETURNED) == local(2025, 6, 9, 22, 30)


def test_72_hours_are_real_hours_when_the_clocks_go_back():
    returned = local(2025, 10, 24, 20, 0)

    assert timezone.localtime(return_interview_due(returned)) == local(2025, 10, 27, 19, 0)


def test_with_more_than_a_day_left_the_interview_clock_is_green():
    state = return_interview_state(returned_at=RETURNED, offered_at=None, now=RETURNED + timedelta(hours=10))

    assert (state.state, state.rag, state.label) == ("on_track", "green", "Offer within 2 days 14 hours")


def test_in_the_last_24_hours_the_interview_clock_is_amber_and_counts_hours():
    state = return_interview_state(returned_at=RETURNED, offered_at=None, now=RETURNED + timedelta(hours=60))

    assert (state.state, state.rag, state.label) == ("due_soon", "amber", "Offer within 12 hours")


def test_after_72_hours_without_an_offer_the_interview_clock_is_red():
    state = return_interview_state(returned_at=RETURNED, offered_at=None, now=RETURNED + timedelta(hours=77))

    assert (state.state, state.rag, state.label) == ("overdue", "red", "Overdue by 5 hours")


def test_an_offer_within_72_hours_meets_the_clock():
    state = return_interview_state(
        returned_at=RETURNED, offered_at=RETURNED + timedelta(hours=71), now=RETURNED + timedelta(days=10)
    )

    assert (state.state, state.rag) == ("met", "green")


def test_an_offer_after_72_hours_is_met_late_and_says_by_how_much():
    state = return_interview_state(
        returned_at=RETURNED, offered_at=RETURNED + timedelta(hours=100), now=RETURNED + timedelta(days=10)
    )

    assert (state.state, state.label) == ("met_late", "Offered 28 hours late")


# ---- going missing often --------------------------------------------------------------------------------


def test_three_times_missing_in_30_days_prompts():
    starts = [date(2025, 6, 2), date(2025, 6, 15), date(2025, 6, 30)]

    assert missing_often(starts, today=date(2025, 7, 1)) == 3


def test_three_times_spread_over_more_than_30_days_does_not_count_the_first():
    starts = [date(2025, 6, 1), date(2025, 6, 15), date(2025, 6, 30)]

    assert missing_often(starts, today=date(2025, 7, 1)) == 2
