"""Front-door writes: recording a contact, the screening decision and its sign-off, opening a referral."""

from collections.abc import Container, Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carefile.common import chronology
from carefile.common.extensions import threshold_decision
from carefile.common.models import EventKind
from carefile.common.workdays import add_working_days
from carefile.people.models import CaseStatus, Person, PersonKind

from .models import OPENS_REFERRAL, Contact, ContactChild, Outcome, Referral, ScreeningDecision


class FrontDoorError(Exception):
    """A front-door action that cannot be done as asked; the message says why."""


def screening_due_date(received_at: datetime, *, holidays: Container[date]) -> date:
    """A screening decision is due by the end of the next working day after receipt."""
    return add_working_days(timezone.localtime(received_at).date(), 1, holidays=holidays)


@transaction.atomic
def contact_record(
    *,
    by,
    at: datetime,
    holidays: Container[date],
    children: Sequence[Person],
    team,
    received_at: datetime,
    source: str,
    presenting_concerns: str,
    consent: str,
    consent_notes: str = "",
    partner_information: str = "",
    referrer_name: str = "",
    referrer_organisation: str = "",
    referrer_contact: str = "",
    priority: str = "standard",
) -> Contact:
    if not children:
        raise FrontDoorError("A contact must be about at least one child")
    if any(c.kind != PersonKind.CHILD for c in children):
        raise FrontDoorError("A contact is about children: choose children only")
    if received_at > at:
        raise FrontDoorError("The contact cannot have been received in the future")
    if not presenting_concerns.strip():
        raise FrontDoorError("Describe the presenting concerns")
    contact = Contact.objects.create(
        received_at=received_at,
        source=source,
        presenting_concerns=presenting_concerns.strip(),
        consent=consent,
        consent_notes=consent_notes,
        partner_information=partner_information,
        referrer_name=referrer_name,
        referrer_organisation=referrer_organisation,
        referrer_contact=referrer_contact,
        priority=priority,
        team=team,
        screening_due=screening_due_date(received_at, holidays=holidays),
        recorded_by=by,
        recorded_at=at,
    )
    ContactChild.objects.bulk_create(ContactChild(contact=contact, child=c) for c in children)
    for child in children:
        chronology.record(
            person=child,
            kind=EventKind.CONTACT_RECEIVED,
            by=by,
            at=received_at,
            summary=f"Contact received from {contact.get_source_display()}: {_short(presenting_concerns)}",
            data={"contact": contact.pk},
        )
    return contact


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def previous_referral_within_a_year(*, child: Person, on: date) -> Referral | None:
    year_before = on - timedelta(days=365)
    return (
        Referral.objects.filter(child=child, referral_date__gte=year_before, referral_date__lte=on)
        .order_by("-referral_date")
        .first()
    )


@transaction.atomic
def referral_open(
    *,
    child: Person,
    by,
    at: datetime,
    referral_date: date,
    source: str,
    team,
    presenting_issue: str,
    priority: str = "standard",
    contact: Contact | None = None,
) -> Referral:
    """Open a child-in-need episode. A child has at most one open episode."""
    open_episode = Referral.objects.select_for_update().filter(child=child, closure_date__isnull=True).first()
    if open_episode is not None:
        raise FrontDoorError(
            f"{child.full_name} already has an open referral from "
            f"{open_episode.referral_date.day} {open_episode.referral_date:%B %Y}: "
            "record this on their open case"
        )
    previous = previous_referral_within_a_year(child=child, on=referral_date)
    referral = Referral.objects.create(
        child=child,
        contact=contact,
        referral_date=referral_date,
        source=source,
        team=team,
        priority=priority,
        presenting_issue=_short(presenting_issue, 300),
        re_referral=previous is not None,
        opened_by=by,
    )
    # A looked-after child or a care leaver keeps that status (the care app keeps it while care lasts).
    if child.case_status not in {CaseStatus.LOOKED_AFTER, CaseStatus.CARE_LEAVER}:
        child.case_status = CaseStatus.REFERRAL
    child.responsible_team = team
    child.save(update_fields=["case_status", "responsible_team"])
    summary = f"Referral to children's social care opened; awaiting allocation in {team.name}"
    if previous is not None:
        summary += (
            f". Re-referral: previous referral {previous.referral_date.day} {previous.referral_date:%B %Y}"
        )
    chronology.record(
        person=child,
        kind=EventKind.REFERRAL_OPENED,
        by=by,
        at=at,
        summary=summary,
        data={"referral": referral.pk, "re_referral": referral.re_referral},
    )
    return referral


def _is_manager(staff) -> bool:
    return staff.role in {"team_manager", "head_of_service"}


@transaction.atomic
def screening_decide(
    *,
    contact: Contact,
    by,
    at: datetime,
    outcome: str,
    options_considered: Sequence[str],
    rationale: str,
    referral_team=None,
) -> ScreeningDecision:
    """Record the screening decision. A decision made by a manager is signed off by making it."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if ScreeningDecision.objects.filter(contact=contact).exists():
        raise FrontDoorError("A screening decision has already been recorded for this contact")
    if not rationale.strip():
        raise FrontDoorError("Give the rationale for the decision")
    if outcome in OPENS_REFERRAL and referral_team is None:
        raise FrontDoorError("Choose the team the referral goes to")
    if at < contact.received_at:
        raise FrontDoorError("A decision cannot be made before the contact was received")
    considered = sorted(set(options_considered) | {outcome})
    decision = ScreeningDecision.objects.create(
        contact=contact,
        outcome=outcome,
        options_considered=considered,
        rationale=rationale.strip(),
        decided_by=by,
        decided_at=at,
        referral_team=referral_team if outcome in OPENS_REFERRAL else None,
        signed_off_by=by if _is_manager(by) else None,
        signed_off_at=at if _is_manager(by) else None,
    )
    label = Outcome(outcome).label
    children = list(Person.objects.filter(contact_links__contact=contact).order_by("id"))
    for child in children:
        chronology.record(
            person=child,
            kind=EventKind.SCREENING_DECISION,
            by=by,
            at=at,
            summary=f"Screening decision: {label}. Rationale: {_short(rationale, 200)}",
            data={"contact": contact.pk, "decision": decision.pk, "outcome": outcome},
        )
        _file_screening_decision(decision, child=child, by=by, at=at)
        if outcome in OPENS_REFERRAL:
            if Referral.objects.filter(child=child, closure_date__isnull=True).exists():
                chronology.record(
                    person=child,
                    kind=EventKind.SCREENING_DECISION,
                    by=by,
                    at=at,
                    summary="Referral not opened: the child already has an open referral; the contact is added to it",
                    data={"contact": contact.pk},
                )
                continue
            referral_open(
                child=child,
                by=by,
                at=at,
                referral_date=timezone.localtime(contact.received_at).date(),
                source=contact.source,
                team=referral_team,
                presenting_issue=contact.presenting_concerns,
                priority=contact.priority,
                contact=contact,
            )
    return decision


def _file_screening_decision(
    decision: ScreeningDecision, *, child, by, at: datetime, comment: str = ""
) -> None:
    """File a manager's screening decision (made or signed off) in the child's management decision log."""
    labels = dict(Outcome.choices)
    rationale = f"{labels.get(decision.outcome, decision.outcome)}. {decision.rationale}"
    if comment.strip():
        rationale += f"\nSign-off: {comment.strip()}"
    threshold_decision(
        child=child,
        decision_type="screening",
        by=by,
        at=at,
        rationale=rationale,
        options_considered=", ".join(labels.get(o, o) for o in decision.options_considered),
        source="frontdoor.screening",
        source_ref=str(decision.pk),
        url=reverse("frontdoor:contact", args=[decision.contact_id]),
    )


@transaction.atomic
def screening_sign_off(
    *, decision: ScreeningDecision, by, at: datetime, comment: str = ""
) -> ScreeningDecision:
    decision = ScreeningDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.signed_off_at is not None:
        raise FrontDoorError("This decision has already been signed off")
    if not _is_manager(by):
        raise FrontDoorError("Only a team manager or head of service can sign off a screening decision")
    decision.signed_off_by, decision.signed_off_at, decision.sign_off_comment = by, at, comment.strip()
    decision.save(update_fields=["signed_off_by", "signed_off_at", "sign_off_comment"])
    for child in Person.objects.filter(contact_links__contact_id=decision.contact_id):
        chronology.record(
            person=child,
            kind=EventKind.DECISION_SIGNED_OFF,
            by=by,
            at=at,
            summary=f"Screening decision ({decision.get_outcome_display().lower()}) signed off by {by}"
            + (f": {_short(comment, 200)}" if comment.strip() else ""),
            data={"decision": decision.pk},
        )
        _file_screening_decision(decision, child=child, by=by, at=at, comment=comment)
    return decision
