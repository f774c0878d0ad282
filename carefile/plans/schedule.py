"""Review dates: pure functions of the plan's dates and its cadence in months."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(*, start: date, first_review_months: int, latest_next_review: date | None = None) -> date:
    """When the next review is due: as the last review set it, or `first_review_months` after the start."""
    if latest_next_review is not None:
        return latest_next_review
    return add_months(start, first_review_months)


def default_next_review(*, held_on: date, review_every_months: int) -> date:
    """The review after one held on `held_on`, on the plan's cadence."""
    return add_months(held_on, review_every_months)


def review_schedule(
    *, start: date, first_review_months: int, review_every_months: int, until: date
) -> list[date]:
    """Every review date on cadence from `start` up to and including `until` (for planning and seeding)."""
    dates: list[date] = []
    while (due := add_months(start, first_review_months + len(dates) * review_every_months)) <= until:
        dates.append(due)
    return dates
