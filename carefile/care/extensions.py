"""This app's parts of other pages: its chronology kinds, the review, visit and return-interview clocks, and
the panel on the child's page."""

from datetime import datetime, time

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from carefile.common import clock as wall_clock
from carefile.common.calendar import holiday_calendar
from carefile.common.chronology import register_kinds
from carefile.common.extensions import Clock, child_panel, clock_provider

from . import selectors
from .models import CareEvent, PeriodOfCare

register_kinds(CareEvent)


def _now_for(today):
    """The clock's time for `today`: now if today is today, else midday (for pages asked about another day)."""
    if today == wall_clock.today():
        return wall_clock.now()
    return timezone.make_aware(datetime.combine(today, time(12)))


@clock_provider
def review_clock_provider(children, today, holidays):
    return {
        child_id: [
            Clock(
                label=c.label,
                due=c.due,
                state=c.state,
                url=reverse("care:review_new", args=[child_id]),
                child_id=child_id,
            )
        ]
        for child_id, c in selectors.review_clocks(children, today=today, holidays=holidays).items()
    }


@clock_provider
def visit_clock_provider(children, today, holidays):
    return {
        child_id: [
            Clock(label=c.label, due=c.due, state=c.state, url=_visit_url(child_id), child_id=child_id)
        ]
        for child_id, c in selectors.visit_clocks(children, today=today, holidays=holidays).items()
    }


def _visit_url(child_id: int) -> str:
    try:
        return reverse("recording:visit_new", args=[child_id])
    except NoReverseMatch:  # the recording app's pages are not there
        return reverse("care:child", args=[child_id])


@clock_provider
def return_interview_clock_provider(children, today, holidays):
    now = _now_for(today)
    return {
        child_id: [
            Clock(
                label="Offer a return home interview (within 72 hours of return)",
                due=timezone.localtime(c.due).date(),
                state=c.state,
                url=reverse("care:missing", args=[c.episode.pk]),
                child_id=child_id,
            )
            for c in clocks
        ]
        for child_id, clocks in selectors.interview_clocks([c.pk for c in children], now=now).items()
    }


@clock_provider
def health_clock_provider(children, today, holidays):
    """Initial health assessment within 20 working days of coming into care, reviews 6-monthly under 5 and
    yearly from 5, and a yearly dental check."""
    return {
        child_id: [
            Clock(
                label=c.label,
                due=c.due,
                state=c.state,
                url=reverse("care:health", args=[child_id]),
                child_id=child_id,
            )
            for c in clocks
        ]
        for child_id, clocks in selectors.health_clocks(children, today=today, holidays=holidays).items()
    }


@clock_provider
def pathway_plan_clock_provider(children, today, holidays):
    return {
        child_id: [
            Clock(
                label=c.label,
                due=c.due,
                state=c.state,
                url=reverse("care:leaving", args=[child_id]),
                child_id=child_id,
            )
        ]
        for child_id, c in selectors.pathway_plan_clocks(children, today=today, holidays=holidays).items()
    }


@child_panel(order=15)
def care_panel(request, child, today):
    """Current placement and legal status, the next review and visit, and a prompt when the child keeps going
    missing. Shown to children who are or were looked after, who have gone missing, or whose case is open."""
    current = selectors.current_episodes([child.pk]).get(child.pk)
    missing = selectors.missing_summaries([child.pk], today=today).get(child.pk)
    ever = current is not None or PeriodOfCare.objects.filter(child=child).exists()
    if not ever and missing is None and not child.case_status:
        return None
    holidays = holiday_calendar()
    review = selectors.review_clocks([child], today=today, holidays=holidays).get(child.pk)
    visit = selectors.visit_clocks([child], today=today, holidays=holidays).get(child.pk)
    interviews = selectors.interview_clocks([child.pk], now=_now_for(today)).get(child.pk, [])
    user = request.user
    return {
        "template": "care/_child_panel.html",
        "current": current,
        "status_since": selectors.legal_status_since(current) if current else None,
        "ever": ever,
        "review": review,
        "visit": visit,
        "missing": missing,
        "interviews": interviews,
        "can_record": user.has_perm("care.record_care", child),
        "can_record_missing": user.has_perm("care.record_missing", child),
    }
