"""Oversight's parts of other pages: chronology kinds, the threshold-decision recorder, the actions-due
sources (its own directions and the plans' actions), the child's panel and the subject access section.

Only the part of a supervision about a child is ever given to these: the session's private notes are not.
"""

from django.urls import reverse

from carefile.common import chronology
from carefile.common.extensions import ActionItem, action_source, child_panel, decision_recorder

from . import selectors, services
from .models import ActionStatus, OversightEvent

chronology.register_kinds(OversightEvent)
decision_recorder(services.file_threshold_decision)


@action_source
def oversight_actions(owners, today):
    """Directions from management decisions and supervision."""
    for action in selectors.open_actions(o.pk for o in owners):
        if action.child_id:
            url = reverse("oversight:child", args=[action.child_id]) + f"#action-{action.pk}"
        else:
            url = reverse("oversight:session", args=[action.session_id])
        yield ActionItem(
            title=action.what,
            due=action.due,
            owner_id=action.owner_id,
            url=url,
            source=action.source_label,
            child=action.child,
            status=ActionStatus(action.status).label,
        )


@action_source
def plan_actions(owners, today):
    """Open actions on children's finalised plans owned by these staff."""
    from carefile.plans.models import OPEN_ACTION_STATUSES, PlanAction, PlanKind, PlanStatus

    rows = (
        PlanAction.objects.filter(
            owner_staff__in=[o.pk for o in owners],
            plan__status=PlanStatus.ACTIVE,
            status__in=OPEN_ACTION_STATUSES,
        )
        .select_related("plan", "plan__child")
        .order_by("due", "id")
    )
    for action in rows:
        yield ActionItem(
            title=action.what,
            due=action.due,
            owner_id=action.owner_staff_id,
            url=reverse("plans:index", args=[action.plan.child_id]) + f"?plan={action.plan_id}#actions",
            source=PlanKind(action.plan.kind).label,
            child=action.plan.child,
            status=action.get_status_display(),
        )


@child_panel(order=15)
def oversight_panel(request, child, today):
    """Management oversight of the child: when last, the latest decisions and the open directions."""
    from carefile.common.calendar import holiday_calendar

    decisions = list(selectors.decisions_of(child)[:3])
    discussion = selectors.discussions_of(child).first()
    if not decisions and discussion is None and not child.case_status:
        return None
    settings = selectors.oversight_settings()
    last = selectors.last_oversight(child)
    gap = None
    if child.case_status:
        current = child.allocations.filter(end__isnull=True, role="social_worker").order_by("-start").first()
        if last is not None or current is not None:
            since = current.start.date() if current is not None else today
            gap = selectors.gap_of(
                last=last,
                since=since,
                today=today,
                limit=settings.gap_working_days,
                holidays=holiday_calendar(),
            )
    return {
        "template": "oversight/_child_panel.html",
        "child": child,
        "decisions": decisions,
        "discussion": discussion,
        "last": last,
        "gap": gap,
        "limit": settings.gap_working_days,
        "open_actions": child.oversight_actions.filter(status=ActionStatus.OPEN).count(),
        "can_decide": request.user.has_perm("oversight.record_decision"),
    }


def _register_subject_access_section():
    from carefile.governance.subject_access import Table, register_section

    @register_section(title="Management decisions and supervision", order=45)
    def oversight_section(person, redact):
        """The child's decision log and the parts of supervision about the child: never the private notes."""
        parts = []
        decisions = [
            [
                d.decided_at,
                d.get_decision_type_display(),
                redact.text(d.options_considered),
                redact.text(d.rationale),
                redact.staff(d.decided_by),
            ]
            for d in selectors.decisions_of(person).order_by("decided_at", "id")
        ]
        if decisions:
            parts.append(
                Table(
                    ["When", "Decision", "Options considered", "Rationale", "Decided by"],
                    decisions,
                    "Decisions",
                )
            )
        discussions = [
            [
                d.held_on,
                redact.text(d.discussion),
                redact.text(d.direction),
                redact.staff(d.session.supervisor),
            ]
            for d in selectors.discussions_of(person).order_by("held_on", "id")
        ]
        if discussions:
            parts.append(
                Table(
                    ["When", "Discussed in supervision", "Direction", "Supervisor"],
                    discussions,
                    "Supervision",
                )
            )
        actions = [
            [a.created_at, redact.text(a.what), a.due, a.get_status_display(), redact.staff(a.owner)]
            for a in person.oversight_actions.select_related("owner").order_by("created_at", "id")
        ]
        if actions:
            parts.append(Table(["Set", "Direction", "Due", "Status", "Owner"], actions, "Directions"))
        return parts or None

    return oversight_section


_register_subject_access_section()
