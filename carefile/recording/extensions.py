"""This app's parts of other pages: its chronology kinds, the visit clock and the child-page panels."""

from django.conf import settings
from django.urls import reverse

from carefile.common.chronology import register_kinds
from carefile.common.extensions import Clock, child_panel, clock_provider

from . import selectors
from .models import RecordingEvent

register_kinds(RecordingEvent)

# The child's page prompts for the child's words when none were recorded in this many days.
VOICE_PROMPT_DAYS = getattr(settings, "CAREFILE_VOICE_PROMPT_DAYS", 90)


@clock_provider
def visit_clock_provider(children, today, holidays):
    """The visit clock (statutory-data §5, local rows) of every child whose status has a visit standard.
    Looked-after children's (regulation 28) comes from the care app's own clock provider, not twice."""
    children = [c for c in children if c.case_status != selectors.LOOKED_AFTER]
    return {
        child_id: [
            Clock(
                label=clock.label,
                due=clock.due,
                state=clock.state,
                url=reverse("recording:visit_new", args=[child_id]),
                child_id=child_id,
            )
        ]
        for child_id, clock in selectors.visit_clocks(children, today=today, holidays=holidays).items()
    }


@child_panel(order=5)
def voice_panel(request, child, today):
    if child.date_of_birth is None:
        return None
    voice = selectors.latest_voice([child]).get(child.pk)
    return {
        "template": "recording/_voice_panel.html",
        "voice": voice,
        "stale": voice is None or (today - voice.said_on).days > VOICE_PROMPT_DAYS,
        "days": VOICE_PROMPT_DAYS,
        "can_record": request.user.has_perm("recording.record_visit", child),
    }


@child_panel(order=30)
def records_panel(request, child, today):
    staff = getattr(request.user, "staff", None)
    return {
        "template": "recording/_records_panel.html",
        "summary": selectors.visit_summaries([child.pk]).get(child.pk) or selectors.VisitSummary(),
        "rows": selectors.recent_records(child=child, user=request.user),
        "drafts": list(selectors.drafts_for(child=child, staff=staff)[:5]),
        "can_record": request.user.has_perm("recording.record_visit", child),
        "can_write": request.user.has_perm("recording.write_note", child),
    }
