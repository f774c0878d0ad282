"""A child's chronology. Services call `record` inside their own transaction.

Each app declares the kinds of event it writes as a TextChoices and registers them once
(`register_kinds(MyEvents)` in its AppConfig.ready), so the chronology page can name and filter them
without the common app knowing every other app.
"""

from datetime import datetime
from typing import Any

from django.db import models

from .models import ChronologyEvent, EventKind

_LABELS: dict[str, str] = {}


def register_kinds(kinds: type[models.TextChoices]) -> None:
    for value, label in kinds.choices:
        _LABELS[value] = label


def kind_label(kind: str) -> str:
    return _LABELS.get(kind, kind.replace("_", " ").capitalize())


def kind_choices() -> list[tuple[str, str]]:
    return sorted(_LABELS.items(), key=lambda item: item[1])


register_kinds(EventKind)


def record(
    *,
    person,
    kind: str,
    by,
    at: datetime,
    summary: str,
    data: dict[str, Any] | None = None,
    significant: bool = False,
) -> ChronologyEvent:
    if kind not in _LABELS:
        raise ValueError(f"Unregistered chronology kind {kind!r}: register it with chronology.register_kinds")
    return ChronologyEvent.objects.create(
        person=person, kind=kind, by=by, at=at, summary=summary, data=data or {}, significant=significant
    )
