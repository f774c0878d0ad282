"""Oversight reads: a child's decisions and supervision discussions, oversight gaps, supervision compliance and
the actions each person owns.

Nothing here reads `SupervisionSession.private_notes` except `session_for_viewer`, for the supervision page
of its two participants.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DateField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate

from carefile.common.workdays import add_working_days, working_days_between
from carefile.people.models import Person
from carefile.workforce.models import Allocation, AllocationRole, Role, Staff

from .models import (
    ActionStatus,
    ManagementDecision,
    OversightAction,
    OversightSettings,
    SupervisionAgreement,
    SupervisionDiscussion,
    SupervisionSession,
)

MANAGER_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
SUPERVISED_ROLES = [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.REVIEWING_OFFICER]
EPOCH = date(1900, 1, 1)


def oversight_settings() -> OversightSettings:
    """The council's settings row, or the defaults (unsaved) when none has been saved."""
    return OversightSettings.objects.order_by("pk").first() or OversightSettings()


# ---- a child's oversight --------------------------------------------------------------------------------


def decisions_of(child) -> QuerySet[ManagementDecision]:
    actions = OversightAction.objects.select_related("owner").order_by("due", "id")
    return (
        ManagementDecision.objects.filter(child=child)
        .select_related("decided_by")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("-decided_at", "-id")
    )


def discussions_of(child) -> QuerySet[SupervisionDiscussion]:
    """The parts of supervision about this child: never the session's private notes."""
    actions = OversightAction.objects.select_related("owner").order_by("due", "id")
    return (
        SupervisionDiscussion.objects.filter(child=child)
        .select_related("session__supervisor", "session__supervisee")
        .defer("session__private_notes")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("-held_on", "-id")
    )


def _last_decision(ref: str = "pk") -> Subquery:
    rows = (
        ManagementDecision.objects.filter(child=OuterRef(ref))
        .order_by("-decided_at")
        .annotate(on=TruncDate("decided_at"))
        .values("on")[:1]
    )
    return Subquery(rows, output_field=DateField())


def _last_discussion(ref: str = "pk") -> Subquery:
    rows = (
        SupervisionDiscussion.objects.filter(child=OuterRef(ref)).order_by("-held_on").values("held_on")[:1]
    )
    return Subquery(rows, output_field=DateField())


def _last_management_note(ref: str = "pk") -> Subquery:
    from carefile.recording.models import NoteFiling, NoteType

    rows = (
        NoteFiling.objects.filter(child=OuterRef(ref), note__note_type=NoteType.MANAGEMENT)
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    return Subquery(rows, output_field=DateField())


def last_oversight_expression(ref: str = "pk"):
    """The date of the child's last management oversight (decision, supervision discussion or management
    note), EPOCH when there has been none. For a queryset whose `ref` column is the child's id."""
    epoch = Value(EPOCH, output_field=DateField())
    return Greatest(
        Coalesce(_last_decision(ref), epoch),
        Coalesce(_last_discussion(ref), epoch),
        Coalesce(_last_management_note(ref), epoch),
        output_field=DateField(),
    )


def last_oversight(child) -> date | None:
    on = (
        Person.objects.filter(pk=child.pk)
        .annotate(last=last_oversight_expression())
        .values_list("last", flat=True)[0]
    )
    return None if on is None or on <= EPOCH else on


@dataclass(frozen=True)
class Gap:
    last: date | None
    since: date
    working_days: int
    over: bool


def gap_of(*, last: date | None, since: date, today: date, limit: int, holidays: Container[date]) -> Gap:
    start = last or since
    days = max(working_days_between(start, today, holidays=holidays), 0)
    return Gap(last=last, since=start, working_days=days, over=days > limit)


# ---- oversight gaps -------------------------------------------------------------------------------------


def gap_cutoff(*, today: date, limit: int, holidays: Container[date]) -> date:
    """Oversight on or after this date is within the period; anything before it is a gap."""
    return add_working_days(today, -limit, holidays=holidays)


def oversight_gaps(*, user, today: date, holidays: Container[date], limit: int) -> QuerySet[Allocation]:
    """Open social-worker allocations of children this user may see whose last management oversight (or, with
    none ever, the allocation) is more than `limit` working days before today; longest gap first."""
    cutoff = gap_cutoff(today=today, limit=limit, holidays=holidays)
    epoch = Value(EPOCH, output_field=DateField())
    return (
        Allocation.objects.filter(
            end__isnull=True,
            role=AllocationRole.SOCIAL_WORKER,
            child__in=Person.objects.visible_to(user).values("pk"),
        )
        .annotate(last_oversight=last_oversight_expression("child_id"), start_on=TruncDate("start"))
        .filter(
            (Q(last_oversight__gt=epoch) & Q(last_oversight__lt=cutoff))
            | (Q(last_oversight=epoch) & Q(start_on__lt=cutoff))
        )
        .select_related("child", "worker", "worker__team")
    )


def order_gaps(rows: QuerySet[Allocation]) -> QuerySet[Allocation]:
    return rows.order_by("last_oversight", "start", "child__family_name", "child_id")


def gap_counts(rows: QuerySet[Allocation]) -> tuple[list[dict], list[dict]]:
    """Children with a gap per team and per worker (two queries)."""
    by_team = list(
        rows.order_by()
        .values("worker__team_id", "worker__team__name")
        .annotate(n=Count("child_id", distinct=True))
        .order_by("-n", "worker__team__name")
    )
    by_worker = list(
        rows.order_by()
        .values("worker_id", "worker__given_name", "worker__family_name", "worker__team__name")
        .annotate(n=Count("child_id", distinct=True))
        .order_by("-n", "worker__family_name", "worker__given_name")
    )
    return by_team, by_worker


# ---- supervision ----------------------------------------------------------------------------------------


@dataclass
class Compliance:
    staff: Staff
    supervisor: Staff | None
    last: date | None
    every_days: int
    newly_qualified: bool
    due: date
    overdue: bool
    days_overdue: int


def expected_every_days(
    *, staff: Staff, agreement: SupervisionAgreement | None, on: date, settings: OversightSettings
) -> tuple[int, bool]:
    """Days expected between supervisions for this worker on `on`, and whether they are newly qualified."""
    newly = bool(
        agreement
        and agreement.asye_start
        and agreement.asye_start
        <= on
        < agreement.asye_start + relativedelta(months=settings.newly_qualified_months)
    )
    if agreement and agreement.every_days:
        return agreement.every_days, newly
    if newly:
        return settings.newly_qualified_days, True
    if staff.role == Role.TEAM_MANAGER:
        return settings.manager_days, False
    return settings.supervision_days, False


def supervisees(*, today: date) -> QuerySet[Staff]:
    """Staff who are supervised, current on `today`, with their last supervision date (one query)."""
    return (
        Staff.objects.filter(role__in=SUPERVISED_ROLES)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .filter(start_date__lte=today)
        .select_related("team", "team__manager", "supervision_agreement", "supervision_agreement__supervisor")
        .annotate(last_supervision=Max("supervisions_received__held_on"))
    )


def supervisor_of(staff: Staff) -> Staff | None:
    agreement = getattr(staff, "supervision_agreement", None)
    if agreement is not None and agreement.supervisor_id:
        return agreement.supervisor
    team = staff.team
    if team is not None and team.manager_id and team.manager_id != staff.pk:
        return team.manager
    return None


def compliance_of(staff: Staff, *, today: date, settings: OversightSettings) -> Compliance:
    agreement = getattr(staff, "supervision_agreement", None)
    last = getattr(staff, "last_supervision", None)
    if last is None and not hasattr(staff, "last_supervision"):
        last = staff.supervisions_received.aggregate(m=Max("held_on"))["m"]
    every, newly = expected_every_days(staff=staff, agreement=agreement, on=today, settings=settings)
    start = last or max(
        staff.start_date, agreement.asye_start if agreement and agreement.asye_start else EPOCH
    )
    due = start + timedelta(days=every)
    return Compliance(
        staff=staff,
        supervisor=supervisor_of(staff),
        last=last,
        every_days=every,
        newly_qualified=newly,
        due=due,
        overdue=due < today,
        days_overdue=max((today - due).days, 0),
    )


def compliance(*, today: date, team_id: int | None = None, overdue_only: bool = False) -> list[Compliance]:
    settings = oversight_settings()
    staff = supervisees(today=today)
    if team_id:
        staff = staff.filter(team_id=team_id)
    rows = [
        compliance_of(s, today=today, settings=settings)
        for s in staff.order_by("team__name", "family_name", "given_name", "id")
    ]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    rows.sort(key=lambda r: (not r.overdue, -r.days_overdue, r.due))
    return rows


def compliance_by_team(rows: Iterable[Compliance]) -> list[dict]:
    teams: dict[object, dict] = {}
    for row in rows:
        team = row.staff.team
        key = team.pk if team else None
        entry = teams.setdefault(key, {"team": team, "staff": 0, "overdue": 0})
        entry["staff"] += 1
        entry["overdue"] += row.overdue
    return sorted(teams.values(), key=lambda e: (-e["overdue"], e["team"].name if e["team"] else "~"))


def sessions_of(staff: Staff) -> QuerySet[SupervisionSession]:
    """A worker's supervisions, newest first, without their private notes."""
    return (
        SupervisionSession.objects.filter(supervisee=staff)
        .select_related("supervisor")
        .defer("private_notes")
        .annotate(children=Count("discussions"))
        .order_by("-held_on", "-id")
    )


def may_read_private_notes(user, session: SupervisionSession) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.pk in (session.supervisor_id, session.supervisee_id)


def caseload_children(*, worker: Staff, user, on: date) -> list[Person]:
    """The children the worker holds as social worker today, that this user may see."""
    return list(
        Person.objects.visible_to(user)
        .filter(
            allocations__worker=worker,
            allocations__role=AllocationRole.SOCIAL_WORKER,
            allocations__end__isnull=True,
        )
        .distinct()
        .order_by("family_name", "given_name", "id")
    )


# ---- actions --------------------------------------------------------------------------------------------


def open_actions(owner_ids: Iterable[int]) -> QuerySet[OversightAction]:
    return (
        OversightAction.objects.filter(owner_id__in=list(owner_ids), status=ActionStatus.OPEN)
        .select_related("child", "owner", "decision", "discussion")
        .order_by("due", "id")
    )
