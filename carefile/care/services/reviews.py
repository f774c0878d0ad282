"""Looked-after reviews, their recommendations, and the reviewing officer's allocation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from carefile.common import chronology
from carefile.people.models import Person
from carefile.workforce.models import Allocation, AllocationChangeReason, AllocationRole, Role, Staff
from carefile.workforce.services import AllocationError, case_allocate

from .. import codes
from ..models import (
    CareEvent,
    CareReview,
    PeriodOfCare,
    RecommendationStatus,
    ReviewRecommendation,
)
from ..timescales import add_months, say_date
from .base import (
    CareError,
    _lock_child,
    _not_future,
    _period_on,
)

# ---- reviews --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    what: str
    due: date
    owner_staff: Staff | None = None
    owner_name: str = ""


def _short_break_series_on(child: Person, day: date) -> PeriodOfCare | None:
    """For a child on a series of V3 short breaks, reviewed between breaks: the last break before `day`, if it
    ended within the last 6 months."""
    period = (
        PeriodOfCare.objects.filter(child=child, short_breaks=True, end__lte=day, episodes__legal_status="V3")
        .order_by("-start")
        .first()
    )
    if period is not None and add_months(period.end, 6) >= day:
        return period
    return None


@transaction.atomic
def iro_allocate(
    *, child: Person, iro: Staff, by: Staff | None, at: datetime, reason: str = ""
) -> Allocation:
    """Allocate the child an independent reviewing officer (an allocation with the reviewing officer role)."""
    if iro.role != Role.REVIEWING_OFFICER:
        raise CareError(f"{iro} is not an independent reviewing officer", "reviewing_officer")
    current = Allocation.objects.filter(
        child=child, role=AllocationRole.REVIEWING_OFFICER, end__isnull=True
    ).exists()
    try:
        return case_allocate(
            child=child,
            worker=iro,
            by=by,
            at=at,
            reason=reason
            or (AllocationChangeReason.CASELOAD if current else AllocationChangeReason.NEW_CASE),
            role=AllocationRole.REVIEWING_OFFICER,
        )
    except AllocationError as error:
        raise CareError(str(error), "reviewing_officer") from error


@transaction.atomic
def review_record(
    *,
    child: Person,
    held_on: date,
    reviewing_officer: Staff,
    participation: str,
    child_views: str = "",
    summary: str = "",
    recommendations: Iterable[Recommendation] = (),
    by: Staff,
    at: datetime,
) -> CareReview:
    """A looked-after review held on `held_on`, with the child's participation (PN0–PN7), their views and the
    review's recommendations. The first review of a child without a reviewing officer allocates the one who
    chaired it."""
    child = _lock_child(child)
    _not_future(held_on, at, "The date of the review", "held_on")
    period = _period_on(child, held_on) or _short_break_series_on(child, held_on)
    if period is None:
        raise CareError(f"{child.given_name} was not looked after on {say_date(held_on)}", "held_on")
    if reviewing_officer.role != Role.REVIEWING_OFFICER:
        raise CareError(f"{reviewing_officer} is not an independent reviewing officer", "reviewing_officer")
    if participation not in codes.Participation.values:
        raise CareError("Choose how the child took part", "participation")
    age = child.age_on(held_on)
    if age is not None and age < 4 and participation != "PN0":
        raise CareError(
            f"{child.given_name} was under 4 at the review: choose PN0 (rule 441)", "participation"
        )
    if age is not None and age >= 4 and participation == "PN0":
        raise CareError("PN0 is only for a child under 4 (rule 440)", "participation")
    recommendations = list(recommendations)
    for rec in recommendations:
        if not rec.what.strip():
            raise CareError("Say what each recommendation is", "recommendations")
        if rec.due < held_on:
            raise CareError("A recommendation is due on or after the day of the review", "recommendations")
        if (rec.owner_staff is None) == (not rec.owner_name.strip()):
            raise CareError(
                "Give each recommendation one owner: a member of staff or a name", "recommendations"
            )
    try:
        with transaction.atomic():
            review = CareReview.objects.create(
                child=child,
                period=period,
                held_on=held_on,
                reviewing_officer=reviewing_officer,
                participation=participation,
                child_views=child_views.strip(),
                summary=summary.strip(),
                recorded_by=by,
                recorded_at=at,
            )
    except IntegrityError as error:
        raise CareError(f"A review held on {say_date(held_on)} is already recorded", "held_on") from error
    ReviewRecommendation.objects.bulk_create(
        ReviewRecommendation(
            review=review,
            what=rec.what.strip(),
            owner_staff=rec.owner_staff,
            owner_name="" if rec.owner_staff else rec.owner_name.strip(),
            due=rec.due,
        )
        for rec in recommendations
    )
    if (
        period.end is None
        and not Allocation.objects.filter(
            child=child, role=AllocationRole.REVIEWING_OFFICER, end__isnull=True
        ).exists()
    ):
        iro_allocate(child=child, iro=reviewing_officer, by=by, at=at)
    n = len(recommendations)
    chronology.record(
        person=child,
        kind=CareEvent.REVIEW_HELD,
        by=by,
        at=at,
        summary=(
            f"Looked-after review on {say_date(held_on)} chaired by {reviewing_officer}: "
            f"{codes.Participation(participation).label.split(' – ', 1)[1].lower()}; "
            f"{n} recommendation{'s' if n != 1 else ''}"
        )[:300],
        data={"review": review.pk},
    )
    return review


@transaction.atomic
def recommendation_update(
    *,
    recommendation: ReviewRecommendation,
    status: str,
    completed_on: date | None = None,
    not_done_reason: str = "",
    by: Staff,
    at: datetime,
) -> ReviewRecommendation:
    rec = ReviewRecommendation.objects.select_for_update().select_related("review").get(pk=recommendation.pk)
    if status not in RecommendationStatus.values:
        raise CareError("Choose where the recommendation has got to", "status")
    if status == RecommendationStatus.DONE:
        if completed_on is None:
            raise CareError("Enter the date it was done", "completed_on")
        _not_future(completed_on, at, "The date it was done", "completed_on")
        if completed_on < rec.review.held_on:
            raise CareError("It cannot have been done before the review", "completed_on")
    else:
        completed_on = None
    if status == RecommendationStatus.NOT_DONE and not not_done_reason.strip():
        raise CareError("Say why it was not done", "not_done_reason")
    rec.status, rec.completed_on = status, completed_on
    rec.not_done_reason = not_done_reason.strip() if status == RecommendationStatus.NOT_DONE else ""
    rec.updated_by, rec.updated_at = by, at
    rec.save()
    chronology.record(
        person=rec.review.child,
        kind=CareEvent.RECOMMENDATION_UPDATED,
        by=by,
        at=at,
        summary=f"Review recommendation {RecommendationStatus(status).label.lower()}: {rec.what}"[:300],
        data={"recommendation": rec.pk, "status": status},
    )
    return rec
