"""Week counts and the statutory and local limits of legal work, as pure functions.

- Care proceedings must conclude within 26 weeks of the application (Children and Families Act 2014, s.14(1)):
  26 calendar weeks, so the target date is the application date plus 182 days. Courts count weeks, not working
  days: bank holidays do not extend it.
- Pre-proceedings (Public Law Outline): the council's own limit (default 16 weeks, `LEGAL_PRE_PROCEEDINGS_LIMIT_WEEKS`)
  and review interval (default 6 weeks, `LEGAL_PRE_PROCEEDINGS_REVIEW_WEEKS`), both from the start.
"""

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from carefile.common.deadlines import DeadlineState, deadline_status

PROCEEDINGS_TARGET_WEEKS = 26
# Amber for the last four weeks before a limit, in working days (deadline_status counts working days).
AMBER_WORKING_DAYS = 20


def pre_proceedings_limit_weeks() -> int:
    return int(getattr(settings, "LEGAL_PRE_PROCEEDINGS_LIMIT_WEEKS", 16))


def pre_proceedings_review_weeks() -> int:
    return int(getattr(settings, "LEGAL_PRE_PROCEEDINGS_REVIEW_WEEKS", 6))


def weeks_elapsed(start: date, on: date) -> int:
    """Whole weeks completed from `start` to `on` (0 in the first week)."""
    return max((on - start).days, 0) // 7


def week_number(start: date, on: date) -> int:
    """The week the case is in, as courts say it: week 1 is the first seven days."""
    return weeks_elapsed(start, on) + 1


def proceedings_target(application_on: date) -> date:
    return application_on + timedelta(weeks=PROCEEDINGS_TARGET_WEEKS)


def pre_proceedings_limit(started_on: date) -> date:
    return started_on + timedelta(weeks=pre_proceedings_limit_weeks())


def next_pre_proceedings_review(started_on: date, last_review_on: date | None) -> date:
    return (last_review_on or started_on) + timedelta(weeks=pre_proceedings_review_weeks())


@dataclass(frozen=True)
class Progress:
    weeks: int
    target: date
    state: DeadlineState

    @property
    def drifting(self) -> bool:
        return self.state.rag == "red" or self.state.state == "met_late"


def proceedings_progress(
    *, application_on: date, concluded_on: date | None, today: date, holidays: Container[date]
) -> Progress:
    """Weeks elapsed (to the final order when there is one) and red/amber/green against the 26-week target."""
    target = proceedings_target(application_on)
    state = deadline_status(
        due=target, today=today, done_on=concluded_on, amber_within=AMBER_WORKING_DAYS, holidays=holidays
    )
    return Progress(weeks=weeks_elapsed(application_on, concluded_on or today), target=target, state=state)


def pre_proceedings_progress(
    *, started_on: date, ended_on: date | None, today: date, holidays: Container[date]
) -> Progress:
    target = pre_proceedings_limit(started_on)
    state = deadline_status(
        due=target, today=today, done_on=ended_on, amber_within=AMBER_WORKING_DAYS, holidays=holidays
    )
    return Progress(weeks=weeks_elapsed(started_on, ended_on or today), target=target, state=state)
