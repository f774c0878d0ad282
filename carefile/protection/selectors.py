"""Child protection reads: a child's protection record, a plan's schedule and the clocks of many children."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, Max, OuterRef, Prefetch, Q

from carefile.common.deadlines import DeadlineState, deadline_status

from .codes import ConferenceKind, EnquiryOutcome
from .models import (
    ChildProtectionPlan,
    Conference,
    ConferenceInvitee,
    CoreGroupMeeting,
    ProtectionSettings,
    Section47Enquiry,
    StrategyDiscussion,
)
from .timescales import enquiry_due, next_core_group_due, next_review_conference_due


def protection_settings() -> ProtectionSettings:
    """The council's local timescales, or the defaults when it has not set its own (one query)."""
    return ProtectionSettings.objects.order_by("pk").first() or ProtectionSettings()


# One child -----------------------------------------------------------------------------------------------


def discussions_of(child) -> list[StrategyDiscussion]:
    return list(
        StrategyDiscussion.objects.filter(child=child)
        .select_related("recorded_by", "enquiry")
        .prefetch_related("participants")
        .order_by("-held_at", "-id")
    )


def discussion_for(child, discussion_id: int) -> StrategyDiscussion | None:
    return (
        StrategyDiscussion.objects.filter(child=child, pk=discussion_id)
        .select_related("recorded_by", "enquiry", "episode")
        .prefetch_related("participants")
        .first()
    )


def siblings_in_meeting(discussion: StrategyDiscussion, user) -> list:
    """The other children discussed at the same meeting, as far as this user may see them."""
    from carefile.people.models import Person

    return list(
        Person.objects.visible_to(user)
        .filter(strategy_discussions__meeting=discussion.meeting)
        .exclude(pk=discussion.child_id)
        .order_by("date_of_birth", "id")
    )


def enquiries_of(child) -> list[Section47Enquiry]:
    return list(
        Section47Enquiry.objects.filter(child=child)
        .select_related("started_by", "signed_off_by", "outcome_by")
        .order_by("-start_date", "-id")
    )


def enquiry_for(child, enquiry_id: int | None) -> Section47Enquiry | None:
    """The enquiry named, else the child's enquiry still under way, else their latest."""
    enquiries = Section47Enquiry.objects.filter(child=child).select_related(
        "started_by", "signed_off_by", "outcome_by", "episode"
    )
    if enquiry_id is not None:
        return enquiries.filter(pk=enquiry_id).first()
    return (
        enquiries.filter(closed_on__isnull=True).first() or enquiries.order_by("-start_date", "-id").first()
    )


def _conferences():
    return Conference.objects.select_related("chair", "enquiry", "cp_plan", "recorded_by").prefetch_related(
        Prefetch("invitees", queryset=ConferenceInvitee.objects.order_by("id"))
    )


def conferences_of(child) -> list[Conference]:
    return list(_conferences().filter(child=child).order_by("-target_date", "-id"))


def conference_for(child, conference_id: int | None) -> Conference | None:
    """The conference named, else the child's next conference not yet held, else their latest."""
    conferences = _conferences().filter(child=child)
    if conference_id is not None:
        return conferences.filter(pk=conference_id).first()
    return (
        conferences.filter(held_on__isnull=True).order_by("target_date", "id").first()
        or conferences.order_by("-held_on", "-id").first()
    )


def initial_conference(enquiry: Section47Enquiry) -> Conference | None:
    return _conferences().filter(enquiry=enquiry, kind=ConferenceKind.INITIAL).first()


def plans_of(child) -> list[ChildProtectionPlan]:
    return list(
        ChildProtectionPlan.objects.filter(child=child)
        .select_related("conference", "plan")
        .order_by("-start", "-id")
    )


def cp_plan_for(child, plan_id: int | None) -> ChildProtectionPlan | None:
    """The plan named, else the child's open plan, else their latest."""
    plans = ChildProtectionPlan.objects.filter(child=child).select_related(
        "conference", "plan", "episode", "started_by", "ended_by"
    )
    if plan_id is not None:
        return plans.filter(pk=plan_id).first()
    return plans.filter(end__isnull=True).first() or plans.order_by("-start", "-id").first()


def current_cp_plan(child) -> ChildProtectionPlan | None:
    return ChildProtectionPlan.objects.filter(child=child, end__isnull=True).select_related("plan").first()


def previous_plan_count(cp_plan: ChildProtectionPlan) -> int:
    """NumberOfPreviousCPP: the child's earlier plans here and the plans elsewhere recorded at the start."""
    here = ChildProtectionPlan.objects.filter(child_id=cp_plan.child_id, start__lt=cp_plan.start).count()
    return here + cp_plan.previous_plans_elsewhere


@dataclass
class PlanSchedule:
    core_groups: list[CoreGroupMeeting]
    reviews: list[Conference]
    next_core_group: date | None
    next_core_group_state: DeadlineState | None
    next_review: date | None
    next_review_state: DeadlineState | None
    booked_review: Conference | None
    first_core_group_due: date | None = None
    visits: dict = field(default_factory=dict)


def plan_schedule(
    cp_plan: ChildProtectionPlan, *, today: date, holidays: Container[date], settings: ProtectionSettings
) -> PlanSchedule:
    """What has happened on the plan and what is due next: core groups and review conferences."""
    core_groups = list(cp_plan.core_groups.select_related("recorded_by").order_by("held_on", "id"))
    reviews = list(
        _conferences().filter(cp_plan=cp_plan, kind=ConferenceKind.REVIEW).order_by("target_date", "id")
    )
    held = [r for r in reviews if r.held_on]
    booked = next((r for r in reviews if not r.held_on), None)
    next_core = next_review = None
    core_state = review_state = None
    if cp_plan.end is None:
        next_core = next_core_group_due(
            plan_start=cp_plan.start,
            last_held=core_groups[-1].held_on if core_groups else None,
            every_weeks=settings.core_group_every_weeks,
            holidays=holidays,
        )
        core_state = deadline_status(
            due=next_core, today=today, amber_within=settings.core_group_amber_within, holidays=holidays
        )
        next_review = next_review_conference_due(
            plan_start=cp_plan.start, last_review=held[-1].held_on if held else None, holidays=holidays
        )
        review_state = deadline_status(
            due=next_review, today=today, amber_within=settings.review_amber_within, holidays=holidays
        )
    first_core = next_core_group_due(
        plan_start=cp_plan.start,
        last_held=None,
        every_weeks=settings.core_group_every_weeks,
        holidays=holidays,
    )
    return PlanSchedule(
        core_groups, held, next_core, core_state, next_review, review_state, booked, first_core
    )


def visit_standard(child, *, today: date, holidays: Container[date]) -> dict:
    """The visit standard for a child on a plan, from the recording app's frequency table (default every 10
    working days), with the child's last visit, last time seen alone and when the next visit is due."""
    try:
        from carefile.recording import selectors as recording
    except ImportError:  # pragma: no cover - the recording app is part of Carefile
        return {"describe": "every 10 working days", "clock": None, "summary": None}
    rules = recording.visit_rules()
    rule = rules.get("child_protection")
    clock = recording.visit_clocks([child], today=today, holidays=holidays).get(child.pk)
    return {
        "describe": rule.describe if rule else "no visit standard set",
        "source": rule.source if rule else "",
        "clock": clock,
        "summary": recording.visit_summaries([child.pk]).get(child.pk),
    }


# Many children: the clocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockFact:
    child_id: int
    kind: str  # enquiry, icpc, transfer_in, core_group, review
    due: date
    amber_within: int
    record_id: int


def clock_facts(children: Iterable, holidays: Container[date]) -> list[ClockFact]:
    """The open child protection deadlines of many children, in four queries whatever their number."""
    ids = [getattr(c, "pk", c) for c in children]
    if not ids:
        return []
    settings = protection_settings()
    facts: list[ClockFact] = []
    held_initial = Conference.objects.filter(
        enquiry=OuterRef("pk"), kind=ConferenceKind.INITIAL, held_on__isnull=False
    )
    enquiries = (
        Section47Enquiry.objects.filter(child_id__in=ids)
        .filter(Q(closed_on__isnull=True) | Q(outcome=EnquiryOutcome.CONFERENCE))
        .annotate(conference_held=Exists(held_initial))
        .values_list("pk", "child_id", "start_date", "icpc_target", "closed_on", "outcome", "conference_held")
    )
    for pk, child_id, start, target, closed_on, outcome, conference_held in enquiries:
        if closed_on is None:
            due = enquiry_due(start, working_days=settings.enquiry_working_days, holidays=holidays)
            facts.append(ClockFact(child_id, "enquiry", due, settings.enquiry_amber_within, pk))
        if outcome == EnquiryOutcome.CONFERENCE and not conference_held:
            facts.append(ClockFact(child_id, "icpc", target, settings.icpc_amber_within, pk))
    for pk, child_id, target in Conference.objects.filter(
        child_id__in=ids, kind=ConferenceKind.TRANSFER_IN, held_on__isnull=True
    ).values_list("pk", "child_id", "target_date"):
        facts.append(ClockFact(child_id, "transfer_in", target, settings.icpc_amber_within, pk))
    plans = (
        ChildProtectionPlan.objects.filter(child_id__in=ids, end__isnull=True)
        .annotate(
            last_core_group=Max("core_groups__held_on"),
            last_review=Max(
                "review_conferences__held_on", filter=Q(review_conferences__kind=ConferenceKind.REVIEW)
            ),
        )
        .values_list("pk", "child_id", "start", "last_core_group", "last_review")
    )
    for pk, child_id, start, last_core_group, last_review in plans:
        core_due = next_core_group_due(
            plan_start=start,
            last_held=last_core_group,
            every_weeks=settings.core_group_every_weeks,
            holidays=holidays,
        )
        facts.append(ClockFact(child_id, "core_group", core_due, settings.core_group_amber_within, pk))
        review_due = next_review_conference_due(plan_start=start, last_review=last_review, holidays=holidays)
        facts.append(ClockFact(child_id, "review", review_due, settings.review_amber_within, pk))
    return facts


def fact_state(fact: ClockFact, *, today: date, holidays: Container[date]) -> DeadlineState:
    return deadline_status(due=fact.due, today=today, amber_within=fact.amber_within, holidays=holidays)
