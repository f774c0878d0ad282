from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import actions_due_for, open_clocks
from carefile.people.decorators import person_record
from carefile.recording import selectors as recording

from . import selectors, services
from .forms import AllocateForm
from .models import Role, Staff, Team


def caseload(request):
    if not request.user.has_perm("workforce.view_caseload"):
        raise PermissionDenied
    today = clock.today()
    staff = request.user.staff
    allocations = selectors.caseload_for_worker(worker=staff, on=today)
    page = Paginator(allocations, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    # Last visit, last seen alone and the visit clock of the page's children: a fixed number of queries.
    children = [a.child for a in page]
    visits = recording.visit_summaries(c.pk for c in children)
    holidays = holiday_calendar()
    clocks = recording.visit_clocks(children, today=today, holidays=holidays) if children else {}
    # Every other open clock (assessment, plan reviews, conferences, care reviews, return interviews …),
    # most urgent first; each provider answers for the whole page at once.
    all_clocks = open_clocks(children, today, holidays) if children else {}
    for a in page:
        a.visits = visits.get(a.child_id)
        a.visit_clock = clocks.get(a.child_id)
        others = [
            c for c in all_clocks.get(a.child_id, []) if c.label != getattr(a.visit_clock, "label", None)
        ]
        a.deadlines = others[:3]
        a.overdue = sum(1 for c in all_clocks.get(a.child_id, []) if c.state.rag == "red")
    # Every action this worker owns, from every source (plans, decisions, supervision, audits): overdue first.
    actions = actions_due_for(user=request.user, owners=[staff], today=today)
    return render(
        request,
        "workforce/caseload.html",
        {
            "actions": actions[:10],
            "actions_total": len(actions),
            "actions_overdue": sum(1 for item in actions if item.overdue_on(today)),
            "page": page,
            "today": today,
            "count": count,
            "cap": staff.caseload_cap,
            "over_cap": count > staff.caseload_cap,
        },
    )


def teams(request):
    if not request.user.has_perm("workforce.view_teams"):
        raise PermissionDenied
    return render(
        request, "workforce/teams.html", {"teams": selectors.teams_with_caseloads(on=clock.today())}
    )


def team_detail(request, team_id: int):
    if not request.user.has_perm("workforce.view_teams"):
        raise PermissionDenied
    team = get_object_or_404(Team.objects.select_related("manager"), pk=team_id)
    today = clock.today()
    staff = list(selectors.team_staff_with_caseloads(team=team, on=today))
    loads = selectors.weighted_caseloads(workers=staff, on=today)
    for member in staff:
        member.load = loads.get(member.pk, Decimal(0))
        member.cap = selectors.effective_cap(member)
        member.over_cap = member.load > member.cap
    # Deadlines of every child the team's workers hold: overdue (red) and due soon (amber) per worker.
    counts = selectors.clock_counts(workers=staff, on=today, holidays=holiday_calendar())
    for member in staff:
        member.red, member.amber = counts.get(member.pk, (0, 0))
    from carefile.frontdoor.selectors import awaiting_allocation

    return render(
        request,
        "workforce/team.html",
        {
            "team": team,
            "staff": staff,
            "total": sum(s.caseload for s in staff),
            "total_load": sum((s.load for s in staff), Decimal(0)),
            "total_cap": sum((s.cap for s in staff), Decimal(0)),
            "unallocated": awaiting_allocation(user=request.user, team=team).count(),
            "many_workers": selectors.children_with_many_workers(team=team, on=today, user=request.user),
        },
    )


@person_record
@require_http_methods(["GET", "POST"])
def allocate(request, person):
    if not request.user.has_perm("workforce.allocate") or not person.is_child:
        raise PermissionDenied
    now = clock.now()
    today = now.date()
    workers = list(
        Staff.objects.filter(role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER])
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gt=today))
        .select_related("team")
        .order_by("team__name", "family_name", "given_name")
    )
    loads = selectors.weighted_caseloads(workers=workers, on=today)
    for w in workers:
        w.load = loads.get(w.pk, Decimal(0))
        w.cap = selectors.effective_cap(w)
    form = AllocateForm(request.POST if request.method == "POST" else None, workers=workers)
    current = selectors.current_worker(child=person)
    if request.method == "POST" and form.is_valid():
        worker = Staff.objects.get(pk=form.cleaned_data["worker"])
        try:
            services.case_allocate(
                child=person,
                worker=worker,
                by=request.user.staff,
                at=now,
                reason=form.cleaned_data["reason"],
                over_cap_reason=form.cleaned_data["over_cap_reason"],
            )
        except services.OverCapacity as error:
            form.add_error("over_cap_reason", str(error))
        except services.AllocationError as error:
            form.add_error("worker", str(error))
        else:
            messages.success(request, f"{person.full_name} is now allocated to {worker.name}")
            return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "workforce/allocate.html",
        {
            "form": form,
            "person": person,
            "current": current,
            "workers_last_year": selectors.social_workers_in_last_year(child=person, on=today),
        },
    )
