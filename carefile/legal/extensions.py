"""This app's parts of other pages: its chronology kinds, the pre-proceedings and 26-week clocks, and the
panel on the child's page."""

from django.db.models import Max
from django.urls import reverse

from carefile.common.chronology import register_kinds
from carefile.common.deadlines import deadline_status
from carefile.common.extensions import Clock, child_panel, clock_provider

from . import selectors, timescales
from .models import CareProceedings, LegalEvent, PreProceedings

register_kinds(LegalEvent)


@clock_provider
def legal_clocks(children, today, holidays):
    """Open pre-proceedings (the review and the local limit) and open proceedings (the 26-week target)."""
    ids = [c.pk for c in children]
    result: dict[int, list[Clock]] = {}
    for p in CareProceedings.objects.filter(child_id__in=ids, final_order=""):
        progress = timescales.proceedings_progress(
            application_on=p.application_on, concluded_on=None, today=today, holidays=holidays
        )
        result.setdefault(p.child_id, []).append(
            Clock(
                label=f"Care proceedings: 26 weeks (week {progress.weeks + 1})",
                due=progress.target,
                state=progress.state,
                url=reverse("legal:child", args=[p.child_id]),
                child_id=p.child_id,
            )
        )
    for p in PreProceedings.objects.filter(child_id__in=ids, outcome="").annotate(
        last=Max("reviews__held_on")
    ):
        limit = timescales.pre_proceedings_progress(
            started_on=p.started_on, ended_on=None, today=today, holidays=holidays
        )
        review_due = timescales.next_pre_proceedings_review(p.started_on, p.last)
        url = reverse("legal:child", args=[p.child_id])
        result.setdefault(p.child_id, []).extend(
            [
                Clock(
                    label=f"Pre-proceedings: decision within {timescales.pre_proceedings_limit_weeks()} weeks",
                    due=limit.target,
                    state=limit.state,
                    url=url,
                    child_id=p.child_id,
                ),
                Clock(
                    label="Pre-proceedings review",
                    due=review_due,
                    state=deadline_status(due=review_due, today=today, amber_within=5, holidays=holidays),
                    url=url,
                    child_id=p.child_id,
                ),
            ]
        )
    return result


@child_panel(order=18)
def legal_panel(request, child, today):
    if not child.is_child or not request.user.has_perm("legal.read", child):
        return None
    record = selectors.legal_record(child)
    any_work = bool(record.meetings or record.pre_proceedings or record.proceedings)
    can_meet = request.user.has_perm("legal.record_meeting", child)
    # Without legal work yet, managers of an open case see the way to record a legal planning meeting.
    if not any_work and not (can_meet and child.case_status):
        return None
    return {
        "template": "legal/_child_panel.html",
        "record": record,
        "any_work": any_work,
        "can_meet": can_meet,
    }
