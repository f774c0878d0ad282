"""The plans' parts of other pages: chronology kinds, the child-page panel, the plan clocks and the
episode-closure check."""

from django.urls import reverse

from carefile.common import chronology
from carefile.common.deadlines import deadline_status
from carefile.common.extensions import Clock, child_panel, clock_provider, closure_check

from . import selectors
from .events import PlanEvent
from .models import Plan, PlanKind, PlanStatus

chronology.register_kinds(PlanEvent)

# Kinds whose review clock this app keeps. A child protection plan is reviewed at review conferences, whose
# clock the protection app keeps; care and pathway plans will be reviewed by their own apps' reviews.
REVIEW_CLOCK_KINDS = {PlanKind.CHILD_IN_NEED}


@clock_provider
def plan_clocks(children, today, holidays):
    """Next review due (amber inside the council's due-soon window) and overdue actions, per finalised plan.

    Three queries for any number of children.
    """
    cadences = selectors.review_cadences()
    clocks: dict[int, list[Clock]] = {}
    for facts in selectors.plan_clock_facts(children, today):
        url = reverse("plans:index", args=[facts.child_id]) + f"?plan={facts.plan_id}"
        label = PlanKind(facts.kind).label
        mine = clocks.setdefault(facts.child_id, [])
        if facts.kind in REVIEW_CLOCK_KINDS:
            mine.append(
                Clock(
                    label=f"{label} review",
                    due=facts.next_review,
                    state=selectors.review_state(
                        due=facts.next_review,
                        today=today,
                        holidays=holidays,
                        due_soon=cadences[facts.kind].due_soon_working_days,
                    ),
                    url=url,
                    child_id=facts.child_id,
                )
            )
        if facts.overdue_actions:
            n = facts.overdue_actions
            mine.append(
                Clock(
                    label=f"{n} {label.lower()} action{'s' if n != 1 else ''} overdue",
                    due=facts.earliest_overdue,
                    state=deadline_status(due=facts.earliest_overdue, today=today, holidays=holidays),
                    url=url + "#actions",
                    child_id=facts.child_id,
                )
            )
    return clocks


@child_panel(order=30)
def plan_panel(request, child, today):
    """The child's open child in need plan: outcomes, actions due or overdue, next review, and what to do next."""
    from carefile.frontdoor.models import Referral

    plan = selectors.current_plan(child, PlanKind.CHILD_IN_NEED)
    open_episode = Referral.objects.filter(child=child, closure_date__isnull=True).exists()
    if plan is None:
        last = Plan.objects.filter(child=child, kind=PlanKind.CHILD_IN_NEED).order_by("-end").first()
        if not open_episode and last is None:
            return None
        return {
            "template": "plans/_child_panel.html",
            "plan": None,
            "last": last,
            "can_start": open_episode and request.user.has_perm("plans.edit_plan"),
        }
    due = selectors.actions_due([child], today).get(child.pk, []) if plan.status == PlanStatus.ACTIVE else []
    return {
        "template": "plans/_child_panel.html",
        "plan": plan,
        "outcomes": list(plan.outcomes.all()),
        "actions_due": due,
        "action_count": plan.actions.count(),
        "next_review": selectors.plan_next_review(plan),
        "can_edit": request.user.has_perm("plans.edit_plan"),
        "can_finalise": request.user.has_perm("plans.finalise_plan"),
    }


@closure_check
def open_plan_blocks_closure(episode):
    plan = Plan.objects.filter(episode=episode, end__isnull=True).first()
    if plan is None:
        return None
    label = PlanKind(plan.kind).label.lower()
    if plan.status == PlanStatus.DRAFT:
        return f"There is a draft {label}: finalise or discard it before closing the episode"
    return f"The {label} is still open: end it before closing the episode"
