"""Permanence: the plan for where a child will grow up, the agency decision that a child should be placed for
adoption and its reversal, the match with adopters, and previous permanence orders (AD1, PlacedAdoption,
PrevPerm). Placing a child for adoption is a placement move to A3–A6; the adoption order ends care (E11/E12)."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db import transaction

from carefile.common import chronology
from carefile.people.models import Person
from carefile.workforce.models import Staff

from .. import codes
from ..models import (
    AdoptionDecision,
    AdoptionMatch,
    CareEvent,
    Episode,
    PeriodOfCare,
    PermanencePlan,
    PreviousPermanence,
)
from ..timescales import say_date
from .base import CareError, _lock_child, _not_future

_PERM_DATE = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4})$")


def _open_period(child: Person, what: str) -> PeriodOfCare:
    period = PeriodOfCare.objects.filter(child=child, end__isnull=True, short_breaks=False).first()
    if period is None:
        raise CareError(f"{child.given_name} is not looked after: {what} is for a child in care")
    return period


@transaction.atomic
def permanence_plan_record(
    *, child: Person, kind: str, agreed_on: date, notes: str = "", by: Staff, at: datetime
) -> PermanencePlan:
    child = _lock_child(child)
    if kind not in codes.PermanencePlanKind.values:
        raise CareError("Choose the plan", "kind")
    _not_future(agreed_on, at, "The date agreed", "agreed_on")
    period = _open_period(child, "a permanence plan")
    if agreed_on < period.start:
        raise CareError(
            f"The plan cannot be agreed before care began ({say_date(period.start)})", "agreed_on"
        )
    plan = PermanencePlan.objects.create(
        child=child,
        period=period,
        kind=kind,
        agreed_on=agreed_on,
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=at,
    )
    chronology.record(
        person=child,
        kind=CareEvent.PERMANENCE_PLAN,
        by=by,
        at=at,
        summary=f"Permanence plan agreed on {say_date(agreed_on)}: {plan.get_kind_display()}"[:300],
        data={"plan": plan.pk},
        significant=True,
    )
    return plan


@transaction.atomic
def adoption_decision_record(*, child: Person, decided_on: date, by: Staff, at: datetime) -> AdoptionDecision:
    """The agency decision maker decided the child should be placed for adoption (DATE_PLACED)."""
    child = _lock_child(child)
    _not_future(decided_on, at, "The date of the decision", "decided_on")
    period = _open_period(child, "a decision to place for adoption")
    if decided_on < period.start:
        raise CareError(
            f"The decision cannot be before {child.given_name} came into care on {say_date(period.start)} "
            "(rule 1003)",
            "decided_on",
        )
    if AdoptionDecision.objects.filter(child=child, reversed_on__isnull=True).exists():
        raise CareError(f"{child.given_name} already has a decision that they should be placed for adoption")
    first_order = (
        Episode.objects.filter(period=period, legal_status="E1")
        .order_by("start")
        .values_list("start", flat=True)
    ).first()
    if first_order is not None and decided_on > first_order:
        raise CareError(
            f"The decision comes before the placement order ({say_date(first_order)}) (rule 554)",
            "decided_on",
        )
    placed = (
        Episode.objects.filter(period=period, place__in=list(codes.ADOPTION_PLACEMENTS))
        .order_by("start")
        .values_list("start", flat=True)
    ).first()
    if placed is not None and decided_on > placed:
        raise CareError(
            f"The decision comes before the child is placed for adoption ({say_date(placed)}) (rule 521)",
            "decided_on",
        )
    decision = AdoptionDecision.objects.create(
        child=child, period=period, decided_on=decided_on, recorded_by=by, recorded_at=at
    )
    chronology.record(
        person=child,
        kind=CareEvent.ADOPTION_DECISION,
        by=by,
        at=at,
        summary=f"Decision on {say_date(decided_on)} that {child.given_name} should be placed for adoption",
        data={"decision": decision.pk},
        significant=True,
    )
    return decision


@transaction.atomic
def adoption_decision_reverse(
    *, decision: AdoptionDecision, on: date, reason: str, by: Staff, at: datetime
) -> AdoptionDecision:
    """The decision that the child should be placed for adoption no longer stands (DATE_PLACED_CEASED)."""
    child = _lock_child(decision.child)
    decision = AdoptionDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.reversed_on is not None:
        raise CareError("The decision has already been reversed")
    if reason not in codes.ReversalReason.values:
        raise CareError("Choose why the decision was reversed", "reason")
    _not_future(on, at, "The date", "on")
    if on < decision.decided_on:
        raise CareError("The reversal cannot come before the decision (rule 522)", "on")
    current = Episode.objects.filter(child=child, end__isnull=True).first()
    if current is not None and current.place in codes.ADOPTION_PLACEMENTS:
        raise CareError(
            f"{child.given_name} is placed for adoption: record the move out of that placement first", "on"
        )
    decision.reversed_on, decision.reversal_reason = on, reason
    decision.save(update_fields=["reversed_on", "reversal_reason"])
    chronology.record(
        person=child,
        kind=CareEvent.ADOPTION_DECISION_REVERSED,
        by=by,
        at=at,
        summary=f"Decision to place for adoption reversed on {say_date(on)}: "
        f"{codes.ReversalReason(reason).label}"[:300],
        data={"decision": decision.pk},
        significant=True,
    )
    return decision


@transaction.atomic
def adoption_match_record(
    *,
    child: Person,
    matched_on: date,
    foster_carers: bool,
    number_of_adopters: int,
    adopters_sex: str,
    adopters_legal_status: str,
    by: Staff,
    at: datetime,
) -> AdoptionMatch:
    """The child was matched with adopters (DATE_MATCH), who they are (AD1)."""
    child = _lock_child(child)
    _not_future(matched_on, at, "The date of the match", "matched_on")
    decision = AdoptionDecision.objects.filter(child=child, reversed_on__isnull=True).first()
    if decision is None:
        raise CareError("Record the decision that the child should be placed for adoption first")
    if matched_on < decision.decided_on:
        raise CareError(
            f"The match cannot come before the decision of {say_date(decision.decided_on)}", "matched_on"
        )
    if adopters_sex not in codes.AdopterSex.values:
        raise CareError("Choose the adopters' sex", "adopters_sex")
    if adopters_legal_status not in codes.AdopterLegalStatus.values:
        raise CareError("Choose the adopters' legal status", "adopters_legal_status")
    problems = codes.adopter_problems(
        number=number_of_adopters, sex=adopters_sex, legal_status=adopters_legal_status
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise CareError(message, field)
    match = AdoptionMatch.objects.create(
        child=child,
        decision=decision,
        matched_on=matched_on,
        foster_carers=foster_carers,
        number_of_adopters=number_of_adopters,
        adopters_sex=adopters_sex,
        adopters_legal_status=adopters_legal_status,
        recorded_by=by,
        recorded_at=at,
    )
    chronology.record(
        person=child,
        kind=CareEvent.ADOPTION_MATCH,
        by=by,
        at=at,
        summary=f"Matched with adopters on {say_date(matched_on)}"
        + (" (the child's foster carers)" if foster_carers else ""),
        data={"match": match.pk},
        significant=True,
    )
    return match


def normalise_permanence_date(value: str) -> str:
    """DATE_PERM as the return takes it: DD/MM/YYYY, with ZZ for an unknown day or month."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    match = _PERM_DATE.match(value)
    if not match:
        raise CareError("Enter the date as DD/MM/YYYY, with ZZ for an unknown day or month", "order_date")
    day, month, year = match.groups()
    if day != "ZZ" and month == "ZZ":
        raise CareError("With an unknown month, the day is unknown too (ZZ/ZZ/YYYY)", "order_date")
    try:
        date(int(year), 1 if month == "ZZ" else int(month), 1 if day == "ZZ" else int(day))
    except ValueError:
        raise CareError("The date of the order must be a real date", "order_date") from None
    return value


@transaction.atomic
def previous_permanence_record(
    *, child: Person, code: str, la_code: str = "", order_date: str = "", by: Staff, at: datetime
) -> PreviousPermanence:
    """Whether the child had a permanence order before their latest period of care (PrevPerm); recording it
    again corrects it."""
    child = _lock_child(child)
    period = PeriodOfCare.objects.filter(child=child, short_breaks=False).order_by("-start").first()
    if period is None:
        raise CareError(f"{child.given_name} has not been looked after")
    if code not in codes.PreviousPermanenceCode.values:
        raise CareError("Choose the previous permanence order", "code")
    la_code = (la_code or "").strip().upper()
    order_date = normalise_permanence_date(order_date)
    if code == "Z1":
        la_code, order_date = "", ""  # 635
    elif not la_code or not order_date:
        raise CareError(
            "Give the council that arranged the order and its date, as far as it is known (rule 630)",
            "la_code" if not la_code else "order_date",
        )
    perm, _ = PreviousPermanence.objects.update_or_create(
        period=period,
        defaults={
            "child": child,
            "code": code,
            "la_code": la_code,
            "order_date": order_date,
            "recorded_by": by,
            "recorded_at": at,
        },
    )
    return perm
