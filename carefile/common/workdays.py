"""Working days in England and Wales: weekdays that are not bank holidays.

Pure functions of dates and a holiday calendar. The calendar comes from the `holidays` package
(England's bank holidays, which England and Wales share) adjusted by the council's override table
(`common.BankHolidayOverride`): see `carefile.common.calendar.holiday_calendar`.
"""

from collections.abc import Container, Iterable
from datetime import date, timedelta

import holidays as holidays_lib


def england_bank_holidays(years: Iterable[int]) -> set[date]:
    """The bank holidays gov.uk publishes for England and Wales in `years`.

    The `holidays` package also lists the weekend date a bank holiday is moved off (Christmas Day on a
    Saturday as well as its Monday substitute). gov.uk publishes only the substitute day, and a weekend
    is never a working day anyway, so weekend dates are left out.
    """
    calendar = holidays_lib.country_holidays("GB", subdiv="ENG", years=list(years))
    return {day for day in calendar if day.weekday() < 5}


def is_working_day(day: date, *, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, *, holidays: Container[date]) -> date:
    """The date `days` working days after `start`; counting forwards, `start` itself is not counted.

    `add_working_days(friday, 1)` is the next Monday (if it is not a bank holiday). Zero days gives
    `start` itself. Negative days count backwards, and are the exact inverse of counting forwards: the
    result is the working day `d` with `working_days_between(d, start) == -days`. A `start` at a weekend
    counts as the working day before it, so one working day before a Saturday (or a Monday) is the
    Thursday (or the Friday) — just as one working day after a Saturday is the Monday, as after a Friday.
    """
    if days >= 0:
        remaining = days
        day = start
        while remaining:
            day += timedelta(days=1)
            if is_working_day(day, holidays=holidays):
                remaining -= 1
        return day
    # Walk back over (result, start]: `start` itself is counted if it is a working day, and the result
    # is the first working day before the last of the `-days` working days counted.
    remaining = -days
    day = start
    while True:
        if is_working_day(day, holidays=holidays):
            if not remaining:
                return day
            remaining -= 1
        day -= timedelta(days=1)


def working_days_between(start: date, end: date, *, holidays: Container[date]) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`).

    The inverse of `add_working_days`: `working_days_between(d, add_working_days(d, n)) == n`.
    """
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    total_days = (end - start).days
    full_weeks, rest = divmod(total_days, 7)
    count = full_weeks * 5
    day = start + timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    # Bank holidays falling on weekdays in (start, end] are not working days.
    count -= sum(1 for h in _holidays_in(holidays, start, end) if h.weekday() < 5)
    return count


def _holidays_in(holidays: Container[date], start: date, end: date) -> Iterable[date]:
    holidays = getattr(holidays, "dates", holidays)
    # A `holidays` package calendar is a dict, but it fills in years lazily on lookup: iterating it would
    # miss every year nobody has asked about yet, so it is asked about day by day like any container.
    if isinstance(holidays, set | frozenset | dict) and not isinstance(holidays, holidays_lib.HolidayBase):
        return [h for h in holidays if start < h <= end]
    return [
        start + timedelta(days=i)
        for i in range(1, (end - start).days + 1)
        if start + timedelta(days=i) in holidays
    ]
