"""Writes for subject access requests and legal holds. Each runs in a transaction."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F

from carefile.people.models import Person

from .models import LegalHold, SubjectAccessRequest


class GovernanceError(Exception):
    """A request that cannot be carried out as it is; the message says why."""


def person_by_la_child_id(*, user, la_child_id: str) -> Person:
    """The child with this LA child ID, if `user` may see them; otherwise "not found", whether or not the
    record exists (a restricted record needs break-glass access first)."""
    person = Person.objects.visible_to(user).filter(la_child_id=la_child_id).first()
    if person is None:
        raise GovernanceError(
            "No record you can see has this LA child ID. Check it; for a restricted record, ask to be added "
            "to its access list or use break-glass access"
        )
    return person


@transaction.atomic
def subject_access_request_create(
    *, person: Person, requester: str, received_on: date, redact_junior_staff: bool, by, at: datetime
) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.create(
        person=person,
        la_child_id=person.la_child_id or str(person.pk),
        requester=requester.strip(),
        received_on=received_on,
        redact_junior_staff=redact_junior_staff,
        requested_by=by,
        requested_at=at,
    )


def subject_access_generated(*, sar: SubjectAccessRequest) -> None:
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(generated_count=F("generated_count") + 1)


@transaction.atomic
def subject_access_review(*, sar: SubjectAccessRequest, by, at: datetime, notes: str) -> SubjectAccessRequest:
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.reviewed_at is not None:
        raise GovernanceError("This export has been reviewed already")
    sar.reviewed_by, sar.reviewed_at, sar.review_notes = by, at, notes.strip()
    sar.save(update_fields=["reviewed_by", "reviewed_at", "review_notes"])
    return sar


@transaction.atomic
def legal_hold_place(*, person: Person, reason: str, by, at: datetime) -> LegalHold:
    if not reason.strip():
        raise GovernanceError("Enter why the record must be kept")
    return LegalHold.objects.create(person=person, reason=reason.strip(), placed_by=by, placed_at=at)


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, by, at: datetime) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise GovernanceError("This hold has been released already")
    hold.released_by, hold.released_at = by, at
    hold.save(update_fields=["released_by", "released_at"])
    return hold
