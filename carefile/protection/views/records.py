"""The child's child protection record, strategy discussions and section 47 enquiries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.deadlines import deadline_status
from carefile.common.permissions import require
from carefile.governance import concurrency
from carefile.people.decorators import person_record

from .. import selectors, services
from ..codes import NO_CONFERENCE_OUTCOMES, EnquiryOutcome, StrategyDecision
from ..forms import (
    EnquiryFindingsForm,
    SignOffForm,
    StrategyDiscussionForm,
)
from ..models import Section47Enquiry
from ..services import Participant, ProtectionError
from .common import (
    _id,
    _index_url,
    _not_a_child,
    _nothing,
    _open_episode,
    _siblings,
)

# The child's child protection record -----------------------------------------------------------------------


@person_record
def index(request, person):
    require(request, "protection.view")
    if not person.is_child:
        return _not_a_child(request, person, "Child protection")
    today, holidays = clock.today(), holiday_calendar()
    enquiries = selectors.enquiries_of(person)
    plans = selectors.plans_of(person)
    conferences = selectors.conferences_of(person)
    discussions = selectors.discussions_of(person)
    episode = _open_episode(person)
    settings = selectors.protection_settings()
    for e in enquiries:
        e.target_state = (
            deadline_status(
                due=e.icpc_target, today=today, amber_within=settings.icpc_amber_within, holidays=holidays
            )
            if e.outcome == EnquiryOutcome.CONFERENCE or not e.outcome
            else None
        )
    current = next((p for p in plans if p.end is None), None)
    return render(
        request,
        "protection/index.html",
        {
            "person": person,
            "episode": episode,
            "discussions": discussions,
            "enquiries": enquiries,
            "conferences": conferences,
            "plans": plans,
            "current": current,
            "schedule": selectors.plan_schedule(current, today=today, holidays=holidays, settings=settings)
            if current
            else None,
            "can_record": request.user.has_perm("protection.record_strategy") and episode is not None,
            "can_transfer": request.user.has_perm("protection.schedule_conference")
            and episode is not None
            and current is None,
        },
    )


# Strategy discussions -----------------------------------------------------------------------------------


@person_record
@require_http_methods(["GET", "POST"])
def strategy_new(request, person):
    require(request, "protection.record_strategy")
    if not person.is_child:
        return _not_a_child(request, person, "Record a strategy discussion")
    if _open_episode(person) is None:
        return _nothing(
            request,
            person,
            title="Record a strategy discussion",
            message=f"{person.full_name} has no open referral. A strategy discussion belongs to an open episode of "
            "need: record a contact and a screening decision of “strategy discussion” first.",
            link=(reverse("frontdoor:contact_new", args=[person.pk]), "Record a contact")
            if request.user.has_perm("frontdoor.record_contact")
            else None,
        )
    now = clock.now()
    siblings = [s for s in _siblings(person, request.user) if _open_episode(s) is not None]
    form = StrategyDiscussionForm(
        request.POST if request.method == "POST" else None,
        now=now,
        siblings=siblings,
        initial={"held_date": now.date(), "held_time": clock.now().astimezone().strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {int(pk) for pk in data.get("also_about", [])}
        try:
            discussions = services.strategy_discussion_record(
                child=person,
                by=request.user.staff,
                at=now,
                holidays=holiday_calendar(),
                held_at=data["held_at"],
                participants=[
                    Participant(row["name"], row["agency"], row["role"])
                    for row in form.row_values("participant")
                ],
                information_shared=data["information_shared"],
                decision=data["decision"],
                rationale=data["rationale"],
                immediate_safety_actions=data["immediate_safety_actions"],
                also_about=[s for s in siblings if s.pk in chosen],
            )
        except ProtectionError as error:
            form.add_error(None, str(error))
        else:
            mine = discussions[0]
            if mine.enquiry_id and data["decision"] == StrategyDecision.SECTION_47:
                enquiry = mine.enquiry
                messages.success(
                    request,
                    f"Strategy discussion recorded. The section 47 enquiry started on "
                    f"{services.say_date(enquiry.start_date)}: an initial conference, if needed, is due by "
                    f"{services.say_date(enquiry.icpc_target)}",
                )
                return redirect(reverse("protection:enquiry", args=[person.pk]) + f"?enquiry={enquiry.pk}")
            messages.success(request, "Strategy discussion recorded")
            return redirect(reverse("protection:strategy", args=[person.pk]) + f"?discussion={mine.pk}")
    return render(
        request,
        "protection/strategy_form.html",
        {
            "person": person,
            "form": form,
            "participants": form.rows("participant"),
            "back_url": _index_url(person),
        },
    )


@person_record
def strategy(request, person):
    require(request, "protection.view")
    discussion_id = _id(request, "discussion")
    discussion = (
        selectors.discussion_for(person, discussion_id)
        if discussion_id is not None
        else next(iter(selectors.discussions_of(person)), None)
    )
    if discussion is None:
        return _nothing(
            request,
            person,
            title="Strategy discussions",
            message=f"No strategy discussion has been recorded about {person.full_name}.",
            link=(reverse("protection:strategy_new", args=[person.pk]), "Record a strategy discussion")
            if request.user.has_perm("protection.record_strategy") and _open_episode(person)
            else None,
        )
    return render(
        request,
        "protection/strategy.html",
        {
            "person": person,
            "discussion": discussion,
            "siblings": selectors.siblings_in_meeting(discussion, request.user),
            "back_url": _index_url(person),
        },
    )


# Section 47 enquiries -----------------------------------------------------------------------------------


def _findings_state(enquiry) -> dict:
    """What the findings form edits, as stored: its version for optimistic concurrency (docs/adr/0006)."""
    return {"findings": enquiry.findings, "outcome": enquiry.outcome}


@person_record
@require_http_methods(["GET", "POST"])
def enquiry(request, person):
    require(request, "protection.view")
    enquiry = selectors.enquiry_for(person, _id(request, "enquiry"))
    if enquiry is None:
        return _nothing(
            request,
            person,
            title="Section 47 enquiry",
            message=f"{person.full_name} has no section 47 enquiry. An enquiry starts when a strategy discussion "
            "decides on one.",
            link=(reverse("protection:strategy_new", args=[person.pk]), "Record a strategy discussion")
            if request.user.has_perm("protection.record_strategy") and _open_episode(person)
            else None,
        )
    now, holidays = clock.now(), holiday_calendar()
    url = reverse("protection:enquiry", args=[person.pk]) + f"?enquiry={enquiry.pk}"
    findings_form = sign_off_form = None
    posting = request.method == "POST"
    conflicts, stale = [], False
    if enquiry.closed_on is None and request.user.has_perm("protection.record_enquiry"):
        initial = _findings_state(enquiry)
        findings_form = EnquiryFindingsForm(
            request.POST if posting and "save_findings" in request.POST else None, initial=initial
        )
        concurrency.add_version_field(findings_form, concurrency.version_of(initial))
        if findings_form.is_bound and findings_form.is_valid():
            data = findings_form.cleaned_data
            try:
                concurrency.save_if_current(
                    model=Section47Enquiry,
                    pk=enquiry.pk,
                    version=data[concurrency.VERSION_FIELD],
                    state=_findings_state,
                    save=lambda locked: services.enquiry_findings_save(
                        enquiry=locked,
                        by=request.user.staff,
                        at=now,
                        findings=data["findings"],
                        outcome=data["outcome"],
                    ),
                )
            except concurrency.StaleEdit as error:
                stale = True
                conflicts = concurrency.show_conflict(
                    findings_form,
                    saved=error.saved,
                    version=error.version,
                    yours={"findings": data["findings"], "outcome": data["outcome"]},
                )
            except ProtectionError as error:
                findings_form.add_error(None, str(error))
            else:
                messages.success(request, "Findings saved")
                return redirect(url)
    if enquiry.closed_on is None and request.user.has_perm("protection.sign_off_enquiry"):
        sign_off_form = SignOffForm(request.POST if posting and "sign_off" in request.POST else None)
        if sign_off_form.is_bound and sign_off_form.is_valid():
            try:
                services.enquiry_close(
                    enquiry=enquiry,
                    by=request.user.staff,
                    at=now,
                    comment=sign_off_form.cleaned_data["comment"],
                )
            except ProtectionError as error:
                sign_off_form.add_error(None, str(error))
            else:
                messages.success(request, "Enquiry signed off and closed")
                return redirect(url)
    if posting and not (
        (findings_form and findings_form.is_bound) or (sign_off_form and sign_off_form.is_bound)
    ):
        raise PermissionDenied
    settings = selectors.protection_settings()
    today = now.date()
    conference = selectors.initial_conference(enquiry)
    return render(
        request,
        "protection/enquiry.html",
        {
            "person": person,
            "enquiry": enquiry,
            "discussions": list(enquiry.discussions.order_by("held_at", "id")),
            "conference": conference,
            "target_state": deadline_status(
                due=enquiry.icpc_target,
                today=today,
                amber_within=settings.icpc_amber_within,
                holidays=holidays,
            )
            if enquiry.outcome not in NO_CONFERENCE_OUTCOMES and not (conference and conference.held_on)
            else None,
            "findings_form": findings_form,
            "sign_off_form": sign_off_form,
            "conflicts": conflicts,
            "stale": stale,
            "form": (findings_form if findings_form and findings_form.errors else None)
            or (sign_off_form if sign_off_form and sign_off_form.errors else None),
            "can_schedule": request.user.has_perm("protection.schedule_conference")
            and enquiry.outcome not in NO_CONFERENCE_OUTCOMES
            and not (conference and conference.held_on),
            "back_url": _index_url(person),
        },
    )
