"""The council's holiday calendar: England's bank holidays plus the override table."""

from datetime import date
from functools import lru_cache

from .workdays import england_bank_holidays


@lru_cache(maxsize=8)
def _published(first_year: int, last_year: int) -> frozenset[date]:
    return frozenset(england_bank_holidays(range(first_year, last_year + 1)))


class HolidayCalendar:
    """A container of non-working dates, built for a span of years."""

    def __init__(self, first_year: int, last_year: int, *, added: set[date], removed: set[date]):
        self.first_year, self.last_year = first_year, last_year
        self.dates = frozenset((_published(first_year, last_year) | added) - removed)

    def __contains__(self, day: object) -> bool:
        return day in self.dates

    def __iter__(self):
        return iter(sorted(self.dates))


def holiday_calendar(first_year: int = 2010, last_year: int = 2040) -> HolidayCalendar:
    """Bank holidays for the span, with the council's one-off additions and removals applied."""
    from .models import BankHolidayOverride

    added: set[date] = set()
    removed: set[date] = set()
    for day, is_holiday in BankHolidayOverride.objects.values_list("date", "is_holiday"):
        (added if is_holiday else removed).add(day)
    return HolidayCalendar(first_year, last_year, added=added, removed=removed)
