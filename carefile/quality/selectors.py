"""Reads of the quality app."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from carefile.common.workdays import working_days_between
from carefile.people.codes import Disability
from carefile.people.models import Person, PersonDisability, PersonKind

from .models import (
    WAITING_STATUSES,
    AuditRound,
    AuditStatus,
    CaseAudit,
    DomainGrade,
    Grade,
    ServiceRequest,
    ServiceStatus,
)

# ---- assessed services ----------------------------------------------------------------------------------


def waiting_list(
    *,
    user,
    today: date,
    service_type=None,
    team=None,
    status: str = "waiting",
    disabled_only: bool = False,
) -> QuerySet[ServiceRequest]:
    """Service requests of children this user may see, longest wait first. `status` is a ServiceStatus,
    "waiting" (not approved or not started yet) or "" for all. The wait runs from the assessed need to the
    start (or to today while waiting, or to the decision when not approved)."""
    visible = Person.objects.visible_to(user).filter(kind=PersonKind.CHILD)
    qs = ServiceRequest.objects.filter(child__in=visible).select_related(
        "child__responsible_team", "service_type", "requested_by", "decided_by"
    )
    if status == "waiting":
        qs = qs.filter(status__in=WAITING_STATUSES)
    elif status in ServiceStatus.values:
        qs = qs.filter(status=status)
    if service_type is not None:
        qs = qs.filter(service_type=service_type)
    if team is not None:
        qs = qs.filter(child__responsible_team=team)
    if disabled_only:
        qs = qs.filter(
            Exists(PersonDisability.objects.filter(person=OuterRef("child_id")).exclude(code=Disability.NONE))
        )
    until = Case(
        When(status=ServiceStatus.DECLINED, then=F("decided_on")),
        default=Coalesce(F("start_date"), Value(today, output_field=DateField())),
        output_field=DateField(),
    )
    return qs.annotate(
        wait=ExpressionWrapper(until - F("assessed_on"), output_field=DurationField())
    ).order_by("-wait", "assessed_on", "id")


@dataclass(frozen=True)
class Wait:
    days: int | None
    working_days: int | None

    def __bool__(self) -> bool:
        return self.days is not None


NO_WAIT = Wait(None, None)


def _wait(start: date | None, end: date | None, holidays: Container[date]) -> Wait:
    if start is None or end is None:
        return NO_WAIT
    return Wait((end - start).days, working_days_between(start, end, holidays=holidays))


@dataclass(frozen=True)
class Waits:
    """How long a request waited: for approval, from approval to the start, and in all. A stage still under
    way counts to today."""

    to_approval: Wait
    to_start: Wait
    total: Wait
    waiting: bool


def waits(request: ServiceRequest, *, today: date, holidays: Container[date]) -> Waits:
    decided = request.decided_on
    waiting = request.status in WAITING_STATUSES
    to_approval = _wait(request.assessed_on, decided or today, holidays)
    if request.status == ServiceStatus.DECLINED:
        return Waits(to_approval, NO_WAIT, to_approval, False)
    to_start = _wait(decided, request.start_date or today, holidays) if decided else NO_WAIT
    total = _wait(request.assessed_on, request.start_date or today, holidays)
    return Waits(to_approval, to_start, total, waiting)


def requests_of(child: Person) -> list[ServiceRequest]:
    return list(
        ServiceRequest.objects.filter(child=child)
        .select_related("service_type", "requested_by", "decided_by")
        .order_by("-assessed_on", "-id")
    )


def is_disabled(child: Person) -> bool:
    return PersonDisability.objects.filter(person=child).exclude(code=Disability.NONE).exists()


# ---- audits ---------------------------------------------------------------------------------------------


def open_cases_by_team(teams: Iterable) -> dict[int, list[int]]:
    """The open cases of each team: children it is responsible for whose case is open. Restricted records
    are left out of audit samples (their access lists would keep most auditors out)."""
    team_ids = [t.pk for t in teams]
    result: dict[int, list[int]] = {tid: [] for tid in team_ids}
    rows = (
        Person.objects.filter(kind=PersonKind.CHILD, responsible_team_id__in=team_ids, restricted=False)
        .exclude(case_status="")
        .filter(death_date__isnull=True)
        .values_list("responsible_team_id", "pk")
        .order_by("pk")
    )
    for team_id, pk in rows:
        result[team_id].append(pk)
    return result


GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


@dataclass
class GradeTally:
    counts: Counter = field(default_factory=Counter)

    def add(self, grade: int) -> None:
        self.counts[grade] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def good_or_better_pct(self) -> float | None:
        if not self.total:
            return None
        return round(100 * sum(self.counts[g] for g in GOOD_OR_BETTER) / self.total, 1)

    def shares(self) -> list[dict]:
        """Each grade's count and share, best first (for the table and the bar chart)."""
        total = self.total or 1
        return [
            {
                "grade": g,
                "label": g.label,
                "count": self.counts[g],
                "pct": round(100 * self.counts[g] / total, 1),
            }
            for g in Grade
        ]


@dataclass
class RoundResults:
    audit_round: AuditRound
    overall: GradeTally
    by_team: dict[str, GradeTally]
    by_domain: dict[str, GradeTally]
    audits: int
    moderated: int


def results(rounds: Iterable[AuditRound], *, team=None) -> list[RoundResults]:
    """Grades of each round (final grades: the moderated one where moderated), overall, by team and by
    domain, oldest round first: two queries whatever the number of rounds."""
    rounds = sorted(rounds, key=lambda r: (r.started_on, r.pk))
    ids = [r.pk for r in rounds]
    grades = DomainGrade.objects.filter(audit__round_id__in=ids)
    audits = CaseAudit.objects.filter(round_id__in=ids)
    if team is not None:
        grades = grades.filter(audit__team=team)
        audits = audits.filter(team=team)
    overall: dict[int, GradeTally] = defaultdict(GradeTally)
    by_team: dict[int, dict[str, GradeTally]] = defaultdict(lambda: defaultdict(GradeTally))
    by_domain: dict[int, dict[str, GradeTally]] = defaultdict(lambda: defaultdict(GradeTally))
    for round_id, team_name, domain_name, grade, moderated in grades.values_list(
        "audit__round_id", "audit__team__name", "domain__name", "grade", "moderated_grade"
    ).order_by("audit__team__name", "domain__order"):
        final = moderated or grade
        overall[round_id].add(final)
        by_team[round_id][team_name].add(final)
        by_domain[round_id][domain_name].add(final)
    counts: dict[int, Counter] = defaultdict(Counter)
    for round_id, status in audits.values_list("round_id", "status"):
        counts[round_id][status] += 1
    return [
        RoundResults(
            audit_round=r,
            overall=overall[r.pk],
            by_team=dict(sorted(by_team[r.pk].items())),
            by_domain=dict(by_domain[r.pk]),
            audits=sum(counts[r.pk].values()),
            moderated=counts[r.pk][AuditStatus.MODERATED],
        )
        for r in rounds
    ]


def audits_of(child: Person) -> QuerySet[CaseAudit]:
    return CaseAudit.objects.filter(child=child).select_related("round", "auditor", "moderator", "team")


# ---- actions due ----------------------------------------------------------------------------------------


def actions_due_for(staff_ids: Iterable[int] | None = None):
    """Open audit actions and improvement-plan actions, for everyone or for these owners."""
    from .models import AuditAction, PlanAction, PlanStatus

    audit_actions = AuditAction.objects.filter(done_on__isnull=True).select_related(
        "owner", "audit__child", "audit__round"
    )
    plan_actions = PlanAction.objects.exclude(status=PlanStatus.COMPLETE).select_related(
        "owner", "recommendation"
    )
    if staff_ids is not None:
        staff_ids = list(staff_ids)
        audit_actions = audit_actions.filter(owner_id__in=staff_ids)
        plan_actions = plan_actions.filter(owner_id__in=staff_ids)
    return audit_actions, plan_actions
