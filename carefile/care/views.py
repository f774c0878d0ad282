"""Pages of a child's care: the care record (periods and SSDA903 episodes), recording care starting, a move,
a change of legal status, the end of care, a short break, a review, a missing episode and the return home
interview; and the list of return interviews due for managers.

Child-scoped pages take the person's id and go through `person_record` (visibility and the access log). A page
about one review or missing episode is addressed by its own id and then goes through `person_record` for its
child. Every page answers a GET for any child: a child who is not looked after is told so, with the way to
record care starting.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require as _require
from carefile.governance import concurrency
from carefile.people.decorators import person_record
from carefile.workforce.models import AllocationRole, Role, Staff, Team
from carefile.workforce.selectors import current_worker

from . import selectors, services
from .episodes import before_temporary
from .forms import (
    CareEndForm,
    CareStartForm,
    InterviewForm,
    LegalStatusForm,
    MissingForm,
    PlacementMoveForm,
    RecommendationFormSet,
    RecommendationUpdateForm,
    ReturnForm,
    ReturnInterviewFilterForm,
    ReviewForm,
    ShortBreakForm,
    staff_choices_for_child,
)
from .models import CareReview, MissingEpisode, ReviewRecommendation, UascStatus
from .services import CareError, PlacementDetails
from .timescales import return_interview_due, return_interview_state


def _child_only(person) -> None:
    if not person.is_child:
        raise Http404("Care records are about children")


def _form_error(form, error: CareError, fields: dict[str, str] | None = None) -> None:
    name = (fields or {}).get(error.field or "", error.field)
    if name and name in form.fields:
        form.add_error(name, str(error))
    else:
        form.add_error(None, str(error))


def _placement(data) -> PlacementDetails:
    return PlacementDetails(
        place=data["place"],
        provider=data.get("provider") or "",
        postcode=data.get("postcode") or "",
        urn=data.get("urn") or "",
        placement_name=data.get("placement_name") or "",
        outside_england=data.get("outside_england") or False,
    )


def _not_in_care(request, person, *, title: str):
    return render(
        request,
        "care/not_in_care.html",
        {"person": person, "title": title, "can_record": request.user.has_perm("care.record_care", person)},
    )


# ---- the care record ------------------------------------------------------------------------------------


@person_record
def child_care(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    today, holidays = clock.today(), holiday_calendar()
    history = selectors.care_history(person)
    current = selectors.current_episodes([person.pk]).get(person.pk)
    user = request.user
    context = {
        "person": person,
        "history": history,
        "current": current,
        "status_since": selectors.legal_status_since(current) if current else None,
        "review": selectors.review_clocks([person], today=today, holidays=holidays).get(person.pk),
        "visit": selectors.visit_clocks([person], today=today, holidays=holidays).get(person.pk),
        "missing": list(selectors.missing_for_child(person)[:50]),
        "missing_summary": selectors.missing_summaries([person.pk], today=today).get(person.pk),
        "interviews": selectors.interview_clocks([person.pk], now=clock.now()).get(person.pk, []),
        "recommendations": list(selectors.open_recommendations(person)),
        "iro": current_worker(child=person, role=AllocationRole.REVIEWING_OFFICER),
        "uasc": UascStatus.objects.filter(child=person).first(),
        "can_record": user.has_perm("care.record_care", person),
        "can_review": user.has_perm("care.record_review", person),
        "can_record_missing": user.has_perm("care.record_missing", person),
        "today": today,
    }
    return render(request, "care/child.html", context)


# ---- recording care -------------------------------------------------------------------------------------


@person_record
@require_http_methods(["GET", "POST"])
def start(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    current = selectors.current_episodes([person.pk]).get(person.pk)
    if current is not None:
        return render(request, "care/already_in_care.html", {"person": person, "current": current})
    _require(request, "care.record_care", person)
    today = clock.today()
    form = CareStartForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.care_start(
                child=person,
                start=data["start"],
                legal_status=data["legal_status"],
                placement=_placement(data),
                cin_need=data["cin_need"],
                home_postcode=data["home_postcode"],
                long_term=data["long_term"],
                visit_regime=data.get("visit_regime") or "",
                by=request.user.staff,
                at=clock.now(),
            )
        except CareError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{person.full_name}'s care has been recorded")
            return redirect("care:child", person_id=person.pk)
    return render(request, "care/start.html", {"person": person, "form": form})


@person_record
@require_http_methods(["GET", "POST"])
def move(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    current = selectors.current_episodes([person.pk]).get(person.pk)
    if current is None:
        return _not_in_care(request, person, title="Record a change of placement")
    _require(request, "care.record_care", person)
    today = clock.today()
    initial = {}
    returning_to = None
    if current.is_temporary:
        returning_to = before_temporary(list(current.period.episodes.order_by("start")))
        if returning_to is not None:
            initial = {
                "place": returning_to.place,
                "provider": returning_to.provider,
                "placement_name": returning_to.placement_name,
                "postcode": returning_to.postcode,
                "urn": returning_to.urn,
                "outside_england": returning_to.outside_england,
                "long_term": returning_to.long_term,
                "visit_regime": returning_to.visit_regime,
            }
    form = PlacementMoveForm(
        request.POST if request.method == "POST" else None,
        today=today,
        current_status=current.legal_status,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_move(
                child=person,
                on=data["on"],
                placement=_placement(data),
                reason_place_change=data["reason_place_change"],
                same_carer=data["same_carer"],
                legal_status=data["legal_status"],
                long_term=data["long_term"] or None,
                visit_regime=data.get("visit_regime") or None,
                by=request.user.staff,
                at=clock.now(),
            )
        except CareError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The change of placement has been recorded")
            return redirect("care:child", person_id=person.pk)
    return render(
        request,
        "care/move.html",
        {"person": person, "form": form, "current": current, "returning_to": returning_to},
    )


@person_record
@require_http_methods(["GET", "POST"])
def legal_status(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    current = selectors.current_episodes([person.pk]).get(person.pk)
    if current is None:
        return _not_in_care(request, person, title="Record a change of legal status")
    _require(request, "care.record_care", person)
    form = LegalStatusForm(
        request.POST if request.method == "POST" else None, current_status=current.legal_status
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_status_change(
                child=person,
                on=form.cleaned_data["on"],
                legal_status=form.cleaned_data["legal_status"],
                by=request.user.staff,
                at=clock.now(),
            )
        except CareError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The change of legal status has been recorded")
            return redirect("care:child", person_id=person.pk)
    return render(request, "care/legal_status.html", {"person": person, "form": form, "current": current})


@person_record
@require_http_methods(["GET", "POST"])
def end(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    current = selectors.current_episodes([person.pk]).get(person.pk)
    if current is None:
        return _not_in_care(request, person, title="Record the end of care")
    _require(request, "care.record_care", person)
    form = CareEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_end(
                child=person,
                on=form.cleaned_data["on"],
                reason_ceased=form.cleaned_data["reason_ceased"],
                by=request.user.staff,
                at=clock.now(),
            )
        except CareError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The end of care has been recorded")
            return redirect("care:child", person_id=person.pk)
    return render(request, "care/end.html", {"person": person, "form": form, "current": current})


@person_record
@require_http_methods(["GET", "POST"])
def short_break(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    current = selectors.current_episodes([person.pk]).get(person.pk)
    if current is not None:
        return render(request, "care/already_in_care.html", {"person": person, "current": current})
    _require(request, "care.record_care", person)
    today = clock.today()
    form = ShortBreakForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.short_break_record(
                child=person,
                start=data["start"],
                end=data["end"],
                placement=_placement(data),
                cin_need=data["cin_need"],
                reason_ceased=data["reason_ceased"],
                by=request.user.staff,
                at=clock.now(),
            )
        except CareError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The short break has been recorded")
            return redirect("care:child", person_id=person.pk)
    return render(request, "care/short_break.html", {"person": person, "form": form})


# ---- reviews --------------------------------------------------------------------------------------------


def _iros():
    return Staff.objects.filter(role=Role.REVIEWING_OFFICER, leave_date__isnull=True).order_by(
        "family_name", "given_name"
    )


@person_record
@require_http_methods(["GET", "POST"])
def review_new(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    if not selectors.care_history(person):
        return _not_in_care(request, person, title="Record a looked-after review")
    _require(request, "care.record_review", person)
    today = clock.today()
    iro = current_worker(child=person, role=AllocationRole.REVIEWING_OFFICER)
    staff = getattr(request.user, "staff", None)
    chair = iro.worker if iro else (staff if staff and staff.role == Role.REVIEWING_OFFICER else None)
    post = request.POST if request.method == "POST" else None
    form = ReviewForm(
        post,
        today=today,
        iros=_iros(),
        initial={"reviewing_officer": chair.pk if chair else None, "held_on": today},
    )
    formset = RecommendationFormSet(
        post, prefix="rec", form_kwargs={"staff_choices": staff_choices_for_child(person)}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        recs = [
            services.Recommendation(
                what=f.cleaned_data["what"],
                due=f.cleaned_data["due"],
                owner_staff=Staff.objects.filter(pk=f.cleaned_data.get("owner_staff")).first(),
                owner_name=f.cleaned_data.get("owner_name") or "",
            )
            for f in formset
            if (f.cleaned_data.get("what") or "").strip()
        ]
        try:
            review = services.review_record(
                child=person,
                held_on=data["held_on"],
                reviewing_officer=Staff.objects.get(pk=data["reviewing_officer"]),
                participation=data["participation"],
                child_views=data["child_views"],
                summary=data["summary"],
                recommendations=recs,
                by=request.user.staff,
                at=clock.now(),
            )
        except CareError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The review has been recorded")
            return redirect("care:review", review_id=review.pk)
    summary_items = form.error_summary() if form.is_bound else []
    if formset.is_bound:
        for i, f in enumerate(formset):
            for name, errors in f.errors.items():
                target = f"#{f[name].auto_id}_0" if name == "due" else f"#{f[name].auto_id}"
                summary_items += [{"text": f"Recommendation {i + 1}: {e}", "href": target} for e in errors]
    return render(
        request,
        "care/review_form.html",
        {"person": person, "form": form, "formset": formset, "summary_items": summary_items},
    )


def review_page(view):
    """Find the review, then go through `person_record` for its child."""

    @wraps(view)
    def wrapper(request, review_id: int, *args, **kwargs):
        review = CareReview.objects.select_related("reviewing_officer", "period").filter(pk=review_id).first()
        if review is None:
            raise Http404("No such review")

        def scoped(request, person):
            review.child = person
            return view(request, person, review, *args, **kwargs)

        scoped.__name__ = view.__name__
        return person_record(scoped)(request, person_id=review.child_id)

    return wrapper


@review_page
@require_http_methods(["GET", "POST"])
def review_detail(request, person, review):
    _require(request, "care.read", person)
    recommendations = list(review.recommendations.select_related("owner_staff", "updated_by"))
    can_update = request.user.has_perm("care.update_recommendation", person)
    form, editing, conflicts, stale = None, None, [], False
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        editing = next((r for r in recommendations if str(r.pk) == request.POST.get("recommendation")), None)
        if editing is None:
            raise Http404("No such recommendation")
        form = RecommendationUpdateForm(request.POST, prefix=f"r{editing.pk}")
        concurrency.add_version_field(form, concurrency.version_of(_recommendation_state(editing)))
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != concurrency.VERSION_FIELD}
            try:
                concurrency.save_if_current(
                    model=ReviewRecommendation,
                    pk=editing.pk,
                    version=form.cleaned_data[concurrency.VERSION_FIELD],
                    state=_recommendation_state,
                    save=lambda locked: services.recommendation_update(
                        recommendation=locked, **data, by=request.user.staff, at=clock.now()
                    ),
                )
            except concurrency.StaleEdit as error:
                conflicts, stale = _show_conflict(form, error, data), True
            except CareError as error:
                _form_error(form, error)
            else:
                messages.success(request, "The recommendation has been updated")
                return redirect("care:review", review_id=review.pk)
    rows = []
    for rec in recommendations:
        rec_form = form if editing is not None and rec.pk == editing.pk else None
        if rec_form is None and can_update:
            rec_form = RecommendationUpdateForm(prefix=f"r{rec.pk}", initial=_recommendation_state(rec))
            concurrency.add_version_field(rec_form, concurrency.version_of(_recommendation_state(rec)))
        rows.append(
            {"rec": rec, "form": rec_form, "stale": stale and rec_form is form, "conflicts": conflicts}
        )
    return render(
        request,
        "care/review.html",
        {"person": person, "review": review, "rows": rows, "form": form, "can_update": can_update},
    )


# Optimistic concurrency (docs/adr/0006): what each edit form edits, as stored ----------------------------


def _recommendation_state(rec: ReviewRecommendation) -> dict:
    return {"status": rec.status, "completed_on": rec.completed_on, "not_done_reason": rec.not_done_reason}


def _interview_state(episode: MissingEpisode) -> dict:
    return {
        "offered_at": episode.offered_at,
        "response": episode.response,
        "interview_on": episode.interview_on,
        "interviewed_by": episode.interviewed_by,
        "learnt": episode.learnt,
    }


def _show_conflict(form, error: concurrency.StaleEdit, data: dict) -> list[dict]:
    """`concurrency.show_conflict`, also carrying the new version in a prefixed form's hidden field."""
    conflicts = concurrency.show_conflict(form, saved=error.saved, version=error.version, yours=data)
    if form.prefix:
        form.data[form.add_prefix(concurrency.VERSION_FIELD)] = error.version
    return conflicts


# ---- missing episodes and return home interviews --------------------------------------------------------

MISSING_FIELDS = {"started_at": "started_date", "ended_at": "ended_date"}
INTERVIEW_FIELDS = {"offered_at": "offered_date"}


@person_record
@require_http_methods(["GET", "POST"])
def missing_new(request, person):
    _require(request, "care.read", person)
    _child_only(person)
    _require(request, "care.record_missing", person)
    now = clock.now()
    form = MissingForm(request.POST if request.method == "POST" else None, now=now)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            episode = services.missing_record(
                child=person,
                kind=data["kind"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                where_found=data["where_found"],
                reported_to_police=data["reported_to_police"],
                notes=data["notes"],
                by=request.user.staff,
                at=now,
            )
        except CareError as error:
            _form_error(form, error, MISSING_FIELDS)
        else:
            messages.success(
                request,
                "The missing episode has been recorded"
                + (
                    ". Offer a return home interview within 72 hours of the return"
                    if episode.ended_at
                    else ""
                ),
            )
            return redirect("care:missing", missing_id=episode.pk)
    return render(request, "care/missing_form.html", {"person": person, "form": form})


def missing_page(view):
    """Find the missing episode, then go through `person_record` for its child."""

    @wraps(view)
    def wrapper(request, missing_id: int, *args, **kwargs):
        episode = MissingEpisode.objects.select_related("period", "recorded_by").filter(pk=missing_id).first()
        if episode is None:
            raise Http404("No such missing episode")

        def scoped(request, person):
            episode.child = person
            return view(request, person, episode, *args, **kwargs)

        scoped.__name__ = view.__name__
        return person_record(scoped)(request, person_id=episode.child_id)

    return wrapper


@missing_page
@require_http_methods(["GET", "POST"])
def missing_detail(request, person, episode):
    _require(request, "care.read", person)
    can_record = request.user.has_perm("care.record_missing", person)
    now = clock.now()
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_record:
        raise PermissionDenied
    return_form = interview_form = None
    conflicts, stale = [], False
    if episode.ended_at is None and can_record:
        return_form = ReturnForm(request.POST if action == "return" else None)
        if return_form.is_bound and return_form.is_valid():
            data = return_form.cleaned_data
            try:
                services.missing_return(
                    episode=episode,
                    ended_at=data["ended_at"],
                    where_found=data["where_found"],
                    by=request.user.staff,
                    at=now,
                )
            except CareError as error:
                _form_error(return_form, error, MISSING_FIELDS)
            else:
                messages.success(
                    request, "Their return has been recorded: offer a return home interview within 72 hours"
                )
                return redirect("care:missing", missing_id=episode.pk)
    elif episode.ended_at is not None and can_record:
        local_offer = episode.offered_at
        initial = {
            "response": episode.response,
            "interview_on": episode.interview_on,
            "interviewed_by": episode.interviewed_by,
            "learnt": episode.learnt,
        }
        if local_offer is not None:
            local = timezone.localtime(local_offer)
            initial.update({"offered_date": local.date(), "offered_time": f"{local:%H:%M}"})
        interview_form = InterviewForm(request.POST if action == "interview" else None, initial=initial)
        concurrency.add_version_field(interview_form, concurrency.version_of(_interview_state(episode)))
        if interview_form.is_bound and interview_form.is_valid():
            data = interview_form.cleaned_data
            fields = {
                k: data[k] for k in ("offered_at", "response", "interview_on", "interviewed_by", "learnt")
            }
            try:
                concurrency.save_if_current(
                    model=MissingEpisode,
                    pk=episode.pk,
                    version=data[concurrency.VERSION_FIELD],
                    state=_interview_state,
                    save=lambda locked: services.return_interview_record(
                        episode=locked, **fields, by=request.user.staff, at=now
                    ),
                )
            except concurrency.StaleEdit as error:
                conflicts, stale = _show_conflict(interview_form, error, fields), True
            except CareError as error:
                _form_error(interview_form, error, INTERVIEW_FIELDS)
            else:
                messages.success(request, "The return home interview has been recorded")
                return redirect("care:missing", missing_id=episode.pk)
    if action and return_form is None and interview_form is None:
        raise PermissionDenied
    state = None
    if episode.ended_at is not None:
        state = {
            "due": return_interview_due(episode.ended_at),
            "state": return_interview_state(
                returned_at=episode.ended_at, offered_at=episode.offered_at, now=now
            ),
        }
    form = return_form if return_form is not None and return_form.is_bound else interview_form
    return render(
        request,
        "care/missing.html",
        {
            "person": person,
            "episode": episode,
            "return_form": return_form,
            "interview_form": interview_form,
            "form": form if form is not None and form.is_bound else None,
            "rhi": state,
            "conflicts": conflicts,
            "stale": stale,
        },
    )


def return_interviews(request):
    """Return home interviews due and overdue: children back from going missing whose interview has not been
    offered, longest waiting first, with the 72-hour clock; and the children missing now."""
    _require(request, "care.view_return_interviews")
    staff = getattr(request.user, "staff", None)
    params = request.GET.copy()
    if "team" not in params and staff is not None and staff.team_id and staff.role == Role.TEAM_MANAGER:
        params["team"] = str(staff.team_id)
    form = ReturnInterviewFilterForm(params)
    form.is_valid()
    team_id = getattr(form, "cleaned_data", {}).get("team")
    team = Team.objects.filter(pk=team_id).first() if team_id else None
    now = clock.now()
    page = Paginator(
        selectors.return_interviews_due(user=request.user, team=team), settings.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [
        {
            "episode": m,
            "due": return_interview_due(m.ended_at),
            "state": return_interview_state(returned_at=m.ended_at, offered_at=None, now=now),
        }
        for m in page
    ]
    missing_now = list(selectors.missing_now(user=request.user, team=team)[:50])
    return render(
        request,
        "care/return_interviews.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "team": team,
            "missing_now": missing_now,
            "query_string": f"team={team.pk}" if team else "",
        },
    )
