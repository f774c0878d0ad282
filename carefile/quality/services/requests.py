"""Assessed services: record the assessed need, approve or decline it, start it, end it."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from carefile.common import chronology
from carefile.people.models import Person, PersonKind
from carefile.workforce.models import Staff

from ..codes import QualityEvent
from ..models import ApprovalDecision, ServiceRequest, ServiceStatus, ServiceType
from .base import QualityError


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().select_related("service_type").get(pk=request.pk)


@transaction.atomic
def service_request_record(
    *, child: Person, service_type: ServiceType, need: str, assessed_on: date, by: Staff, at: datetime
) -> ServiceRequest:
    if child.kind != PersonKind.CHILD:
        raise QualityError("Services are recorded for children")
    if assessed_on > at.date():
        raise QualityError(errors={"assessed_on": "Date need assessed must be today or in the past"})
    if not need.strip():
        raise QualityError(errors={"need": "Enter the assessed need"})
    request = ServiceRequest.objects.create(
        child=child,
        service_type=service_type,
        need=need.strip(),
        assessed_on=assessed_on,
        requested_by=by,
        requested_at=at,
    )
    chronology.record(
        person=child,
        kind=QualityEvent.SERVICE_REQUESTED,
        by=by,
        at=at,
        summary=f"Assessed as needing {service_type.name.lower()}",
    )
    return request


@transaction.atomic
def service_approve(
    *, request: ServiceRequest, decision: str, decided_on: date, rationale: str, by: Staff, at: datetime
) -> ServiceRequest:
    request = _locked(request)
    if request.status != ServiceStatus.AWAITING_APPROVAL:
        raise QualityError("This request has already been decided")
    errors = {}
    if decision not in ApprovalDecision.values:
        errors["decision"] = "Choose whether the service is approved"
    if decided_on < request.assessed_on:
        errors["decided_on"] = (
            f"Date of decision must be the same as or after the need was assessed "
            f"({request.assessed_on:%-d %B %Y})"
        )
    elif decided_on > at.date():
        errors["decided_on"] = "Date of decision must be today or in the past"
    if not rationale.strip():
        errors["rationale"] = "Enter the reason for the decision"
    if errors:
        raise QualityError(errors=errors)
    request.decision = decision
    request.decided_on = decided_on
    request.decided_by = by
    request.rationale = rationale.strip()
    request.status = (
        ServiceStatus.AWAITING_START if decision == ApprovalDecision.APPROVED else ServiceStatus.DECLINED
    )
    request.save(update_fields=["decision", "decided_on", "decided_by", "rationale", "status"])
    chronology.record(
        person=request.child,
        kind=QualityEvent.SERVICE_DECIDED,
        by=by,
        at=at,
        summary=f"{request.service_type.name} {request.get_decision_display().lower()}",
    )
    return request


@transaction.atomic
def service_start(
    *, request: ServiceRequest, start_date: date, provider: str, by: Staff, at: datetime
) -> ServiceRequest:
    request = _locked(request)
    if request.status != ServiceStatus.AWAITING_START:
        raise QualityError("Only an approved service that has not started yet can start")
    if start_date < request.decided_on:
        raise QualityError(
            errors={
                "start_date": f"Start date must be the same as or after the approval "
                f"({request.decided_on:%-d %B %Y})"
            }
        )
    request.start_date = start_date
    request.provider = provider.strip()
    request.status = ServiceStatus.IN_PLACE
    request.save(update_fields=["start_date", "provider", "status"])
    chronology.record(
        person=request.child,
        kind=QualityEvent.SERVICE_STARTED,
        by=by,
        at=at,
        summary=f"{request.service_type.name} started",
    )
    return request


@transaction.atomic
def service_end(
    *, request: ServiceRequest, end_date: date, reason: str, by: Staff, at: datetime
) -> ServiceRequest:
    request = _locked(request)
    if request.status != ServiceStatus.IN_PLACE:
        raise QualityError("Only a service in place can end")
    errors = {}
    if end_date < request.start_date:
        errors["end_date"] = (
            f"End date must be the same as or after the start ({request.start_date:%-d %B %Y})"
        )
    if not reason.strip():
        errors["reason"] = "Enter why the service ended"
    if errors:
        raise QualityError(errors=errors)
    request.end_date = end_date
    request.end_reason = reason.strip()
    request.status = ServiceStatus.ENDED
    request.save(update_fields=["end_date", "end_reason", "status"])
    chronology.record(
        person=request.child,
        kind=QualityEvent.SERVICE_ENDED,
        by=by,
        at=at,
        summary=f"{request.service_type.name} ended",
    )
    return request
