"""Writes to people's records. Each runs in a transaction and writes its own chronology event."""

from datetime import date, datetime

from django.db import transaction

from carefile.common import chronology
from carefile.common.models import EventKind

from .models import Address, Person, PersonDisability, PersonKind, Relationship

PERSON_FIELDS = [
    "kind",
    "given_name",
    "family_name",
    "known_as",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "former_upn",
    "upn_unknown",
    "nhs_number",
    "death_date",
]


class PersonRecordError(Exception):
    """A person's details that cannot be saved as they are; the message says why."""


def _check(person: Person, disabilities: list[str]) -> None:
    if person.date_of_birth and person.expected_date_of_birth:
        raise PersonRecordError("Give either a date of birth or an expected date of birth, not both")
    if "NONE" in disabilities and len(disabilities) > 1:
        raise PersonRecordError("'No disability' cannot be chosen with a disability")


@transaction.atomic
def person_create(*, by, at: datetime, disabilities: list[str] | None = None, **fields) -> Person:
    disabilities = disabilities or []
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS or k == "responsible_team"})
    _check(person, disabilities)
    person.save()
    if person.kind == PersonKind.CHILD and not person.la_child_id:
        person.la_child_id = f"CF{person.pk:07d}"
        person.save(update_fields=["la_child_id"])
    PersonDisability.objects.bulk_create(PersonDisability(person=person, code=c) for c in disabilities)
    chronology.record(
        person=person,
        kind=EventKind.RECORD_CREATED,
        by=by,
        at=at,
        summary=f"{person.get_kind_display()} record created",
    )
    return person


@transaction.atomic
def person_update(
    *, person: Person, by, at: datetime, disabilities: list[str] | None = None, **fields
) -> list[str]:
    """Apply the changed fields; returns the labels of what changed (empty when nothing did)."""
    changed = []
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValueError(f"{name} is not an editable field of a person")
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(str(Person._meta.get_field(name).verbose_name))
    current = sorted(person.disabilities.values_list("code", flat=True))
    if disabilities is not None:
        _check(person, disabilities)
        if sorted(disabilities) != current:
            person.disabilities.all().delete()
            PersonDisability.objects.bulk_create(
                PersonDisability(person=person, code=c) for c in disabilities
            )
            changed.append("disabilities")
    else:
        _check(person, current)
    if changed:
        person.save()
        chronology.record(
            person=person,
            kind=EventKind.DETAILS_CHANGED,
            by=by,
            at=at,
            summary="Details changed: " + ", ".join(changed),
            data={"fields": changed},
        )
    return changed


@transaction.atomic
def address_add(
    *, person: Person, by, at: datetime, line1: str, line2: str, town: str, postcode: str, start: date
) -> Address:
    """Record a new address from `start`; the address held before it ends that day."""
    if person.addresses.filter(start__gte=start).exists():
        raise PersonRecordError("The new address must start after the start of the current address")
    person.addresses.filter(end__isnull=True).update(end=start)
    address = Address.objects.create(
        person=person, line1=line1, line2=line2, town=town, postcode=postcode.upper().strip(), start=start
    )
    chronology.record(
        person=person,
        kind=EventKind.ADDRESS_ADDED,
        by=by,
        at=at,
        summary=f"New address from {start.day} {start:%B %Y}",
        data={"address": address.pk},
    )
    return address


@transaction.atomic
def relationship_add(
    *,
    person: Person,
    other: Person,
    kind: str,
    parental_responsibility: bool,
    start: date | None,
    by,
    at: datetime,
) -> Relationship:
    """Record that `person` is `kind` of `other` ("Jane is mother of Sam")."""
    if person.pk == other.pk:
        raise PersonRecordError("A person cannot be related to themselves")
    if Relationship.objects.filter(person=person, other=other, kind=kind).exists():
        raise PersonRecordError("This relationship is already recorded")
    relationship = Relationship.objects.create(
        person=person, other=other, kind=kind, parental_responsibility=parental_responsibility, start=start
    )
    label = relationship.get_kind_display().lower()
    for subject in (person, other):
        if subject.kind == PersonKind.CHILD:
            chronology.record(
                person=subject,
                kind=EventKind.RELATIONSHIP_ADDED,
                by=by,
                at=at,
                summary=f"Relationship recorded: {person.full_name} is {label} of {other.full_name}",
                data={"relationship": relationship.pk},
            )
    return relationship
