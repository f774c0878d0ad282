"""Child protection due dates: pure functions of the recorded dates and the holiday calendar.

Working-day deadlines come from `add_working_days`, which only ever lands on a working day, so an initial
conference target is never a weekend or a bank holiday (CIN census 8870Q). Deadlines in weeks or months
("within 3 months", "at least every 6 weeks") that fall on a weekend or bank holiday move to the working day
before: the meeting must be held by then, and nobody meets on Christmas Day.
"""

from collections.abc import Container
from datetime import date, timedelta

from carefile.common.workdays import add_working_days, is_working_day
from carefile.plans.schedule import add_months

from .models import (
    FIRST_CORE_GROUP_WORKING_DAYS,
    FIRST_REVIEW_MONTHS,
    ICPC_WORKING_DAYS,
    REVIEW_EVERY_MONTHS,
    TRANSFER_IN_WORKING_DAYS,
)


def working_day_on_or_before(day: date, *, holidays: Container[date]) -> date:
    while not is_working_day(day, holidays=holidays):
        day -= timedelta(days=1)
    return day


def icpc_target(s47_start: date, *, holidays: Container[date]) -> date:
    """InitialCPCtarget: 15 working days after the strategy discussion that began the enquiry."""
    return add_working_days(s47_start, ICPC_WORKING_DAYS, holidays=holidays)


def transfer_in_target(notified_on: date, *, holidays: Container[date]) -> date:
    """A transfer-in conference within 15 working days of being told the child has moved here."""
    return add_working_days(notified_on, TRANSFER_IN_WORKING_DAYS, holidays=holidays)


def enquiry_due(s47_start: date, *, working_days: int, holidays: Container[date]) -> date:
    """When the enquiry's outcome should be signed off (a local standard)."""
    return add_working_days(s47_start, working_days, holidays=holidays)


def first_core_group_due(plan_start: date, *, holidays: Container[date]) -> date:
    """The first core group: within 10 working days of the conference that started the plan."""
    return add_working_days(plan_start, FIRST_CORE_GROUP_WORKING_DAYS, holidays=holidays)


def next_core_group_due(
    *, plan_start: date, last_held: date | None, every_weeks: int, holidays: Container[date]
) -> date:
    """The next core group: the first within 10 working days, then at least every `every_weeks` weeks."""
    if last_held is None:
        return first_core_group_due(plan_start, holidays=holidays)
    return working_day_on_or_before(last_held + timedelta(weeks=every_weeks), holidays=holidays)


def next_review_conference_due(
    *, plan_start: date, last_review: date | None, holidays: Container[date]
) -> date:
    """The first review conference within 3 months of the plan's start, then at most every 6 months."""
    if last_review is None:
        due = add_months(plan_start, FIRST_REVIEW_MONTHS)
    else:
        due = add_months(last_review, REVIEW_EVERY_MONTHS)
    return working_day_on_or_before(due, holidays=holidays)
