from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.audit import access_record_many
from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import actions_due_for
from carefile.common.permissions import require as _require
from carefile.people.decorators import person_record
from carefile.people.models import Person
from carefile.workforce.models import Role, Staff, Team

from . import selectors, services
from .forms import ActionDoneForm, ComplianceFilterForm, DecisionForm, GapFilterForm, SupervisionForm
from .models import OversightAction, SupervisionSession

OWNER_ROLES = [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.REVIEWING_OFFICER]


def _current_staff(today):
    return (
        Staff.objects.filter(role__in=OWNER_ROLES)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .select_related("team")
        .order_by("team__name", "family_name", "given_name", "id")
    )


def _log_children(request, children, view_name: str) -> None:
    access_record_many(
        user=request.user, people=list(children), at=clock.now(), view_name=view_name, path=request.path
    )


# ---- a child's oversight --------------------------------------------------------------------------------


@person_record
def child_oversight(request, person):
    if not person.is_child:
        raise Http404("Oversight is recorded for children")
    today = clock.today()
    config = selectors.oversight_settings()
    last = selectors.last_oversight(person)
    current = (
        person.allocations.filter(end__isnull=True, role="social_worker").select_related("worker").first()
    )
    gap = None
    if person.case_status and (last or current):
        gap = selectors.gap_of(
            last=last,
            since=current.start.date() if current else today,
            today=today,
            limit=config.gap_working_days,
            holidays=holiday_calendar(),
        )
    return render(
        request,
        "oversight/child.html",
        {
            "person": person,
            "decisions": list(selectors.decisions_of(person)),
            "discussions": list(selectors.discussions_of(person)),
            "last": last,
            "gap": gap,
            "limit": config.gap_working_days,
            "current": current,
            "today": today,
            "can_decide": request.user.has_perm("oversight.record_decision"),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def decision_new(request, person):
    _require(request, "oversight.record_decision")
    if not person.is_child:
        raise Http404("Decisions are recorded for children")
    now = clock.now()
    today = now.date()
    owners = list(_current_staff(today))
    form = DecisionForm(request.POST if request.method == "POST" else None, owners=owners, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                child=person,
                by=request.user.staff,
                at=now,
                decision_type=data["decision_type"],
                options_considered=data["options_considered"],
                rationale=data["rationale"],
                review_on=data["review_on"],
                directions=data["directions"],
            )
        except services.OversightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision recorded")
            return redirect("oversight:child", person_id=person.pk)
    return render(request, "oversight/decision_form.html", {"form": form, "person": person})


# ---- oversight gaps -------------------------------------------------------------------------------------


def gaps(request):
    _require(request, "oversight.view_gaps")
    today = clock.today()
    holidays = holiday_calendar()
    config = selectors.oversight_settings()
    limit = config.gap_working_days
    rows = selectors.oversight_gaps(user=request.user, today=today, holidays=holidays, limit=limit)
    teams = list(Team.objects.order_by("name"))
    form = GapFilterForm(request.GET or None, teams=teams, workers=list(_current_staff(today)))
    team_id = worker_id = None
    if form.is_valid():
        team_id, worker_id = form.cleaned_data["team"], form.cleaned_data["worker"]
    by_team, by_worker = selectors.gap_counts(rows)
    if team_id:
        rows = rows.filter(worker__team_id=team_id)
        by_worker = [w for w in selectors.gap_counts(rows)[1]]
    if worker_id:
        rows = rows.filter(worker_id=worker_id)
    page = Paginator(selectors.order_gaps(rows), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for allocation in page:
        last = allocation.last_oversight if allocation.last_oversight > selectors.EPOCH else None
        allocation.gap = selectors.gap_of(
            last=last, since=allocation.start_on, today=today, limit=limit, holidays=holidays
        )
    _log_children(request, [a.child for a in page], "oversight:gaps")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "oversight/gaps.html",
        {
            "page": page,
            "form": form,
            "by_team": by_team,
            "by_worker": by_worker[:30],
            "limit": limit,
            "today": today,
            "query_string": params.urlencode(),
        },
    )


# ---- supervision ----------------------------------------------------------------------------------------


def compliance(request):
    _require(request, "oversight.view_compliance")
    today = clock.today()
    teams = list(Team.objects.order_by("name"))
    form = ComplianceFilterForm(request.GET or None, teams=teams)
    team_id, overdue_only = None, False
    if form.is_valid():
        team_id, overdue_only = form.cleaned_data["team"], form.cleaned_data["overdue"]
    everyone = selectors.compliance(today=today)
    rows = [
        r for r in everyone if (not team_id or r.staff.team_id == team_id) and (r.overdue or not overdue_only)
    ]
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    me = request.user.staff
    return render(
        request,
        "oversight/compliance.html",
        {
            "page": page,
            "form": form,
            "by_team": selectors.compliance_by_team(everyone),
            "mine": [r for r in everyone if r.supervisor is not None and r.supervisor.pk == me.pk],
            "overdue": sum(r.overdue for r in everyone),
            "total": len(everyone),
            "today": today,
            "query_string": params.urlencode(),
        },
    )


LARGEST_ID = 2**63 - 1


def _staff_or_404(staff_id: int) -> Staff:
    if not 0 < int(staff_id) <= LARGEST_ID:
        raise Http404("No such member of staff")
    return get_object_or_404(Staff.objects.select_related("team", "supervision_agreement"), pk=staff_id)


def _may_see_supervision_of(user, staff: Staff) -> bool:
    me = getattr(user, "staff", None)
    return me is not None and (me.pk == staff.pk or user.has_perm("oversight.view_compliance"))


def worker_supervision(request, staff_id: int):
    staff = _staff_or_404(staff_id)
    if not _may_see_supervision_of(request.user, staff):
        raise PermissionDenied
    today = clock.today()
    sessions = Paginator(selectors.sessions_of(staff), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    me = request.user.staff
    return render(
        request,
        "oversight/worker.html",
        {
            "staff": staff,
            "page": sessions,
            "state": selectors.compliance_of(staff, today=today, settings=selectors.oversight_settings()),
            "can_record": request.user.has_perm("oversight.record_supervision") and me.pk != staff.pk,
            "me": me,
        },
    )


@require_http_methods(["GET", "POST"])
def supervision_new(request, staff_id: int):
    _require(request, "oversight.record_supervision")
    supervisee = _staff_or_404(staff_id)
    me = request.user.staff
    if supervisee.pk == me.pk or supervisee.role not in selectors.SUPERVISED_ROLES:
        raise PermissionDenied
    now = clock.now()
    today = now.date()
    children = selectors.caseload_children(worker=supervisee, user=request.user, on=today)
    form = SupervisionForm(
        request.POST if request.method == "POST" else None,
        children=children,
        owners=list(_current_staff(today)),
        supervisee=supervisee,
        today=today,
        initial={"held_on": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.supervision_record(
                supervisor=me,
                supervisee=supervisee,
                by=me,
                at=now,
                held_on=data["held_on"],
                private_notes=data["private_notes"],
                discussions=data["discussions"],
                actions=data["actions"],
            )
        except services.OversightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Supervision with {supervisee.name} recorded")
            return redirect("oversight:session", session_id=session.pk)
    if children:
        _log_children(request, children, "oversight:supervision_new")
    return render(
        request,
        "oversight/supervision_form.html",
        {"form": form, "supervisee": supervisee, "children": children},
    )


def session_detail(request, session_id: int):
    if not 0 < int(session_id) <= LARGEST_ID:
        raise Http404("No such supervision")
    session = get_object_or_404(
        SupervisionSession.objects.select_related("supervisor", "supervisee", "recorded_by"), pk=session_id
    )
    private = selectors.may_read_private_notes(request.user, session)
    if not (private or request.user.has_perm("oversight.view_compliance")):
        raise PermissionDenied
    visible = Person.objects.visible_to(request.user)
    discussions = list(
        session.discussions.filter(child__in=visible.values("pk"))
        .select_related("child")
        .prefetch_related("actions__owner")
        .order_by("child__family_name", "child__given_name", "id")
    )
    hidden = session.discussions.count() - len(discussions)
    _log_children(request, [d.child for d in discussions], "oversight:session")
    return render(
        request,
        "oversight/session.html",
        {
            "session": session,
            "private": private,
            "discussions": discussions,
            "hidden": hidden,
            "actions": list(session.actions.select_related("owner")),
        },
    )


# ---- actions --------------------------------------------------------------------------------------------


def actions(request):
    _require(request, "oversight.view_actions")
    me = request.user.staff
    owner = me
    if request.GET.get("staff"):
        try:
            owner = _staff_or_404(int(request.GET["staff"]))
        except ValueError:
            raise Http404("No such member of staff") from None
        if owner.pk != me.pk and not request.user.has_perm("oversight.view_compliance"):
            raise PermissionDenied
    today = clock.today()
    items = actions_due_for(user=request.user, owners=[owner], today=today)
    page = Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    _log_children(request, [i.child for i in page if i.child is not None], "oversight:actions")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "oversight/actions.html",
        {
            "page": page,
            "owner": owner,
            "own": owner.pk == me.pk,
            "today": today,
            "overdue": sum(1 for i in items if i.overdue_on(today)),
            "total": len(items),
            "query_string": params.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def action_done(request, action_id: int):
    if not 0 < int(action_id) <= LARGEST_ID:
        raise Http404("No such action")
    action = get_object_or_404(OversightAction.objects.select_related("child", "owner"), pk=action_id)
    me = getattr(request.user, "staff", None)
    if not services.may_update_action(me, action) or not request.user.has_perm("oversight.view_actions"):
        raise PermissionDenied
    if action.child_id and not Person.objects.visible_to(request.user).filter(pk=action.child_id).exists():
        raise Http404("No such action")
    form = ActionDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                by=me,
                at=clock.now(),
                status=form.cleaned_data["status"],
                done_on=form.cleaned_data["done_on"],
            )
        except services.OversightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action updated")
            return redirect("oversight:actions")
    if action.child_id:
        _log_children(request, [action.child], "oversight:action_done")
    return render(request, "oversight/action_done.html", {"form": form, "action": action})
