"""The assessments app's parts of other pages: chronology kinds, the assessment clocks, the child-page panel
and the closure check on the child-in-need episode."""

from django.urls import reverse

from carefile.common.calendar import holiday_calendar
from carefile.common.chronology import register_kinds
from carefile.common.extensions import Clock, child_panel, clock_provider, closure_check
from carefile.frontdoor.models import Referral

from . import selectors
from .models import AssessmentEvent
from .services import unauthorised_assessment_blocker

register_kinds(AssessmentEvent)


@clock_provider
def assessment_clocks(children, today, holidays):
    """For each open assessment: the 45-working-day completion clock and each internal review not yet held."""
    result: dict[int, list[Clock]] = {}
    for c in selectors.open_assessment_clocks(
        child_ids=[c.pk for c in children], today=today, holidays=holidays
    ):
        result.setdefault(c.child_id, []).append(
            Clock(
                label=c.label,
                due=c.due,
                state=c.state,
                url=reverse("assessments:detail", args=[c.assessment_id]),
                child_id=c.child_id,
            )
        )
    return result


closure_check(unauthorised_assessment_blocker)


@child_panel(order=20)
def assessment_panel(request, child, today):
    assessments = list(selectors.assessments_for_child(child=child))
    episode = Referral.objects.filter(child=child, closure_date__isnull=True).first()
    if not assessments and episode is None:
        return None
    holidays = holiday_calendar()
    rows = [
        {
            "assessment": a,
            "state": selectors.completion_state(a, today=today, holidays=holidays),
            "taken": selectors.working_days_taken(a, holidays=holidays),
        }
        for a in assessments
    ]
    in_progress = any(
        not a.is_authorised and a.referral_id == getattr(episode, "pk", None) for a in assessments
    )
    user = request.user
    return {
        "template": "assessments/_child_panel.html",
        "rows": rows,
        "episode": episode,
        "can_start": episode is not None
        and not episode.referral_nfa
        and not in_progress
        and user.has_perm("assessments.start"),
        "can_close": episode is not None and user.has_perm("assessments.close_episode"),
    }
