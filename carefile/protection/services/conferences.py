"""Initial, transfer-in and review conferences: booking them and recording their decisions."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from carefile.common import chronology
from carefile.common.workdays import working_days_between
from carefile.people.models import Person
from carefile.plans import services as plan_services
from carefile.plans.models import Plan, PlanStatus

from ..codes import (
    INITIAL_DECISIONS,
    NO_CONFERENCE_OUTCOMES,
    REVIEW_DECISIONS,
    STARTING_KINDS,
    Attendance,
    Category,
    ConferenceDecision,
    ConferenceKind,
    EnquiryOutcome,
    InviteeRole,
    ProtectionEvent,
)
from ..models import (
    ChildProtectionPlan,
    Conference,
    ConferenceInvitee,
    Section47Enquiry,
)
from ..timescales import next_review_conference_due, transfer_in_target
from .base import (
    CHAIR_ROLES,
    Invitee,
    ProtectionError,
    _open_episode,
    _require_chair,
    local_date,
    say_date,
)
from .plans import _check_end_reason, _end, cp_plan_start

# Conferences: scheduling ---------------------------------------------------------------------------------


def _check_invitees(invitees: Sequence[Invitee]) -> list[Invitee]:
    chosen = [i for i in invitees if i.name.strip()]
    for i in chosen:
        if i.role not in InviteeRole.values:
            raise ProtectionError(
                f"Choose who {i.name.strip()} is: an agency, a parent or carer, or the child"
            )
    return chosen


def _schedule(
    conference: Conference, *, by, at: datetime, scheduled_at: datetime, chair, invitees, venue: str
) -> Conference:
    if conference.held_on is not None:
        raise ProtectionError(f"This conference was held on {say_date(conference.held_on)}")
    if chair is not None and chair.role not in CHAIR_ROLES:
        raise ProtectionError("The chair must be an independent reviewing officer or a manager")
    chosen = _check_invitees(invitees)
    rescheduled = conference.pk is not None and conference.scheduled_at is not None
    conference.scheduled_at, conference.chair, conference.venue = scheduled_at, chair, venue.strip()
    conference.scheduled_by = by
    conference.save()
    conference.invitees.all().delete()
    ConferenceInvitee.objects.bulk_create(
        ConferenceInvitee(conference=conference, name=i.name.strip(), role=i.role, detail=i.detail.strip())
        for i in chosen
    )
    day = local_date(scheduled_at)
    late = day > conference.target_date
    summary = (
        f"{ConferenceKind(conference.kind).label} {'rescheduled' if rescheduled else 'scheduled'} for "
        f"{timezone.localtime(scheduled_at):%H:%M} on {say_date(day)}"
        + (f", chaired by {chair}" if chair else "")
        + f". It is due by {say_date(conference.target_date)}"
        + (": this is after the date it is due" if late else "")
    )
    chronology.record(
        person=conference.child,
        kind=ProtectionEvent.CONFERENCE_SCHEDULED,
        by=by,
        at=at,
        summary=summary,
        data={"conference": conference.pk, "kind": conference.kind, "on": day.isoformat()},
    )
    return conference


@transaction.atomic
def initial_conference_schedule(
    *,
    enquiry: Section47Enquiry,
    by,
    at: datetime,
    scheduled_at: datetime,
    chair=None,
    invitees: Sequence[Invitee] = (),
    venue: str = "",
) -> Conference:
    """Book (or re-book) the initial conference an enquiry may lead to. Its target is the enquiry's."""
    enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.outcome in NO_CONFERENCE_OUTCOMES:
        raise ProtectionError(
            f"The enquiry concluded that no conference is needed ({EnquiryOutcome(enquiry.outcome).label.lower()})"
        )
    if local_date(scheduled_at) < enquiry.start_date:
        raise ProtectionError(
            f"The conference cannot be before the section 47 enquiry started on {say_date(enquiry.start_date)}"
        )
    conference = Conference.objects.filter(
        enquiry=enquiry, kind=ConferenceKind.INITIAL
    ).first() or Conference(
        kind=ConferenceKind.INITIAL,
        child=enquiry.child,
        episode=enquiry.episode,
        enquiry=enquiry,
        target_date=enquiry.icpc_target,
    )
    return _schedule(
        conference, by=by, at=at, scheduled_at=scheduled_at, chair=chair, invitees=invitees, venue=venue
    )


@transaction.atomic
def transfer_in_conference_schedule(
    *,
    child: Person,
    by,
    at: datetime,
    holidays: Container[date],
    notified_on: date,
    transfer_from: str,
    scheduled_at: datetime | None = None,
    chair=None,
    invitees: Sequence[Invitee] = (),
    venue: str = "",
) -> Conference:
    """A child arrives on another council's plan: a transfer-in conference is due in 15 working days."""
    episode = _open_episode(child)
    if episode is None:
        raise ProtectionError(
            f"{child.full_name} has no open referral: open one (a contact from the other council) first"
        )
    if ChildProtectionPlan.objects.filter(child=child, end__isnull=True).exists():
        raise ProtectionError(f"{child.full_name} is already on a child protection plan here")
    if not transfer_from.strip():
        raise ProtectionError("Enter the council the child moved from")
    if notified_on > local_date(at):
        raise ProtectionError("The date we were told cannot be in the future")
    existing = Conference.objects.filter(episode=episode, kind=ConferenceKind.TRANSFER_IN).first()
    if existing is not None and existing.held_on is not None:
        raise ProtectionError(
            f"A transfer-in conference was already held in this episode, on {say_date(existing.held_on)}"
        )
    conference = existing or Conference(kind=ConferenceKind.TRANSFER_IN, child=child, episode=episode)
    conference.transfer_from = transfer_from.strip()
    conference.notified_on = notified_on
    conference.target_date = transfer_in_target(notified_on, holidays=holidays)
    if scheduled_at is None:
        conference.save()
        chronology.record(
            person=child,
            kind=ProtectionEvent.CONFERENCE_SCHEDULED,
            by=by,
            at=at,
            summary=f"Moved here on a child protection plan from {conference.transfer_from}: a transfer-in "
            f"conference is due by {say_date(conference.target_date)}",
            data={"conference": conference.pk, "kind": conference.kind},
        )
        return conference
    return _schedule(
        conference, by=by, at=at, scheduled_at=scheduled_at, chair=chair, invitees=invitees, venue=venue
    )


def next_review_due(cp_plan: ChildProtectionPlan, *, holidays: Container[date]) -> date:
    last = (
        Conference.objects.filter(cp_plan=cp_plan, kind=ConferenceKind.REVIEW, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return next_review_conference_due(plan_start=cp_plan.start, last_review=last, holidays=holidays)


@transaction.atomic
def review_conference_schedule(
    *,
    cp_plan: ChildProtectionPlan,
    by,
    at: datetime,
    holidays: Container[date],
    scheduled_at: datetime,
    chair=None,
    invitees: Sequence[Invitee] = (),
    venue: str = "",
) -> Conference:
    """Book (or re-book) the plan's next review conference."""
    cp_plan = ChildProtectionPlan.objects.select_for_update().get(pk=cp_plan.pk)
    if cp_plan.end is not None:
        raise ProtectionError(f"This plan ended on {say_date(cp_plan.end)}")
    if local_date(scheduled_at) <= cp_plan.start:
        raise ProtectionError(
            f"A review conference must be after the plan started on {say_date(cp_plan.start)}"
        )
    conference = Conference.objects.filter(
        cp_plan=cp_plan, kind=ConferenceKind.REVIEW, held_on__isnull=True
    ).first()
    if conference is None:
        conference = Conference(
            kind=ConferenceKind.REVIEW,
            child=cp_plan.child,
            episode=cp_plan.episode,
            cp_plan=cp_plan,
            target_date=next_review_due(cp_plan, holidays=holidays),
        )
    return _schedule(
        conference, by=by, at=at, scheduled_at=scheduled_at, chair=chair, invitees=invitees, venue=venue
    )


# Conferences: the decision -------------------------------------------------------------------------------


def _check_held(conference: Conference, *, by, at: datetime, held_on: date, child_views: str) -> None:
    if conference.held_on is not None:
        raise ProtectionError(f"This conference's decision was recorded on {say_date(conference.held_on)}")
    _require_chair(by, "record a conference's decision")
    if held_on > local_date(at):
        raise ProtectionError("The conference cannot be in the future")
    if held_on.weekday() >= 5:
        raise ProtectionError("A conference date cannot be a Saturday or a Sunday")
    if not child_views.strip():
        raise ProtectionError("Enter the child's views, or why they could not be given")


def _record_attendance(conference: Conference, attendance: Mapping[int, str]) -> None:
    for invitee in conference.invitees.all():
        status = attendance.get(invitee.pk)
        if status and status in Attendance.values and status != invitee.attendance:
            invitee.attendance = status
            invitee.save(update_fields=["attendance"])


def _timeliness(conference: Conference, held_on: date, holidays) -> str:
    if held_on <= conference.target_date:
        return f"within the target of {say_date(conference.target_date)}"
    late = working_days_between(conference.target_date, held_on, holidays=holidays)
    return (
        f"{late} working day{'s' if late != 1 else ''} after the target of {say_date(conference.target_date)}"
    )


@transaction.atomic
def initial_conference_record(
    *,
    conference: Conference,
    by,
    at: datetime,
    holidays: Container[date],
    held_on: date,
    decision: str,
    child_views: str,
    summary: str = "",
    category: str = "",
    attendance: Mapping[int, str] | None = None,
    previous_plans_elsewhere: int = 0,
) -> Conference:
    """Record an initial or transfer-in conference and its decision. A decision for a plan starts it."""
    conference = (
        Conference.objects.select_for_update(of=("self",))
        .select_related("enquiry", "episode")
        .get(pk=conference.pk)
    )
    if conference.kind not in STARTING_KINDS:
        raise ProtectionError("This is a review conference: record it as one")
    _check_held(conference, by=by, at=at, held_on=held_on, child_views=child_views)
    enquiry = conference.enquiry
    if enquiry is not None:
        if held_on < enquiry.start_date:
            raise ProtectionError(
                f"The conference cannot be before the section 47 enquiry started on {say_date(enquiry.start_date)}"
            )
        if not enquiry.outcome:
            raise ProtectionError(
                "Record the enquiry's outcome (an initial conference is needed) before recording the conference"
            )
        if enquiry.outcome in NO_CONFERENCE_OUTCOMES:
            raise ProtectionError("The enquiry concluded that no conference is needed")
    if held_on < conference.episode.referral_date:
        raise ProtectionError(
            f"The conference cannot be before the referral on {say_date(conference.episode.referral_date)}"
        )
    if decision not in INITIAL_DECISIONS:
        raise ProtectionError("Choose the conference's decision: a child protection plan or not")
    if decision == ConferenceDecision.PLAN and category not in Category.values:
        raise ProtectionError("Choose the category of abuse")
    conference.held_on, conference.decision = held_on, decision
    conference.category = category if decision == ConferenceDecision.PLAN else ""
    conference.child_views, conference.summary = child_views.strip(), summary.strip()
    conference.recorded_by, conference.recorded_at = by, at
    conference.save()
    _record_attendance(conference, attendance or {})
    text = (
        f"{ConferenceKind(conference.kind).label} held on {say_date(held_on)}, "
        f"{_timeliness(conference, held_on, holidays)}: {ConferenceDecision(decision).label.lower()}"
    )
    if decision == ConferenceDecision.PLAN:
        text += f" (category: {Category(category).label.lower()})"
    chronology.record(
        person=conference.child,
        kind=ProtectionEvent.CONFERENCE_HELD,
        by=by,
        at=at,
        summary=text,
        data={"conference": conference.pk, "kind": conference.kind, "decision": decision},
        significant=True,
    )
    if decision == ConferenceDecision.PLAN:
        cp_plan_start(conference=conference, by=by, at=at, previous_plans_elsewhere=previous_plans_elsewhere)
    return conference


@transaction.atomic
def review_conference_record(
    *,
    conference: Conference,
    by,
    at: datetime,
    holidays: Container[date],
    held_on: date,
    decision: str,
    child_views: str,
    summary: str = "",
    category: str = "",
    attendance: Mapping[int, str] | None = None,
    end_reason: str = "",
    end_notes: str = "",
) -> Conference:
    """Record a review conference: continue the plan (the latest category may change) or end it."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.kind != ConferenceKind.REVIEW:
        raise ProtectionError("This is not a review conference")
    _check_held(conference, by=by, at=at, held_on=held_on, child_views=child_views)
    cp_plan = ChildProtectionPlan.objects.select_for_update().get(pk=conference.cp_plan_id)
    if cp_plan.end is not None:
        raise ProtectionError(f"This plan ended on {say_date(cp_plan.end)}")
    if held_on <= cp_plan.start:
        raise ProtectionError(
            f"A review conference must be after the plan started on {say_date(cp_plan.start)}"
        )
    last = (
        Conference.objects.filter(cp_plan=cp_plan, kind=ConferenceKind.REVIEW, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if last is not None and held_on <= last:
        raise ProtectionError(f"A later review conference has already been recorded, on {say_date(last)}")
    if decision not in REVIEW_DECISIONS:
        raise ProtectionError("Choose the conference's decision: continue the plan or end it")
    if decision == ConferenceDecision.CONTINUE and category not in Category.values:
        raise ProtectionError("Choose the category of abuse")
    if decision == ConferenceDecision.END:
        _check_end_reason(end_reason, end_notes)
    conference.held_on, conference.decision = held_on, decision
    conference.category = category if decision == ConferenceDecision.CONTINUE else ""
    conference.child_views, conference.summary = child_views.strip(), summary.strip()
    conference.recorded_by, conference.recorded_at = by, at
    conference.save()
    _record_attendance(conference, attendance or {})
    text = (
        f"Review child protection conference held on {say_date(held_on)}, {_timeliness(conference, held_on, holidays)}: "
        f"{ConferenceDecision(decision).label.lower()}"
    )
    if decision == ConferenceDecision.CONTINUE:
        if category != cp_plan.latest_category:
            text += f"; category changed from {Category(cp_plan.latest_category).label.lower()} to {Category(category).label.lower()}"
            cp_plan.latest_category = category
            cp_plan.save(update_fields=["latest_category"])
        next_due = next_review_conference_due(
            plan_start=cp_plan.start, last_review=held_on, holidays=holidays
        )
        text += f". Next review due by {say_date(next_due)}"
    chronology.record(
        person=cp_plan.child,
        kind=ProtectionEvent.CONFERENCE_HELD,
        by=by,
        at=at,
        summary=text,
        data={"conference": conference.pk, "kind": conference.kind, "decision": decision},
        significant=True,
    )
    _review_the_content(conference, cp_plan, by=by, at=at, holidays=holidays)
    if decision == ConferenceDecision.END:
        _end(cp_plan, by=by, at=at, end=held_on, reason=end_reason, notes=end_notes)
    return conference


def _review_the_content(conference: Conference, cp_plan: ChildProtectionPlan, *, by, at, holidays) -> None:
    """A review conference is also a review of what the plan says (the plans app's review record)."""
    plan = Plan.objects.filter(pk=cp_plan.plan_id, status=PlanStatus.ACTIVE).first()
    if plan is None:
        return
    from carefile.plans.models import ReviewDecision

    attended = [i.name for i in conference.invitees.all() if i.attendance == Attendance.ATTENDED]
    ending = conference.decision == ConferenceDecision.END
    try:
        plan_services.plan_review_record(
            plan=plan,
            by=by,
            at=at,
            held_on=conference.held_on,
            attendees=", ".join(attended) or "Recorded at the review child protection conference",
            progress=conference.summary or "Reviewed at the review child protection conference",
            child_views=conference.child_views,
            decision=ReviewDecision.END if ending else ReviewDecision.CONTINUE,
            next_review_on=None
            if ending
            else next_review_conference_due(
                plan_start=cp_plan.start, last_review=conference.held_on, holidays=holidays
            ),
        )
    except plan_services.PlanError as error:
        raise ProtectionError(f"The plan's review could not be recorded: {error}") from None
