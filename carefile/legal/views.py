"""Pages of legal work: a child's legal record and the forms that move it on, and the legal tracker.

Child-scoped pages take the person's id and go through `person_record` (visibility and the access log). The
tracker lists only children the user may see, and logs each child it names.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.audit import access_record_many
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require as _require
from carefile.people.decorators import person_record
from carefile.people.models import Person
from carefile.workforce.models import Role, Team

from . import selectors, services, timescales
from .forms import (
    EndPreProceedingsForm,
    FinalOrderForm,
    HearingForm,
    InterimOrderForm,
    IssueForm,
    MeetingForm,
    ReviewForm,
    StepsForm,
    TrackerFilterForm,
)
from .services import LegalError


def _child_only(person) -> None:
    if not person.is_child:
        raise Http404("Legal planning is about children")


def _form_error(form, error: LegalError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error))
    else:
        form.add_error(None, str(error))


@person_record
def child(request, person):
    _require(request, "legal.read", person)
    _child_only(person)
    today = clock.today()
    holidays = holiday_calendar()
    record = selectors.legal_record(person)
    pp = record.open_pre_proceedings
    proceedings = record.open_proceedings
    return render(
        request,
        "legal/child.html",
        {
            "person": person,
            "record": record,
            "pp": pp,
            "pp_progress": pp
            and timescales.pre_proceedings_progress(
                started_on=pp.started_on, ended_on=None, today=today, holidays=holidays
            ),
            "pp_review_due": pp
            and timescales.next_pre_proceedings_review(
                pp.started_on, max((r.held_on for r in pp.reviews.all()), default=None)
            ),
            "proceedings": proceedings,
            "progress": proceedings
            and timescales.proceedings_progress(
                application_on=proceedings.application_on, concluded_on=None, today=today, holidays=holidays
            ),
            "concluded": [
                (
                    p,
                    timescales.proceedings_progress(
                        application_on=p.application_on,
                        concluded_on=p.final_order_on,
                        today=today,
                        holidays=holidays,
                    ),
                )
                for p in record.proceedings
                if not p.is_open
            ],
            "today": today,
            "limit_weeks": timescales.pre_proceedings_limit_weeks(),
            "can_meet": request.user.has_perm("legal.record_meeting", person),
            "can_record": request.user.has_perm("legal.record", person),
        },
    )


def _nothing_running(request, person, *, title: str, what: str):
    """The page of a step that needs pre-proceedings or proceedings running, when none are: says so, with the
    way back to the child's legal record."""
    return render(request, "legal/nothing_running.html", {"person": person, "title": title, "what": what})


def _record(request, person, form, *, action, title, button, done, intro="", then=None):
    """One form page: GET shows it; a valid POST calls `action(cleaned_data)` and goes back to the child's legal
    record (or to `then(cleaned_data)`); a refusal from the services lands on its field."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except LegalError as error:
            _form_error(form, error)
        else:
            messages.success(request, done)
            return redirect((then and then(form.cleaned_data)) or "legal:child", person_id=person.pk)
    return render(
        request,
        "legal/form.html",
        {"person": person, "form": form, "title": title, "intro": intro, "button": button},
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _who(request) -> dict:
    return {"by": request.user.staff, "at": clock.now()}


@person_record
@require_http_methods(["GET", "POST"])
def meeting_new(request, person):
    _require(request, "legal.record_meeting", person)
    _child_only(person)
    return _record(
        request,
        person,
        MeetingForm(_posted(request)),
        action=lambda d: services.record_meeting(child=person, **d, **_who(request)),
        title="Record a legal planning meeting",
        button="Record the meeting",
        done="The legal planning meeting has been recorded",
    )


@person_record
@require_http_methods(["GET", "POST"])
def steps(request, person):
    _require(request, "legal.record", person)
    title = "Pre-proceedings steps"
    pp = services.open_pre_proceedings(person)
    if pp is None:
        return _nothing_running(request, person, title=title, what="pre-proceedings")
    initial = {name: getattr(pp, name) for name in StepsForm.base_fields}
    form = StepsForm(_posted(request), initial=initial)
    return _record(
        request,
        person,
        form,
        action=lambda d: services.update_steps(pre_proceedings=pp, steps=form.steps(), **_who(request)),
        title=title,
        button="Save",
        done="The pre-proceedings steps have been saved",
        intro=f"Pre-proceedings started on {pp.started_on:%-d %B %Y}. Enter each date as it happens.",
    )


@person_record
@require_http_methods(["GET", "POST"])
def review_new(request, person):
    _require(request, "legal.record", person)
    title = "Record a pre-proceedings review"
    pp = services.open_pre_proceedings(person)
    if pp is None:
        return _nothing_running(request, person, title=title, what="pre-proceedings")
    return _record(
        request,
        person,
        ReviewForm(_posted(request)),
        action=lambda d: services.record_review(pre_proceedings=pp, **d, **_who(request)),
        title=title,
        button="Record the review",
        done="The review meeting has been recorded",
    )


@person_record
@require_http_methods(["GET", "POST"])
def pre_proceedings_end(request, person):
    _require(request, "legal.record_meeting", person)
    title = "Record the end of pre-proceedings"
    pp = services.open_pre_proceedings(person)
    if pp is None:
        return _nothing_running(request, person, title=title, what="pre-proceedings")
    return _record(
        request,
        person,
        EndPreProceedingsForm(_posted(request)),
        action=lambda d: services.end_pre_proceedings(pre_proceedings=pp, **d, **_who(request)),
        title=title,
        button="Record the decision",
        done="The decision has been recorded",
        intro="Stepping up leads to recording the application to the court.",
        then=lambda d: "legal:issue" if d["outcome"] == "step_up" else None,
    )


@person_record
@require_http_methods(["GET", "POST"])
def issue(request, person):
    _require(request, "legal.record", person)
    _child_only(person)
    return _record(
        request,
        person,
        IssueForm(_posted(request)),
        action=lambda d: services.issue_proceedings(child=person, **d, **_who(request)),
        title="Record care proceedings issued",
        button="Record the application",
        done="The care proceedings have been recorded",
    )


def _proceedings_step(request, person, form_class, *, action, title, button, done, intro=""):
    _require(request, "legal.record", person)
    proceedings = services.open_proceedings(person)
    if proceedings is None:
        return _nothing_running(request, person, title=title, what="care proceedings")
    return _record(
        request,
        person,
        form_class(_posted(request)),
        action=lambda d: action(proceedings=proceedings, **d, **_who(request)),
        title=title,
        button=button,
        done=done,
        intro=intro,
    )


@person_record
@require_http_methods(["GET", "POST"])
def hearing_new(request, person):
    return _proceedings_step(
        request,
        person,
        HearingForm,
        action=services.record_hearing,
        title="Record a hearing",
        button="Record the hearing",
        done="The hearing has been recorded",
    )


@person_record
@require_http_methods(["GET", "POST"])
def interim_order_new(request, person):
    return _proceedings_step(
        request,
        person,
        InterimOrderForm,
        action=services.record_interim_order,
        title="Record an interim order",
        button="Record the order",
        done="The interim order has been recorded",
        intro="An interim care order for a child already looked after changes their legal status to C1 from "
        "the day it was made.",
    )


@person_record
@require_http_methods(["GET", "POST"])
def final_order(request, person):
    return _proceedings_step(
        request,
        person,
        FinalOrderForm,
        action=services.record_final_order,
        title="Record the final order",
        button="Record the final order",
        done="The final order has been recorded",
        intro="For a looked-after child, a care order (C2) or placement order (E1) becomes their legal status; "
        "an order that ends their care ends the period of care with the reason you choose.",
    )


def tracker(request):
    """Every child in pre-proceedings or proceedings the user may see, drift first, with week counts and the
    next hearing or review; by team and court."""
    _require(request, "legal.view_tracker")
    staff = getattr(request.user, "staff", None)
    params = request.GET.copy()
    if "team" not in params and staff is not None and staff.team_id and staff.role == Role.TEAM_MANAGER:
        params["team"] = str(staff.team_id)
    teams = list(Team.objects.order_by("name"))
    form = TrackerFilterForm(params, teams=teams, courts=selectors.courts())
    filters = form.cleaned_data if form.is_valid() else {}
    today = clock.today()
    rows = selectors.tracker_rows(
        visible=Person.objects.visible_to(request.user),
        today=today,
        holidays=holiday_calendar(),
        team_id=filters.get("team"),
        court=filters.get("court") or "",
        drift_only=filters.get("drift") or False,
    )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    access_record_many(
        user=request.user,
        people=[r.child for r in page],
        at=clock.now(),
        view_name="legal:tracker",
        path=request.path,
    )
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "legal/tracker.html",
        {
            "form": form,
            "page": page,
            "total": len(rows),
            "drifting": sum(1 for r in rows if r.progress.state.rag == "red"),
            "query_string": query.urlencode(),
            "limit_weeks": timescales.pre_proceedings_limit_weeks(),
        },
    )
