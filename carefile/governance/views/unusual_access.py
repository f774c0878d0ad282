"""The unusual-access report for one day, for information governance (administrators)."""

from datetime import timedelta

from django.shortcuts import render
from django.views.decorators.http import require_GET

from carefile.common import clock
from carefile.common.calendar import holiday_calendar

from ..forms import ReportDayForm
from ..unusual_access import unusual_access_report
from . import require


@require_GET
def unusual_access(request):
    require(request, "governance.view_unusual_access")
    today = clock.today()
    yesterday = today - timedelta(days=1)
    form = ReportDayForm(request.GET or None, today=today, initial={"on": yesterday})
    report = None
    if not form.is_bound:
        report = unusual_access_report(on=yesterday, holidays=holiday_calendar())
    elif form.is_valid():
        report = unusual_access_report(on=form.cleaned_data["on"], holidays=holiday_calendar())
    return render(request, "governance/unusual_access.html", {"form": form, "report": report})
