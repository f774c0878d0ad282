"""How the apps that arrive later plug into pages they do not own.

- Child-page panels: `@child_panel(order=…)` registers a function `(request, child, today) -> dict | None`
  returning `{"template": ..., **context}`; the child's page renders each in order.
- Clocks: `@clock_provider` registers a function `(children, today, holidays) -> dict[child_id, list[Clock]]`
  that returns the open statutory clocks of many children in a fixed number of queries; the child's page,
  My caseload and dashboards ask `open_clocks(...)` for all of them at once.
- Episode closure checks: `@closure_check` registers `(episode) -> str | None`, a reason the child-in-need
  episode cannot close yet (an unauthorised assessment, an open enquiry).
"""

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from datetime import date

from .deadlines import DeadlineState

_panels: list[tuple[int, Callable]] = []
_clock_providers: list[Callable] = []
_closure_checks: list[Callable] = []


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
