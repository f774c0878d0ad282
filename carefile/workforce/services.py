"""Allocating children to workers."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from carefile.common import chronology
from carefile.common.extensions import threshold_decision
from carefile.common.models import EventKind

from .models import Allocation, AllocationChangeReason, AllocationRole, Staff
from .selectors import case_weights, caseload_weight, effective_cap


def number(value: Decimal) -> str:
    """1.50 → "1.5", 20.00 → "20"."""
    return f"{value.normalize():f}"


class OverCapacity(Exception):
    """Allocating would take a worker past their caseload cap and no reason was given."""


class AllocationError(Exception):
    pass


@transaction.atomic
def case_allocate(
    *,
    child,
    worker: Staff,
    by: Staff | None,
    at: datetime,
    reason: str,
    role: str = AllocationRole.SOCIAL_WORKER,
    over_cap_reason: str = "",
) -> Allocation:
    if worker.leave_date is not None and worker.leave_date <= at.date():
        raise AllocationError(f"{worker} has left the council and cannot be allocated children")
    current = Allocation.objects.select_for_update().filter(child=child, role=role, end__isnull=True).first()
    if current is not None and current.worker_id == worker.pk:
        raise AllocationError(f"{child.full_name} is already allocated to {worker}")
    if current is not None and current.start >= at:
        raise AllocationError("The new allocation must start after the current one started")
    weights = case_weights()
    load = caseload_weight(worker=worker, on=at.date(), weights=weights)
    cap = effective_cap(worker)
    adding = weights.get(child.case_status, Decimal(1))
    if role == AllocationRole.SOCIAL_WORKER and load + adding > cap and not over_cap_reason.strip():
        raise OverCapacity(
            f"{worker} already holds a weighted caseload of {number(load)} against a cap of {number(cap)}. "
            "Give a reason to allocate over the cap."
        )
    if current is not None:
        current.end = at
        current.end_reason = reason
        current.save(update_fields=["end", "end_reason"])
    allocation = Allocation.objects.create(
        child=child,
        worker=worker,
        role=role,
        start=at,
        reason=reason,
        by=by,
        over_cap_reason=over_cap_reason.strip(),
    )
    if (
        worker.team_id
        and child.responsible_team_id != worker.team_id
        and role == AllocationRole.SOCIAL_WORKER
    ):
        child.responsible_team_id = worker.team_id
        child.save(update_fields=["responsible_team"])
    summary = f"Allocated to {worker} ({allocation.get_role_display().lower()})"
    if current is not None:
        summary += f", replacing {current.worker}"
    chronology.record(
        person=child,
        kind=EventKind.ALLOCATED,
        by=by,
        at=at,
        summary=summary,
        data={"worker": worker.pk, "reason": reason, "over_cap": bool(over_cap_reason.strip())},
    )
    rationale = (
        f"{summary}. Reason: {AllocationChangeReason(reason).label}"
        if reason in AllocationChangeReason.values
        else summary
    )
    if over_cap_reason.strip():
        rationale += f". Allocated over the caseload cap because: {over_cap_reason.strip()}"
    threshold_decision(
        child=child,
        decision_type="allocation",
        by=by,
        at=at,
        rationale=rationale,
        source="workforce.allocate",
        source_ref=str(allocation.pk),
    )
    return allocation


@transaction.atomic
def allocation_end(
    *,
    allocation: Allocation,
    by: Staff | None,
    at: datetime,
    reason: str = AllocationChangeReason.CASE_CLOSED,
) -> Allocation:
    if allocation.end is not None:
        raise AllocationError("This allocation has already ended")
    if at <= allocation.start:
        raise AllocationError("An allocation must end after it started")
    allocation.end = at
    allocation.end_reason = reason
    allocation.save(update_fields=["end", "end_reason"])
    chronology.record(
        person=allocation.child,
        kind=EventKind.DEALLOCATED,
        by=by,
        at=at,
        summary=f"{allocation.worker} no longer allocated ({allocation.get_end_reason_display().lower()})",
    )
    return allocation
