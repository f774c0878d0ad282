"""Team managers: timescales about to be missed in my team, from every app."""

from __future__ import annotations

from django.shortcuts import render

from carefile.common import clock
from carefile.common.calendar import holiday_calendar
from carefile.common.permissions import require
from carefile.workforce.models import Team

from .. import escalations, selectors
from .common import (
    _id,
)

# Team managers: timescales about to be missed -----------------------------------------------------------


def team_timescales(request):
    """Timescales about to be missed in my team: every app's clocks turning amber or falling due soon."""
    require(request, "protection.view_team_timescales")
    staff = request.user.staff
    settings = selectors.protection_settings()
    within = settings.escalation_working_days
    if request.GET.get("within", "").isdigit():
        within = min(int(request.GET["within"]), 60)
    mine = list(escalations.teams_managed_by(staff))
    team_id = _id(request, "team")
    teams = list(Team.objects.filter(pk=team_id)) if team_id is not None else mine
    today, holidays = clock.today(), holiday_calendar()
    children = escalations.team_children(teams, user=request.user) if teams else []
    warnings = escalations.about_to_be_missed(children, on=today, within=within, holidays=holidays)
    return render(
        request,
        "protection/team_timescales.html",
        {
            "teams": teams,
            "all_teams": Team.objects.order_by("name"),
            "chosen": team_id,
            "warnings": warnings,
            "within": within,
            "today": today,
        },
    )
