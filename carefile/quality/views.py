"""Quality pages: the services waiting list and a child's services; case file audits; the improvement plan.
Views are thin: forms read the input, services write, selectors read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require as _require
from carefile.people.decorators import person_record
from carefile.people.models import PersonKind
from carefile.workforce.models import Team

from . import selectors, services
from .access import log_list_access
from .forms import (
    ActionDoneForm,
    ActionForm,
    AuditGradeForm,
    AuditModerateForm,
    AuditRoundForm,
    PlanActionForm,
    PlanActionUpdateForm,
    RecommendationForm,
    ServiceApprovalForm,
    ServiceEndForm,
    ServiceRequestForm,
    ServiceStartForm,
    WaitingListFilterForm,
)
from .indicators import INDICATORS, current_values
from .models import (
    AuditAction,
    AuditRound,
    AuditStatus,
    CaseAudit,
    PlanAction,
    PlanStatus,
    Recommendation,
    ServiceRequest,
    ServiceStatus,
)
from .services import QualityError


def _staff(request):
    staff = getattr(request.user, "staff", None)
    if staff is None:
        raise PermissionDenied
    return staff


def _add_errors(form, error: QualityError) -> None:
    if error.errors:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, str(error))


def _form_page(request, form, *, title: str, submit: str, back_url: str, person=None, **context):
    context.update({"form": form, "title": title, "submit": submit, "back_url": back_url, "person": person})
    return render(request, "quality/form_page.html", context)


# ---- hub ------------------------------------------------------------------------------------------------


def index(request):
    _require(request, "quality.view_quality")
    return render(request, "quality/index.html")


# ---- assessed services ----------------------------------------------------------------------------------


def waiting_list(request):
    """Assessed services waiting list: longest wait first, filtered by service, team, status and disability."""
    _require(request, "quality.view_services")
    form = WaitingListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "waiting"
    today, holidays = clock.today(), holiday_calendar()
    qs = selectors.waiting_list(
        user=request.user,
        today=today,
        service_type=data.get("service"),
        team=data.get("team"),
        status="" if status == "all" else status,
        disabled_only=bool(data.get("disabled")),
    )
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"request": r, "waits": selectors.waits(r, today=today, holidays=holidays)} for r in page]
    log_list_access(request, [r.child for r in page], view_name="quality:waiting_list")
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "quality/waiting_list.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
            "status": status,
            "query_string": urlencode(params),
            "today": today,
        },
    )


def _child_only(person) -> None:
    if person.kind != PersonKind.CHILD:
        raise Http404("Services are recorded for children")


def _id(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 18 else None


def _nothing(request, person, *, title: str, message: str, back_url: str, back_label: str):
    """An explanatory page: nothing to act on here (no such record for this child, or it has moved on)."""
    return render(
        request,
        "quality/nothing.html",
        {
            "person": person,
            "title": title,
            "message": message,
            "back_url": back_url,
            "back_label": back_label,
        },
    )


def _request_of(request, person) -> ServiceRequest | None:
    """The service request named by `?request=`, if it is this child's."""
    request_id = _id(request, "request")
    if request_id is None:
        return None
    return (
        ServiceRequest.objects.select_related("service_type", "requested_by", "decided_by")
        .filter(pk=request_id, child=person)
        .first()
    )


@person_record
def child_services(request, person):
    _require(request, "quality.view_services")
    _child_only(person)
    today, holidays = clock.today(), holiday_calendar()
    rows = [
        {"request": r, "waits": selectors.waits(r, today=today, holidays=holidays)}
        for r in selectors.requests_of(person)
    ]
    return render(
        request,
        "quality/child_services.html",
        {"person": person, "rows": rows, "disabled": selectors.is_disabled(person)},
    )


@person_record
@require_http_methods(["GET", "POST"])
def service_new(request, person):
    _require(request, "quality.record_service")
    _child_only(person)
    back = reverse("quality:child_services", args=[person.pk])
    form = ServiceRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_request_record(
                child=person,
                service_type=form.cleaned_data["service_type"],
                need=form.cleaned_data["need"],
                assessed_on=form.cleaned_data["assessed_on"],
                by=_staff(request),
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(back)
    return _form_page(
        request, form, title="Record an assessed service", submit="Save request", back_url=back, person=person
    )


def _service_step(request, person, *, perm, form_class, allowed, title, submit, act):
    _require(request, perm)
    _child_only(person)
    service_request = _request_of(request, person)
    back = reverse("quality:child_services", args=[person.pk])
    label = f"Back to {person.given_name}'s assessed services"
    if service_request is None:
        return _nothing(
            request,
            person,
            title=title,
            message="Choose a service request from the child's assessed services.",
            back_url=back,
            back_label=label,
        )
    if service_request.status not in allowed:
        return _nothing(
            request,
            person,
            title=title,
            message=f"This request is {service_request.get_status_display().lower()}: there is nothing to do here.",
            back_url=back,
            back_label=label,
        )
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            act(service_request, form.cleaned_data, _staff(request), clock.now())
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(back)
    return _form_page(
        request,
        form,
        title=title,
        submit=submit,
        back_url=back,
        person=person,
        caption=str(service_request.service_type),
        service_request=service_request,
    )


@person_record
@require_http_methods(["GET", "POST"])
def service_approve(request, person):
    return _service_step(
        request,
        person,
        perm="quality.approve_service",
        form_class=ServiceApprovalForm,
        allowed=(ServiceStatus.AWAITING_APPROVAL,),
        title="Approve or decline the service",
        submit="Save decision",
        act=lambda r, d, by, at: services.service_approve(
            request=r,
            decision=d["decision"],
            decided_on=d["decided_on"],
            rationale=d["rationale"],
            by=by,
            at=at,
        ),
    )


@person_record
@require_http_methods(["GET", "POST"])
def service_start(request, person):
    return _service_step(
        request,
        person,
        perm="quality.record_service",
        form_class=ServiceStartForm,
        allowed=(ServiceStatus.AWAITING_START,),
        title="Record the start of the service",
        submit="Save start",
        act=lambda r, d, by, at: services.service_start(
            request=r, start_date=d["start_date"], provider=d["provider"], by=by, at=at
        ),
    )


@person_record
@require_http_methods(["GET", "POST"])
def service_end(request, person):
    return _service_step(
        request,
        person,
        perm="quality.record_service",
        form_class=ServiceEndForm,
        allowed=(ServiceStatus.IN_PLACE,),
        title="Record the end of the service",
        submit="Save end",
        act=lambda r, d, by, at: services.service_end(
            request=r, end_date=d["end_date"], reason=d["reason"], by=by, at=at
        ),
    )


# ---- audits ---------------------------------------------------------------------------------------------


def audits(request):
    """Audit rounds, newest first, with their progress; the link to results."""
    _require(request, "quality.view_audits")
    rounds = list(AuditRound.objects.select_related("template", "created_by").prefetch_related("teams"))
    progress = {r.audit_round.pk: r for r in selectors.results(rounds)}
    return render(
        request,
        "quality/audits.html",
        {"rounds": [(r, progress[r.pk]) for r in rounds]},
    )


@require_http_methods(["GET", "POST"])
def audit_round_new(request):
    _require(request, "quality.manage_audits")
    form = AuditRoundForm(
        request.POST if request.method == "POST" else None,
        initial={"per_team": 4, "started_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            audit_round = services.audit_round_create(
                name=d["name"],
                template=d["template"],
                teams=d["teams"],
                per_team=d["per_team"],
                started_on=d["started_on"],
                seed=d.get("seed"),
                by=_staff(request),
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect("quality:audit_round", round_id=audit_round.pk)
    return _form_page(
        request,
        form,
        title="Start an audit round",
        submit="Draw the sample",
        back_url=reverse("quality:audits"),
    )


def audit_round(request, round_id: int):
    """A round's sample by team: each case's auditor, moderator and status. Lists named children, so logged."""
    _require(request, "quality.view_audits")
    audit_round = get_object_or_404(AuditRound.objects.select_related("template", "created_by"), pk=round_id)
    cases = list(
        CaseAudit.objects.filter(round=audit_round)
        .select_related("child", "team", "auditor", "moderator")
        .order_by("team__name", "child__family_name", "child__given_name", "id")
    )
    log_list_access(request, [c.child for c in cases], view_name="quality:audit_round")
    by_team: dict[Team, list[CaseAudit]] = {}
    for case in cases:
        by_team.setdefault(case.team, []).append(case)
    return render(
        request,
        "quality/audit_round.html",
        {
            "round": audit_round,
            "by_team": by_team.items(),
            "teams": audit_round.teams.all(),
            "result": selectors.results([audit_round])[0],
        },
    )


def _audit_of(request, person) -> CaseAudit | None:
    """The audit named by `?audit=`, if it is of this child."""
    audit_id = _id(request, "audit")
    if audit_id is None:
        return None
    return (
        CaseAudit.objects.select_related("round__template", "team", "auditor", "moderator")
        .filter(pk=audit_id, child=person)
        .first()
    )


def audit_url(person_id: int, audit_id: int) -> str:
    return reverse("quality:audit", args=[person_id]) + f"?audit={audit_id}"


def _no_audit(request, person, title):
    return _nothing(
        request,
        person,
        title=title,
        message="Choose one of the child's case file audits.",
        back_url=reverse("quality:audit", args=[person.pk]),
        back_label=f"{person.given_name}'s case file audits",
    )


@person_record(reason="Case file audit")
def audit_detail(request, person):
    """One case file audit of the child (`?audit=`), or the list of the child's audits."""
    _require(request, "quality.view_audits")
    audit = _audit_of(request, person)
    if audit is None:
        return render(
            request,
            "quality/child_audits.html",
            {
                "person": person,
                "audits": list(selectors.audits_of(person).order_by("-round__started_on", "-id")),
            },
        )
    return render(
        request,
        "quality/audit.html",
        {
            "person": person,
            "audit": audit,
            "grades": list(audit.grades.select_related("domain")),
            "actions": list(audit.actions.select_related("owner")),
            "can_grade": request.user.has_perm("quality.grade_audit")
            and audit.status != AuditStatus.MODERATED
            and (audit.auditor_id is None or audit.auditor_id == _staff(request).pk),
            "can_moderate": request.user.has_perm("quality.moderate_audit")
            and audit.status == AuditStatus.GRADED
            and audit.auditor_id != _staff(request).pk,
            "today": clock.today(),
        },
    )


@person_record(reason="Case file audit")
@require_http_methods(["GET", "POST"])
def audit_grade(request, person):
    _require(request, "quality.grade_audit")
    audit = _audit_of(request, person)
    if audit is None:
        return _no_audit(request, person, "Case file audit")
    back = audit_url(person.pk, audit.pk)
    existing = {g.domain_id: g for g in audit.grades.all()}
    form = AuditGradeForm(
        request.POST if request.method == "POST" else None,
        domains=audit.round.template.domains.all(),
        initial_grades=existing,
        initial={"summary": audit.summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_grade(
                audit=audit,
                grades=form.grades(),
                summary=form.cleaned_data["summary"],
                by=_staff(request),
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(back)
    return _form_page(
        request,
        form,
        title="Grade the case file",
        submit="Save grades",
        back_url=back,
        person=person,
        caption=f"{audit.round} · {audit.round.template}",
    )


@person_record(reason="Case file audit moderation")
@require_http_methods(["GET", "POST"])
def audit_moderate(request, person):
    _require(request, "quality.moderate_audit")
    audit = _audit_of(request, person)
    if audit is None:
        return _no_audit(request, person, "Case file audit")
    back = audit_url(person.pk, audit.pk)
    form = AuditModerateForm(
        request.POST if request.method == "POST" else None, grades=audit.grades.select_related("domain")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_moderate(
                audit=audit,
                changes=form.changes(),
                note=form.cleaned_data["note"],
                by=_staff(request),
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(back)
    return _form_page(
        request,
        form,
        title="Moderate the audit",
        submit="Save moderation",
        back_url=back,
        person=person,
        caption=f"Graded by {audit.auditor}" if audit.auditor else "",
        intro="Agree with each grade or change it. Say why for every grade you change.",
    )


@person_record(reason="Case file audit action")
@require_http_methods(["GET", "POST"])
def audit_action_new(request, person):
    _require(request, "quality.grade_audit")
    audit = _audit_of(request, person)
    if audit is None:
        return _no_audit(request, person, "Case file audit")
    back = audit_url(person.pk, audit.pk)
    form = ActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.audit_action_add(
                audit=audit,
                description=d["description"],
                owner=d["owner"],
                due=d["due"],
                by=_staff(request),
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(back)
    return _form_page(
        request,
        form,
        title="Add an action from the audit",
        submit="Save action",
        back_url=back,
        person=person,
    )


@person_record(reason="Case file audit action")
@require_http_methods(["GET", "POST"])
def audit_action_done(request, person):
    action_id = _id(request, "action")
    action = (
        AuditAction.objects.select_related("audit").filter(pk=action_id, audit__child=person).first()
        if action_id is not None
        else None
    )
    if action is None:
        return _no_audit(request, person, "Mark the action done")
    audit = action.audit
    staff = _staff(request)
    if not (request.user.has_perm("quality.grade_audit") or action.owner_id == staff.pk):
        raise PermissionDenied
    back = audit_url(person.pk, audit.pk)
    form = ActionDoneForm(
        request.POST if request.method == "POST" else None, initial={"done_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_action_done(
                action=action, done_on=form.cleaned_data["done_on"], by=staff, at=clock.now()
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(back)
    return _form_page(
        request,
        form,
        title="Mark the action done",
        submit="Save",
        back_url=back,
        person=person,
        intro=action.description,
    )


def _chart(results) -> dict:
    """An SVG bar chart of the share of grades good or better, one bar per round (no script)."""
    bar_h, gap, label_w, width = 28, 12, 220, 420
    bars = []
    for i, r in enumerate(results):
        pct = r.overall.good_or_better_pct
        bars.append(
            {
                "y": i * (bar_h + gap),
                "text_y": i * (bar_h + gap) + bar_h * 0.65,
                "w": round(width * (pct or 0) / 100, 1),
                "label": r.audit_round.name,
                "pct": pct,
            }
        )
    return {
        "bars": bars,
        "height": max(1, len(bars)) * (bar_h + gap),
        "bar_h": bar_h,
        "label_w": label_w,
        "width": width,
        "total_w": label_w + width + 70,
    }


def audit_results(request):
    """Results by team and over time: grade shares per round, per team and per domain."""
    _require(request, "quality.view_audits")
    team = None
    team_id = request.GET.get("team", "")
    if team_id.isdigit():
        team = Team.objects.filter(pk=int(team_id)).first()
    rounds = list(AuditRound.objects.all())
    results = selectors.results(rounds, team=team)
    return render(
        request,
        "quality/audit_results.html",
        {
            "results": results,
            "team": team,
            "teams": Team.objects.filter(case_audits__isnull=False).distinct().order_by("name"),
            "chart": _chart(results),
        },
    )


# ---- improvement plan -----------------------------------------------------------------------------------


def plan(request):
    _require(request, "quality.view_plan")
    recommendations = list(
        Recommendation.objects.prefetch_related("actions__owner").order_by("-source_date", "order", "id")
    )
    keys = {k for r in recommendations for a in r.actions.all() for k in a.indicator_keys}
    values = current_values(keys)
    status = request.GET.get("status", "")
    today = clock.today()
    counts = {s: 0 for s in PlanStatus.values}
    for r in recommendations:
        for a in r.actions.all():
            counts[a.status] += 1
            a.indicators = [
                {"key": k, "label": INDICATORS.get(k, k), "value": values.get(k)} for k in a.indicator_keys
            ]
            a.overdue = a.status != PlanStatus.COMPLETE and a.due < today
        r.shown = [a for a in r.actions.all() if not status or a.status == status]
    return render(
        request,
        "quality/plan.html",
        {
            "recommendations": recommendations,
            "statuses": PlanStatus.choices,
            "status": status,
            "counts": [(s, label, counts[s]) for s, label in PlanStatus.choices],
            "can_edit": request.user.has_perm("quality.edit_plan"),
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation_new(request):
    _require(request, "quality.edit_plan")
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.recommendation_add(
                source=d["source"],
                source_date=d["source_date"],
                text=d["text"],
                reference=d["reference"],
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect("quality:plan")
    return _form_page(
        request,
        form,
        title="Add a recommendation",
        submit="Save recommendation",
        back_url=reverse("quality:plan"),
    )


@require_http_methods(["GET", "POST"])
def plan_action_new(request, recommendation_id: int):
    _require(request, "quality.edit_plan")
    recommendation = get_object_or_404(Recommendation, pk=recommendation_id)
    form = PlanActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_action_add(
                recommendation=recommendation,
                description=d["description"],
                owner=d["owner"],
                due=d["due"],
                indicator_keys=d["indicator_keys"],
                by=_staff(request),
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(reverse("quality:plan") + f"#recommendation-{recommendation.pk}")
    return _form_page(
        request,
        form,
        title="Add an action",
        submit="Save action",
        back_url=reverse("quality:plan"),
        intro=recommendation.text,
    )


@require_http_methods(["GET", "POST"])
def plan_action_edit(request, action_id: int):
    action = get_object_or_404(PlanAction.objects.select_related("recommendation", "owner"), pk=action_id)
    staff = _staff(request)
    if not (request.user.has_perm("quality.edit_plan") or action.owner_id == staff.pk):
        raise PermissionDenied
    form = PlanActionUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={
            "status": action.status,
            "evidence": action.evidence,
            "evidence_url": action.evidence_url,
            "owner": action.owner_id,
            "due": action.due,
            "indicator_keys": action.indicator_keys,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_action_update(
                action=action,
                status=d["status"],
                evidence=d["evidence"],
                evidence_url=d["evidence_url"],
                owner=d["owner"],
                due=d["due"],
                indicator_keys=d["indicator_keys"],
                by=staff,
                at=clock.now(),
            )
        except QualityError as error:
            _add_errors(form, error)
        else:
            return redirect(reverse("quality:plan") + f"#recommendation-{action.recommendation_id}")
    return _form_page(
        request,
        form,
        title="Update the action",
        submit="Save",
        back_url=reverse("quality:plan"),
        intro=action.description,
        caption=action.recommendation.source,
    )
