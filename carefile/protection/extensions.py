"""Child protection's parts of other pages: its chronology kinds, its clocks, the child's panel and the
episode-closure check."""

from django.urls import reverse

from carefile.common import chronology
from carefile.common.extensions import Clock, child_panel, clock_provider, closure_check

from . import selectors
from .codes import ConferenceKind, EnquiryOutcome, ProtectionEvent
from .models import ChildProtectionPlan, Conference, Section47Enquiry

chronology.register_kinds(ProtectionEvent)

CLOCK_LABELS = {
    "enquiry": "Section 47 enquiry: outcome signed off",
    "icpc": "Initial child protection conference",
    "transfer_in": "Transfer-in child protection conference",
    "core_group": "Core group meeting",
    "review": "Review child protection conference",
}
CLOCK_PAGES = {
    "enquiry": "protection:enquiry",
    "icpc": "protection:conference",
    "transfer_in": "protection:conference",
    "core_group": "protection:plan",
    "review": "protection:plan",
}


@clock_provider
def protection_clocks(children, today, holidays):
    """The enquiry, initial and transfer-in conference, core group and review conference clocks of many
    children: four queries whatever their number. The visit clock is the recording app's."""
    clocks: dict[int, list[Clock]] = {}
    for fact in selectors.clock_facts(children, holidays):
        url = reverse(CLOCK_PAGES[fact.kind], args=[fact.child_id])
        clocks.setdefault(fact.child_id, []).append(
            Clock(
                label=CLOCK_LABELS[fact.kind],
                due=fact.due,
                state=selectors.fact_state(fact, today=today, holidays=holidays),
                url=url,
                child_id=fact.child_id,
            )
        )
    return clocks


@child_panel(order=20)
def protection_panel(request, child, today):
    """The child's child protection summary: the enquiry under way, the next conference and the plan."""
    from carefile.common.calendar import holiday_calendar
    from carefile.frontdoor.models import Referral

    enquiries = selectors.enquiries_of(child)[:3]
    plan = selectors.cp_plan_for(child, None)
    conference = selectors.conference_for(child, None)
    if not enquiries and plan is None and conference is None:
        if child.case_status in (
            "",
            "early_help",
            "looked_after",
            "care_leaver",
        ) or not request.user.has_perm("protection.record_strategy"):
            return None
        if not Referral.objects.filter(child=child, closure_date__isnull=True).exists():
            return None
        return {"template": "protection/_child_panel.html", "empty": True, "child": child}
    holidays = holiday_calendar()
    settings = selectors.protection_settings()
    schedule = (
        selectors.plan_schedule(plan, today=today, holidays=holidays, settings=settings)
        if plan is not None and plan.end is None
        else None
    )
    return {
        "template": "protection/_child_panel.html",
        "empty": False,
        "child": child,
        "enquiry": next((e for e in enquiries if e.closed_on is None), None),
        "latest_enquiry": enquiries[0] if enquiries else None,
        "plan": plan,
        "schedule": schedule,
        "conference": conference if conference is not None and conference.held_on is None else None,
        "visits": selectors.visit_standard(child, today=today, holidays=holidays) if schedule else None,
    }


@closure_check
def protection_blocks_closure(episode):
    if Section47Enquiry.objects.filter(episode=episode, closed_on__isnull=True).exists():
        return "The section 47 enquiry is still open: record its outcome and have it signed off before closing the episode"
    awaiting = Section47Enquiry.objects.filter(episode=episode, outcome=EnquiryOutcome.CONFERENCE).exclude(
        conferences__kind=ConferenceKind.INITIAL, conferences__held_on__isnull=False
    )
    if awaiting.exists():
        return "The section 47 enquiry asked for an initial conference that has not been held yet"
    if Conference.objects.filter(episode=episode, held_on__isnull=True).exists():
        return (
            "A child protection conference is booked but not yet held: record it before closing the episode"
        )
    plan = (
        ChildProtectionPlan.objects.filter(episode=episode, end__isnull=True).select_related("plan").first()
    )
    # While what the plan says is open, the plans app's own check already says the plan is open.
    if plan is not None and (plan.plan is None or plan.plan.end is not None):
        return "The child protection plan is still open: end it before closing the episode"
    return None
