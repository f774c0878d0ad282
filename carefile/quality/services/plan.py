"""The improvement plan: recommendations and the actions that answer them."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from carefile.workforce.models import Staff

from ..indicators import INDICATORS
from ..models import PlanAction, PlanStatus, Recommendation
from .base import QualityError


def _check_keys(keys) -> list[str]:
    unknown = [k for k in keys if k not in INDICATORS]
    if unknown:
        raise QualityError(errors={"indicator_keys": f"Unknown indicator {unknown[0]}"})
    return list(dict.fromkeys(keys))


@transaction.atomic
def recommendation_add(
    *, source: str, source_date: date, text: str, reference: str = "", at: datetime
) -> Recommendation:
    errors = {}
    if not source.strip():
        errors["source"] = "Enter where the recommendation comes from"
    if not text.strip():
        errors["text"] = "Enter the recommendation"
    if source_date > at.date():
        errors["source_date"] = "Date must be today or in the past"
    if errors:
        raise QualityError(errors=errors)
    order = Recommendation.objects.filter(source=source.strip()).count() + 1
    return Recommendation.objects.create(
        source=source.strip(),
        source_date=source_date,
        text=text.strip(),
        reference=reference.strip(),
        order=order,
        created_at=at,
    )


@transaction.atomic
def plan_action_add(
    *,
    recommendation: Recommendation,
    description: str,
    owner: Staff,
    due: date,
    indicator_keys: list[str],
    by: Staff,
    at: datetime,
) -> PlanAction:
    if not description.strip():
        raise QualityError(errors={"description": "Enter the action"})
    return PlanAction.objects.create(
        recommendation=recommendation,
        description=description.strip(),
        owner=owner,
        due=due,
        indicator_keys=_check_keys(indicator_keys),
        updated_by=by,
        updated_at=at,
    )


@transaction.atomic
def plan_action_update(
    *,
    action: PlanAction,
    status: str,
    evidence: str,
    evidence_url: str,
    owner: Staff,
    due: date,
    indicator_keys: list[str],
    by: Staff,
    at: datetime,
) -> PlanAction:
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    errors = {}
    if status not in PlanStatus.values:
        errors["status"] = "Choose a status"
    if status == PlanStatus.COMPLETE and not evidence.strip():
        errors["evidence"] = "Enter the evidence that the action is complete"
    if errors:
        raise QualityError(errors=errors)
    action.status = status
    action.evidence = evidence.strip()
    action.evidence_url = evidence_url.strip()
    action.owner = owner
    action.due = due
    action.indicator_keys = _check_keys(indicator_keys)
    action.updated_by = by
    action.updated_at = at
    action.save()
    return action
