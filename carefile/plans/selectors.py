"""Plan reads: a child's plans, review dates, actions due, and the state of both clocks for many children."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from carefile.common.deadlines import DeadlineState, deadline_status

from .models import (
    DEFAULT_REVIEW_CADENCE,
    DEFAULT_REVIEW_DUE_SOON_WORKING_DAYS,
    OPEN_ACTION_STATUSES,
    Plan,
    PlanAction,
    PlanKind,
    PlanReview,
    PlanReviewCadence,
    PlanStatus,
)
from .schedule import next_review_due


@dataclass(frozen=True)
class Cadence:
    first_review_months: int
    review_every_months: int
    due_soon_working_days: int


def review_cadences() -> dict[str, Cadence]:
    """The review timescales of every kind of plan: the council's settings over the defaults (one query)."""
    cadences = {
        kind: Cadence(first, every, DEFAULT_REVIEW_DUE_SOON_WORKING_DAYS)
        for kind, (first, every) in DEFAULT_REVIEW_CADENCE.items()
    }
    for row in PlanReviewCadence.objects.all():
        cadences[row.kind] = Cadence(
            row.first_review_months, row.review_every_months, row.due_soon_working_days
        )
    return cadences


def review_cadence(kind: str) -> Cadence:
    return review_cadences()[kind]


def _latest_next_review() -> Subquery:
    latest = PlanReview.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-id")
    return Subquery(latest.values("next_review_on")[:1])


def plans_with_next_review() -> QuerySet[Plan]:
    return Plan.objects.annotate(latest_next_review=_latest_next_review())


def plan_next_review(plan: Plan) -> date | None:
    """When the plan's next review is due; None for a draft or an ended plan."""
    if plan.status != PlanStatus.ACTIVE:
        return None
    if hasattr(plan, "latest_next_review"):
        latest = plan.latest_next_review
    else:
        latest = (
            PlanReview.objects.filter(plan=plan)
            .order_by("-held_on", "-id")
            .values_list("next_review_on", flat=True)
            .first()
        )
    return next_review_due(
        start=plan.start, first_review_months=plan.first_review_months, latest_next_review=latest
    )


def review_state(*, due: date, today: date, holidays: Container[date], due_soon: int) -> DeadlineState:
    return deadline_status(due=due, today=today, amber_within=due_soon, holidays=holidays)


def current_plan(child, kind: str = PlanKind.CHILD_IN_NEED) -> Plan | None:
    """The child's open plan of this kind (a draft or a finalised plan), or None."""
    return plans_with_next_review().filter(child=child, kind=kind, end__isnull=True).first()


def plan_for_child(child, plan_id: int) -> Plan | None:
    return plans_with_next_review().filter(child=child, pk=plan_id).first()


def plans_of_child(child) -> QuerySet[Plan]:
    return Plan.objects.filter(child=child).select_related("episode").order_by("-created_at", "-id")


def plan_in_full(plan: Plan) -> Plan:
    """The plan with its outcomes, actions (and owners), reviews and corrections loaded."""
    actions = PlanAction.objects.select_related("owner_staff", "outcome", "added_at_review").order_by(
        "position", "id"
    )
    fetched = (
        plans_with_next_review()
        .select_related("child", "episode", "created_by", "finalised_by", "ended_by")
        .prefetch_related(
            "outcomes",
            Prefetch("actions", queryset=actions),
            Prefetch(
                "reviews", queryset=PlanReview.objects.select_related("recorded_by").order_by("held_on", "id")
            ),
            "corrections__by",
        )
        .get(pk=plan.pk)
    )
    return fetched


def actions_due(children: Iterable, today: date, *, within_days: int = 14) -> dict[int, list[PlanAction]]:
    """Open actions on children's finalised plans that are overdue or due within `within_days`, soonest first.

    One query for any number of children; each action carries `overdue` (due before today) and `child_id`.
    """
    ids = [getattr(c, "pk", c) for c in children]
    rows = (
        PlanAction.objects.filter(
            plan__child_id__in=ids,
            plan__status=PlanStatus.ACTIVE,
            status__in=OPEN_ACTION_STATUSES,
            due__lte=today + timedelta(days=within_days),
        )
        .select_related("owner_staff", "plan")
        .order_by("due", "position", "id")
    )
    result: dict[int, list[PlanAction]] = {pk: [] for pk in ids}
    for action in rows:
        action.overdue = action.due < today
        action.child_id = action.plan.child_id
        result.setdefault(action.plan.child_id, []).append(action)
    return result


@dataclass(frozen=True)
class PlanClockFacts:
    plan_id: int
    child_id: int
    kind: str
    next_review: date
    overdue_actions: int
    earliest_overdue: date | None


def plan_clock_facts(children: Iterable, today: date) -> list[PlanClockFacts]:
    """For each finalised plan of these children: next review due and overdue actions. Two queries."""
    ids = [getattr(c, "pk", c) for c in children]
    plans = list(
        plans_with_next_review()
        .filter(child_id__in=ids, status=PlanStatus.ACTIVE)
        .values_list("pk", "child_id", "kind", "start", "first_review_months", "latest_next_review")
    )
    if not plans:
        return []
    overdue: dict[int, list[date]] = {}
    for plan_id, due in (
        PlanAction.objects.filter(
            plan_id__in=[p[0] for p in plans], status__in=OPEN_ACTION_STATUSES, due__lt=today
        )
        .order_by("due")
        .values_list("plan_id", "due")
    ):
        overdue.setdefault(plan_id, []).append(due)
    return [
        PlanClockFacts(
            plan_id=pk,
            child_id=child_id,
            kind=kind,
            next_review=next_review_due(start=start, first_review_months=first, latest_next_review=latest),
            overdue_actions=len(overdue.get(pk, [])),
            earliest_overdue=overdue[pk][0] if pk in overdue else None,
        )
        for pk, child_id, kind, start, first, latest in plans
    ]


def plans_in_period(*, kind: str, first_day: date, last_day: date) -> QuerySet[Plan]:
    """Finalised plans of a kind that were open, or ended, from `first_day` to `last_day` inclusive (a census
    year): a plan ending on `first_day` belongs to that year's return, as its end date falls in it. `start` and
    `end` are the census CINPlanStartDate and CINPlanEndDate."""
    return (
        Plan.objects.filter(kind=kind, start__lte=last_day)
        .exclude(status=PlanStatus.DRAFT)
        .filter(Q(end__isnull=True) | Q(end__gte=first_day))
        .order_by("child_id", "start", "id")
    )
