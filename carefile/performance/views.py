"""Performance pages: the head of service's dashboard, a team's dashboard, the children behind a figure (with
CSV download) and the council's targets."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from carefile.common import clock
from carefile.common.permissions import require as _require
from carefile.workforce.models import Role, Staff, Team

from . import selectors, services
from .audit import access_records
from .charts import chart
from .forms import DrillFilterForm, TargetsForm
from .indicators import INDICATORS
from .models import targets


def _month_label(p) -> str:
    return f"{p.first:%b %y}"


def _rows(figures, *, team=None):
    """Each figure with its chart and the links to its children."""
    rows = []
    for f in figures:
        target = f.target
        labels = [_month_label(p) for p, _ in f.series]
        svg = (
            chart(
                title=f"{f.label} by month",
                labels=labels,
                values=[o.value for _, o in f.series],
                kind="pct" if f.kind == "pct" else "count",
                target=target.value if target is not None and f.kind == "pct" else None,
            )
            if f.series
            else ""
        )
        query = f"?team={team.pk}" if team is not None else ""
        url = reverse("performance:children", args=[f.key]) + query if f.drill else ""
        rows.append(
            {
                "figure": f,
                "chart": svg,
                "drill_url": url,
                "series": [
                    {"period": p, "label": f"{p.first:%B %Y}", "outcome": o, "month": f"{p.first:%Y-%m}"}
                    for p, o in f.series
                ],
                "query": query,
            }
        )
    return rows


def _dashboard(request, *, team=None):
    today = clock.today()
    data = selectors.dashboard(today=today, team=team)
    return render(
        request,
        "performance/dashboard.html",
        {
            "team": team,
            "headline": data["headline"],
            "statutory": _rows(data["statutory"], team=team),
            "operational": _rows(data["operational"], team=team),
            "teams": Team.objects.order_by("name") if team is None else None,
            "can_edit_targets": request.user.has_perm("performance.edit_targets"),
            "today": today,
        },
    )


def index(request):
    """The whole council's figures (heads of service, analysts, administrators, inspectors). A team manager is
    taken to their own team's page."""
    if not request.user.has_perm("performance.view_dashboard"):
        staff = getattr(request.user, "staff", None)
        if staff is not None and staff.role == Role.TEAM_MANAGER and staff.team_id:
            return redirect("performance:team", team_id=staff.team_id)
        raise PermissionDenied
    return _dashboard(request)


def team(request, team_id: int):
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team")
    _require(request, "performance.view_team", team)
    return _dashboard(request, team=team)


def children(request, key: str):
    """The children behind one figure, filterable by team and worker, paged; `?format=csv` downloads the list.
    Every child listed is written to the access log; restricted children the user may not see are counted."""
    if key not in INDICATORS and key not in selectors.OPERATIONAL_DRILL:
        raise Http404("No such figure")
    _require(request, "performance.view_performance")
    form = DrillFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    team = Team.objects.filter(pk=data["team"]).first() if data.get("team") else None
    if not request.user.has_perm("performance.view_dashboard"):
        # A team manager sees their own team's children only.
        own = request.user.staff.team
        if team is None:
            team = own
        if team is None or not request.user.has_perm("performance.view_team", team):
            raise PermissionDenied
    worker = Staff.objects.filter(pk=data["worker"]).first() if data.get("worker") else None
    month = selectors.parse_month(data.get("month"))
    today = clock.today()
    ids, period_label = selectors.drill_children(key=key, today=today, month=month)
    people, hidden = selectors.children_list(ids=ids, user=request.user, team=team, worker=worker)
    title = selectors.DRILL_LABELS.get(key, INDICATORS[key].label if key in INDICATORS else key)
    now = clock.now()
    if data.get("format") == "csv":
        people = list(people)
        workers = selectors.current_workers(p.pk for p in people)
        access_records(
            user=request.user,
            people=people,
            at=now,
            view_name="performance:children_csv",
            path=request.get_full_path(),
        )
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["LA child ID", "Family name", "Given name", "Date of birth", "Team", "Social worker"]
        )
        for p in people:
            w = workers.get(p.pk)
            writer.writerow(
                [
                    p.la_child_id or "",
                    p.family_name,
                    p.given_name,
                    p.date_of_birth.isoformat() if p.date_of_birth else "",
                    p.responsible_team.name if p.responsible_team_id else "",
                    str(w) if w else "",
                ]
            )
        if hidden:
            writer.writerow([f"{hidden} restricted records not shown"])
        return response
    page = Paginator(people, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    access_records(
        user=request.user,
        people=listed,
        at=now,
        view_name="performance:children",
        path=request.get_full_path(),
    )
    workers = selectors.current_workers(p.pk for p in listed)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    if team is not None:
        params["team"] = str(team.pk)
    query_string = params.urlencode()
    return render(
        request,
        "performance/children.html",
        {
            "key": key,
            "title": title,
            "period_label": period_label,
            "form": form,
            "page": page,
            "rows": [{"person": p, "worker": workers.get(p.pk)} for p in listed],
            "hidden": hidden,
            "team": team,
            "query_string": query_string,
            "csv_url": f"?{query_string}&format=csv" if query_string else "?format=csv",
            "back_url": reverse("performance:team", args=[team.pk])
            if team is not None
            else reverse("performance:index"),
        },
    )


@require_http_methods(["GET", "POST"])
def target_list(request):
    _require(request, "performance.edit_targets")
    current = targets()
    labels = {k: selectors.label_for(k) for k in current}
    form = TargetsForm(request.POST if request.method == "POST" else None, targets=current, labels=labels)
    if form.is_bound and form.is_valid():
        services.save_targets(values=form.values(), by=request.user.staff, at=clock.now())
        messages.success(request, "Targets saved")
        return redirect("performance:targets")
    return render(request, "performance/targets.html", {"form": form})
