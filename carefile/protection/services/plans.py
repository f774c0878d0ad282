"""Child protection plans: starting one at a conference, core groups, and ending it."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from carefile.common import chronology
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person
from carefile.plans import services as plan_services
from carefile.plans.models import Plan, PlanKind, PlanStatus
from carefile.plans.models import PlanEndReason as GenericEndReason

from ..codes import (
    STARTING_KINDS,
    Category,
    ConferenceDecision,
    PlanEndReason,
    ProtectionEvent,
)
from ..models import (
    ChildProtectionPlan,
    Conference,
    CoreGroupMeeting,
)
from .base import (
    GENERIC_END_REASON,
    STATUS_AFTER_END,
    ProtectionError,
    _require_chair,
    _short,
    local_date,
    say_date,
)


@transaction.atomic
def cp_plan_start(
    *, conference: Conference, by, at: datetime, previous_plans_elsewhere: int = 0
) -> ChildProtectionPlan:
    """Start a child protection plan on the day of the conference that decided on it.

    An open child in need plan ends that day (CIN census 4001). What the plan says is drafted as a plan of
    kind "child_protection" through the plans app, to be finalised once its actions have owners and dates.
    """
    conference = Conference.objects.select_related("child", "episode").get(pk=conference.pk)
    if conference.held_on is None or conference.decision != ConferenceDecision.PLAN:
        raise ProtectionError(
            "A child protection plan can only start when a conference has decided the child needs one: "
            "record the conference's decision first"
        )
    if conference.kind not in STARTING_KINDS:
        raise ProtectionError("A plan is started by an initial or transfer-in conference")
    child, start = conference.child, conference.held_on
    if ChildProtectionPlan.objects.filter(conference=conference).exists():
        raise ProtectionError("This conference has already started a plan")
    current = ChildProtectionPlan.objects.filter(child=child, end__isnull=True).first()
    if current is not None:
        raise ProtectionError(
            f"{child.full_name} has been on a child protection plan since {say_date(current.start)}"
        )
    episode = Referral.objects.select_for_update().get(pk=conference.episode_id)
    if episode.closure_date is not None:
        raise ProtectionError(f"The episode of need closed on {say_date(episode.closure_date)}")
    if previous_plans_elsewhere < 0:
        raise ProtectionError("The number of plans in other councils cannot be negative")
    _end_child_in_need_plan(child, by=by, at=at, on=start)
    content = _content_draft(child, by=by, at=at, start=start, concerns=conference.summary)
    cp_plan = ChildProtectionPlan.objects.create(
        child=child,
        episode=episode,
        conference=conference,
        start=start,
        initial_category=conference.category,
        latest_category=conference.category,
        previous_plans_elsewhere=previous_plans_elsewhere,
        plan=content,
        started_by=by,
        started_at=at,
    )
    # A looked-after child or a care leaver keeps that status (the care app keeps it while care lasts).
    if child.case_status not in {
        CaseStatus.CHILD_PROTECTION,
        CaseStatus.LOOKED_AFTER,
        CaseStatus.CARE_LEAVER,
    }:
        child.case_status = CaseStatus.CHILD_PROTECTION
        child.save(update_fields=["case_status"])
    chronology.record(
        person=child,
        kind=ProtectionEvent.CP_PLAN_STARTED,
        by=by,
        at=at,
        summary=f"Child protection plan started on {say_date(start)} under the category "
        f"{Category(conference.category).label.lower()}",
        data={"cp_plan": cp_plan.pk, "conference": conference.pk, "category": conference.category},
        significant=True,
    )
    return cp_plan


def _end_child_in_need_plan(child: Person, *, by, at: datetime, on: date) -> None:
    cin_plan = Plan.objects.filter(
        child=child, kind=PlanKind.CHILD_IN_NEED, status=PlanStatus.ACTIVE, end__isnull=True
    ).first()
    if cin_plan is None:
        return
    try:
        plan_services.plan_end(
            plan=cin_plan,
            by=by,
            at=at,
            end=on,
            reason=GenericEndReason.STEP_UP,
            notes=f"A child protection plan started at the conference on {say_date(on)}",
        )
    except plan_services.PlanError as error:
        raise ProtectionError(
            f"The child in need plan could not be ended on {say_date(on)}: {error}"
        ) from None


def _content_draft(child: Person, *, by, at: datetime, start: date, concerns: str) -> Plan:
    """A draft of what the plan says, or the open draft left from before if no plan uses it."""
    existing = Plan.objects.filter(child=child, kind=PlanKind.CHILD_PROTECTION, end__isnull=True).first()
    if existing is not None:
        if ChildProtectionPlan.objects.filter(plan=existing).exists():
            raise ProtectionError("The child already has an open child protection plan document")
        return existing
    try:
        return plan_services.plan_draft_start(
            child=child, by=by, at=at, kind=PlanKind.CHILD_PROTECTION, concerns=concerns, start=start
        )
    except plan_services.PlanError as error:
        raise ProtectionError(str(error)) from None


@transaction.atomic
def cp_plan_content_finalise(*, cp_plan: ChildProtectionPlan, by, at: datetime) -> Plan:
    """Finalise what the plan says, from the day the plan started (its outcomes and actions checked whole)."""
    if cp_plan.plan_id is None:
        raise ProtectionError("This plan has no outcomes and actions to finalise")
    try:
        return plan_services.plan_finalise(plan=cp_plan.plan, by=by, at=at, start=cp_plan.start)
    except plan_services.PlanIncomplete:
        raise
    except plan_services.PlanError as error:
        raise ProtectionError(str(error)) from None


# Core groups and reviews ---------------------------------------------------------------------------------


@transaction.atomic
def core_group_record(
    *,
    cp_plan: ChildProtectionPlan,
    by,
    at: datetime,
    held_on: date,
    attendees: str,
    progress: str,
    child_views: str = "",
) -> CoreGroupMeeting:
    cp_plan = ChildProtectionPlan.objects.select_for_update().get(pk=cp_plan.pk)
    if held_on > local_date(at):
        raise ProtectionError("The core group meeting cannot be in the future")
    if held_on < cp_plan.start:
        raise ProtectionError(
            f"The core group cannot be before the plan started on {say_date(cp_plan.start)}"
        )
    if cp_plan.end is not None and held_on >= cp_plan.end:
        raise ProtectionError(f"The plan ended on {say_date(cp_plan.end)}")
    if not attendees.strip():
        raise ProtectionError("Enter who came to the core group")
    if not progress.strip():
        raise ProtectionError("Enter the progress made against the plan")
    meeting = CoreGroupMeeting.objects.create(
        cp_plan=cp_plan,
        held_on=held_on,
        attendees=attendees.strip(),
        progress=progress.strip(),
        child_views=child_views.strip(),
        recorded_by=by,
        recorded_at=at,
    )
    chronology.record(
        person=cp_plan.child,
        kind=ProtectionEvent.CORE_GROUP,
        by=by,
        at=at,
        summary=f"Core group meeting on {say_date(held_on)}: {_short(progress, 140)}",
        data={"cp_plan": cp_plan.pk, "core_group": meeting.pk},
    )
    return meeting


# Ending a plan -------------------------------------------------------------------------------------------


def _check_end_reason(reason: str, notes: str) -> None:
    if reason not in PlanEndReason.values:
        raise ProtectionError("Choose why the plan is ending")
    if reason == PlanEndReason.OTHER and not notes.strip():
        raise ProtectionError("Explain why the plan is ending")


@transaction.atomic
def cp_plan_end(
    *, cp_plan: ChildProtectionPlan, by, at: datetime, end: date, reason: str, notes: str = ""
) -> ChildProtectionPlan:
    """End a plan outside a review conference (a move to another council, becoming looked after, turning 18)."""
    cp_plan = ChildProtectionPlan.objects.select_for_update().get(pk=cp_plan.pk)
    if cp_plan.end is not None:
        raise ProtectionError(f"This plan already ended on {say_date(cp_plan.end)}")
    _require_chair(by, "end a child protection plan")
    _check_end_reason(reason, notes)
    if end > local_date(at):
        raise ProtectionError("The plan cannot end in the future")
    if end <= cp_plan.start:
        raise ProtectionError(
            f"The plan must end after the day it started, {say_date(cp_plan.start)} (CIN census rule 8840)"
        )
    last = (
        Conference.objects.filter(cp_plan=cp_plan, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if last is not None and end < last:
        raise ProtectionError(f"The plan cannot end before its last review conference on {say_date(last)}")
    return _end(cp_plan, by=by, at=at, end=end, reason=reason, notes=notes)


def _end(
    cp_plan: ChildProtectionPlan, *, by, at: datetime, end: date, reason: str, notes: str
) -> ChildProtectionPlan:
    content = Plan.objects.filter(pk=cp_plan.plan_id).first() if cp_plan.plan_id else None
    try:
        if content is not None and content.status == PlanStatus.ACTIVE:
            generic = GENERIC_END_REASON.get(reason, GenericEndReason.OTHER)
            plan_services.plan_end(
                plan=content,
                by=by,
                at=at,
                end=end,
                reason=generic,
                notes=notes or ("" if generic != GenericEndReason.OTHER else PlanEndReason(reason).label),
            )
        elif content is not None and content.status == PlanStatus.DRAFT:
            # Never finalised: the draft goes, the plan's period and conferences stay.
            cp_plan.plan = None
            cp_plan.save(update_fields=["plan"])
            plan_services.plan_discard(plan=content, by=by, at=at)
    except plan_services.PlanError as error:
        raise ProtectionError(f"What the plan says could not be closed: {error}") from None
    cp_plan.end, cp_plan.end_reason, cp_plan.end_notes = end, reason, notes.strip()
    cp_plan.ended_by, cp_plan.ended_at = by, at
    cp_plan.save(update_fields=["end", "end_reason", "end_notes", "ended_by", "ended_at"])
    child = cp_plan.child
    if child.case_status == CaseStatus.CHILD_PROTECTION:
        child.case_status = STATUS_AFTER_END.get(reason, CaseStatus.CHILD_IN_NEED)
        child.save(update_fields=["case_status"])
    chronology.record(
        person=child,
        kind=ProtectionEvent.CP_PLAN_ENDED,
        by=by,
        at=at,
        summary=f"Child protection plan ended on {say_date(end)}: {PlanEndReason(reason).label.lower()}"
        + (f". {_short(notes, 120)}" if notes.strip() else ""),
        data={"cp_plan": cp_plan.pk, "end": end.isoformat(), "reason": reason},
        significant=True,
    )
    return cp_plan
