"""Assessment pages: start, write the draft and send it, authorise or return, internal reviews, corrections,
the assessment itself, and closing the child-in-need episode.

Pages about one assessment are addressed by the assessment's id; `assessment_record` finds its child through
`person_record`, so those pages check the child is visible and write the access log like every other page
of a child's record.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import closure_blockers
from carefile.common.permissions import require
from carefile.frontdoor.models import Referral
from carefile.governance import concurrency
from carefile.people.decorators import person_record

from . import selectors, services
from .forms import AssessmentForm, CloseEpisodeForm, CorrectionForm, DecisionForm, ReviewForm, StartForm
from .models import Assessment, AssessmentLocked


def _editable_state(assessment) -> dict:
    """What the draft form edits, as stored: its version for optimistic concurrency (ADR 0006)."""
    return {
        "developmental_needs": assessment.developmental_needs,
        "parenting_capacity": assessment.parenting_capacity,
        "family_environment": assessment.family_environment,
        "analysis": assessment.analysis,
        "child_voice": assessment.child_voice,
        "child_communication": list(assessment.child_communication),
        "factors": list(assessment.factor_codes),
        "outcome": assessment.outcome,
        "outcome_detail": assessment.outcome_detail,
        "primary_need": assessment.primary_need,
    }


def assessment_record(view):
    """Find the assessment, then go through `person_record` for its child (visibility and the access log)."""

    @wraps(view)
    def wrapper(request, assessment_id: int, *args, **kwargs):
        assessment = selectors.assessment_detail(assessment_id)
        if assessment is None:
            raise Http404("No such assessment")

        def scoped(request, person):
            assessment.child = person
            return view(request, person, assessment, *args, **kwargs)

        scoped.__name__ = view.__name__
        return person_record(scoped)(request, person_id=assessment.child_id)

    return wrapper


def _open_episode(person) -> Referral | None:
    return Referral.objects.filter(child=person, closure_date__isnull=True).select_related("team").first()


@person_record
@require_http_methods(["GET", "POST"])
def start(request, person):
    """Start an assessment on the child's open episode, or say why one cannot be started."""
    require(request, "assessments.read", None)
    if not person.is_child:
        raise Http404("Assessments are of children")
    episode = _open_episode(person)
    current = services.open_assessment(episode) if episode is not None else None
    can_start = request.user.has_perm("assessments.start")
    form = None
    if episode is not None and not episode.referral_nfa and current is None and can_start:
        today = clock.today()
        form = StartForm(
            request.POST if request.method == "POST" else None,
            referral_date=episode.referral_date,
            today=today,
            initial={"start_date": today},
        )
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.assessment_start(
                    referral=episode,
                    by=request.user.staff,
                    at=clock.now(),
                    start_date=form.cleaned_data["start_date"],
                    holidays=holiday_calendar(),
                )
            except services.AssessmentError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Assessment started. It is due by {assessment.due_date:%A} {assessment.due_date.day} "
                    f"{assessment.due_date:%B %Y}",
                )
                return redirect("assessments:edit", assessment_id=assessment.pk)
    elif request.method == "POST":
        raise PermissionDenied
    due = (
        services.completion_due_date(episode.referral_date, holidays=holiday_calendar())
        if episode is not None and current is None
        else None
    )
    return render(
        request,
        "assessments/start.html",
        {
            "person": person,
            "episode": episode,
            "current": current,
            "form": form,
            "can_start": can_start,
            "due": due,
        },
    )


@assessment_record
def detail(request, person, assessment):
    require(request, "assessments.read", assessment)
    today, holidays = clock.today(), holiday_calendar()
    return render(
        request,
        "assessments/detail.html",
        {
            "person": person,
            "assessment": assessment,
            **_summary_context(assessment, today, holidays, request),
        },
    )


def _summary_context(assessment, today, holidays, request) -> dict:
    user = request.user
    return {
        "state": selectors.completion_state(assessment, today=today, holidays=holidays),
        "taken": selectors.working_days_taken(assessment, holidays=holidays),
        "reviews": [
            {"review": r, "state": selectors.review_state(r, today=today, holidays=holidays)}
            for r in assessment.reviews.all()
        ],
        "can_edit": user.has_perm("assessments.write", assessment),
        "can_authorise": user.has_perm("assessments.authorise", assessment),
        "can_review": user.has_perm("assessments.review", assessment)
        and any(r.held_on is None for r in assessment.reviews.all()),
        "can_correct": user.has_perm("assessments.correct", assessment),
    }


@assessment_record
@require_http_methods(["GET", "POST"])
def edit(request, person, assessment):
    """The worker's draft: save it, or save it and send it to a manager for authorisation."""
    if not assessment.is_draft:
        return redirect("assessments:detail", assessment_id=assessment.pk)
    require(request, "assessments.write", assessment)
    submit = request.method == "POST" and "submit" in request.POST
    initial = _editable_state(assessment)
    form = AssessmentForm(request.POST if request.method == "POST" else None, initial=initial, submit=submit)
    concurrency.add_version_field(form, concurrency.version_of(initial))
    conflicts, stale = [], False
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != concurrency.VERSION_FIELD}
        try:
            concurrency.save_if_current(
                model=Assessment,
                pk=assessment.pk,
                version=form.cleaned_data[concurrency.VERSION_FIELD],
                state=_editable_state,
                save=lambda locked: services.assessment_save_draft(
                    assessment=locked, by=request.user.staff, at=clock.now(), submit=submit, **data
                ),
            )
        except concurrency.StaleEdit as error:
            conflicts = concurrency.show_conflict(form, saved=error.saved, version=error.version, yours=data)
            stale = True
        except services.AssessmentIncomplete as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        except (services.AssessmentError, AssessmentLocked) as error:
            form.add_error(None, str(error))
        else:
            if submit:
                messages.success(request, "Assessment sent to a manager for authorisation")
                return redirect("assessments:detail", assessment_id=assessment.pk)
            messages.success(request, "Draft saved")
            return redirect("assessments:edit", assessment_id=assessment.pk)
    today, holidays = clock.today(), holiday_calendar()
    return render(
        request,
        "assessments/edit.html",
        {
            "person": person,
            "assessment": assessment,
            "form": form,
            "state": selectors.completion_state(assessment, today=today, holidays=holidays),
            "last_return": next(iter(assessment.returns.all()), None),
            "conflicts": conflicts,
            "stale": stale,
        },
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def authorise(request, person, assessment):
    """The manager's page: read the assessment, then authorise it or return it with comments."""
    if not assessment.is_submitted:
        return redirect("assessments:detail", assessment_id=assessment.pk)
    require(request, "assessments.authorise", assessment)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "authorise":
                services.assessment_authorise(assessment=assessment, by=request.user.staff, at=clock.now())
            else:
                services.assessment_return(
                    assessment=assessment, by=request.user.staff, at=clock.now(), comment=data["comment"]
                )
        except services.AssessmentIncomplete as error:
            form.add_error(None, f"This assessment is not complete: {error}")
        except (services.AssessmentError, AssessmentLocked) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Assessment authorised"
                if data["decision"] == "authorise"
                else "Assessment returned to the worker",
            )
            return redirect("assessments:detail", assessment_id=assessment.pk)
    today, holidays = clock.today(), holiday_calendar()
    return render(
        request,
        "assessments/authorise.html",
        {
            "person": person,
            "assessment": assessment,
            "form": form,
            **_summary_context(assessment, today, holidays, request),
        },
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def review_new(request, person, assessment):
    """A manager records an internal review (day 10, day 25) with their oversight and direction."""
    require(request, "assessments.review", assessment)
    pending = [r for r in assessment.reviews.all() if r.held_on is None]
    if not pending:
        messages.success(request, "Every internal review of this assessment has been recorded")
        return redirect("assessments:detail", assessment_id=assessment.pk)
    today = clock.today()
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        reviews=pending,
        start_date=assessment.start_date,
        today=today,
        initial={"review": pending[0].pk, "held_on": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.internal_review_record(
                assessment=assessment,
                review=next(r for r in pending if r.pk == data["review"]),
                by=request.user.staff,
                at=clock.now(),
                held_on=data["held_on"],
                notes=data["notes"],
            )
        except (services.AssessmentError, AssessmentLocked) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Internal review recorded")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return render(
        request, "assessments/review_form.html", {"person": person, "assessment": assessment, "form": form}
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def correction_new(request, person, assessment):
    """Append a correction, with its reason, to an authorised assessment."""
    require(request, "assessments.correct", assessment)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_correct(
                assessment=assessment, by=request.user.staff, at=clock.now(), **form.cleaned_data
            )
        except services.AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Correction added to the assessment")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return render(
        request,
        "assessments/correction_form.html",
        {"person": person, "assessment": assessment, "form": form},
    )


@person_record
@require_http_methods(["GET", "POST"])
def episode_close(request, person):
    """Close the child's open episode of need with a DfE reason, or say why it cannot close yet."""
    require(request, "assessments.close_episode")
    if not person.is_child:
        raise Http404("Episodes of need are about children")
    episode = _open_episode(person)
    blockers = closure_blockers(episode) if episode is not None else []
    current = services.open_assessment(episode) if episode is not None else None
    form = None
    if episode is not None:
        form = CloseEpisodeForm(
            request.POST if request.method == "POST" else None,
            referral_date=episode.referral_date,
            today=clock.today(),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.episode_close(
                    referral=episode,
                    by=request.user.staff,
                    at=clock.now(),
                    closure_date=form.cleaned_data["closure_date"],
                    reason=form.cleaned_data["reason"],
                )
            except services.EpisodeCloseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Episode of need closed")
                return redirect("people:detail", person_id=person.pk)
    elif request.method == "POST":
        raise Http404("There is no open episode to close")
    return render(
        request,
        "assessments/episode_close.html",
        {"person": person, "episode": episode, "form": form, "blockers": blockers, "current": current},
    )
