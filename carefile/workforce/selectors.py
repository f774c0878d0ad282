"""Caseloads, teams and allocation history."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from .models import DEFAULT_CASE_WEIGHTS, Allocation, AllocationRole, CaseWeight, Staff, Team


def _day_end(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def open_on(on: date) -> Q:
    """Allocations open at the end of `on`."""
    end_of_day = _day_end(on)
    return Q(start__lt=end_of_day) & (Q(end__isnull=True) | Q(end__gte=end_of_day))


def case_weights() -> dict[str, Decimal]:
    weights = dict(DEFAULT_CASE_WEIGHTS)
    weights.update(CaseWeight.objects.values_list("case_status", "weight"))
    return weights


def caseload_weight(*, worker: Staff, on: date, weights: dict[str, Decimal] | None = None) -> Decimal:
    """The worker's weighted caseload that day: each child allocated to them as social worker, weighted by case status."""
    return weighted_caseloads(workers=[worker], on=on, weights=weights).get(worker.pk, Decimal(0))


def weighted_caseloads(*, workers, on: date, weights: dict[str, Decimal] | None = None) -> dict[int, Decimal]:
    """Weighted caseload per worker id, in one query."""
    weights = weights if weights is not None else case_weights()
    rows = (
        Allocation.objects.filter(
            open_on(on), worker__in=[w.pk for w in workers], role=AllocationRole.SOCIAL_WORKER
        )
        .values("worker_id", "child__case_status")
        .annotate(n=Count("id"))
    )
    loads: dict[int, Decimal] = {}
    for row in rows:
        weight = weights.get(row["child__case_status"], Decimal(1))
        loads[row["worker_id"]] = loads.get(row["worker_id"], Decimal(0)) + weight * row["n"]
    return loads


def clock_counts(*, workers, on: date, holidays) -> dict[int, tuple[int, int]]:
    """Per worker id, how many open clocks of the children they hold as social worker are overdue (red) and
    due soon (amber), from every registered clock provider: a fixed number of queries for any team size."""
    from carefile.common.extensions import open_clocks

    held = list(
        Allocation.objects.filter(open_on(on), worker__in=list(workers), role=AllocationRole.SOCIAL_WORKER)
        .select_related("child")
        .only("worker_id", "child")
    )
    clocks = open_clocks([a.child for a in held], on, holidays) if held else {}
    counts: dict[int, tuple[int, int]] = {}
    for allocation in held:
        red, amber = counts.get(allocation.worker_id, (0, 0))
        for c in clocks.get(allocation.child_id, []):
            red += c.state.rag == "red"
            amber += c.state.rag == "amber"
        counts[allocation.worker_id] = (red, amber)
    return counts


def effective_cap(worker: Staff) -> Decimal:
    """The caseload cap scaled by the worker's full-time equivalent: 20 at 0.5 FTE is 10."""
    return (Decimal(worker.caseload_cap) * worker.fte).quantize(Decimal("0.01"))


# Until each child carries its own deadlines, the most intensive statuses come first.
URGENCY = [
    "child_protection",
    "referral",
    "assessment",
    "looked_after",
    "child_in_need",
    "care_leaver",
    "early_help",
    "",
]
URGENCY_RANK = Case(
    *(When(child__case_status=s, then=Value(i)) for i, s in enumerate(URGENCY)), default=Value(99)
)


def caseload_for_worker(*, worker: Staff, on: date) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(open_on(on), worker=worker)
        .select_related("child", "child__responsible_team")
        .annotate(urgency=URGENCY_RANK)
        .order_by("urgency", "child__family_name", "child__given_name", "child_id")
    )


def allocations_for_child(*, child) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(child=child)
        .select_related("worker", "worker__team", "by")
        .order_by("-start", "-id")
    )


def current_worker(*, child, role: str = AllocationRole.SOCIAL_WORKER) -> Allocation | None:
    return (
        Allocation.objects.filter(child=child, role=role, end__isnull=True).select_related("worker").first()
    )


def social_workers_in_last_year(*, child, on: date) -> int:
    """Distinct social workers allocated to the child at any time in the 12 months up to `on`."""
    since = _day_end(on - timedelta(days=365))
    return (
        Allocation.objects.filter(child=child, role=AllocationRole.SOCIAL_WORKER, start__lt=_day_end(on))
        .filter(Q(end__isnull=True) | Q(end__gte=since))
        .values("worker")
        .distinct()
        .count()
    )


def teams_with_caseloads(*, on: date) -> QuerySet[Team]:
    return (
        Team.objects.select_related("manager")
        .annotate(
            staff_count=Count(
                "staff", filter=Q(staff__leave_date__isnull=True) | Q(staff__leave_date__gt=on), distinct=True
            ),
            children_count=Count("children", distinct=True),
        )
        .order_by("name")
    )


def team_staff_with_caseloads(*, team: Team, on: date) -> QuerySet[Staff]:
    end_of_day = _day_end(on)
    open_sw = (
        Q(allocations__role=AllocationRole.SOCIAL_WORKER)
        & Q(allocations__start__lt=end_of_day)
        & (Q(allocations__end__isnull=True) | Q(allocations__end__gte=end_of_day))
    )
    return (
        Staff.objects.filter(team=team)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=on))
        .annotate(caseload=Count("allocations", filter=open_sw))
        .order_by("family_name", "given_name", "id")
    )


def children_with_many_workers(*, team: Team, on: date, user, threshold: int = 3):
    """Children of the team who have had `threshold` or more social workers in the 12 months up to `on`."""
    from carefile.people.models import Person

    since = _day_end(on - timedelta(days=365))
    counts = (
        Allocation.objects.filter(
            role=AllocationRole.SOCIAL_WORKER, start__lt=_day_end(on), child__responsible_team=team
        )
        .filter(Q(end__isnull=True) | Q(end__gte=since))
        .values("child_id")
        .annotate(workers=Count("worker", distinct=True))
        .filter(workers__gte=threshold)
    )
    by_child = {row["child_id"]: row["workers"] for row in counts}
    children = list(
        Person.objects.visible_to(user).filter(pk__in=list(by_child)).order_by("family_name", "given_name")
    )
    for child in children:
        child.workers_last_year = by_child[child.pk]
    return children
