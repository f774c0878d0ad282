"""Recording legal planning, pre-proceedings and care proceedings: each a transaction that writes its
chronology event. A final order made for a looked-after child changes their legal status or ends their care
through the children-in-care services, in the same transaction, so the SSDA903 episodes stay right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from carefile.care import services as care_services
from carefile.care.selectors import current_episodes
from carefile.common import chronology
from carefile.common.calendar import holiday_calendar
from carefile.common.workdays import is_working_day
from carefile.people.models import Person
from carefile.workforce.models import Staff

from .models import (
    CareProceedings,
    FinalOrder,
    Hearing,
    InterimOrder,
    InterimOrderType,
    LegalEvent,
    LegalPlanningMeeting,
    MeetingDecision,
    PreProceedings,
    PreProceedingsOutcome,
    PreProceedingsReview,
)


class LegalError(Exception):
    """A change that cannot be made as asked; `field` names the form field it is about, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _not_future(day: date | None, at: datetime, what: str, field: str) -> None:
    if day is not None and day > at.date():
        raise LegalError(f"{what} must be today or in the past", field)


def _lock(child: Person) -> Person:
    return Person.objects.select_for_update().get(pk=child.pk)


def open_pre_proceedings(child: Person) -> PreProceedings | None:
    return PreProceedings.objects.filter(child=child, outcome="").first()


def open_proceedings(child: Person) -> CareProceedings | None:
    return CareProceedings.objects.filter(child=child, final_order="").first()


@transaction.atomic
def record_meeting(
    *,
    child: Person,
    held_on: date,
    attendees: str,
    legal_advice: str,
    decision: str,
    rationale: str,
    by: Staff,
    at: datetime,
) -> LegalPlanningMeeting:
    """A legal planning meeting and its decision. Deciding to enter pre-proceedings starts them on the day of
    the meeting (unless they are already running)."""
    child = _lock(child)
    _not_future(held_on, at, "The date of the meeting", "held_on")
    if decision not in MeetingDecision.values:
        raise LegalError("Choose the meeting's decision", "decision")
    if not rationale.strip():
        raise LegalError("Enter the reasons for the decision", "rationale")
    meeting = LegalPlanningMeeting.objects.create(
        child=child,
        held_on=held_on,
        attendees=attendees,
        legal_advice=legal_advice,
        decision=decision,
        rationale=rationale,
        recorded_by=by,
        recorded_at=at,
    )
    chronology.record(
        person=child,
        kind=LegalEvent.LEGAL_PLANNING,
        by=by,
        at=at,
        summary=f"Legal planning meeting: {meeting.get_decision_display().lower()}",
        data={"meeting": meeting.pk, "held_on": held_on.isoformat(), "decision": decision},
        significant=True,
    )
    if decision == MeetingDecision.PRE_PROCEEDINGS:
        if open_proceedings(child) is not None:
            raise LegalError("Care proceedings are already running for this child", "decision")
        if open_pre_proceedings(child) is None:
            _start(child=child, started_on=held_on, meeting=meeting, by=by, at=at)
    return meeting


def _start(*, child, started_on, meeting, by, at) -> PreProceedings:
    try:
        with transaction.atomic():
            pp = PreProceedings.objects.create(
                child=child, started_on=started_on, meeting=meeting, started_by=by
            )
    except IntegrityError as error:  # a second tab started them first
        raise LegalError("Pre-proceedings are already running for this child", "decision") from error
    chronology.record(
        person=child,
        kind=LegalEvent.PRE_PROCEEDINGS_STARTED,
        by=by,
        at=at,
        summary="Pre-proceedings started (Public Law Outline)",
        data={"pre_proceedings": pp.pk, "started_on": started_on.isoformat()},
        significant=True,
    )
    return pp


@dataclass(frozen=True)
class PreProceedingsSteps:
    letter_sent_on: date | None = None
    initial_meeting_on: date | None = None
    fgdm_offered_on: date | None = None
    fgdm_held_on: date | None = None


_STEP_EVENTS = {
    "letter_sent_on": (LegalEvent.LETTER_BEFORE_PROCEEDINGS, "Letter before proceedings sent"),
    "initial_meeting_on": (
        LegalEvent.PRE_PROCEEDINGS_MEETING,
        "Pre-proceedings meeting with the parents held",
    ),
    "fgdm_offered_on": (LegalEvent.FAMILY_GROUP_DECISION, "Family group decision making offered"),
    "fgdm_held_on": (LegalEvent.FAMILY_GROUP_DECISION, "Family group decision making meeting held"),
}


@transaction.atomic
def update_steps(*, pre_proceedings: PreProceedings, steps: PreProceedingsSteps, by: Staff, at: datetime):
    """The letter, the meeting with the parents and family group decision making, as they happen. A date
    once recorded may be corrected; each newly recorded step goes on the chronology."""
    pp = PreProceedings.objects.select_for_update().get(pk=pre_proceedings.pk)
    if not pp.is_open:
        raise LegalError("These pre-proceedings have ended: their steps can no longer change")
    for name, value in steps.__dict__.items():
        _not_future(value, at, "The date", name)
        if value is not None and value < pp.started_on:
            raise LegalError("The date cannot be before pre-proceedings started", name)
    if steps.initial_meeting_on and steps.letter_sent_on and steps.initial_meeting_on < steps.letter_sent_on:
        raise LegalError(
            "The meeting with the parents follows the letter before proceedings", "initial_meeting_on"
        )
    if steps.fgdm_held_on and not steps.fgdm_offered_on:
        raise LegalError("Enter when family group decision making was offered", "fgdm_offered_on")
    if steps.fgdm_held_on and steps.fgdm_offered_on and steps.fgdm_held_on < steps.fgdm_offered_on:
        raise LegalError("The meeting cannot be held before it was offered", "fgdm_held_on")
    for name, value in steps.__dict__.items():
        if getattr(pp, name) is None and value is not None:
            kind, summary = _STEP_EVENTS[name]
            chronology.record(
                person=pp.child, kind=kind, by=by, at=at, summary=summary, data={"on": value.isoformat()}
            )
        setattr(pp, name, value)
    pp.save()
    return pp


@transaction.atomic
def record_review(*, pre_proceedings: PreProceedings, held_on: date, summary: str, by: Staff, at: datetime):
    pp = PreProceedings.objects.select_for_update().get(pk=pre_proceedings.pk)
    if not pp.is_open:
        raise LegalError("These pre-proceedings have ended")
    _not_future(held_on, at, "The date of the review", "held_on")
    if held_on < pp.started_on:
        raise LegalError("The review cannot be before pre-proceedings started", "held_on")
    review = PreProceedingsReview.objects.create(
        pre_proceedings=pp, held_on=held_on, summary=summary, recorded_by=by
    )
    chronology.record(
        person=pp.child,
        kind=LegalEvent.PRE_PROCEEDINGS_MEETING,
        by=by,
        at=at,
        summary="Pre-proceedings review meeting",
        data={"on": held_on.isoformat()},
    )
    return review


@transaction.atomic
def end_pre_proceedings(
    *, pre_proceedings: PreProceedings, outcome: str, on: date, rationale: str, by: Staff, at: datetime
) -> PreProceedings:
    pp = PreProceedings.objects.select_for_update().get(pk=pre_proceedings.pk)
    if not pp.is_open:
        raise LegalError("These pre-proceedings have already ended")
    if outcome not in PreProceedingsOutcome.values:
        raise LegalError("Choose the decision", "outcome")
    _not_future(on, at, "The date of the decision", "on")
    if on < pp.started_on:
        raise LegalError("The decision cannot be before pre-proceedings started", "on")
    if not rationale.strip():
        raise LegalError("Enter the reasons for the decision", "rationale")
    pp.outcome, pp.outcome_on, pp.outcome_rationale = outcome, on, rationale
    pp.save()
    chronology.record(
        person=pp.child,
        kind=LegalEvent.PRE_PROCEEDINGS_ENDED,
        by=by,
        at=at,
        summary=f"Pre-proceedings ended: {pp.get_outcome_display()}",
        data={"outcome": outcome, "on": on.isoformat()},
        significant=True,
    )
    return pp


@transaction.atomic
def issue_proceedings(
    *,
    child: Person,
    application_on: date,
    court: str,
    case_number: str,
    judge: str,
    by: Staff,
    at: datetime,
) -> CareProceedings:
    """The council applies to the court. Pre-proceedings still running end with the decision to step up on
    the day of the application."""
    child = _lock(child)
    _not_future(application_on, at, "The date of the application", "application_on")
    if open_proceedings(child) is not None:
        raise LegalError("Care proceedings are already running for this child: record the final order first")
    pp = open_pre_proceedings(child)
    if pp is not None:
        if application_on < pp.started_on:
            raise LegalError("The application cannot be before pre-proceedings started", "application_on")
        end_pre_proceedings(
            pre_proceedings=pp,
            outcome=PreProceedingsOutcome.STEP_UP,
            on=application_on,
            rationale="Care proceedings issued",
            by=by,
            at=at,
        )
    proceedings = CareProceedings.objects.create(
        child=child,
        pre_proceedings=pp,
        application_on=application_on,
        court=court,
        case_number=case_number,
        judge=judge,
        issued_by=by,
    )
    chronology.record(
        person=child,
        kind=LegalEvent.PROCEEDINGS_ISSUED,
        by=by,
        at=at,
        summary=f"Care proceedings issued at {court}",
        data={"proceedings": proceedings.pk, "application_on": application_on.isoformat()},
        significant=True,
    )
    return proceedings


def _lock_open(proceedings: CareProceedings) -> CareProceedings:
    locked = (
        CareProceedings.objects.select_for_update(of=("self",)).select_related("child").get(pk=proceedings.pk)
    )
    if not locked.is_open:
        raise LegalError("These proceedings have concluded")
    return locked


@transaction.atomic
def record_hearing(
    *, proceedings: CareProceedings, kind: str, on: date, outcome: str, by: Staff, at: datetime
) -> Hearing:
    """A hearing, listed (a future date) or held (with its outcome). Courts do not sit at weekends or on bank
    holidays."""
    proceedings = _lock_open(proceedings)
    if on < proceedings.application_on:
        raise LegalError("The hearing cannot be before the application", "on")
    if not is_working_day(on, holidays=holiday_calendar()):
        raise LegalError("Courts do not sit on that day (a weekend or bank holiday): check the date", "on")
    if outcome.strip() and on > at.date():
        raise LegalError("A hearing in the future has no outcome yet: leave the outcome empty", "outcome")
    hearing = Hearing.objects.create(proceedings=proceedings, kind=kind, on=on, outcome=outcome)
    chronology.record(
        person=proceedings.child,
        kind=LegalEvent.HEARING,
        by=by,
        at=at,
        summary=f"{hearing.get_kind_display()} {'listed' if on > at.date() else 'held'}",
        data={"on": on.isoformat(), "kind": kind},
    )
    return hearing


@transaction.atomic
def record_interim_order(
    *,
    proceedings: CareProceedings,
    kind: str,
    made_on: date,
    ends_on: date | None,
    by: Staff,
    at: datetime,
) -> InterimOrder:
    """An interim order. An interim care order made for a child already looked after (for example under
    section 20) changes their legal status to C1 from that day."""
    proceedings = _lock_open(proceedings)
    _not_future(made_on, at, "The date the order was made", "made_on")
    if made_on < proceedings.application_on:
        raise LegalError("The order cannot be made before the application", "made_on")
    if ends_on is not None and ends_on < made_on:
        raise LegalError("The order cannot end before it was made", "ends_on")
    order = InterimOrder.objects.create(proceedings=proceedings, kind=kind, made_on=made_on, ends_on=ends_on)
    child = proceedings.child
    if kind == InterimOrderType.ICO:
        current = current_episodes([child.pk]).get(child.pk)
        if current is not None and current.legal_status != "C1":
            _care(care_services.legal_status_change, child=child, on=made_on, legal_status="C1", by=by, at=at)
    chronology.record(
        person=child,
        kind=LegalEvent.INTERIM_ORDER,
        by=by,
        at=at,
        summary=f"{order.get_kind_display()} made",
        data={"made_on": made_on.isoformat(), "kind": kind},
        significant=True,
    )
    return order


# What a final order means for a looked-after child: the legal status it gives, or that care ends.
ORDER_LEGAL_STATUS = {FinalOrder.CARE_ORDER: "C2", FinalOrder.PLACEMENT_ORDER: "E1"}
SGO_REASONS = ("E45", "E46", "E47", "E48")
ENDS_CARE_REASONS = {
    FinalOrder.SPECIAL_GUARDIANSHIP: SGO_REASONS,
    FinalOrder.CHILD_ARRANGEMENTS: ("E41",),
    FinalOrder.SUPERVISION_ORDER: ("E4A", "E4B", "E13"),
    FinalOrder.NO_ORDER: ("E4A", "E4B", "E13"),
    FinalOrder.WITHDRAWN: ("E4A", "E4B", "E13"),
}


def _care(fn, **kwargs):
    try:
        return fn(**kwargs)
    except care_services.CareError as error:
        raise LegalError(str(error), "reason_ceased" if fn is care_services.care_end else "order") from error


@transaction.atomic
def record_final_order(
    *,
    proceedings: CareProceedings,
    order: str,
    on: date,
    reason_ceased: str = "",
    by: Staff,
    at: datetime,
) -> CareProceedings:
    """The proceedings conclude. For a looked-after child a care order or placement order becomes their legal
    status (a new SSDA903 episode, RNE L); an order that ends care (special guardianship, child arrangements,
    supervision, no order) ends the period of care with the reason given (REC)."""
    proceedings = _lock_open(proceedings)
    if order not in FinalOrder.values:
        raise LegalError("Choose the final order", "order")
    _not_future(on, at, "The date of the order", "on")
    if on < proceedings.application_on:
        raise LegalError("The order cannot be made before the application", "on")
    child = proceedings.child
    current = current_episodes([child.pk]).get(child.pk)
    if current is not None:
        if order in ORDER_LEGAL_STATUS:
            if reason_ceased:
                raise LegalError(
                    "A care or placement order does not end care: leave the reason empty", "reason_ceased"
                )
            if current.legal_status != ORDER_LEGAL_STATUS[order]:
                _care(
                    care_services.legal_status_change,
                    child=child,
                    on=on,
                    legal_status=ORDER_LEGAL_STATUS[order],
                    by=by,
                    at=at,
                )
        else:
            allowed = ENDS_CARE_REASONS[order]
            if reason_ceased not in allowed:
                raise LegalError(
                    f"This order ends {child.given_name}'s care: choose why care ended ({', '.join(allowed)})",
                    "reason_ceased",
                )
            _care(care_services.care_end, child=child, on=on, reason_ceased=reason_ceased, by=by, at=at)
    elif reason_ceased:
        raise LegalError(
            f"{child.given_name} is not looked after: leave the reason care ended empty", "reason_ceased"
        )
    proceedings.final_order, proceedings.final_order_on = order, on
    proceedings.save()
    chronology.record(
        person=child,
        kind=LegalEvent.FINAL_ORDER,
        by=by,
        at=at,
        summary=f"Final order: {proceedings.get_final_order_display()}",
        data={"order": order, "on": on.isoformat(), "reason_ceased": reason_ceased},
        significant=True,
    )
    return proceedings
