"""Health of children in care: health assessments, dental and development checks, immunisations, the strengths
and difficulties questionnaire, and the year's convictions and substance misuse (the OC2 items)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction

from carefile.common import chronology
from carefile.people.models import Person
from carefile.workforce.models import Staff

from .. import codes
from ..codes import HealthCheckKind
from ..models import CareEvent, HealthCheck, PeriodOfCare, SdqAssessment, YearOutcome
from ..timescales import say_date
from .base import CareError, _check_alive_and_born, _lock_child, _not_future

SDQ_MAX = 40


def _was_in_care_by(child: Person, day: date, field: str) -> None:
    started = (
        PeriodOfCare.objects.filter(child=child, short_breaks=False, start__lte=day)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    if started is None:
        raise CareError(
            f"{child.given_name} was not looked after by {say_date(day)}: health records here are for children "
            "in care",
            field,
        )


@transaction.atomic
def health_check_record(
    *,
    child: Person,
    kind: str,
    held_on: date,
    up_to_date: bool | None = None,
    by_whom: str = "",
    notes: str = "",
    by: Staff,
    at: datetime,
) -> HealthCheck:
    """A health assessment, dental check, development assessment (under 5) or immunisations check."""
    child = _lock_child(child)
    if kind not in HealthCheckKind.values:
        raise CareError("Choose what was done", "kind")
    _not_future(held_on, at, "The date", "held_on")
    _check_alive_and_born(child, held_on, "held_on")
    _was_in_care_by(child, held_on, "held_on")
    if kind in codes.UP_TO_DATE_KINDS:
        if up_to_date is None:
            raise CareError("Say whether they are up to date", "up_to_date")
    else:
        up_to_date = None
    if kind == HealthCheckKind.DEVELOPMENT:
        age = child.age_on(held_on)
        if age is not None and age >= 5:
            raise CareError("Development assessments are for children under 5 (rule 546)", "kind")
    check = HealthCheck.objects.create(
        child=child,
        kind=kind,
        held_on=held_on,
        up_to_date=up_to_date,
        by_whom=by_whom.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=at,
    )
    label = HealthCheckKind(kind).label
    if up_to_date is not None:
        label += ": up to date" if up_to_date else ": not up to date"
    chronology.record(
        person=child,
        kind=CareEvent.HEALTH,
        by=by,
        at=at,
        summary=f"{label} on {say_date(held_on)}"[:300],
        data={"health_check": check.pk, "kind": kind},
    )
    return check


@transaction.atomic
def sdq_record(
    *, child: Person, held_on: date, score: int | None, reason: str = "", by: Staff, at: datetime
) -> SdqAssessment:
    """A strengths and difficulties questionnaire: the total score, or why there is none."""
    child = _lock_child(child)
    _not_future(held_on, at, "The date", "held_on")
    _check_alive_and_born(child, held_on, "held_on")
    _was_in_care_by(child, held_on, "held_on")
    reason = (reason or "").strip()
    if score is None and not reason:
        raise CareError("Enter the score, or the reason there is none", "score")
    if score is not None and reason:
        raise CareError("Give the score or a reason there is none, not both (rule 197a)", "reason")
    if score is not None and not (0 <= score <= SDQ_MAX):
        raise CareError(f"The score is a whole number from 0 to {SDQ_MAX} (rule 180)", "score")
    if reason and reason not in codes.SdqReason.values:
        raise CareError("Choose the reason there is no score", "reason")
    sdq = SdqAssessment.objects.create(
        child=child, held_on=held_on, score=score, reason=reason, recorded_by=by, recorded_at=at
    )
    said = f"score {score}" if score is not None else codes.SdqReason(reason).label
    chronology.record(
        person=child,
        kind=CareEvent.SDQ,
        by=by,
        at=at,
        summary=f"Strengths and difficulties questionnaire on {say_date(held_on)}: {said}"[:300],
        data={"sdq": sdq.pk},
    )
    return sdq


@transaction.atomic
def year_outcome_record(
    *,
    child: Person,
    year_end: int,
    convicted: bool,
    substance_misuse: bool,
    intervention_received: bool | None = None,
    intervention_offered: bool | None = None,
    by: Staff,
    at: datetime,
) -> YearOutcome:
    """Convictions and substance misuse in the collection year ending 31 March `year_end`; recording it again
    replaces what was recorded."""
    child = _lock_child(child)
    year_start = date(year_end - 1, 4, 1)
    _not_future(year_start, at, "The year", "year_end")
    _was_in_care_by(child, date(year_end, 3, 31), "year_end")
    age = child.age_on(date(year_end, 3, 31))
    if convicted and age is not None and age < 10:
        raise CareError(
            "A child under 10 on 31 March cannot be recorded as convicted (rule 542)", "convicted"
        )
    if not substance_misuse:
        intervention_received = intervention_offered = None
    else:
        if intervention_received is None:
            raise CareError("Say whether they received an intervention (rule 192)", "intervention_received")
        if intervention_received:
            intervention_offered = None
        elif intervention_offered is None:
            raise CareError("Say whether an intervention was offered (rule 159)", "intervention_offered")
    try:
        outcome, _ = YearOutcome.objects.update_or_create(
            child=child,
            year_end=year_end,
            defaults={
                "convicted": convicted,
                "substance_misuse": substance_misuse,
                "intervention_received": intervention_received,
                "intervention_offered": intervention_offered,
                "recorded_by": by,
                "recorded_at": at,
            },
        )
    except IntegrityError as error:  # pragma: no cover - the checks above keep to the constraints
        raise CareError("These answers do not fit together") from error
    return outcome
