"""Assessment reads: the clocks of many children at once, a child's assessments, the CIN census view."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Prefetch, QuerySet

from carefile.common.deadlines import DeadlineState, deadline_status
from carefile.common.workdays import working_days_between

from .codes import Status
from .models import (
    ASSESSMENT_WORKING_DAYS,
    COMPLETION_AMBER_WITHIN,
    REVIEW_AMBER_WITHIN,
    Assessment,
    AssessmentFactor,
    InternalReview,
    factor_sort_key,
)


def completion_state(assessment: Assessment, *, today: date, holidays: Container[date]) -> DeadlineState:
    """The 45-working-day clock: green, amber within 5 working days of the due date, red when overdue."""
    return deadline_status(
        due=assessment.due_date,
        today=today,
        done_on=assessment.authorised_on,
        amber_within=COMPLETION_AMBER_WITHIN,
        holidays=holidays,
    )


def review_state(review: InternalReview, *, today: date, holidays: Container[date]) -> DeadlineState:
    return deadline_status(
        due=review.due_date,
        today=today,
        done_on=review.held_on,
        amber_within=REVIEW_AMBER_WITHIN,
        holidays=holidays,
    )


def working_days_taken(assessment: Assessment, *, holidays: Container[date]) -> int | None:
    """Working days from day 0 of the clock to authorisation (the DfE timeliness measure), once authorised."""
    if assessment.authorised_on is None:
        return None
    return working_days_between(assessment.clock_start, assessment.authorised_on, holidays=holidays)


def on_time(assessment: Assessment, *, holidays: Container[date]) -> bool | None:
    taken = working_days_taken(assessment, holidays=holidays)
    return None if taken is None else taken <= ASSESSMENT_WORKING_DAYS


@dataclass(frozen=True)
class OpenAssessmentClock:
    assessment_id: int
    child_id: int
    label: str
    due: date
    state: DeadlineState


def open_assessment_clocks(
    *, child_ids: Iterable[int], today: date, holidays: Container[date]
) -> list[OpenAssessmentClock]:
    """The completion clock of every unauthorised assessment of these children, and each of its internal
    reviews not yet held. Two queries however many children."""
    ids = list(child_ids)
    clocks: list[OpenAssessmentClock] = []
    rows = (
        Assessment.objects.open().filter(child_id__in=ids).values_list("pk", "child_id", "due_date", "status")
    )
    for pk, child_id, due, status in rows:
        label = "Assessment: authorise" if status == Status.SUBMITTED else "Assessment: complete"
        clocks.append(
            OpenAssessmentClock(
                assessment_id=pk,
                child_id=child_id,
                label=f"{label} within 45 working days",
                due=due,
                state=deadline_status(
                    due=due, today=today, amber_within=COMPLETION_AMBER_WITHIN, holidays=holidays
                ),
            )
        )
    reviews = (
        InternalReview.objects.filter(
            assessment__child_id__in=ids,
            held_on__isnull=True,
            assessment__status__in=[Status.DRAFT, Status.SUBMITTED],
        )
        .values_list("assessment_id", "assessment__child_id", "name", "due_date")
        .order_by("due_date")
    )
    for assessment_id, child_id, name, due in reviews:
        clocks.append(
            OpenAssessmentClock(
                assessment_id=assessment_id,
                child_id=child_id,
                label=f"Assessment: {name.lower()}",
                due=due,
                state=deadline_status(
                    due=due, today=today, amber_within=REVIEW_AMBER_WITHIN, holidays=holidays
                ),
            )
        )
    return clocks


def assessments_for_child(*, child) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(child=child)
        .select_related("referral", "started_by", "authorised_by")
        .prefetch_related("factors")
        .order_by("-start_date", "-id")
    )


def assessment_detail(assessment_id: int) -> Assessment | None:
    return (
        Assessment.objects.select_related(
            "child", "referral", "referral__team", "started_by", "submitted_by", "authorised_by"
        )
        .prefetch_related(
            "factors",
            Prefetch("reviews", queryset=InternalReview.objects.select_related("recorded_by")),
            "returns__by",
            "corrections__by",
        )
        .filter(pk=assessment_id)
        .first()
    )


@dataclass(frozen=True)
class CensusAssessment:
    """One `<Assessments>` block of the CIN census."""

    referral_id: int
    start_date: date
    internal_review_date: date | None
    authorisation_date: date | None
    factors: list[str]


def census_assessments(*, referral_ids: Iterable[int]) -> dict[int, list[CensusAssessment]]:
    """The assessments of these episodes as the CIN census reports them, in two queries.

    Factors are reported only for authorised assessments (rule 8614); the internal review date is the
    latest review held.
    """
    ids = list(referral_ids)
    rows = list(
        Assessment.objects.filter(referral_id__in=ids)
        .annotate(last_review=Max("reviews__held_on"))
        .values_list("pk", "referral_id", "start_date", "last_review", "authorised_on")
        .order_by("referral_id", "start_date", "pk")
    )
    factors: dict[int, list[str]] = defaultdict(list)
    for assessment_id, code in AssessmentFactor.objects.filter(
        assessment_id__in=[r[0] for r in rows], assessment__status=Status.AUTHORISED
    ).values_list("assessment_id", "code"):
        factors[assessment_id].append(code)
    result: dict[int, list[CensusAssessment]] = defaultdict(list)
    for pk, referral_id, start, review, authorised in rows:
        result[referral_id].append(
            CensusAssessment(
                referral_id=referral_id,
                start_date=start,
                internal_review_date=review,
                authorisation_date=authorised,
                factors=sorted(factors.get(pk, []), key=factor_sort_key),
            )
        )
    return dict(result)
