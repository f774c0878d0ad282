"""Red/amber/green for a deadline: a pure function of the due date, today and when it was done."""

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from .workdays import working_days_between


@dataclass(frozen=True)
class DeadlineState:
    state: str  # overdue, due_today, due_soon, on_track, met, met_late
    rag: str  # red, amber, green, grey
    label: str
    working_days_left: int | None = None


def deadline_status(
    *, due: date, today: date, done_on: date | None = None, amber_within: int = 0, holidays: Container[date]
) -> DeadlineState:
    """Where a deadline stands. Amber when `amber_within` working days or fewer remain (0: only on the day)."""
    if done_on is not None:
        if done_on <= due:
            return DeadlineState("met", "green", "Done in time")
        late = working_days_between(due, done_on, holidays=holidays)
        return DeadlineState("met_late", "grey", f"Done {late} working day{'s' if late != 1 else ''} late")
    left = working_days_between(today, due, holidays=holidays)
    if today > due:
        over = -left if left < 0 else 0
        label = f"Overdue by {over} working day{'s' if over != 1 else ''}" if over else "Overdue"
        return DeadlineState("overdue", "red", label, left)
    if today == due or left == 0:
        return DeadlineState("due_today", "amber", "Due today", 0)
    if left <= amber_within:
        return DeadlineState(
            "due_soon", "amber", f"Due in {left} working day{'s' if left != 1 else ''}", left
        )
    return DeadlineState("on_track", "green", f"Due in {left} working day{'s' if left != 1 else ''}", left)
