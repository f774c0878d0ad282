"""Telling a team manager before a timescale is missed, for every clock of every app.

Generic over `carefile.common.extensions.open_clocks`: it asks every registered clock provider (the front
door's screening, assessments, visits, plans, child protection, care, …) for the clocks of a team's children
as they will stand `within` working days from now. A clock that is amber or overdue then, but not yet due
today, is about to be missed: the manager sees it on "Timescales about to be missed in my team" and the
`clock_escalations` command tells them once, by an alert and an email.

It lives here because child protection's timescales are the tightest and needed it first; it imports nothing
from child protection but its ClockEscalation table, so it can move to a `clocks` app when there is one.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet

from carefile.common.deadlines import DeadlineState, deadline_status
from carefile.common.extensions import Clock, open_clocks
from carefile.common.workdays import add_working_days
from carefile.people.models import Person, PersonKind
from carefile.workforce.models import Role, Staff, Team

from .models import ClockEscalation

ABOUT_TO_BE_MISSED = {"due_soon", "due_today", "overdue"}


@dataclass(frozen=True)
class ClockWarning:
    child: Person
    clock: Clock
    state: DeadlineState  # as it stands today

    @property
    def key(self) -> tuple[int, str, date]:
        return (self.child.pk, self.clock.label, self.clock.due)


def teams_managed_by(staff: Staff) -> QuerySet[Team]:
    """The teams a member of staff manages: those naming them as manager, and a team manager's own team."""
    own = Q(pk=staff.team_id) if staff.role == Role.TEAM_MANAGER and staff.team_id else Q(pk__in=[])
    return Team.objects.filter(Q(manager=staff) | own).order_by("name")


def team_children(teams: Iterable[Team], *, user=None) -> QuerySet[Person]:
    """The children the teams are responsible for (as far as `user` may see them)."""
    people = Person.objects.visible_to(user) if user is not None else Person.objects.all()
    return (
        people.filter(kind=PersonKind.CHILD, responsible_team__in=list(teams))
        .exclude(case_status="")
        .select_related("responsible_team")
        .order_by("family_name", "given_name", "id")
    )


def about_to_be_missed(
    children: Iterable[Person], *, on: date, within: int, holidays: Container[date]
) -> list[ClockWarning]:
    """Clocks not yet due on `on` that are amber or overdue `within` working days later, soonest first.

    One call to every clock provider, so a fixed number of queries for any number of children.
    """
    children = list(children)
    if not children:
        return []
    horizon = add_working_days(on, within, holidays=holidays)
    by_id = {c.pk: c for c in children}
    warnings = []
    for child_id, clocks in open_clocks(children, horizon, holidays).items():
        for clock in clocks:
            if clock.due < on or clock.state.state not in ABOUT_TO_BE_MISSED:
                continue
            state = deadline_status(due=clock.due, today=on, amber_within=within, holidays=holidays)
            warnings.append(ClockWarning(by_id[child_id], clock, state))
    warnings.sort(
        key=lambda w: (w.clock.due, w.child.family_name, w.child.given_name, w.child.pk, w.clock.label)
    )
    return warnings


@dataclass(frozen=True)
class TeamEscalation:
    team: Team
    manager: Staff
    warnings: list[ClockWarning]
    new: list[ClockWarning]
    emailed: bool


def escalate_team(
    team: Team, *, on: date, within: int, holidays: Container[date], at: datetime, send_email: bool = True
) -> TeamEscalation | None:
    """Record (once each) and email the team's new warnings to its manager. None if it has no manager."""
    manager = team.manager
    if manager is None:
        return None
    warnings = about_to_be_missed(team_children([team]), on=on, within=within, holidays=holidays)
    told = set(
        ClockEscalation.objects.filter(
            recipient=manager, child_id__in={w.child.pk for w in warnings}
        ).values_list("child_id", "label", "due")
    )
    new = [w for w in warnings if w.key not in told]
    address = manager.user.email if manager.user_id and manager.user.email else ""
    emailed = bool(new and address and send_email)
    with transaction.atomic():
        ClockEscalation.objects.bulk_create(
            [
                ClockEscalation(
                    recipient=manager,
                    child=w.child,
                    label=w.clock.label,
                    due=w.clock.due,
                    url=w.clock.url,
                    warned_on=on,
                    emailed=emailed,
                )
                for w in new
            ],
            ignore_conflicts=True,
        )
        _alert(manager, new, at=at)
    if emailed:
        _mail(address, team, new, on=on)
    return TeamEscalation(team, manager, warnings, new, emailed)


def _describe(w: ClockWarning) -> str:
    ref = w.child.la_child_id or f"record {w.child.pk}"
    return f"{w.clock.label} for {w.child.full_name} ({ref}): due {w.clock.due.day} {w.clock.due:%B %Y} — {w.state.label.lower()}"


def _alert(manager: Staff, new: list[ClockWarning], *, at: datetime) -> None:
    """An alert on the manager's Alerts page, where the governance app offers a kind for it."""
    if not new or not manager.user_id:
        return
    try:
        from carefile.governance.models import Alert, AlertKind
    except ImportError:  # pragma: no cover
        return
    kind = "clock_escalation"
    if kind not in AlertKind.values:
        return
    Alert.objects.bulk_create(
        Alert(
            recipient_id=manager.user_id,
            kind=kind,
            person=w.child,
            la_child_id=w.child.la_child_id or "",
            message=f"About to be missed: {_describe(w)}",
            at=at,
        )
        for w in new
    )


def _mail(address: str, team: Team, new: list[ClockWarning], *, on: date) -> None:
    lines = "\n".join(f"- {_describe(w)}" for w in new)
    send_mail(
        subject=f"{settings.SERVICE_NAME}: {len(new)} timescale{'s' if len(new) != 1 else ''} about to be missed in {team.name}",
        message=(
            f"These timescales in {team.name} will turn amber or fall due soon ({on.day} {on:%B %Y}):\n\n{lines}\n\n"
            f"See them all in {settings.SERVICE_NAME}: Timescales about to be missed in my team (/timescales/)."
        ),
        from_email=None,
        recipient_list=[address],
        fail_silently=True,
    )
