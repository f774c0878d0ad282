"""The statutory timescales for children looked after, as pure functions of dates.

- Reviews (Care Planning, Placement and Case Review (England) Regulations 2010, reg 33): the first within 20
  working days of the child becoming looked after, the second within 3 months of the first, then at
  intervals of not more than 6 months. Short breaks (reg 48): the first within 3 months of the start of the
  first break, then at intervals of not more than 6 months.
- Visits (reg 28): see `next_lac_visit_due`.
- Return home interviews (statutory guidance on children who run away or go missing, 2014): offered within
  72 hours of the child's return.

Months are calendar months: the same day of the month, or its last day when the month is shorter (3 months
after 30 November is 28 or 29 February). Days and weeks are calendar days; only the 20 working days of the
first review skip weekends and England's bank holidays.
"""

from __future__ import annotations

import calendar
from collections.abc import Container, Iterable
from datetime import UTC, date, datetime, timedelta

from django.db import models

from carefile.common.deadlines import DeadlineState
from carefile.common.workdays import add_working_days

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
SHORT_BREAK_FIRST_REVIEW_MONTHS = 3
RETURN_INTERVIEW_HOURS = 72
RETURN_INTERVIEW_AMBER_HOURS = 24
MISSING_PROMPT_TIMES = 3
MISSING_PROMPT_DAYS = 30


def say_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the last day of that month if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def collection_year_of(day: date) -> tuple[date, date]:
    """The statutory collection year (1 April to 31 March) that `day` falls in."""
    first_year = day.year if day.month >= 4 else day.year - 1
    return date(first_year, 4, 1), date(first_year + 1, 3, 31)


# ---- reviews --------------------------------------------------------------------------------------------


def next_review_due(
    *, care_start: date, held: Iterable[date], holidays: Container[date], short_breaks: bool = False
) -> date:
    """When the next looked-after review is due, from the start of the period of care (or of the first
    short break) and the dates of the reviews held in it so far. Each interval runs from the review actually
    held, so a late review moves the ones after it."""
    dates = sorted(d for d in held if d >= care_start)
    if not dates:
        if short_breaks:
            return add_months(care_start, SHORT_BREAK_FIRST_REVIEW_MONTHS)
        return add_working_days(care_start, FIRST_REVIEW_WORKING_DAYS, holidays=holidays)
    if len(dates) == 1 and not short_breaks:
        return add_months(dates[0], SECOND_REVIEW_MONTHS)
    return add_months(dates[-1], LATER_REVIEW_MONTHS)


def review_label(*, held_count: int, short_breaks: bool = False) -> str:
    if held_count == 0:
        return "First looked-after review" + (" (short breaks)" if short_breaks else "")
    if held_count == 1 and not short_breaks:
        return "Second looked-after review"
    return "Next looked-after review"


# ---- visits (reg 28) ------------------------------------------------------------------------------------


class VisitRegime(models.TextChoices):
    """Which part of regulation 28 sets the visits. The worker chooses the first four; the others follow
    from the legal status and placement (see `visit_regime_for`)."""

    STANDARD = "", "Usual visits (regulation 28(2))"
    PARENT_BEFORE_ASSESSMENT = (
        "reg19",
        "Placed with a parent before the assessment was complete (regulation 19)",
    )
    CONNECTED_PERSON = (
        "reg24",
        "Placed with a temporarily approved relative, friend or connected person (regulation 24)",
    )
    OTHER_ARRANGEMENTS = (
        "reg28_6",
        "Someone else arranges where the child lives, for example custody (regulation 28(6))",
    )
    INTERIM_ORDER_WITH_PARENT = (
        "ico_parent",
        "Living with a parent under an interim care order (regulation 28(4))",
    )
    CARE_ORDER_WITH_PARENT = "co_parent", "Living with a parent under a care order (regulation 28(5))"
    SHORT_BREAKS = "short_breaks", "Short breaks (regulation 48)"


CHOSEN_REGIMES = [
    VisitRegime.STANDARD,
    VisitRegime.PARENT_BEFORE_ASSESSMENT,
    VisitRegime.CONNECTED_PERSON,
    VisitRegime.OTHER_ARRANGEMENTS,
]
WEEKLY_UNTIL_FIRST_REVIEW = {
    VisitRegime.PARENT_BEFORE_ASSESSMENT: timedelta(weeks=6),
    VisitRegime.CONNECTED_PERSON: timedelta(weeks=4),
    VisitRegime.INTERIM_ORDER_WITH_PARENT: timedelta(weeks=4),
}
WEEK = timedelta(weeks=1)
SIX_WEEKS = timedelta(weeks=6)
LONG_TERM_MONTHS = 3
SHORT_BREAK_FIRST_VISIT_MONTHS = 3
SHORT_BREAK_VISIT_MONTHS = 6


def visit_regime_for(*, legal_status: str, place: str, chosen: str = "") -> str:
    """The regime that applies: short breaks and a parent's care under a court order follow from the
    episode; otherwise what the worker chose (the usual one unless they chose another). Where two could apply,
    the one that asks for more visits wins: an interim order with a parent (weekly, then 4-weekly) over a
    placement with a parent before the assessment (weekly, then 6-weekly), and either of the weekly ones over a
    care order with a parent."""
    if legal_status in {"V3", "V4"}:
        return VisitRegime.SHORT_BREAKS
    if place == "P1" and legal_status == "C1":
        return VisitRegime.INTERIM_ORDER_WITH_PARENT
    if chosen in {VisitRegime.PARENT_BEFORE_ASSESSMENT, VisitRegime.CONNECTED_PERSON}:
        return chosen
    if place == "P1" and legal_status == "C2":
        return VisitRegime.CARE_ORDER_WITH_PARENT
    if chosen == VisitRegime.OTHER_ARRANGEMENTS or place == "R5":
        return VisitRegime.OTHER_ARRANGEMENTS
    return VisitRegime.STANDARD


def next_lac_visit_due(
    placement_start: date,
    last_visit_date: date | None,
    long_term: bool,
    today: date,
    *,
    regime: str = VisitRegime.STANDARD,
    first_review: date | None = None,
    order_date: date | None = None,
    agreed_interval_days: int | None = None,
) -> date:
    """The latest date the child's social worker may next visit them, under regulation 28.

    - `placement_start`: the day the current placement began (a change of legal status alone, a move with
      the same carer, and a temporary move and the return from it do not start a new placement).
    - `last_visit_date`: the last visit at which the child was seen; one before the placement began does
      not count.
    - `long_term`: the placement is intended to last until the child is 18 (agreed).
    - `today`: a first review dated after today has not happened yet.

    Usual visits (28(2)): within a week of the start of any placement; then at intervals of not more than 6
    weeks for the first year of the placement; after that not more than 3 months in a long-term placement
    and 6 weeks in any other. An interval is of the year in which it begins: the visit before the first
    anniversary sets the next within 6 weeks, the first visit on or after it within 3 months.

    Special cases:
    - placed with a parent before the assessment was complete (reg 19, 28(3)): weekly until the first
      review, then not more than 6 weeks;
    - a temporarily approved relative, friend or connected person (reg 24) or with a parent under an interim
      care order (28(4)): weekly until the first review, then not more than 4 weeks;
    - with a parent under a care order (28(5)): within a week of the order (`order_date`), then not more
      than 6 weeks;
    - someone else arranges where the child lives, such as a child in custody (28(6)): within a week, then
      not more than 6 weeks. The wording of 28(6) is not confirmed here, so it keeps the most frequent of the
      usual intervals rather than widen them;
    - short breaks (reg 48): on days the child is placed, at intervals agreed with the reviewing officer and
      parents (`agreed_interval_days`), and in any event the first within 3 months of the start of the first
      break and then not more than 6 months apart.
    Once the weekly visits end at the first review, the wider interval runs from the last weekly visit.
    """
    start = placement_start
    if regime == VisitRegime.CARE_ORDER_WITH_PARENT and order_date is not None:
        start = max(start, order_date)
    last = last_visit_date if last_visit_date is not None and last_visit_date >= start else None
    if regime == VisitRegime.SHORT_BREAKS:
        if last is None:
            return add_months(start, SHORT_BREAK_FIRST_VISIT_MONTHS)
        due = add_months(last, SHORT_BREAK_VISIT_MONTHS)
        if agreed_interval_days:
            due = min(due, last + timedelta(days=agreed_interval_days))
        return due
    if last is None:
        return start + WEEK
    if regime in WEEKLY_UNTIL_FIRST_REVIEW:
        review_held = first_review is not None and first_review <= today and first_review >= start
        if not review_held:
            return last + WEEK
        return last + WEEKLY_UNTIL_FIRST_REVIEW[regime]
    if regime in {VisitRegime.CARE_ORDER_WITH_PARENT, VisitRegime.OTHER_ARRANGEMENTS}:
        return last + SIX_WEEKS
    if last < add_years(start, 1):
        return last + SIX_WEEKS
    return add_months(last, LONG_TERM_MONTHS) if long_term else last + SIX_WEEKS


# ---- return home interviews -----------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    # Aware datetimes in one zone add and subtract by the wall clock; in UTC by real hours.
    return moment.astimezone(UTC)


def return_interview_due(returned_at: datetime) -> datetime:
    """72 real hours after the return, whether or not the clocks change in between."""
    return _utc(returned_at) + timedelta(hours=RETURN_INTERVIEW_HOURS)


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def _say_hours(hours: int) -> str:
    if hours >= 48:
        days, rest = divmod(hours, 24)
        return f"{days} days" + (f" {rest} hour{'s' if rest != 1 else ''}" if rest else "")
    return f"{hours} hour{'s' if hours != 1 else ''}"


def return_interview_state(
    *, returned_at: datetime, offered_at: datetime | None, now: datetime
) -> DeadlineState:
    """Red, amber or green for offering a return home interview within 72 hours of the child's return.
    Amber in the last 24 hours; the label counts hours, since the clock is in hours."""
    due, now = return_interview_due(returned_at), _utc(now)
    offered_at = _utc(offered_at) if offered_at is not None else None
    if offered_at is not None:
        if offered_at <= due:
            return DeadlineState("met", "green", "Offered in time")
        return DeadlineState(
            "met_late", "grey", f"Offered {_say_hours(max(1, _hours(offered_at - due)))} late"
        )
    if now > due:
        return DeadlineState("overdue", "red", f"Overdue by {_say_hours(max(1, _hours(now - due)))}")
    left = _hours(due - now)
    if left < RETURN_INTERVIEW_AMBER_HOURS:
        return DeadlineState("due_soon", "amber", f"Offer within {_say_hours(max(1, left))}")
    return DeadlineState("on_track", "green", f"Offer within {_say_hours(left)}")


# ---- going missing often --------------------------------------------------------------------------------


def missing_often(starts: Iterable[date], *, today: date) -> int:
    """How many times the child went missing or away in the 30 days up to today; the child's page prompts
    when this reaches 3."""
    since = today - timedelta(days=MISSING_PROMPT_DAYS)
    return sum(1 for d in starts if since < d <= today)


# ---- health (statutory guidance "Promoting the health and well-being of looked-after children") -----------

INITIAL_HEALTH_WORKING_DAYS = 20  # in time for the first review (CPPCR reg 7)
REVIEW_HEALTH_MONTHS_UNDER_5 = 6
REVIEW_HEALTH_MONTHS_FROM_5 = 12
DENTAL_MONTHS = 12
PATHWAY_PLAN_REVIEW_MONTHS = 6
PATHWAY_PLAN_AFTER_16_MONTHS = 3  # needs assessment within 3 months of turning 16, plan after it


def next_health_assessment_due(
    *, care_start: date, last_assessment: date | None, born: date | None, holidays: Container[date]
) -> tuple[str, date]:
    """The next health assessment of a child in care and what it is: the initial one within 20 working days of
    coming into care, then reviews at most 6-monthly while the child is under 5 and yearly from 5 (the age on
    the day of the last assessment decides)."""
    if last_assessment is None or last_assessment < care_start:
        return "Initial health assessment", add_working_days(
            care_start, INITIAL_HEALTH_WORKING_DAYS, holidays=holidays
        )
    under_5 = born is not None and add_years(born, 5) > last_assessment
    months = REVIEW_HEALTH_MONTHS_UNDER_5 if under_5 else REVIEW_HEALTH_MONTHS_FROM_5
    return "Review health assessment", add_months(last_assessment, months)


def next_dental_check_due(*, care_start: date, last_check: date | None) -> date:
    """A dental check at least once a year (from coming into care when none is recorded)."""
    basis = last_check if last_check is not None and last_check >= care_start else care_start
    return add_months(basis, DENTAL_MONTHS)


def next_pathway_plan_due(
    *, last_plan: date | None, born: date | None, left_care: date | None
) -> date | None:
    """A pathway plan reviewed at most every 6 months; the first within 3 months of the 16th birthday, or of
    leaving care for a young person who left without one."""
    if last_plan is not None:
        return add_months(last_plan, PATHWAY_PLAN_REVIEW_MONTHS)
    if born is None:
        return None
    first = add_months(add_years(born, 16), PATHWAY_PLAN_AFTER_16_MONTHS)
    if left_care is not None and left_care > first:
        return left_care
    return first


OC3_WINDOW_BEFORE_MONTHS = 3
OC3_WINDOW_AFTER_MONTHS = 1


def birthday_contact_window(born: date, age: int) -> tuple[date, date]:
    """The days around a care leaver's birthday when the return's contact may be made (about 3 months before to
    1 month after: specs/statutory-data.md §2.2, unverified)."""
    birthday = add_years(born, age)
    return add_months(birthday, -OC3_WINDOW_BEFORE_MONTHS), add_months(birthday, OC3_WINDOW_AFTER_MONTHS)
