"""Quality's parts of other pages: chronology kinds, the child's services panel, and (when the oversight app
offers an "actions due" extension point) audit and improvement-plan actions on each owner's list."""

from carefile.common import chronology
from carefile.common.extensions import child_panel

from . import selectors
from .codes import QualityEvent

chronology.register_kinds(QualityEvent)


@child_panel(order=70)
def services_panel(request, child, today):
    """The child's assessed services: each request's status and wait. Nothing for a child with none, unless
    the user may record one."""
    if not child.is_child or not request.user.has_perm("quality.view_services"):
        return None
    from carefile.common.calendar import holiday_calendar

    requests = selectors.requests_of(child)
    can_record = request.user.has_perm("quality.record_service")
    if not requests and not can_record:
        return None
    holidays = holiday_calendar()
    return {
        "template": "quality/_child_panel.html",
        "child": child,
        "rows": [
            {"request": r, "waits": selectors.waits(r, today=today, holidays=holidays)} for r in requests[:5]
        ],
        "more": max(0, len(requests) - 5),
        "can_record": can_record,
    }


from . import actions  # noqa: E402,F401  (registers with the actions-due list when it exists)
