"""Who has viewed this child: every access-log row for one child, for managers and information governance."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from carefile.people.decorators import person_record

from .. import selectors
from ..forms import AccessLogFilterForm
from . import require

PAGE_SIZE = 50


@person_record
@require_GET
def viewed_by(request, person):
    require(request, "governance.view_access_log", person)
    form = AccessLogFilterForm(request.GET or None, users=selectors.viewers_of_person(person.pk))
    filters = {}
    if form.is_valid():
        filters = {
            "user_id": form.cleaned_data["user"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    rows = selectors.access_log_for_person(person_ref=person.pk, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.label = selectors.view_label(row.view_name)
        row.break_glass = row.reason.startswith(selectors.BREAK_GLASS_PREFIX)
        row.staff = getattr(row.user, "staff", None) if row.user_id else None
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "governance/viewed_by.html",
        {"person": person, "form": form, "page": page, "query_string": params.urlencode()},
    )
