"""How the apps that arrive later plug into pages they do not own.

- Child-page panels: `@child_panel(order=…)` registers a function `(request, child, today) -> dict | None`
  returning `{"template": ..., **context}`; the child's page renders each in order.
- Clocks: `@clock_provider` registers a function `(children, today, holidays) -> dict[child_id, list[Clock]]`
  that returns the open statutory clocks of many children in a fixed number of queries; the child's page,
  My caseload and dashboards ask `open_clocks(...)` for all of them at once.
- Episode closure checks: `@closure_check` registers `(episode) -> str | None`, a reason the child-in-need
  episode cannot close yet (an unauthorised assessment, an open enquiry).
- Actions due: `@action_source` registers `(owners, today) -> Iterable[ActionItem]`, every open action owned
  by those members of staff (plan actions, directions from management decisions and supervision, audit and
  improvement-plan actions); `actions_due_for(user=, owners=, today=)` gathers them into one list per person,
  overdue first.
- Management decisions at threshold points: a service that makes a threshold decision (screening, allocation,
  assessment authorisation, closure) calls `threshold_decision(...)` in its own transaction; whichever app
  keeps the decision log registers with `@decision_recorder` and files it.
"""

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import date

from .deadlines import DeadlineState

_panels: list[tuple[int, Callable]] = []
_clock_providers: list[Callable] = []
_closure_checks: list[Callable] = []
_action_sources: list[Callable] = []
_decision_recorders: list[Callable] = []


@dataclass(frozen=True)
class Clock:
    label: str
    due: date
    state: DeadlineState
    url: str = ""
    child_id: int = 0
    sort_key: tuple = field(default=(), compare=False)


def child_panel(order: int = 100):
    def register(fn):
        _panels.append((order, fn))
        _panels.sort(key=lambda item: item[0])
        return fn

    return register


def child_panels(request, child, today: date) -> list[dict]:
    panels = []
    for _, fn in _panels:
        panel = fn(request, child, today)
        if panel:
            panels.append(panel)
    return panels


def clock_provider(fn):
    _clock_providers.append(fn)
    return fn


RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}


def open_clocks(children: Iterable, today: date, holidays: Container[date]) -> dict[int, list[Clock]]:
    """Every open clock of each child, most urgent first."""
    children = list(children)
    result: dict[int, list[Clock]] = {c.pk: [] for c in children}
    for provider in _clock_providers:
        for child_id, clocks in provider(children, today, holidays).items():
            result.setdefault(child_id, []).extend(clocks)
    for clocks in result.values():
        clocks.sort(key=lambda c: (RAG_ORDER.get(c.state.rag, 9), c.due))
    return result


def closure_check(fn):
    _closure_checks.append(fn)
    return fn


def closure_blockers(episode) -> list[str]:
    return [reason for check in _closure_checks if (reason := check(episode))]


@dataclass(frozen=True)
class ActionItem:
    """One open action someone owns, wherever it came from. `child` is the Person it is about, or None."""

    title: str
    due: date | None
    owner_id: int
    url: str
    source: str  # "Plan", "Management decision", "Supervision", "Case audit", "Improvement plan" …
    child: object = None
    status: str = ""

    def overdue_on(self, today: date) -> bool:
        return self.due is not None and self.due < today


def action_source(fn):
    """Register `(owners: list[Staff], today) -> Iterable[ActionItem]`: the open actions those staff own."""
    if fn not in _action_sources:
        _action_sources.append(fn)
    return fn


def actions_due_for(*, user, owners, today: date) -> list[ActionItem]:
    """Every open action of these owners from every source, overdue first, then by due date (undated last).

    Actions about a child this user may not see (a restricted record) are left out.
    """
    owners = list(owners)
    if not owners:
        return []
    items = [item for source in _action_sources for item in source(owners, today)]
    child_ids = {item.child.pk for item in items if item.child is not None}
    if child_ids:
        from carefile.people.models import Person

        visible = set(Person.objects.visible_to(user).filter(pk__in=child_ids).values_list("pk", flat=True))
        items = [item for item in items if item.child is None or item.child.pk in visible]
    items.sort(key=lambda i: (not i.overdue_on(today), i.due is None, i.due or date.max, i.title))
    return items


def decision_recorder(fn):
    """Register `(**decision) -> object`, called by `threshold_decision` with the decision's details."""
    if fn not in _decision_recorders:
        _decision_recorders.append(fn)
    return fn


def threshold_decision(
    *,
    child,
    decision_type: str,
    by,
    at,
    rationale: str,
    options_considered: str = "",
    source: str,
    source_ref: str = "",
    url: str = "",
) -> None:
    """A threshold decision was made about `child` (call inside the deciding service's transaction).

    `decision_type` is one of screening, threshold, allocation, assessment_authorisation, step_up_down,
    enquiry, legal_planning, closure, other; `source` names the deciding service and `source_ref` the record
    it wrote, so the same decision is never filed twice.
    """
    if by is None:
        return
    for recorder in _decision_recorders:
        recorder(
            child=child,
            decision_type=decision_type,
            by=by,
            at=at,
            rationale=rationale,
            options_considered=options_considered,
            source=source,
            source_ref=source_ref,
            url=url,
        )
