"""WD(a, b) of indicators.md §0, fast enough to run over every assessment of a council.

The working days d with a < d <= b: Monday to Friday and not a bank holiday in England and Wales. The
holiday table is the council's calendar (`carefile.common.calendar.holiday_calendar`, the published list
with the council's overrides). A count that runs outside the years the table covers raises rather than
guesses.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta


class OutsideHolidayTable(ValueError):
    pass


class WorkingDays:
    def __init__(self, holidays, first_year: int | None = None, last_year: int | None = None):
        dates = getattr(holidays, "dates", holidays)
        self.first_year = first_year if first_year is not None else getattr(holidays, "first_year", None)
        self.last_year = last_year if last_year is not None else getattr(holidays, "last_year", None)
        if self.first_year is None or self.last_year is None:
            years = [d.year for d in dates]
            if not years:
                raise OutsideHolidayTable("The holiday table is empty")
            self.first_year, self.last_year = min(years), max(years)
        self._weekday_holidays = sorted(d for d in dates if d.weekday() < 5)

    def _check(self, day: date) -> None:
        if not (self.first_year <= day.year <= self.last_year):
            raise OutsideHolidayTable(
                f"{day:%d %B %Y} is outside the bank-holiday table ({self.first_year} to {self.last_year})"
            )

    def between(self, a: date, b: date) -> int:
        """WD(a, b): working days after `a` up to and including `b`; 0 when `b <= a`."""
        if b <= a:
            return 0
        self._check(a)
        self._check(b)
        weekdays = _weekdays_upto(b) - _weekdays_upto(a)
        hols = bisect_right(self._weekday_holidays, b) - bisect_right(self._weekday_holidays, a)
        return weekdays - hols


_MONDAY = date(2000, 1, 3)


def _weekdays_upto(day: date) -> int:
    """Weekdays in (_MONDAY - 1 day ... day], a running count whose differences count weekdays."""
    days = (day - _MONDAY).days + 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


def working_days(holidays=None) -> WorkingDays:
    if holidays is None:
        from carefile.common.calendar import holiday_calendar

        holidays = holiday_calendar()
    return WorkingDays(holidays)


__all__ = ["OutsideHolidayTable", "WorkingDays", "working_days", "timedelta"]
