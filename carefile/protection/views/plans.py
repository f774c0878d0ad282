"""The child protection plan: its page, what it says, core groups and ending it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require
from carefile.people.decorators import person_record
from carefile.plans import selectors as plan_selectors
from carefile.plans import services as plan_services
from carefile.plans.forms import ActionForm, OutcomeForm
from carefile.plans.models import PlanStatus
from carefile.workforce.models import AllocationRole, Staff

from .. import selectors, services
from ..forms import (
    CoreGroupForm,
    PlanEndForm,
)
from ..services import ProtectionError
from .common import (
    _form_page,
    _id,
    _index_url,
    _nothing,
)

# Child protection plans ---------------------------------------------------------------------------------


def _no_plan(request, person, title: str):
    return _nothing(
        request,
        person,
        title=title,
        message=f"{person.full_name} is not on a child protection plan. A plan starts at an initial (or "
        "transfer-in) child protection conference that decides the child needs one.",
    )


@person_record
def plan(request, person):
    require(request, "protection.view")
    cp_plan = selectors.cp_plan_for(person, _id(request, "plan"))
    if cp_plan is None:
        return _no_plan(request, person, "Child protection plan")
    today, holidays = clock.today(), holiday_calendar()
    settings = selectors.protection_settings()
    content = plan_selectors.plan_in_full(cp_plan.plan) if cp_plan.plan_id else None
    is_open = cp_plan.end is None
    return render(
        request,
        "protection/plan.html",
        {
            "person": person,
            "cp_plan": cp_plan,
            "previous_plans": selectors.previous_plan_count(cp_plan),
            "schedule": selectors.plan_schedule(cp_plan, today=today, holidays=holidays, settings=settings),
            "settings": settings,
            "visits": selectors.visit_standard(person, today=today, holidays=holidays) if is_open else None,
            "content": content,
            "problems": plan_services.finalise_problems(content, start=cp_plan.start)
            if content is not None and content.status == PlanStatus.DRAFT
            else [],
            "today": today,
            "other_plans": [p for p in selectors.plans_of(person) if p.pk != cp_plan.pk],
            "can_edit": is_open and request.user.has_perm("protection.edit_plan"),
            "can_finalise": is_open and request.user.has_perm("protection.finalise_plan"),
            "can_core_group": is_open and request.user.has_perm("protection.record_core_group"),
            "can_schedule": is_open and request.user.has_perm("protection.schedule_conference"),
            "can_end": is_open and request.user.has_perm("protection.end_plan"),
            "can_visit": is_open and request.user.has_perm("recording.record_visit", person),
            "back_url": _index_url(person),
        },
    )


def _plan_url(person) -> str:
    return reverse("protection:plan", args=[person.pk])


def _draft_content(request, person, title: str):
    cp_plan = selectors.current_cp_plan(person)
    if cp_plan is None:
        return None, None, _no_plan(request, person, title)
    content = cp_plan.plan
    if content is None or content.status != PlanStatus.DRAFT:
        return (
            None,
            None,
            _nothing(
                request,
                person,
                title=title,
                message=f"What {person.full_name}'s child protection plan says has been finalised: its outcomes and "
                "actions no longer change. Progress is reviewed at core groups and review conferences.",
            ),
        )
    return cp_plan, content, None


def _staff_for(person, request) -> list[Staff]:
    today = clock.today()
    teams = {person.responsible_team_id, getattr(getattr(request.user, "staff", None), "team_id", None)} - {
        None
    }
    current = Q(leave_date__isnull=True) | Q(leave_date__gt=today)
    allocated = Q(
        allocations__child=person,
        allocations__end__isnull=True,
        allocations__role=AllocationRole.SOCIAL_WORKER,
    )
    return list(
        Staff.objects.filter(current & (Q(team_id__in=teams) | allocated))
        .distinct()
        .order_by("family_name", "given_name", "id")
    )


@person_record
@require_http_methods(["GET", "POST"])
def plan_outcome(request, person):
    require(request, "protection.edit_plan")
    cp_plan, content, nothing = _draft_content(request, person, "Add an outcome")
    if nothing:
        return nothing
    form = OutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.outcome_save(
                plan=content, by=request.user.staff, at=clock.now(), text=form.cleaned_data["text"]
            )
        except plan_services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Outcome added")
            return redirect(_plan_url(person) + "#content")
    return _form_page(
        request,
        person,
        form,
        title="Add an outcome",
        caption="Child protection plan",
        submit="Add the outcome",
        back_url=_plan_url(person),
    )


@person_record
@require_http_methods(["GET", "POST"])
def plan_action(request, person):
    require(request, "protection.edit_plan")
    cp_plan, content, nothing = _draft_content(request, person, "Add an action")
    if nothing:
        return nothing
    outcomes = list(content.outcomes.all())
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        staff=_staff_for(person, request),
        outcomes=outcomes,
        earliest=cp_plan.start,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = next((o for o in outcomes if str(o.pk) == data.get("outcome")), None)
        try:
            plan_services.action_save(
                plan=content,
                by=request.user.staff,
                at=clock.now(),
                what=data["what"],
                owner_staff=data["owner_staff"],
                owner_name=data["owner_name"],
                due=data["due"],
                measure=data["measure"],
                outcome=outcome,
            )
        except plan_services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action added")
            return redirect(_plan_url(person) + "#content")
    return _form_page(
        request,
        person,
        form,
        title="Add an action",
        caption="Child protection plan",
        submit="Add the action",
        intro="Who will do what by when, and how we will know it has made the child safer.",
        back_url=_plan_url(person),
    )


@person_record
@require_http_methods(["GET", "POST"])
def plan_finalise(request, person):
    require(request, "protection.view")
    cp_plan, content, nothing = _draft_content(request, person, "Finalise the plan")
    if nothing:
        return nothing
    problems = plan_services.finalise_problems(content, start=cp_plan.start)
    if request.method == "POST":
        require(request, "protection.finalise_plan")
        try:
            services.cp_plan_content_finalise(cp_plan=cp_plan, by=request.user.staff, at=clock.now())
        except plan_services.PlanIncomplete as error:
            problems = error.problems
        except ProtectionError as error:
            problems = [str(error)]
        else:
            messages.success(request, "The child protection plan has been finalised")
            return redirect(_plan_url(person) + "#content")
    return render(
        request,
        "protection/plan_finalise.html",
        {
            "person": person,
            "cp_plan": cp_plan,
            "problems": problems,
            "can_finalise": request.user.has_perm("protection.finalise_plan"),
            "back_url": _plan_url(person),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def core_group(request, person):
    require(request, "protection.record_core_group")
    cp_plan = selectors.current_cp_plan(person)
    if cp_plan is None:
        return _no_plan(request, person, "Record a core group meeting")
    form = CoreGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.core_group_record(
                cp_plan=cp_plan,
                by=request.user.staff,
                at=clock.now(),
                held_on=data["held_on"],
                attendees=data["attendees"],
                progress=data["progress"],
                child_views=data["child_views"],
            )
        except ProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Core group meeting recorded")
            return redirect(_plan_url(person) + "#core-groups")
    return _form_page(
        request,
        person,
        form,
        title="Record a core group meeting",
        caption="Child protection plan",
        submit="Record the meeting",
        back_url=_plan_url(person),
    )


@person_record
@require_http_methods(["GET", "POST"])
def plan_end(request, person):
    require(request, "protection.view")
    cp_plan = selectors.current_cp_plan(person)
    if cp_plan is None:
        return _no_plan(request, person, "End the child protection plan")
    if not request.user.has_perm("protection.end_plan"):
        if request.method == "POST":
            raise PermissionDenied
        return _nothing(
            request,
            person,
            title="End the child protection plan",
            message="A plan is ended by a review conference, or by its chair (an independent reviewing officer) or "
            "a manager when the child moves away, becomes looked after or turns 18.",
        )
    form = PlanEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cp_plan_end(
                cp_plan=cp_plan,
                by=request.user.staff,
                at=clock.now(),
                end=data["end"],
                reason=data["reason"],
                notes=data["notes"],
            )
        except ProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The child protection plan has ended")
            return redirect(reverse("protection:plan", args=[person.pk]) + f"?plan={cp_plan.pk}")
    return _form_page(
        request,
        person,
        form,
        title="End the child protection plan",
        caption=f"Started {services.say_date(cp_plan.start)}",
        intro="A plan usually ends at a review conference. End it here when the child moves to another council, "
        "becomes looked after or turns 18.",
        submit="End the plan",
        back_url=_plan_url(person),
    )
