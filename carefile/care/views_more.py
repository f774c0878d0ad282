"""Pages of a child in care's health, permanence and adoption, leaving care and UASC status.

Each child-scoped page goes through `person_record` (visibility and the access log). Summary pages need
`care.read`; forms `care.record_care`. A form page is one GOV.UK form on `care/record_form.html`: the service
is called with the cleaned data and a refusal (`CareError`) is shown against its field.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require as _require
from carefile.people.decorators import person_record
from carefile.workforce.models import Staff

from . import forms_more as f
from . import selectors, services
from .models import AdoptionDecision, UascStatus
from .services import CareError


def _child_only(person) -> None:
    if not person.is_child:
        raise Http404("Care records are about children")


def _record(
    request,
    person,
    *,
    form_class,
    action: Callable[[dict], object],
    title: str,
    button: str,
    done: str,
    back: str,
    intro: str = "",
    form_kwargs: dict | None = None,
    initial: dict | None = None,
):
    """One form page: GET shows it, POST calls `action(cleaned_data)` and goes `back` when it succeeds."""
    _require(request, "care.read", person)
    _child_only(person)
    _require(request, "care.record_care", person)
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial, **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except CareError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, str(error))
            else:
                form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(back, person_id=person.pk)
    return render(
        request,
        "care/record_form.html",
        {"person": person, "form": form, "title": title, "button": button, "intro": intro, "back": back},
    )


def _who(request):
    return {"by": request.user.staff, "at": clock.now()}


# ---- health ---------------------------------------------------------------------------------------------


@person_record
def health(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    today = clock.today()
    clocks = selectors.health_clocks([person], today=today, holidays=holiday_calendar()).get(person.pk, [])
    return render(
        request,
        "care/health.html",
        {
            "person": person,
            "record": selectors.health_record(person),
            "clocks": clocks,
            "can_record": request.user.has_perm("care.record_care", person),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def health_check_new(request, person):
    return _record(
        request,
        person,
        form_class=f.HealthCheckForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.health_check_record(
            child=person,
            kind=d["kind"],
            held_on=d["held_on"],
            up_to_date=d.get("up_to_date"),
            by_whom=d.get("by_whom") or "",
            notes=d.get("notes") or "",
            **_who(request),
        ),
        title="Record a health assessment or check",
        button="Record it",
        done="The health record has been updated",
        back="care:health",
    )


@person_record
@require_http_methods(["GET", "POST"])
def sdq_new(request, person):
    return _record(
        request,
        person,
        form_class=f.SdqForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.sdq_record(
            child=person,
            held_on=d["held_on"],
            score=d.get("score"),
            reason=d.get("reason") or "",
            **_who(request),
        ),
        title="Record a strengths and difficulties questionnaire",
        button="Record the questionnaire",
        done="The questionnaire has been recorded",
        back="care:health",
    )


@person_record
@require_http_methods(["GET", "POST"])
def year_outcome(request, person):
    return _record(
        request,
        person,
        form_class=f.YearOutcomeForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.year_outcome_record(
            child=person,
            year_end=d["year_end"],
            convicted=d["convicted"],
            substance_misuse=d["substance_misuse"],
            intervention_received=d.get("intervention_received"),
            intervention_offered=d.get("intervention_offered"),
            **_who(request),
        ),
        title="Record offending and substance misuse for a year",
        intro="For the return about children looked after for at least a year at 31 March.",
        button="Record the answers",
        done="The year's answers have been recorded",
        back="care:health",
    )


# ---- permanence -----------------------------------------------------------------------------------------


@person_record
def permanence(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    return render(
        request,
        "care/permanence.html",
        {
            "person": person,
            **selectors.permanence_record(person),
            "current": selectors.current_episodes([person.pk]).get(person.pk),
            "can_record": request.user.has_perm("care.record_care", person),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def permanence_plan_new(request, person):
    return _record(
        request,
        person,
        form_class=f.PermanencePlanForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.permanence_plan_record(
            child=person,
            kind=d["kind"],
            agreed_on=d["agreed_on"],
            notes=d.get("notes") or "",
            **_who(request),
        ),
        title="Record the permanence plan",
        button="Record the plan",
        done="The permanence plan has been recorded",
        back="care:permanence",
    )


@person_record
@require_http_methods(["GET", "POST"])
def adoption_decision_new(request, person):
    return _record(
        request,
        person,
        form_class=f.AdoptionDecisionForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.adoption_decision_record(
            child=person, decided_on=d["decided_on"], **_who(request)
        ),
        title="Record the decision that the child should be placed for adoption",
        button="Record the decision",
        done="The decision has been recorded",
        back="care:permanence",
    )


@person_record
@require_http_methods(["GET", "POST"])
def adoption_decision_reverse(request, person):
    decision = AdoptionDecision.objects.filter(child=person, reversed_on__isnull=True).first()
    if decision is None:
        _require(request, "care.read", person)
        _child_only(person)
        return render(request, "care/no_adoption_decision.html", {"person": person})
    return _record(
        request,
        person,
        form_class=f.AdoptionReversalForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.adoption_decision_reverse(
            decision=decision, on=d["on"], reason=d["reason"], **_who(request)
        ),
        title="Record that the child should no longer be placed for adoption",
        button="Record the reversal",
        done="The reversal has been recorded",
        back="care:permanence",
    )


@person_record
@require_http_methods(["GET", "POST"])
def adoption_match_new(request, person):
    return _record(
        request,
        person,
        form_class=f.AdoptionMatchForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.adoption_match_record(
            child=person,
            matched_on=d["matched_on"],
            foster_carers=d["foster_carers"],
            number_of_adopters=d["number_of_adopters"],
            adopters_sex=d["adopters_sex"],
            adopters_legal_status=d["adopters_legal_status"],
            **_who(request),
        ),
        title="Record the match with adopters",
        intro="Then record the move to the adoptive placement (A3 to A6) as a change of placement, and the "
        "adoption order as the end of care (E11 or E12).",
        button="Record the match",
        done="The match has been recorded",
        back="care:permanence",
    )


@person_record
@require_http_methods(["GET", "POST"])
def previous_permanence(request, person):
    existing = person.previous_permanence.order_by("-period__start").first()
    initial = (
        {"code": existing.code, "la_code": existing.la_code, "order_date": existing.order_date}
        if existing
        else None
    )
    return _record(
        request,
        person,
        form_class=f.PreviousPermanenceForm,
        initial=initial,
        action=lambda d: services.previous_permanence_record(
            child=person,
            code=d["code"],
            la_code=d.get("la_code") or "",
            order_date=d.get("order_date") or "",
            **_who(request),
        ),
        title="Record any previous permanence order",
        intro="For the latest period of care: an adoption, special guardianship or child arrangements order made "
        "before the child came into care.",
        button="Record it",
        done="Previous permanence has been recorded",
        back="care:permanence",
    )


# ---- leaving care ---------------------------------------------------------------------------------------


@person_record
def leaving(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    today = clock.today()
    return render(
        request,
        "care/leaving.html",
        {
            "person": person,
            "record": selectors.leaver_record(person, today=today),
            "eligibility": services.eligibility_on(person, today),
            "clock": selectors.pathway_plan_clocks([person], today=today, holidays=holiday_calendar()).get(
                person.pk
            ),
            "can_record": request.user.has_perm("care.record_care", person),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def personal_adviser(request, person):
    return _record(
        request,
        person,
        form_class=f.PersonalAdviserForm,
        form_kwargs={"today": clock.today(), "advisers": f.adviser_choices()},
        action=lambda d: services.personal_adviser_allocate(
            child=person,
            adviser=Staff.objects.get(pk=d["adviser"]),
            since=d["since"],
            **_who(request),
        ),
        title="Allocate a personal adviser",
        button="Allocate",
        done="The personal adviser has been allocated",
        back="care:leaving",
    )


@person_record
@require_http_methods(["GET", "POST"])
def pathway_plan_new(request, person):
    return _record(
        request,
        person,
        form_class=f.PathwayPlanForm,
        form_kwargs={"today": clock.today()},
        action=lambda d: services.pathway_plan_record(
            child=person,
            agreed_on=d["agreed_on"],
            young_person_views=d.get("young_person_views") or "",
            summary=d.get("summary") or "",
            **_who(request),
        ),
        title="Record a pathway plan or its review",
        button="Record the plan",
        done="The pathway plan has been recorded",
        back="care:leaving",
    )


@person_record
@require_http_methods(["GET", "POST"])
def leaver_contact_new(request, person):
    initial = None
    age = request.GET.get("age")
    if age and age.isdigit():
        initial = {"age": int(age)}
    return _record(
        request,
        person,
        form_class=f.LeaverContactForm,
        form_kwargs={"today": clock.today()},
        initial=initial,
        action=lambda d: services.leaver_contact_record(
            child=person,
            age=d["age"],
            contact_on=d["contact_on"],
            in_touch=d["in_touch"],
            activity=d["activity"],
            accommodation=d["accommodation"],
            **_who(request),
        ),
        title="Record the contact around a birthday",
        intro="What the council knew of the young person around their 17th to 21st birthdays.",
        button="Record the contact",
        done="The contact has been recorded",
        back="care:leaving",
    )


# ---- UASC -----------------------------------------------------------------------------------------------


@person_record
@require_http_methods(["GET", "POST"])
def uasc(request, person):
    existing = UascStatus.objects.filter(child=person).first()
    initial = {"since": existing.since, "ceased_on": existing.ceased_on} if existing else None
    return _record(
        request,
        person,
        form_class=f.UascForm,
        form_kwargs={"today": clock.today()},
        initial=initial,
        action=lambda d: services.uasc_record(
            child=person, since=d["since"], ceased_on=d.get("ceased_on"), **_who(request)
        ),
        title="Unaccompanied asylum-seeking child",
        button="Save",
        done="The child's UASC status has been recorded",
        back="care:child",
    )
