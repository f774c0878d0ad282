"""The data-quality page: validation problems of this year's returns, with counts by rule."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from carefile.common import clock
from carefile.common.audit import access_record
from carefile.common.permissions import require as _require
from carefile.people.models import Person

from . import data_quality
from .models import ReturnName, RunStatus


@require_http_methods(["GET"])
def data_quality_page(request):
    _require(request, "returns.view_data_quality")
    year = data_quality.current_collection_year()
    latest = data_quality.latest_run(year)
    finished = data_quality.latest_finished_run(year)
    running = data_quality.running_run(year)
    rule = request.GET.get("rule", "").strip()[:20]
    return_name = request.GET.get("return", "")
    if return_name not in ReturnName.values:
        return_name = ""
    counts, rows, page = [], [], None
    if finished is not None and finished.status == RunStatus.DONE:
        counts = data_quality.rule_counts(finished)
        page = Paginator(
            data_quality.issues(finished, rule=rule, return_name=return_name), settings.PAGE_SIZE
        ).get_page(request.GET.get("page"))
        issues = list(page)
        person_ids = {i.person_id for i in issues if i.person_id}
        visible = set(
            Person.objects.visible_to(request.user).filter(pk__in=person_ids).values_list("pk", flat=True)
        )
        now = clock.now()
        logged = set()
        for issue in issues:
            shown = issue.person_id in visible
            rows.append(
                {
                    "issue": issue,
                    "person": issue.person if shown else None,
                    "restricted": issue.person_id and not shown,
                }
            )
            if shown and issue.person_id not in logged:
                logged.add(issue.person_id)
                access_record(
                    user=request.user,
                    person=issue.person,
                    at=now,
                    view_name="returns:data_quality",
                    path=request.path,
                )
    query = {k: v for k, v in (("rule", rule), ("return", return_name)) if v}
    return render(
        request,
        "returns/data_quality.html",
        {
            "year": year,
            "year_label": f"{year - 1}-{str(year)[2:]}",
            "latest": latest,
            "finished": finished,
            "running": running,
            "counts": counts,
            "errors_total": sum(c["count"] for c in counts if c["rule_type"] == "Error"),
            "queries_total": sum(c["count"] for c in counts if c["rule_type"] == "Query"),
            "rows": rows,
            "page": page,
            "rule": rule,
            "return_name": return_name,
            "return_choices": ReturnName.choices,
            "rule_choices": sorted({c["rule_code"] for c in counts}),
            "query_string": urlencode(query),
            "validators_available": data_quality.validators_available(),
            "can_refresh": request.user.has_perm("returns.refresh_data_quality"),
        },
    )


@require_POST
def data_quality_refresh(request):
    _require(request, "returns.refresh_data_quality")
    year = data_quality.current_collection_year()
    staff = getattr(request.user, "staff", None)
    _, started = data_quality.start_refresh(year, by=staff)
    if started:
        messages.success(request, "Refresh started: the results appear here when it finishes")
    else:
        messages.success(request, "A refresh is already running")
    return redirect("returns:data_quality")
