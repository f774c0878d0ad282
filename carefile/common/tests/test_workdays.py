"""Working-day arithmetic for England and Wales, checked against the published bank holidays and by property."""

from datetime import date, timedelta

import holidays as holidays_lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carefile.common.calendar import HolidayCalendar
from carefile.common.workdays import (
    add_working_days,
    england_bank_holidays,
    is_working_day,
    working_days_between,
)

# The England and Wales bank holidays as gov.uk publishes them (https://www.gov.uk/bank-holidays), written
# out by hand rather than computed, including every one-off and every substitute day. Where a holiday
# falls at a weekend only the substitute weekday is a bank holiday.
PUBLISHED_BANK_HOLIDAYS = {
    2019: {
        date(2019, 1, 1),  # New Year's Day
        date(2019, 4, 19),  # Good Friday
        date(2019, 4, 22),  # Easter Monday
        date(2019, 5, 6),  # Early May bank holiday
        date(2019, 5, 27),  # Spring bank holiday
        date(2019, 8, 26),  # Summer bank holiday
        date(2019, 12, 25),  # Christmas Day
        date(2019, 12, 26),  # Boxing Day
    },
    2020: {
        date(2020, 1, 1),  # New Year's Day
        date(2020, 4, 10),  # Good Friday
        date(2020, 4, 13),  # Easter Monday
        date(2020, 5, 8),  # Early May bank holiday (VE day), moved from Monday 4 May
        date(2020, 5, 25),  # Spring bank holiday
        date(2020, 8, 31),  # Summer bank holiday
        date(2020, 12, 25),  # Christmas Day
        date(2020, 12, 28),  # Boxing Day (substitute day)
    },
    2021: {
        date(2021, 1, 1),  # New Year's Day
        date(2021, 4, 2),  # Good Friday
        date(2021, 4, 5),  # Easter Monday
        date(2021, 5, 3),  # Early May bank holiday
        date(2021, 5, 31),  # Spring bank holiday
        date(2021, 8, 30),  # Summer bank holiday
        date(2021, 12, 27),  # Christmas Day (substitute day)
        date(2021, 12, 28),  # Boxing Day (substitute day)
    },
    2022: {
        date(2022, 1, 3),  # New Year's Day (substitute day)
        date(2022, 4, 15),  # Good Friday
        date(2022, 4, 18),  # Easter Monday
        date(2022, 5, 2),  # Early May bank holiday
        date(2022, 6, 2),  # Spring bank holiday, moved from Monday 30 May
        date(2022, 6, 3),  # Platinum Jubilee bank holiday
        date(2022, 8, 29),  # Summer bank holiday
        date(2022, 9, 19),  # Bank Holiday for the State Funeral of Queen Elizabeth II
        date(2022, 12, 26),  # Boxing Day
        date(2022, 12, 27),  # Christmas Day (substitute day)
    },
    2023: {
        date(2023, 1, 2),  # New Year's Day (substitute day)
        date(2023, 4, 7),  # Good Friday
        date(2023, 4, 10),  # Easter Monday
        date(2023, 5, 1),  # Early May bank holiday
        date(2023, 5, 8),  # Bank holiday for the coronation of King Charles III
        date(2023, 5, 29),  # Spring bank holiday
        date(2023, 8, 28),  # Summer bank holiday
        date(2023, 12, 25),  # Christmas Day
        date(2023, 12, 26),  # Boxing Day
    },
    2024: {
        date(2024, 1, 1),  # New Year's Day
        date(2024, 3, 29),  # Good Friday
        date(2024, 4, 1),  # Easter Monday
        date(2024, 5, 6),  # Early May bank holiday
        date(2024, 5, 27),  # Spring bank holiday
        date(2024, 8, 26),  # Summer bank holiday
        date(2024, 12, 25),  # Christmas Day
        date(2024, 12, 26),  # Boxing Day
    },
    2025: {
        date(2025, 1, 1),  # New Year's Day
        date(2025, 4, 18),  # Good Friday
        date(2025, 4, 21),  # Easter Monday
        date(2025, 5, 5),  # Early May bank holiday
        date(2025, 5, 26),  # Spring bank holiday
        date(2025, 8, 25),  # Summer bank holiday
        date(2025, 12, 25),  # Christmas Day
        date(2025, 12, 26),  # Boxing Day
    },
    2026: {
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # Early May bank holiday
        date(2026, 5, 25),  # Spring bank holiday
        date(2026, 8, 31),  # Summer bank holiday
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 28),  # Boxing Day (substitute day)
    },
    2027: {
        date(2027, 1, 1),  # New Year's Day
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 3),  # Early May bank holiday
        date(2027, 5, 31),  # Spring bank holiday
        date(2027, 8, 30),  # Summer bank holiday
        date(2027, 12, 27),  # Christmas Day (substitute day)
        date(2027, 12, 28),  # Boxing Day (substitute day)
    },
}

ENGLAND = HolidayCalendar(2010, 2040, added=set(), removed=set())
NO_HOLIDAYS: frozenset[date] = frozenset()


# --- Brute force: the definitions, one day at a time -------------------------------------------------


def brute_force_is_working_day(day: date, holidays) -> bool:
    return day.isoweekday() not in (6, 7) and day not in holidays


def brute_force_working_days_between(start: date, end: date, holidays) -> int:
    """Working days in (start, end], negated when end comes first."""
    first, last, sign = (start, end, 1) if start <= end else (end, start, -1)
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        if brute_force_is_working_day(day, holidays):
            count += 1
    return sign * count


def brute_force_add_working_days(start: date, n: int, holidays) -> date:
    """The one working day `d` for which `working_days_between(start, d) == n`, found by walking to it."""
    if n == 0:
        return start
    count = 0
    day = start
    while True:
        if n > 0:
            day += timedelta(days=1)
            count += brute_force_is_working_day(day, holidays)
        else:
            count -= brute_force_is_working_day(day, holidays)
            day -= timedelta(days=1)
        if brute_force_is_working_day(day, holidays) and count == n:
            return day


class OnlyContains:
    """A container that supports nothing but `in`, to prove no code path needs more."""

    def __init__(self, dates):
        self._dates = frozenset(dates)

    def __contains__(self, day: object) -> bool:
        return day in self._dates


# --- Strategies -----------------------------------------------------------------------------------------

days = st.dates(min_value=date(2012, 1, 1), max_value=date(2038, 12, 31))
counts = st.integers(min_value=-400, max_value=400)
three_years = st.integers(min_value=-3 * 366, max_value=3 * 366)


@st.composite
def random_holidays(draw, around: date | None = None):
    """Up to 60 random holidays within three years either side of `around` (weekends included, on purpose)."""
    centre = around or date(2025, 1, 1)
    near = st.dates(min_value=centre - timedelta(days=3 * 366), max_value=centre + timedelta(days=3 * 366))
    return draw(st.frozensets(near, max_size=60))


# --- The published bank holidays ------------------------------------------------------------------------


@pytest.mark.parametrize("year", sorted(PUBLISHED_BANK_HOLIDAYS))
def test_the_bank_holidays_for_each_year_are_exactly_those_gov_uk_publishes(year):
    published = PUBLISHED_BANK_HOLIDAYS[year]

    computed = england_bank_holidays([year])

    assert sorted(computed) == sorted(published)


def test_the_bank_holidays_for_a_span_of_years_are_the_published_ones_together():
    published = set().union(*PUBLISHED_BANK_HOLIDAYS.values())

    computed = england_bank_holidays(range(2019, 2028))

    assert computed == published


def test_a_holiday_falling_at_a_weekend_is_not_listed_only_its_substitute_is():
    christmas_day_2021, boxing_day_2021 = date(2021, 12, 25), date(2021, 12, 26)

    computed = england_bank_holidays([2021])

    assert christmas_day_2021 not in computed
    assert boxing_day_2021 not in computed
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= computed


def test_a_calendar_without_overrides_holds_exactly_the_published_bank_holidays():
    published = set().union(*PUBLISHED_BANK_HOLIDAYS.values())

    calendar = HolidayCalendar(2019, 2027, added=set(), removed=set())

    assert set(calendar) == published
    assert list(calendar) == sorted(published)


# --- Worked examples ------------------------------------------------------------------------------------


def test_one_working_day_after_christmas_eve_is_the_tuesday():
    christmas_eve = date(2026, 12, 24)  # a Thursday; Friday 25 and Monday 28 (Boxing Day substitute) are off

    result = add_working_days(christmas_eve, 1, holidays=ENGLAND)

    assert result == date(2026, 12, 29)
    assert result.strftime("%A") == "Tuesday"


def test_fifteen_working_days_from_a_strategy_discussion_before_easter_lands_on_wednesday_22_april():
    strategy_discussion = date(2026, 3, 30)  # Monday; Good Friday 3 April and Easter Monday 6 April are off

    deadline = add_working_days(strategy_discussion, 15, holidays=ENGLAND)

    assert deadline == date(2026, 4, 22)
    assert deadline.strftime("%A") == "Wednesday"
    assert working_days_between(strategy_discussion, deadline, holidays=ENGLAND) == 15
    # Without Easter it would have been two working days sooner.
    assert add_working_days(strategy_discussion, 15, holidays=NO_HOLIDAYS) == date(2026, 4, 20)


def test_forty_five_working_days_from_1_december_2025_spans_christmas_and_lands_on_thursday_5_february():
    referral = date(2025, 12, 1)  # Monday; 25 and 26 December and 1 January are off

    deadline = add_working_days(referral, 45, holidays=ENGLAND)

    assert deadline == date(2026, 2, 5)
    assert deadline.strftime("%A") == "Thursday"
    assert working_days_between(referral, deadline, holidays=ENGLAND) == 45
    assert add_working_days(referral, 45, holidays=NO_HOLIDAYS) == date(2026, 2, 2)


def test_one_working_day_after_a_friday_is_the_monday():
    friday = date(2026, 1, 9)

    result = add_working_days(friday, 1, holidays=ENGLAND)

    assert result == date(2026, 1, 12)


def test_one_working_day_before_a_monday_is_the_friday():
    monday = date(2026, 1, 12)

    result = add_working_days(monday, -1, holidays=ENGLAND)

    assert result == date(2026, 1, 9)


def test_a_weekend_start_counts_as_the_friday_before_it_in_both_directions():
    friday, saturday, sunday = date(2026, 1, 9), date(2026, 1, 10), date(2026, 1, 11)

    forwards = {start: add_working_days(start, 1, holidays=ENGLAND) for start in (friday, saturday, sunday)}
    backwards = {start: add_working_days(start, -1, holidays=ENGLAND) for start in (friday, saturday, sunday)}

    assert set(forwards.values()) == {date(2026, 1, 12)}  # Monday
    assert set(backwards.values()) == {date(2026, 1, 8)}  # Thursday
    assert working_days_between(saturday, date(2026, 1, 8), holidays=ENGLAND) == -1


def test_the_working_days_between_a_day_and_itself_are_none():
    day = date(2026, 12, 25)

    result = working_days_between(day, day, holidays=ENGLAND)

    assert result == 0


def test_a_bank_holiday_and_a_weekend_are_not_working_days_but_an_ordinary_weekday_is():
    good_friday, saturday, tuesday = date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 7)

    results = [is_working_day(day, holidays=ENGLAND) for day in (good_friday, saturday, tuesday)]

    assert results == [False, False, True]


def test_a_holidays_package_calendar_is_counted_for_years_nobody_has_looked_up_yet():
    # Its dict fills in years only when a date in them is looked up; counting must not rely on iterating it.
    fresh = holidays_lib.country_holidays("GB", subdiv="ENG")

    result = working_days_between(date(2025, 12, 1), date(2026, 2, 1), holidays=fresh)

    assert result == working_days_between(date(2025, 12, 1), date(2026, 2, 1), holidays=ENGLAND) == 41


# --- Properties -----------------------------------------------------------------------------------------


@given(start=days, n=st.integers(min_value=1, max_value=400))
def test_adding_working_days_always_lands_on_a_working_day(start, n):
    result = add_working_days(start, n, holidays=ENGLAND)

    assert is_working_day(result, holidays=ENGLAND)
    assert result > start


@given(start=days, n=st.integers(min_value=-400, max_value=-1))
def test_counting_back_working_days_always_lands_on_a_working_day(start, n):
    result = add_working_days(start, n, holidays=ENGLAND)

    assert is_working_day(result, holidays=ENGLAND)
    assert result < start


@given(start=days)
def test_adding_no_working_days_gives_the_same_day(start):
    result = add_working_days(start, 0, holidays=ENGLAND)

    assert result == start


@given(start=days, n=counts)
def test_working_days_between_a_day_and_n_working_days_later_is_n(start, n):
    end = add_working_days(start, n, holidays=ENGLAND)

    result = working_days_between(start, end, holidays=ENGLAND)

    assert result == n


@settings(deadline=None)
@given(start=days, n=counts, data=st.data())
def test_working_days_between_inverts_adding_them_with_any_holidays(start, n, data):
    holidays = data.draw(random_holidays(around=start))
    end = add_working_days(start, n, holidays=holidays)

    result = working_days_between(start, end, holidays=holidays)

    assert result == n


@given(start=days, end=days)
def test_working_days_between_is_antisymmetric(start, end):
    forwards = working_days_between(start, end, holidays=ENGLAND)

    backwards = working_days_between(end, start, holidays=ENGLAND)

    assert forwards == -backwards


@given(start=days, end=days, later=st.integers(min_value=0, max_value=800))
def test_working_days_between_never_falls_as_the_end_moves_later(start, end, later):
    later_end = end + timedelta(days=later)

    earlier_count = working_days_between(start, end, holidays=ENGLAND)
    later_count = working_days_between(start, later_end, holidays=ENGLAND)

    assert later_count >= earlier_count
    assert later_count - earlier_count <= later


@settings(deadline=None)
@given(start=days, span=three_years, data=st.data())
def test_working_days_between_agrees_with_counting_day_by_day(start, span, data):
    holidays = data.draw(random_holidays(around=start))
    end = start + timedelta(days=span)

    result = working_days_between(start, end, holidays=holidays)

    assert result == brute_force_working_days_between(start, end, holidays)


@settings(deadline=None)
@given(start=days, n=st.integers(min_value=-780, max_value=780), data=st.data())
def test_adding_working_days_agrees_with_walking_day_by_day(start, n, data):
    holidays = data.draw(random_holidays(around=start))

    result = add_working_days(start, n, holidays=holidays)

    assert result == brute_force_add_working_days(start, n, holidays)


@settings(deadline=None)
@given(start=days, span=three_years, n=counts, data=st.data())
def test_every_kind_of_holiday_container_gives_the_same_answers(start, span, n, data):
    holidays = data.draw(random_holidays(around=start))
    removed = data.draw(st.frozensets(st.sampled_from(sorted(ENGLAND.dates))))
    calendar = HolidayCalendar(start.year - 4, start.year + 4, added=set(holidays), removed=set(removed))
    end = start + timedelta(days=span)
    containers = [
        set(calendar.dates),
        calendar.dates,
        dict.fromkeys(calendar.dates),
        OnlyContains(calendar.dates),
    ]

    between = [working_days_between(start, end, holidays=c) for c in [calendar, *containers]]
    added = [add_working_days(start, n, holidays=c) for c in [calendar, *containers]]

    assert set(between) == {brute_force_working_days_between(start, end, calendar.dates)}
    assert set(added) == {brute_force_add_working_days(start, n, calendar.dates)}


@given(start=days, span=three_years)
def test_the_england_calendar_agrees_with_counting_day_by_day(start, span):
    end = start + timedelta(days=span)

    result = working_days_between(start, end, holidays=ENGLAND)

    assert result == brute_force_working_days_between(start, end, ENGLAND)
