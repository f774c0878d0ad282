"""The council's holiday calendar: England's bank holidays adjusted by its override table."""

from datetime import date

import pytest

from carefile.common.calendar import HolidayCalendar, holiday_calendar
from carefile.common.models import BankHolidayOverride
from carefile.common.workdays import add_working_days, england_bank_holidays, working_days_between

pytestmark = pytest.mark.django_db


def test_with_no_overrides_the_calendar_is_england_s_bank_holidays():
    expected = england_bank_holidays(range(2010, 2041))

    calendar = holiday_calendar()

    assert calendar.dates == expected
    assert date(2026, 12, 28) in calendar


def test_a_one_off_day_the_council_adds_is_a_holiday():
    BankHolidayOverride.objects.create(date=date(2026, 7, 3), name="Council closure day")

    calendar = holiday_calendar()

    assert date(2026, 7, 3) in calendar
    assert calendar.dates == england_bank_holidays(range(2010, 2041)) | {date(2026, 7, 3)}


def test_a_bank_holiday_the_council_removes_is_a_working_day():
    BankHolidayOverride.objects.create(date=date(2026, 8, 31), name="Summer bank holiday", is_holiday=False)

    calendar = holiday_calendar()

    assert date(2026, 8, 31) not in calendar
    assert calendar.dates == england_bank_holidays(range(2010, 2041)) - {date(2026, 8, 31)}


def test_an_addition_and_a_removal_are_both_applied_and_nothing_else_changes():
    BankHolidayOverride.objects.create(date=date(2026, 7, 3), name="Council closure day")
    BankHolidayOverride.objects.create(date=date(2026, 8, 31), name="Summer bank holiday", is_holiday=False)
    bank_holidays = england_bank_holidays(range(2010, 2041))

    calendar = holiday_calendar()

    assert calendar.dates - bank_holidays == {date(2026, 7, 3)}
    assert bank_holidays - calendar.dates == {date(2026, 8, 31)}


def test_removing_a_day_that_was_never_a_holiday_changes_nothing():
    BankHolidayOverride.objects.create(date=date(2026, 7, 7), name="Not a bank holiday", is_holiday=False)

    calendar = holiday_calendar()

    assert calendar.dates == england_bank_holidays(range(2010, 2041))


def test_a_future_one_off_bank_holiday_can_be_added_before_the_holidays_package_knows_of_it():
    # How a coronation or a state funeral would be handled the week it is announced.
    one_off = date(2027, 6, 4)
    BankHolidayOverride.objects.create(date=one_off, name="Announced one-off bank holiday")

    calendar = holiday_calendar()

    assert one_off not in england_bank_holidays([2027])
    assert one_off in calendar


def test_an_added_day_pushes_a_deadline_back_by_one_working_day():
    start = date(2026, 6, 29)  # a Monday
    before = add_working_days(start, 10, holidays=holiday_calendar())
    BankHolidayOverride.objects.create(date=date(2026, 7, 3), name="Council closure day")

    after = add_working_days(start, 10, holidays=holiday_calendar())

    assert before == date(2026, 7, 13)
    assert after == date(2026, 7, 14)


def test_a_removed_bank_holiday_counts_as_a_working_day():
    start, end = date(2026, 8, 28), date(2026, 9, 4)  # Friday to Friday across the summer bank holiday
    before = working_days_between(start, end, holidays=holiday_calendar())
    BankHolidayOverride.objects.create(date=date(2026, 8, 31), name="Summer bank holiday", is_holiday=False)

    after = working_days_between(start, end, holidays=holiday_calendar())

    assert (before, after) == (4, 5)


def test_the_calendar_lists_its_dates_in_order():
    calendar = HolidayCalendar(2026, 2026, added={date(2026, 7, 3)}, removed=set())

    listed = list(calendar)

    assert listed == sorted(england_bank_holidays([2026]) | {date(2026, 7, 3)})


def test_the_calendar_covers_only_the_years_it_was_built_for():
    calendar = holiday_calendar(2026, 2026)

    covered = date(2026, 12, 25) in calendar

    assert covered
    assert date(2027, 1, 1) not in calendar
