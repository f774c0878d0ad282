"""Plan writes: draft, finalise, progress on actions, reviews, corrections and ending.

Each service takes who acts and when, runs in a transaction and writes the child's chronology. A draft may be
incomplete; `plan_finalise` refuses a plan without outcomes and actions that each have an owner, a due date
and a measurable outcome. After that the plan's content is fixed (the models guard it too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Q

from carefile.common import chronology
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person, PersonKind

from .events import PlanEvent
from .models import (
    EPISODE_KINDS,
    NON_OVERLAPPING_KINDS,
    ActionStatus,
    Plan,
    PlanAction,
    PlanCorrection,
    PlanEndReason,
    PlanKind,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    ReviewDecision,
)
from .schedule import default_next_review
from .selectors import review_cadence

# What a child's case status becomes when a plan of this kind is finalised.
CASE_STATUS_FOR_KIND = {
    PlanKind.CHILD_IN_NEED: CaseStatus.CHILD_IN_NEED,
    PlanKind.CHILD_PROTECTION: CaseStatus.CHILD_PROTECTION,
}


class PlanError(Exception):
    """A plan change that cannot be made as asked; the message says why."""


class PlanIncomplete(PlanError):
    """The plan cannot be finalised yet: `problems` lists everything missing."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The plan cannot be finalised yet: " + "; ".join(problems))


@dataclass(frozen=True)
class NewAction:
    what: str
    owner_staff: object | None
    owner_name: str
    due: date | None
    measure: str
    outcome: PlanOutcome | None = None


def say_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind_label(plan: Plan) -> str:
    return PlanKind(plan.kind).label


def _locked_draft(plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise PlanError("This plan has been finalised: its content can only be corrected, not changed")
    return plan


def _locked_active(plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.DRAFT:
        raise PlanError("This plan is still a draft: finalise it first")
    if plan.status == PlanStatus.ENDED:
        raise PlanError(f"This plan ended on {say_date(plan.end)}")
    return plan


def _check_start_against_episode(episode: Referral | None, start: date | None) -> None:
    if episode is None or start is None:
        return
    if start < episode.referral_date:
        raise PlanError(
            f"The plan cannot start before the referral on {say_date(episode.referral_date)}: "
            "choose a later start date"
        )
    if episode.closure_date is not None and start >= episode.closure_date:
        raise PlanError(f"The episode of need closed on {say_date(episode.closure_date)}")


# Drafting ------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_draft_start(
    *,
    child: Person,
    by,
    at: datetime,
    kind: str = PlanKind.CHILD_IN_NEED,
    concerns: str = "",
    start: date | None = None,
) -> Plan:
    """Start a draft plan. A child in need plan belongs to the child's open episode of need."""
    if child.kind != PersonKind.CHILD:
        raise PlanError("Plans are for children")
    episode = None
    if kind in EPISODE_KINDS:
        episode = Referral.objects.select_for_update().filter(child=child, closure_date__isnull=True).first()
        if episode is None:
            raise PlanError(
                f"{child.full_name} has no open referral: a {PlanKind(kind).label.lower()} belongs to an "
                "open episode of need"
            )
    existing = Plan.objects.filter(child=child, kind=kind, end__isnull=True).first()
    if existing is not None:
        raise PlanError(
            f"{child.full_name} already has a {'draft ' if existing.is_draft else ''}"
            f"{PlanKind(kind).label.lower()}: continue that one"
        )
    _check_start_against_episode(episode, start)
    cadence = review_cadence(kind)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                kind=kind,
                child=child,
                episode=episode,
                episode_start=episode.referral_date if episode else None,
                start=start,
                concerns=concerns.strip(),
                first_review_months=cadence.first_review_months,
                review_every_months=cadence.review_every_months,
                created_by=by,
                created_at=at,
            )
    except IntegrityError:
        raise PlanError(f"{child.full_name} already has a {PlanKind(kind).label.lower()}") from None
    chronology.record(
        person=child,
        kind=PlanEvent.DRAFTED,
        by=by,
        at=at,
        summary=f"{PlanKind(kind).label} drafted",
        data={"plan": plan.pk},
    )
    return plan


@transaction.atomic
def plan_details_update(*, plan: Plan, by, at: datetime, concerns: str, start: date | None) -> Plan:
    plan = _locked_draft(plan)
    _check_start_against_episode(plan.episode, start)
    plan.concerns, plan.start = concerns.strip(), start
    plan.save(update_fields=["concerns", "start"])
    return plan


@transaction.atomic
def outcome_save(
    *, plan: Plan, by, at: datetime, text: str, outcome: PlanOutcome | None = None
) -> PlanOutcome:
    """Add an outcome to a draft, or change one of its outcomes."""
    plan = _locked_draft(plan)
    if not text.strip():
        raise PlanError("Enter what we want to be different for the child")
    if outcome is None:
        last = plan.outcomes.aggregate(m=Max("position"))["m"]
        outcome = PlanOutcome(plan=plan, position=(last or 0) + 1)
    elif outcome.plan_id != plan.pk:
        raise PlanError("That outcome belongs to another plan")
    outcome.text = text.strip()
    outcome.save()
    return outcome


@transaction.atomic
def outcome_remove(*, outcome: PlanOutcome, by, at: datetime) -> None:
    _locked_draft(outcome.plan)
    outcome.delete()


@transaction.atomic
def action_save(
    *,
    plan: Plan,
    by,
    at: datetime,
    what: str,
    owner_staff=None,
    owner_name: str = "",
    due: date | None = None,
    measure: str = "",
    outcome: PlanOutcome | None = None,
    action: PlanAction | None = None,
) -> PlanAction:
    """Add an action to a draft, or change one. A draft action may still lack its owner, date or measure."""
    plan = _locked_draft(plan)
    if not what.strip():
        raise PlanError("Enter what will be done")
    if owner_staff is not None and owner_name.strip():
        raise PlanError("Choose a member of staff or name someone else, not both")
    if outcome is not None and outcome.plan_id != plan.pk:
        raise PlanError("That outcome belongs to another plan")
    if action is None:
        last = plan.actions.aggregate(m=Max("position"))["m"]
        action = PlanAction(plan=plan, position=(last or 0) + 1)
    elif action.plan_id != plan.pk:
        raise PlanError("That action belongs to another plan")
    action.what, action.owner_staff, action.owner_name = what.strip(), owner_staff, owner_name.strip()
    action.due, action.measure, action.outcome = due, measure.strip(), outcome
    action.save()
    return action


@transaction.atomic
def action_remove(*, action: PlanAction, by, at: datetime) -> None:
    _locked_draft(action.plan)
    action.delete()


@transaction.atomic
def plan_discard(*, plan: Plan, by, at: datetime) -> None:
    plan = _locked_draft(plan)
    child, label, pk = plan.child, _kind_label(plan), plan.pk
    plan.delete()
    chronology.record(
        person=child,
        kind=PlanEvent.DISCARDED,
        by=by,
        at=at,
        summary=f"Draft {label.lower()} discarded",
        data={"plan": pk},
    )


# Finalising ----------------------------------------------------------------------------------------------


def _action_name(number: int, action: PlanAction) -> str:
    return f"Action {number} ({_short(action.what, 60)})"


def finalise_problems(plan: Plan, *, start: date | None = None) -> list[str]:
    """Everything that stops the plan being finalised, in words a worker can act on."""
    problems = []
    start = start or plan.start
    if not plan.concerns.strip():
        problems.append("Write what we are worried about")
    outcomes = list(plan.outcomes.all())
    if not outcomes:
        problems.append("Add at least one outcome: what we want to be different for the child")
    actions = list(plan.actions.all())
    if not actions:
        problems.append("Add at least one action: who will do what by when")
    for number, action in enumerate(actions, start=1):
        missing = []
        if action.owner_staff_id is None and not action.owner_name.strip():
            missing.append("an owner")
        if action.due is None:
            missing.append("a due date")
        if not action.measure.strip():
            missing.append("a measurable outcome (how we will know it has worked)")
        if missing:
            joined = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
            problems.append(f"{_action_name(number, action)} needs {joined}")
        elif start is not None and action.due < start:
            problems.append(
                f"{_action_name(number, action)} is due on {say_date(action.due)}, before the plan starts"
            )
    return problems


def _check_no_overlap(plan: Plan, start: date) -> None:
    if plan.kind not in NON_OVERLAPPING_KINDS:
        return
    clash = (
        Plan.objects.filter(child_id=plan.child_id, kind__in=list(NON_OVERLAPPING_KINDS))
        .exclude(pk=plan.pk)
        .exclude(status=PlanStatus.DRAFT)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .order_by("start")
        .first()
    )
    if clash is not None:
        period = f"started {say_date(clash.start)}" + (
            f" and ended {say_date(clash.end)}" if clash.end else " and is still open"
        )
        raise PlanError(
            f"This plan would overlap the {PlanKind(clash.kind).label.lower()} that {period}: "
            f"{'end that plan first' if clash.end is None else 'start this plan on or after it ended'}"
        )


@transaction.atomic
def plan_finalise(*, plan: Plan, by, at: datetime, start: date | None = None) -> Plan:
    """Finalise a draft: it becomes the child's plan from `start` (default: the draft's start, else today)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise PlanError("This plan has already been finalised")
    start = start or plan.start or at.date()
    problems = finalise_problems(plan, start=start)
    if problems:
        raise PlanIncomplete(problems)
    if start > at.date():
        raise PlanError("A plan cannot start in the future: finalise it on or after the day it starts")
    episode = None
    if plan.kind in EPISODE_KINDS:
        episode = Referral.objects.select_for_update().get(pk=plan.episode_id)
        if episode.closure_date is not None:
            raise PlanError(
                f"The episode of need closed on {say_date(episode.closure_date)}: a plan needs an open episode"
            )
        _check_start_against_episode(episode, start)
    _check_no_overlap(plan, start)
    plan.status, plan.start = PlanStatus.ACTIVE, start
    plan.episode_start = episode.referral_date if episode else None
    plan.finalised_by, plan.finalised_at = by, at
    plan.save()
    child = plan.child
    new_status = CASE_STATUS_FOR_KIND.get(plan.kind)
    # A looked-after child or a care leaver keeps that status (the care app keeps it while care lasts).
    if child.case_status in {CaseStatus.LOOKED_AFTER, CaseStatus.CARE_LEAVER}:
        new_status = None
    if new_status and child.case_status != new_status:
        child.case_status = new_status
        child.save(update_fields=["case_status"])
    outcomes, actions = plan.outcomes.count(), plan.actions.count()
    chronology.record(
        person=child,
        kind=PlanEvent.FINALISED,
        by=by,
        at=at,
        summary=(
            f"{_kind_label(plan)} finalised, starting {say_date(start)}: {outcomes} outcome"
            f"{'s' if outcomes != 1 else ''}, {actions} action{'s' if actions != 1 else ''}"
        ),
        data={"plan": plan.pk, "start": start.isoformat()},
        significant=True,
    )
    return plan


# After finalising ----------------------------------------------------------------------------------------


@transaction.atomic
def action_status_update(
    *,
    action: PlanAction,
    by,
    at: datetime,
    status: str,
    completed_on: date | None = None,
    not_done_reason: str = "",
) -> PlanAction:
    """Record progress on an action of a finalised plan."""
    plan = _locked_active(action.plan)
    action = PlanAction.objects.select_for_update().get(pk=action.pk, plan=plan)
    if status not in ActionStatus.values:
        raise PlanError("Choose the action's progress")
    completed_on = completed_on if status == ActionStatus.DONE else None
    not_done_reason = not_done_reason.strip() if status == ActionStatus.NOT_DONE else ""
    if status == ActionStatus.DONE:
        if completed_on is None:
            raise PlanError("Enter the date the action was done")
        if completed_on > at.date():
            raise PlanError("The date the action was done cannot be in the future")
    if status == ActionStatus.NOT_DONE and not not_done_reason:
        raise PlanError("Explain why the action was not done")
    before = action.get_status_display()
    action.status, action.completed_on, action.not_done_reason = status, completed_on, not_done_reason
    action.status_changed_by, action.status_changed_at = by, at
    action.save()
    summary = f"{_kind_label(plan)} action “{_short(action.what, 80)}”: {before.lower()} → {action.get_status_display().lower()}"
    if completed_on:
        summary += f" on {say_date(completed_on)}"
    if not_done_reason:
        summary += f". Reason: {_short(not_done_reason, 100)}"
    chronology.record(
        person=plan.child,
        kind=PlanEvent.ACTION_UPDATED,
        by=by,
        at=at,
        summary=summary,
        data={"plan": plan.pk, "action": action.pk, "status": status},
    )
    return action


def _validate_new_action(spec: NewAction, *, after: date) -> None:
    if not spec.what.strip():
        raise PlanError("Enter what the new action is")
    if spec.owner_staff is None and not spec.owner_name.strip():
        raise PlanError("Choose who owns the new action")
    if spec.owner_staff is not None and spec.owner_name.strip():
        raise PlanError("Choose a member of staff or name someone else for the new action, not both")
    if spec.due is None:
        raise PlanError("Enter the new action's due date")
    if spec.due < after:
        raise PlanError("The new action's due date must be on or after the review")
    if not spec.measure.strip():
        raise PlanError("Enter how we will know the new action has worked")


@transaction.atomic
def plan_review_record(
    *,
    plan: Plan,
    by,
    at: datetime,
    held_on: date,
    attendees: str,
    progress: str,
    child_views: str,
    decision: str,
    next_review_on: date | None = None,
    new_actions: Sequence[NewAction] = (),
) -> PlanReview:
    """Record a review of a finalised plan. A decision to end the plan ends it on the day of the review."""
    plan = _locked_active(plan)
    if decision not in ReviewDecision.values:
        raise PlanError("Choose the review's decision")
    if held_on > at.date():
        raise PlanError("The review cannot be in the future")
    if held_on < plan.start:
        raise PlanError(f"The review cannot be before the plan started on {say_date(plan.start)}")
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and held_on < last:
        raise PlanError(f"A later review has already been recorded, on {say_date(last)}")
    for text, message in [
        (attendees, "Enter who came to the review"),
        (progress, "Enter the progress made against the plan"),
        (child_views, "Enter the child's views"),
    ]:
        if not text.strip():
            raise PlanError(message)
    if decision == ReviewDecision.END:
        next_review_on = None
        if new_actions:
            raise PlanError("A review that ends the plan cannot add actions to it")
    else:
        next_review_on = next_review_on or default_next_review(
            held_on=held_on, review_every_months=plan.review_every_months
        )
        if next_review_on <= held_on:
            raise PlanError("The next review must be after this one")
    for spec in new_actions:
        _validate_new_action(spec, after=held_on)
    review = PlanReview.objects.create(
        plan=plan,
        held_on=held_on,
        attendees=attendees.strip(),
        progress=progress.strip(),
        child_views=child_views.strip(),
        decision=decision,
        next_review_on=next_review_on,
        recorded_by=by,
        recorded_at=at,
    )
    last_position = plan.actions.aggregate(m=Max("position"))["m"] or 0
    for offset, spec in enumerate(new_actions, start=1):
        PlanAction.objects.create(
            plan=plan,
            outcome=spec.outcome,
            position=last_position + offset,
            what=spec.what.strip(),
            owner_staff=spec.owner_staff,
            owner_name=spec.owner_name.strip(),
            due=spec.due,
            measure=spec.measure.strip(),
            added_at_review=review,
        )
    summary = f"{_kind_label(plan)} reviewed on {say_date(held_on)}: {ReviewDecision(decision).label.lower()}"
    if next_review_on:
        summary += f". Next review {say_date(next_review_on)}"
    if new_actions:
        summary += f". {len(new_actions)} new action{'s' if len(new_actions) != 1 else ''} agreed"
    chronology.record(
        person=plan.child,
        kind=PlanEvent.REVIEWED,
        by=by,
        at=at,
        summary=summary,
        data={"plan": plan.pk, "review": review.pk, "decision": decision},
    )
    if decision == ReviewDecision.END:
        _end(plan, by=by, at=at, end=held_on, reason=PlanEndReason.REVIEW, notes="")
    return review


@transaction.atomic
def plan_correct(
    *, plan: Plan, by, at: datetime, correction: str, reason: str, applies_to: str = ""
) -> PlanCorrection:
    """Append a correction to a finalised plan. The plan itself is not changed."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.DRAFT:
        raise PlanError("A draft can be changed directly: corrections are for finalised plans")
    if not correction.strip():
        raise PlanError("Enter the correction")
    if not reason.strip():
        raise PlanError("Enter why the correction is needed")
    entry = PlanCorrection.objects.create(
        plan=plan,
        applies_to=applies_to.strip(),
        correction=correction.strip(),
        reason=reason.strip(),
        by=by,
        at=at,
    )
    chronology.record(
        person=plan.child,
        kind=PlanEvent.CORRECTED,
        by=by,
        at=at,
        summary=f"{_kind_label(plan)} corrected{f' ({applies_to.strip()})' if applies_to.strip() else ''}: "
        f"{_short(correction, 120)}. Reason: {_short(reason, 80)}",
        data={"plan": plan.pk, "correction": entry.pk},
    )
    return entry


def _end(plan: Plan, *, by, at: datetime, end: date, reason: str, notes: str) -> Plan:
    plan.status, plan.end, plan.end_reason, plan.end_notes = PlanStatus.ENDED, end, reason, notes.strip()
    plan.ended_by, plan.ended_at = by, at
    plan.save()
    chronology.record(
        person=plan.child,
        kind=PlanEvent.ENDED,
        by=by,
        at=at,
        summary=f"{_kind_label(plan)} ended on {say_date(end)}: {PlanEndReason(reason).label.lower()}"
        + (f". {_short(notes, 120)}" if notes.strip() else ""),
        data={"plan": plan.pk, "end": end.isoformat(), "reason": reason},
        significant=True,
    )
    return plan


@transaction.atomic
def plan_end(*, plan: Plan, by, at: datetime, end: date, reason: str, notes: str = "") -> Plan:
    """End a finalised plan on `end` (the census end date)."""
    plan = _locked_active(plan)
    if reason not in PlanEndReason.values:
        raise PlanError("Choose why the plan is ending")
    if reason == PlanEndReason.OTHER and not notes.strip():
        raise PlanError("Explain why the plan is ending")
    if end > at.date():
        raise PlanError("The plan cannot end in the future")
    if end < plan.start:
        raise PlanError(f"The plan cannot end before it started on {say_date(plan.start)}")
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is not None and end < last:
        raise PlanError(f"The plan cannot end before its last review on {say_date(last)}")
    if plan.episode_id:
        closed = Referral.objects.filter(pk=plan.episode_id).values_list("closure_date", flat=True).first()
        if closed is not None and end > closed:
            raise PlanError(f"The plan cannot end after the episode of need closed on {say_date(closed)}")
    return _end(plan, by=by, at=at, end=end, reason=reason, notes=notes)
