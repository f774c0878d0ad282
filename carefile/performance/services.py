"""Writes: the council's targets."""

from datetime import datetime

from django.db import transaction

from .models import Snapshot, Target


@transaction.atomic
def save_targets(*, values: dict, by, at: datetime) -> int:
    """Create or update one Target per key; returns how many changed."""
    existing = {t.key: t for t in Target.objects.select_for_update().filter(key__in=list(values))}
    changed = 0
    for key, v in values.items():
        t = existing.get(key) or Target(key=key)
        if t.pk and (t.value, t.direction, t.national) == (v["value"], v["direction"], v["national"]):
            continue
        t.value, t.direction, t.national = v["value"], v["direction"], v["national"]
        t.updated_by, t.updated_at = by, at
        t.full_clean()
        t.save()
        changed += 1
    return changed


@transaction.atomic
def save_snapshot(*, on, team, data: dict, at: datetime) -> Snapshot:
    """Store the day's figures for the council (team None) or a team, replacing any taken earlier that day."""
    row, _ = Snapshot.objects.update_or_create(on=on, team=team, defaults={"data": data, "taken_at": at})
    return row
