"""Oversight writes: management decisions with their directions, supervision sessions, and actions done.

Each service takes who acts (`by`) and when (`at`), runs in one transaction and writes its chronology events.
A supervision's private notes are never put in a chronology event, an action or anything filed on a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from carefile.common import chronology

from .models import (
    ActionStatus,
    DecisionType,
    ManagementDecision,
    OversightAction,
    OversightEvent,
    SupervisionDiscussion,
    SupervisionSession,
)

MANAGER_ROLES = {"team_manager", "head_of_service"}


class OversightError(Exception):
    """An oversight action that cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class Direction:
    what: str
    owner: object  # Staff
    due: date


@dataclass
class ChildDiscussion:
    child: object  # Person
    discussion: str
    direction: str = ""
    actions: list[Direction] = field(default_factory=list)


def _short(text: str, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _local_date(at: datetime) -> date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _check_directions(directions: Sequence[Direction], *, on: date) -> None:
    for d in directions:
        if not d.what.strip():
            raise OversightError("Say what needs to be done")
        if d.owner is None:
            raise OversightError("Choose who will do it")
        if d.due < on:
            raise OversightError("A direction's due date must be today or later")


def _add_actions(directions, *, by, at, child=None, **source) -> list[OversightAction]:
    return OversightAction.objects.bulk_create(
        [
            OversightAction(
                what=d.what.strip(),
                owner=d.owner,
                due=d.due,
                child=child,
                created_by=by,
                created_at=at,
                **source,
            )
            for d in directions
        ]
    )


@transaction.atomic
def decision_record(
    *,
    child,
    by,
    at: datetime,
    decision_type: str,
    rationale: str,
    options_considered: str = "",
    review_on: date | None = None,
    directions: Sequence[Direction] = (),
    source: str = "",
    source_ref: str = "",
    source_url: str = "",
    write_chronology: bool = True,
) -> ManagementDecision:
    """Record a management decision about a child and the directions it gives."""
    if by is None or by.role not in MANAGER_ROLES:
        raise OversightError("Only a team manager or head of service can record a management decision")
    if not child.is_child:
        raise OversightError("Management decisions are recorded on children's records")
    if decision_type not in DecisionType.values:
        raise OversightError("Choose the type of decision")
    if not rationale.strip():
        raise OversightError("Give the rationale for the decision")
    on = _local_date(at)
    if review_on is not None and review_on < on:
        raise OversightError("The review date must be today or later")
    _check_directions(directions, on=on)
    decision = ManagementDecision.objects.create(
        child=child,
        decision_type=decision_type,
        options_considered=options_considered.strip(),
        rationale=rationale.strip(),
        decided_by=by,
        decided_at=at,
        review_on=review_on,
        source=source,
        source_ref=source_ref,
        source_url=source_url[:300],
    )
    actions = _add_actions(directions, by=by, at=at, child=child, decision=decision)
    if write_chronology:
        summary = f"{DecisionType(decision_type).label} decision by {by.name}: {_short(rationale)}"
        if actions:
            summary += f" ({len(actions)} direction{'s' if len(actions) != 1 else ''})"
        chronology.record(
            person=child,
            kind=OversightEvent.DECISION,
            by=by,
            at=at,
            summary=_short(summary, 300),
            data={"decision": decision.pk, "type": decision_type, "actions": [a.pk for a in actions]},
        )
    return decision


def file_threshold_decision(
    *, child, decision_type, by, at, rationale, options_considered, source, source_ref, url
) -> ManagementDecision | None:
    """The `decision_recorder` for threshold points: a manager's decision made in another app's service is
    filed in the decision log once. That service has written its own chronology event, so this one adds none.
    Decisions by anyone but a manager are not management oversight and are not filed (a screening decision
    made by a social worker is filed when a manager signs it off)."""
    if by is None or by.role not in MANAGER_ROLES or not getattr(child, "is_child", False):
        return None
    if (
        source_ref
        and ManagementDecision.objects.filter(source=source, source_ref=source_ref, child=child).exists()
    ):
        return None
    return decision_record(
        child=child,
        by=by,
        at=at,
        decision_type=decision_type,
        rationale=rationale.strip() or "Recorded at the threshold point",
        options_considered=options_considered,
        source=source,
        source_ref=source_ref,
        source_url=url,
        write_chronology=False,
    )


@transaction.atomic
def supervision_record(
    *,
    supervisor,
    supervisee,
    by,
    at: datetime,
    held_on: date,
    private_notes: str = "",
    discussions: Sequence[ChildDiscussion] = (),
    actions: Sequence[Direction] = (),
) -> SupervisionSession:
    """Record a supervision: its private reflective notes, each child discussed (filed on the child's record
    and chronology) with the actions agreed, and actions about no one child."""
    if by.role not in MANAGER_ROLES:
        raise OversightError("Only a team manager or head of service can record supervision")
    if supervisor.pk == supervisee.pk:
        raise OversightError("A worker cannot supervise themselves")
    today = _local_date(at)
    if held_on > today:
        raise OversightError("The supervision date must be today or in the past")
    if supervisee.leave_date is not None and held_on >= supervisee.leave_date:
        raise OversightError("The worker had left by that date")
    children = [d.child.pk for d in discussions]
    if len(set(children)) != len(children):
        raise OversightError("Each child can be discussed once in a supervision")
    for d in discussions:
        if not d.discussion.strip():
            raise OversightError("Record what was discussed about each child")
        _check_directions(d.actions, on=held_on)
    _check_directions(actions, on=held_on)
    session = SupervisionSession.objects.create(
        supervisor=supervisor,
        supervisee=supervisee,
        held_on=held_on,
        private_notes=private_notes.strip(),
        recorded_by=by,
        recorded_at=at,
    )
    _add_actions(actions, by=by, at=at, session=session)
    for d in discussions:
        discussion = SupervisionDiscussion.objects.create(
            session=session,
            child=d.child,
            discussion=d.discussion.strip(),
            direction=d.direction.strip(),
            held_on=held_on,
        )
        added = _add_actions(d.actions, by=by, at=at, child=d.child, discussion=discussion)
        summary = f"Discussed in supervision between {supervisor.name} and {supervisee.name}: {_short(d.discussion)}"
        chronology.record(
            person=d.child,
            kind=OversightEvent.SUPERVISION,
            by=by,
            at=at,
            summary=_short(summary, 300),
            data={"discussion": discussion.pk, "actions": [a.pk for a in added]},
        )
    return session


def may_update_action(staff, action: OversightAction) -> bool:
    return staff is not None and (
        staff.pk in (action.owner_id, action.created_by_id) or staff.role in MANAGER_ROLES
    )


@transaction.atomic
def action_update(*, action: OversightAction, by, at: datetime, status: str, done_on: date | None = None):
    """Mark a direction done (on a date) or no longer needed."""
    action = OversightAction.objects.select_for_update().get(pk=action.pk)
    if not may_update_action(by, action):
        raise OversightError("Only the action's owner, the manager who set it or a manager can change it")
    if action.status != ActionStatus.OPEN:
        raise OversightError("This action has already been closed")
    if status not in (ActionStatus.DONE, ActionStatus.CANCELLED):
        raise OversightError("Choose done or no longer needed")
    if status == ActionStatus.DONE:
        done_on = done_on or _local_date(at)
        if done_on > _local_date(at):
            raise OversightError("The date it was done must be today or in the past")
    else:
        done_on = None
    action.status, action.done_on = status, done_on
    action.status_changed_by, action.status_changed_at = by, at
    action.save(update_fields=["status", "done_on", "status_changed_by", "status_changed_at"])
    if action.child is not None:
        label = "completed" if status == ActionStatus.DONE else "no longer needed"
        chronology.record(
            person=action.child,
            kind=OversightEvent.DIRECTION_DONE,
            by=by,
            at=at,
            summary=_short(f"{action.source_label} action {label}: {action.what}", 300),
            data={"action": action.pk, "status": status},
        )
    return action
