"""Audit actions and improvement-plan actions on each owner's "actions due" list (the extension point
`action_source` in carefile/common/extensions.py; the oversight app shows the list)."""

from __future__ import annotations

from django.urls import reverse

from carefile.common.extensions import ActionItem, action_source

from . import selectors


@action_source
def quality_actions(owners, today) -> list[ActionItem]:
    """Open audit and improvement-plan actions owned by these staff: two queries whatever their number."""
    audit_actions, plan_actions = selectors.actions_due_for([o.pk for o in owners])
    items = [
        ActionItem(
            title=a.description,
            due=a.due,
            owner_id=a.owner_id,
            url=reverse("quality:audit", args=[a.audit.child_id]) + f"?audit={a.audit_id}",
            source="Case audit",
            child=a.audit.child,
            status="Overdue" if a.due < today else "Open",
        )
        for a in audit_actions
    ]
    items += [
        ActionItem(
            title=a.description,
            due=a.due,
            owner_id=a.owner_id,
            url=reverse("quality:plan_action_edit", args=[a.pk]),
            source="Improvement plan",
            child=None,
            status=a.get_status_display(),
        )
        for a in plan_actions
    ]
    return items
