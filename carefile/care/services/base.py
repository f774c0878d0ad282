"""What the care services share: the error they raise, the case status after care, placement details and
the checks every episode passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person, PersonKind
from carefile.workforce.models import Staff

from .. import codes
from ..codes import LegalStatus
from ..models import (
    Episode,
    PeriodOfCare,
)
from ..timescales import VisitRegime, say_date

SHORT_BREAK_MAX_DAYS = 17  # rule 365
SHORT_BREAK_MAX_DAYS_A_YEAR = 75  # rule 367


class CareError(Exception):
    """A change that cannot be made as asked. The message is for the worker; `field` names the form field it
    is about, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- the status a child has after care ------------------------------------------------------------------

_after_care: list[Callable] = []


def status_after_care(fn: Callable) -> Callable:
    """Register `(child, period) -> case status or None`: what a child's case status becomes when a period of
    care ends (the care leavers app registers eligibility here). The first answer that is not None wins."""
    _after_care.append(fn)
    return fn


def _case_status_after_care(child: Person, period: PeriodOfCare) -> str:
    for fn in _after_care:
        status = fn(child, period)
        if status is not None:
            return status
    if Referral.objects.filter(child=child, closure_date__isnull=True).exists():
        return CaseStatus.CHILD_IN_NEED
    return CaseStatus.NOT_OPEN


def _set_status(child: Person, status: str) -> None:
    if child.case_status != status:
        child.case_status = status
        child.save(update_fields=["case_status"])


def _status_for_short_breaks(child: Person) -> None:
    """A child on short breaks is a child in need living at home: their caseload weight stays that of a child
    in need, not of a child looked after."""
    if child.case_status in {CaseStatus.NOT_OPEN, CaseStatus.REFERRAL, CaseStatus.ASSESSMENT}:
        _set_status(child, CaseStatus.CHILD_IN_NEED)


# ---- helpers --------------------------------------------------------------------------------------------


def _lock_child(child: Person) -> Person:
    locked = Person.objects.select_for_update().get(pk=child.pk)
    if locked.kind != PersonKind.CHILD:
        raise CareError("Only a child can be looked after")
    return locked


def _local_date(at: datetime) -> date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _not_future(day: date, at: datetime, what: str, field: str) -> None:
    if day > _local_date(at):
        raise CareError(f"{what} cannot be in the future", field)


def _check_alive_and_born(child: Person, day: date, field: str) -> None:
    if child.date_of_birth is not None and day < child.date_of_birth:
        raise CareError(f"The date is before {child.given_name} was born (rule 302)", field)
    if child.date_of_birth is None and child.expected_date_of_birth is not None:
        raise CareError(
            f"Record {child.given_name}'s date of birth first: an unborn child cannot be looked after"
        )
    if child.death_date is not None and day > child.death_date:
        raise CareError(f"The date is after {child.given_name} died", field)


def _open_episode(child: Person) -> Episode | None:
    return Episode.objects.select_for_update().filter(child=child, end__isnull=True).first()


def _period_episodes(period: PeriodOfCare) -> list[Episode]:
    return list(Episode.objects.filter(period=period).order_by("start", "id"))


@dataclass(frozen=True)
class PlacementDetails:
    """Where the child is placed: the SSDA903 fields of a placement and the local ones that go with it."""

    place: str
    provider: str = ""
    postcode: str = ""
    urn: str = ""
    placement_name: str = ""
    outside_england: bool = False

    def normalised(self) -> PlacementDetails:
        try:
            postcode = codes.normalise_postcode(self.postcode)
        except ValueError as error:
            raise CareError(str(error), "postcode") from None
        try:
            urn = codes.normalise_urn(self.urn)
        except ValueError as error:
            raise CareError(str(error), "urn") from None
        return PlacementDetails(
            place=(self.place or "").strip().upper(),
            provider=(self.provider or "").strip().upper(),
            postcode=postcode,
            urn=urn,
            placement_name=(self.placement_name or "").strip(),
            outside_england=self.outside_england,
        )

    def key(self) -> tuple[str, str, str, str]:
        return (self.place, self.postcode, self.urn, self.provider)


def _checked(placement: PlacementDetails, *, legal_status: str, on: date, child: Person) -> PlacementDetails:
    placement = placement.normalised()
    if legal_status in codes.SHORT_BREAK_STATUSES:
        # A short break reports neither the placement's postcode nor its URN (rule 214).
        placement = PlacementDetails(
            placement.place, placement.provider, "", "", placement.placement_name, placement.outside_england
        )
    problems = codes.placement_problems(
        place=placement.place,
        provider=placement.provider,
        postcode=placement.postcode,
        urn=placement.urn,
        legal_status=legal_status,
        on=on,
        born=child.date_of_birth,
        outside_england=placement.outside_england,
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise CareError(message, field)
    return placement


def _check_legal_status(legal_status: str, child: Person, on: date) -> None:
    if legal_status not in LegalStatus.values or legal_status in codes.RETIRED_STATUSES:
        raise CareError("Choose the legal status", "legal_status")
    age = child.age_on(on)
    if legal_status in codes.YOUTH_JUSTICE_STATUSES and age is not None and age < 10:
        raise CareError(
            f"A child under 10 cannot have legal status {legal_status} (rule 358)", "legal_status"
        )


def _episode(
    *,
    child: Person,
    period: PeriodOfCare,
    start: date,
    rne: str,
    legal_status: str,
    placement: PlacementDetails,
    placement_start: date,
    long_term: bool,
    visit_regime: str,
    by: Staff,
    at: datetime,
) -> Episode:
    try:
        with transaction.atomic():
            return Episode.objects.create(
                child=child,
                period=period,
                start=start,
                new_episode_reason=rne,
                legal_status=legal_status,
                place=placement.place,
                provider=placement.provider,
                postcode=placement.postcode,
                urn=placement.urn,
                placement_name=placement.placement_name,
                outside_england=placement.outside_england,
                placement_start=placement_start,
                long_term=long_term,
                visit_regime=visit_regime if visit_regime in VisitRegime.values else VisitRegime.STANDARD,
                recorded_by=by,
                recorded_at=at,
            )
    except IntegrityError as error:
        raise CareError(f"{child.given_name} already has an episode starting on {say_date(start)}") from error


def _describe(placement: PlacementDetails) -> str:
    label = codes.Placement(placement.place).label.split(" – ", 1)[1]
    return f"{label}{f' ({placement.placement_name})' if placement.placement_name else ''}"


def _period_on(child: Person, day: date) -> PeriodOfCare | None:
    """The period of care the child was in on `day` (its last day included)."""
    period = PeriodOfCare.objects.filter(child=child, start__lte=day).order_by("-start").first()
    if period is not None and (period.end is None or day <= period.end):
        return period
    return None


def _say_time(at: datetime) -> str:
    local = timezone.localtime(at)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"
