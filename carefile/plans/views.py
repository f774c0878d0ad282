"""Plan pages. Every page is about one child (`people/<person_id>/plans/...`, through `person_record`, so each
view is in the access log). A page acts on the child's open child in need plan, or on the plan named by
`?plan=` where it shows one; parts of a plan are named by `?outcome=` or `?action=`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require
from carefile.frontdoor.models import Referral
from carefile.governance import concurrency
from carefile.people.decorators import person_record
from carefile.workforce.models import AllocationRole, Staff

from . import selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    ConfirmForm,
    CorrectionForm,
    EndForm,
    FinaliseForm,
    OutcomeForm,
    PlanDetailsForm,
    ReviewForm,
)
from .models import Plan, PlanAction, PlanKind, PlanOutcome, PlanStatus, ReviewDecision
from .schedule import default_next_review

CIN = PlanKind.CHILD_IN_NEED


def _plan_url(person, plan=None, anchor: str = "") -> str:
    url = reverse("plans:index", args=[person.pk])
    if plan is not None and plan.end is not None:
        url += f"?plan={plan.pk}"
    return url + anchor


def _nothing(request, person, *, title: str, message: str, link: tuple[str, str] | None = None):
    """An explanatory page for a plan page that has nothing to act on (no episode, no plan, no draft)."""
    return render(
        request,
        "plans/nothing.html",
        {"person": person, "title": title, "message": message, "link": link, "back_url": _plan_url(person)},
    )


def _id_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _chosen_plan(request, person) -> Plan | None:
    """The plan named by `?plan=`, else the open child in need plan, else the child's latest plan."""
    plan_id = _id_param(request, "plan")
    if plan_id is not None:
        return selectors.plan_for_child(person, plan_id)
    return (
        selectors.current_plan(person, CIN)
        or selectors.plans_with_next_review().filter(child=person).order_by("-created_at", "-id").first()
    )


def _open_episode(person) -> Referral | None:
    return Referral.objects.filter(child=person, closure_date__isnull=True).first()


def _draft_or_nothing(request, person):
    plan = selectors.current_plan(person, CIN)
    if plan is None or plan.status != PlanStatus.DRAFT:
        message = (
            f"{person.full_name}'s child in need plan has been finalised: its content can no longer change. "
            "Update an action's progress, record a review or append a correction instead."
            if plan is not None
            else f"{person.full_name} has no draft child in need plan."
        )
        return None, _nothing(request, person, title="No draft plan", message=message)
    return plan, None


def _active_or_nothing(request, person, doing: str):
    plan = selectors.current_plan(person, CIN)
    if plan is None or plan.status != PlanStatus.ACTIVE:
        message = (
            f"{person.full_name}'s child in need plan is still a draft: finalise it before you {doing}."
            if plan is not None
            else f"{person.full_name} has no finalised child in need plan, so there is nothing to {doing}."
        )
        return None, _nothing(request, person, title="No finalised plan", message=message)
    return plan, None


def _staff_for(person, request, include=()):
    """Who a plan action could be given to: staff in the child's team, the user's team and the child's workers."""
    today = clock.today()
    teams = {person.responsible_team_id, getattr(getattr(request.user, "staff", None), "team_id", None)} - {
        None
    }
    current = Q(leave_date__isnull=True) | Q(leave_date__gt=today)
    allocated = Q(
        allocations__child=person,
        allocations__end__isnull=True,
        allocations__role__in=[AllocationRole.SOCIAL_WORKER, AllocationRole.PERSONAL_ADVISER],
    )
    staff = Staff.objects.filter(
        current & (Q(team_id__in=teams) | allocated) | Q(pk__in=[s.pk for s in include])
    )
    return list(staff.distinct().order_by("family_name", "given_name", "id"))


# Optimistic concurrency (docs/adr/0006): what each edit form edits, as stored ----------------------------


def _details_state(plan) -> dict:
    return {"concerns": plan.concerns, "start": plan.start}


def _outcome_state(outcome) -> dict:
    return {"text": outcome.text}


def _action_state(action) -> dict:
    return {
        "what": action.what,
        "outcome": str(action.outcome_id or ""),
        "owner_staff": str(action.owner_staff_id or ""),
        "owner_name": action.owner_name,
        "due": action.due,
        "measure": action.measure,
    }


def _status_state(action) -> dict:
    return {
        "status": action.status,
        "completed_on": action.completed_on,
        "not_done_reason": action.not_done_reason,
    }


def _save_if_current(form, *, model, pk, state, save, yours=None):
    """Save through `save(locked)` if the record is still as the form was filled from it. Returns
    (saved, conflicts): when someone else saved first, nothing is saved and `conflicts` lists both versions."""
    data = {k: v for k, v in form.cleaned_data.items() if k != concurrency.VERSION_FIELD}
    try:
        concurrency.save_if_current(
            model=model, pk=pk, version=form.cleaned_data[concurrency.VERSION_FIELD], state=state, save=save
        )
    except concurrency.StaleEdit as error:
        return False, concurrency.show_conflict(
            form, saved=error.saved, version=error.version, yours=yours if yours is not None else data
        )
    return True, []


# Viewing -------------------------------------------------------------------------------------------------


@person_record
def index(request, person):
    require(request, "plans.view_plan")
    if not person.is_child:
        return _nothing(request, person, title="Plans", message="Plans are made for children.")
    plan = _chosen_plan(request, person)
    can_edit = request.user.has_perm("plans.edit_plan")
    if plan is None:
        episode = _open_episode(person)
        if episode is not None:
            message = f"{person.full_name} has no child in need plan yet."
            link = (
                (reverse("plans:start", args=[person.pk]), "Start a child in need plan") if can_edit else None
            )
        else:
            message = (
                f"{person.full_name} has no plans. A child in need plan is made during an open episode of "
                "need: the child needs an open referral first."
            )
            link = None
        return _nothing(request, person, title="Plans", message=message, link=link)
    plan = selectors.plan_in_full(plan)
    today = clock.today()
    next_review = selectors.plan_next_review(plan)
    review_state = None
    if next_review is not None:
        review_state = selectors.review_state(
            due=next_review,
            today=today,
            holidays=holiday_calendar(),
            due_soon=selectors.review_cadence(plan.kind).due_soon_working_days,
        )
    return render(
        request,
        "plans/plan.html",
        {
            "person": person,
            "plan": plan,
            "today": today,
            "next_review": next_review,
            "review_state": review_state,
            "problems": services.finalise_problems(plan) if plan.is_draft else [],
            "other_plans": [p for p in selectors.plans_of_child(person) if p.pk != plan.pk],
            "can_edit": can_edit,
            "action_links": can_edit and not plan.is_ended,
            "can_finalise": request.user.has_perm("plans.finalise_plan"),
            "is_current": plan.end is None,
        },
    )


@person_record
def pdf(request, person):
    """The family's copy of the plan as a PDF, in plain words and large type."""
    require(request, "plans.view_plan")
    plan = _chosen_plan(request, person) if person.is_child else None
    if plan is None:
        return _nothing(
            request, person, title="Print a plan", message=f"{person.full_name} has no plan to print."
        )
    from .printing import plan_pdf

    plan = selectors.plan_in_full(plan)
    content = plan_pdf(plan, today=clock.today(), next_review=selectors.plan_next_review(plan))
    name = slugify(f"{person.full_name} {plan.get_kind_display()} {plan.start or 'draft'}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# Drafting ------------------------------------------------------------------------------------------------


def _form_page(request, person, form, **context):
    context.setdefault("back_url", _plan_url(person))
    return render(request, "plans/form_page.html", {"person": person, "form": form, **context})


@person_record
@require_http_methods(["GET", "POST"])
def start(request, person):
    require(request, "plans.edit_plan")
    if not person.is_child:
        return _nothing(request, person, title="Start a plan", message="Plans are made for children.")
    existing = selectors.current_plan(person, CIN)
    if existing is not None:
        return _nothing(
            request,
            person,
            title="Start a child in need plan",
            message=f"{person.full_name} already has a {'draft ' if existing.is_draft else ''}child in need plan.",
            link=(_plan_url(person), "Go to the plan"),
        )
    episode = _open_episode(person)
    if episode is None:
        return _nothing(
            request,
            person,
            title="Start a child in need plan",
            message=(
                f"{person.full_name} has no open referral. A child in need plan belongs to an open episode of "
                "need: record a contact and open a referral first."
            ),
        )
    form = PlanDetailsForm(request.POST if request.method == "POST" else None, earliest=episode.referral_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_draft_start(
                child=person,
                by=request.user.staff,
                at=clock.now(),
                kind=CIN,
                concerns=form.cleaned_data["concerns"],
                start=form.cleaned_data["start"],
            )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Draft plan started. Add what we want to be different and the actions")
            return redirect("plans:index", person_id=person.pk)
    return _form_page(
        request,
        person,
        form,
        title="Start a child in need plan",
        intro=f"The plan belongs to the episode of need that began with the referral on "
        f"{services.say_date(episode.referral_date)}. You can save a draft and come back to it.",
        submit="Start the draft plan",
        back_url=reverse("people:detail", args=[person.pk]),
    )


@person_record
@require_http_methods(["GET", "POST"])
def details(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _draft_or_nothing(request, person)
    if nothing:
        return nothing
    initial = _details_state(plan)
    form = PlanDetailsForm(
        request.POST if request.method == "POST" else None, initial=initial, earliest=plan.episode_start
    )
    concurrency.add_version_field(form, concurrency.version_of(initial))
    conflicts, stale = [], False
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != concurrency.VERSION_FIELD}
        try:
            saved, conflicts = _save_if_current(
                form,
                model=Plan,
                pk=plan.pk,
                state=_details_state,
                save=lambda locked: services.plan_details_update(
                    plan=locked, by=request.user.staff, at=clock.now(), **data
                ),
            )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            if saved:
                messages.success(request, "Plan details saved")
                return redirect("plans:index", person_id=person.pk)
            stale = True
    return _form_page(
        request,
        person,
        form,
        conflicts=conflicts,
        stale=stale,
        title="What we are worried about",
        submit="Save",
        caption="Draft child in need plan",
    )


@person_record
@require_http_methods(["GET", "POST"])
def outcome(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _draft_or_nothing(request, person)
    if nothing:
        return nothing
    existing = None
    if (outcome_id := _id_param(request, "outcome")) is not None:
        existing = plan.outcomes.filter(pk=outcome_id).first()
        if existing is None:
            return _nothing(
                request, person, title="Outcome not found", message="That outcome is not on this plan."
            )
    if request.method == "POST" and "remove" in request.POST and existing is not None:
        services.outcome_remove(outcome=existing, by=request.user.staff, at=clock.now())
        messages.success(request, "Outcome removed")
        return redirect(_plan_url(person, anchor="#outcomes"))
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial={"text": existing.text if existing else ""},
    )
    if existing is not None:
        concurrency.add_version_field(form, concurrency.version_of(_outcome_state(existing)))
    conflicts, saved = [], True
    if request.method == "POST" and form.is_valid():

        def save(locked=None):
            return services.outcome_save(
                plan=plan,
                by=request.user.staff,
                at=clock.now(),
                text=form.cleaned_data["text"],
                outcome=locked,
            )

        try:
            if existing is None:
                save()
            else:
                saved, conflicts = _save_if_current(
                    form, model=PlanOutcome, pk=existing.pk, state=_outcome_state, save=save
                )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            if saved:
                messages.success(request, "Outcome saved")
                if "another" in request.POST:
                    return redirect("plans:outcome", person_id=person.pk)
                return redirect(_plan_url(person, anchor="#outcomes"))
    buttons = (
        []
        if existing
        else [{"name": "another", "label": "Save and add another outcome", "style": "secondary"}]
    )
    if existing:
        buttons.append({"name": "remove", "label": "Remove this outcome", "style": "warning"})
    return _form_page(
        request,
        person,
        form,
        conflicts=conflicts,
        stale=not saved,
        title="Change an outcome" if existing else "Add an outcome",
        caption="Draft child in need plan",
        submit="Save outcome",
        extra_buttons=buttons,
    )


@person_record
@require_http_methods(["GET", "POST"])
def action(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _draft_or_nothing(request, person)
    if nothing:
        return nothing
    existing = None
    if (action_id := _id_param(request, "action")) is not None:
        existing = plan.actions.select_related("owner_staff").filter(pk=action_id).first()
        if existing is None:
            return _nothing(
                request, person, title="Action not found", message="That action is not on this plan."
            )
    if request.method == "POST" and "remove" in request.POST and existing is not None:
        services.action_remove(action=existing, by=request.user.staff, at=clock.now())
        messages.success(request, "Action removed")
        return redirect(_plan_url(person, anchor="#actions"))
    outcomes = list(plan.outcomes.all())
    staff = _staff_for(
        person, request, include=[existing.owner_staff] if existing and existing.owner_staff else []
    )
    initial = {}
    if existing is not None:
        initial = {
            "what": existing.what,
            "outcome": str(existing.outcome_id or ""),
            "owner_staff": str(existing.owner_staff_id or ""),
            "owner_name": existing.owner_name,
            "due": existing.due,
            "measure": existing.measure,
        }
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        staff=staff,
        outcomes=outcomes,
        earliest=plan.start or plan.episode_start,
    )
    if existing is not None:
        concurrency.add_version_field(form, concurrency.version_of(_action_state(existing)))
    conflicts, saved = [], True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next((o for o in outcomes if str(o.pk) == data.get("outcome")), None)

        def save(locked=None):
            return services.action_save(
                plan=plan,
                by=request.user.staff,
                at=clock.now(),
                what=data["what"],
                owner_staff=data["owner_staff"],
                owner_name=data["owner_name"],
                due=data["due"],
                measure=data["measure"],
                outcome=chosen,
                action=locked,
            )

        try:
            if existing is None:
                save()
            else:
                yours = {
                    **{k: data.get(k) for k in ("what", "owner_name", "due", "measure")},
                    "outcome": data.get("outcome") or "",
                    "owner_staff": str(data["owner_staff"].pk) if data.get("owner_staff") else "",
                }
                saved, conflicts = _save_if_current(
                    form, model=PlanAction, pk=existing.pk, state=_action_state, save=save, yours=yours
                )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            if saved:
                messages.success(request, "Action saved")
                if "another" in request.POST:
                    return redirect("plans:action", person_id=person.pk)
                return redirect(_plan_url(person, anchor="#actions"))
    buttons = (
        []
        if existing
        else [{"name": "another", "label": "Save and add another action", "style": "secondary"}]
    )
    if existing:
        buttons.append({"name": "remove", "label": "Remove this action", "style": "warning"})
    return _form_page(
        request,
        person,
        form,
        conflicts=conflicts,
        stale=not saved,
        title="Change an action" if existing else "Add an action",
        caption="Draft child in need plan",
        intro="Every action needs an owner, a due date and a way to know it has worked before the plan can "
        "be finalised. You can save it without them and come back.",
        submit="Save action",
        extra_buttons=buttons,
    )


@person_record
@require_http_methods(["GET", "POST"])
def discard(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _draft_or_nothing(request, person)
    if nothing:
        return nothing
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] != "yes":
            return redirect("plans:index", person_id=person.pk)
        services.plan_discard(plan=plan, by=request.user.staff, at=clock.now())
        messages.success(request, "Draft plan discarded")
        return redirect("people:detail", person_id=person.pk)
    return _form_page(
        request,
        person,
        form,
        title="Discard the draft plan",
        intro="The draft's outcomes and actions will be deleted. This cannot be undone.",
        submit="Continue",
    )


@person_record
@require_http_methods(["GET", "POST"])
def finalise(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _draft_or_nothing(request, person)
    if nothing:
        return nothing
    today = clock.today()
    can_finalise = request.user.has_perm("plans.finalise_plan")
    if request.method == "POST" and not can_finalise:
        raise PermissionDenied
    form = FinaliseForm(
        request.POST if request.method == "POST" else None,
        initial={"start": plan.start or today},
        today=today,
        earliest=plan.episode_start,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_finalise(
                plan=plan, by=request.user.staff, at=clock.now(), start=form.cleaned_data["start"]
            )
        except services.PlanIncomplete as error:
            for problem in error.problems:
                form.add_error(None, problem)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Plan finalised. It can now only be corrected, not changed")
            return redirect("plans:index", person_id=person.pk)
    return render(
        request,
        "plans/finalise.html",
        {
            "person": person,
            "plan": selectors.plan_in_full(plan),
            "form": form,
            "problems": [] if form.errors else services.finalise_problems(plan),
            "can_finalise": can_finalise,
            "back_url": _plan_url(person),
            "today": today,
        },
    )


# After finalising ----------------------------------------------------------------------------------------


@person_record
@require_http_methods(["GET", "POST"])
def action_status(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _active_or_nothing(request, person, "update")
    if nothing:
        return nothing
    action_id = _id_param(request, "action")
    existing = plan.actions.select_related("owner_staff").filter(pk=action_id).first() if action_id else None
    if existing is None:
        return redirect(_plan_url(person, anchor="#actions"))
    today = clock.today()
    form = ActionStatusForm(
        request.POST if request.method == "POST" else None,
        initial={
            "status": existing.status,
            "completed_on": existing.completed_on,
            "not_done_reason": existing.not_done_reason,
        },
        today=today,
        earliest=plan.start,
    )
    concurrency.add_version_field(form, concurrency.version_of(_status_state(existing)))
    conflicts, saved = [], True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved, conflicts = _save_if_current(
                form,
                model=PlanAction,
                pk=existing.pk,
                state=_status_state,
                save=lambda locked: services.action_status_update(
                    action=locked,
                    by=request.user.staff,
                    at=clock.now(),
                    status=data["status"],
                    completed_on=data["completed_on"],
                    not_done_reason=data["not_done_reason"],
                ),
            )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            if saved:
                messages.success(request, "Progress on the action recorded")
                return redirect(_plan_url(person, anchor="#actions"))
    return _form_page(
        request,
        person,
        form,
        conflicts=conflicts,
        stale=not saved,
        title="Update an action's progress",
        caption="Child in need plan",
        action=existing,
        submit="Save progress",
    )


@person_record
@require_http_methods(["GET", "POST"])
def review(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _active_or_nothing(request, person, "review")
    if nothing:
        return nothing
    today = clock.today()
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    staff = _staff_for(person, request)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={
            "held_on": today,
            "next_review_on": default_next_review(
                held_on=today, review_every_months=plan.review_every_months
            ),
        },
        today=today,
        earliest=max(filter(None, [plan.start, last])),
        staff=staff,
    )
    form.fields["new_what"].section = "A new action agreed at the review (optional)"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_actions = []
        if data["new_action"]:
            new_actions.append(
                services.NewAction(
                    what=data["new_what"],
                    owner_staff=data["new_owner_staff"],
                    owner_name=data["new_owner_name"],
                    due=data["new_due"],
                    measure=data["new_measure"],
                )
            )
        try:
            services.plan_review_record(
                plan=plan,
                by=request.user.staff,
                at=clock.now(),
                held_on=data["held_on"],
                attendees=data["attendees"],
                progress=data["progress"],
                child_views=data["child_views"],
                decision=data["decision"],
                next_review_on=data["next_review_on"],
                new_actions=new_actions,
            )
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            ended = data["decision"] == ReviewDecision.END
            messages.success(request, "Review recorded and the plan ended" if ended else "Review recorded")
            return redirect(_ended_url(person, plan) if ended else _plan_url(person))
    return _form_page(
        request,
        person,
        form,
        title="Record a review",
        caption="Child in need plan",
        intro=f"Reviews are every {plan.review_every_months} months. Choosing “End the plan” ends it on the day of "
        "the review.",
        submit="Record the review",
    )


def _ended_url(person, plan) -> str:
    return reverse("plans:index", args=[person.pk]) + f"?plan={plan.pk}"


def _correction_parts(plan) -> list[str]:
    parts = ["The plan as a whole", "What we are worried about"]
    parts += [f"Outcome {n}: {o.text[:60]}" for n, o in enumerate(plan.outcomes.all(), start=1)]
    parts += [f"Action {n}: {a.what[:60]}" for n, a in enumerate(plan.actions.all(), start=1)]
    parts += [f"Review on {services.say_date(r.held_on)}" for r in plan.reviews.order_by("held_on", "id")]
    return parts


@person_record
@require_http_methods(["GET", "POST"])
def correction(request, person):
    require(request, "plans.edit_plan")
    plan = _chosen_plan(request, person) if person.is_child else None
    if plan is None or plan.status == PlanStatus.DRAFT:
        return _nothing(
            request,
            person,
            title="Correct a plan",
            message="Only a finalised plan is corrected: a draft can be changed directly."
            if plan is not None
            else f"{person.full_name} has no finalised plan to correct.",
        )
    form = CorrectionForm(request.POST if request.method == "POST" else None, parts=_correction_parts(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_correct(plan=plan, by=request.user.staff, at=clock.now(), **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Correction added to the plan")
            return redirect(_plan_url(person, plan, "#corrections"))
    return _form_page(
        request,
        person,
        form,
        title="Correct the plan",
        caption=plan.get_kind_display(),
        intro="The plan stays as it was finalised. Your correction is added after it, with your name, the date "
        "and the reason, and goes on the chronology.",
        submit="Add the correction",
        back_url=_plan_url(person, plan),
    )


@person_record
@require_http_methods(["GET", "POST"])
def end(request, person):
    require(request, "plans.edit_plan")
    plan, nothing = _active_or_nothing(request, person, "end")
    if nothing:
        return nothing
    today = clock.today()
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    form = EndForm(
        request.POST if request.method == "POST" else None,
        initial={"end": today},
        today=today,
        earliest=max(filter(None, [plan.start, last])),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_end(plan=plan, by=request.user.staff, at=clock.now(), **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Plan ended")
            return redirect(_ended_url(person, plan))
    return _form_page(
        request,
        person,
        form,
        title="End the plan",
        caption="Child in need plan",
        intro="The end date is the child in need plan end date in the CIN census.",
        submit="End the plan",
    )
