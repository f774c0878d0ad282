"""Strategy discussions and section 47 enquiries."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction

from carefile.common import chronology
from carefile.people.models import Person, PersonKind

from ..codes import (
    NO_CONFERENCE_OUTCOMES,
    Agency,
    ConferenceKind,
    EnquiryOutcome,
    ProtectionEvent,
    StrategyDecision,
)
from ..models import (
    Conference,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from ..timescales import icpc_target
from .base import (
    MANAGER_ROLES,
    REQUIRED_AGENCIES,
    REQUIRED_AGENCY_NAMES,
    Participant,
    ProtectionError,
    _and,
    _open_episode,
    _short,
    enquiry_in_progress,
    local_date,
    say_date,
)

# Strategy discussions ------------------------------------------------------------------------------------


def _check_participants(participants: Sequence[Participant]) -> list[Participant]:
    chosen = [p for p in participants if p.name.strip()]
    if not chosen:
        raise ProtectionError("Record who took part in the discussion")
    for p in chosen:
        if p.agency not in Agency.values:
            raise ProtectionError(f"Choose the agency {p.name.strip()} was from")
    present = {p.agency for p in chosen}
    missing = [REQUIRED_AGENCY_NAMES[a] for a in REQUIRED_AGENCIES if a not in present]
    if missing:
        raise ProtectionError(
            f"Add who took part from {_and(missing)}: a strategy discussion needs children's social care "
            "and the police (and health, wherever possible)"
        )
    return chosen


@transaction.atomic
def strategy_discussion_record(
    *,
    child: Person,
    by,
    at: datetime,
    holidays: Container[date],
    held_at: datetime,
    participants: Sequence[Participant],
    information_shared: str,
    decision: str,
    rationale: str,
    immediate_safety_actions: str = "",
    also_about: Sequence[Person] = (),
) -> list[StrategyDiscussion]:
    """Record a strategy discussion about a child (and any brothers and sisters discussed with them).

    Each child gets a record of their own. A decision to start a section 47 enquiry starts one for each child
    who has none under way; a child whose enquiry is under way has the discussion added to it.
    """
    children = [child, *[c for c in also_about if c.pk != child.pk]]
    if held_at > at:
        raise ProtectionError("The discussion cannot be in the future")
    if decision not in StrategyDecision.values:
        raise ProtectionError("Choose the decision: a section 47 enquiry or not")
    if not information_shared.strip():
        raise ProtectionError("Enter the information shared")
    if not rationale.strip():
        raise ProtectionError("Give the rationale for the decision")
    chosen = _check_participants(participants)
    held_on = local_date(held_at)
    episodes = {}
    for c in children:
        if c.kind != PersonKind.CHILD:
            raise ProtectionError("Strategy discussions are about children")
        episode = _open_episode(c)
        if episode is None:
            raise ProtectionError(
                f"{c.full_name} has no open referral: a strategy discussion belongs to an open episode of need. "
                "Record a contact and a screening decision of “strategy discussion” first"
            )
        if held_on < episode.referral_date:
            raise ProtectionError(
                f"The discussion cannot be before {c.full_name}'s referral on {say_date(episode.referral_date)}"
            )
        episodes[c.pk] = episode
    agencies = _and(sorted({Agency(p.agency).label.lower() for p in chosen}, key=str))
    discussions = []
    meeting = None
    for c in children:
        discussion = StrategyDiscussion.objects.create(
            child=c,
            episode=episodes[c.pk],
            held_at=held_at,
            information_shared=information_shared.strip(),
            decision=decision,
            rationale=rationale.strip(),
            immediate_safety_actions=immediate_safety_actions.strip(),
            recorded_by=by,
            recorded_at=at,
            **({"meeting": meeting} if meeting else {}),
        )
        meeting = discussion.meeting
        StrategyParticipant.objects.bulk_create(
            StrategyParticipant(
                discussion=discussion, name=p.name.strip(), agency=p.agency, role=p.role.strip()
            )
            for p in chosen
        )
        summary = (
            f"Strategy discussion with {agencies}: {StrategyDecision(decision).label.lower()}. "
            f"Rationale: {_short(rationale)}"
        )
        if len(children) > 1:
            others = [o.given_name for o in children if o.pk != c.pk]
            summary += f". Discussed with {_and(others)}"
        chronology.record(
            person=c,
            kind=ProtectionEvent.STRATEGY_DISCUSSION,
            by=by,
            at=held_at,
            summary=summary,
            data={"discussion": discussion.pk, "decision": decision},
            significant=decision == StrategyDecision.SECTION_47,
        )
        under_way = enquiry_in_progress(c)
        if under_way is not None:
            discussion.enquiry = under_way
            discussion.save(update_fields=["enquiry"])
        elif decision == StrategyDecision.SECTION_47:
            _enquiry_start(discussion, by=by, at=at, holidays=holidays)
        discussions.append(discussion)
    return discussions


def _enquiry_start(discussion: StrategyDiscussion, *, by, at: datetime, holidays) -> Section47Enquiry:
    start = local_date(discussion.held_at)
    try:
        with transaction.atomic():
            enquiry = Section47Enquiry.objects.create(
                child=discussion.child,
                episode=discussion.episode,
                started_by=discussion,
                start_date=start,
                icpc_target=icpc_target(start, holidays=holidays),
            )
    except IntegrityError:
        raise ProtectionError(
            f"{discussion.child.full_name} already has an open section 47 enquiry"
        ) from None
    # Earlier discussions in this episode that led up to the enquiry are part of it.
    StrategyDiscussion.objects.filter(
        episode=discussion.episode,
        child=discussion.child,
        enquiry__isnull=True,
        held_at__lte=discussion.held_at,
    ).update(enquiry=enquiry)
    discussion.enquiry = enquiry
    chronology.record(
        person=discussion.child,
        kind=ProtectionEvent.S47_STARTED,
        by=by,
        at=discussion.held_at,
        summary=f"Section 47 enquiry started on {say_date(start)}. If a conference is needed it must be held by "
        f"{say_date(enquiry.icpc_target)}",
        data={"enquiry": enquiry.pk, "discussion": discussion.pk, "target": enquiry.icpc_target.isoformat()},
        significant=True,
    )
    return enquiry


# Section 47 enquiries ------------------------------------------------------------------------------------


def _initial_conference_held(enquiry: Section47Enquiry) -> bool:
    return Conference.objects.filter(
        enquiry=enquiry, kind=ConferenceKind.INITIAL, held_on__isnull=False
    ).exists()


@transaction.atomic
def enquiry_findings_save(
    *, enquiry: Section47Enquiry, by, at: datetime, findings: str, outcome: str
) -> Section47Enquiry:
    """Record (or change, until it is signed off) the enquiry's findings and outcome."""
    enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.closed_on is not None:
        raise ProtectionError(
            f"This enquiry was signed off on {say_date(enquiry.closed_on)}: its outcome can no longer change"
        )
    if not findings.strip():
        raise ProtectionError("Enter the findings of the enquiry")
    if outcome and outcome not in EnquiryOutcome.values:
        raise ProtectionError("Choose the outcome of the enquiry")
    if (
        enquiry.outcome == EnquiryOutcome.CONFERENCE
        and outcome != enquiry.outcome
        and _initial_conference_held(enquiry)
    ):
        raise ProtectionError(
            "An initial conference has already been held for this enquiry: its outcome stands"
        )
    changed = outcome != enquiry.outcome
    if outcome in NO_CONFERENCE_OUTCOMES:
        # A conference booked while the enquiry went on is not needed after all.
        Conference.objects.filter(enquiry=enquiry, kind=ConferenceKind.INITIAL, held_on__isnull=True).delete()
    enquiry.findings = findings.strip()
    enquiry.outcome = outcome
    enquiry.outcome_by, enquiry.outcome_at = (by, at) if outcome else (None, None)
    enquiry.save(update_fields=["findings", "outcome", "outcome_by", "outcome_at"])
    summary = "Section 47 enquiry findings recorded"
    if outcome and changed:
        summary += f". Outcome: {EnquiryOutcome(outcome).label.lower()}"
    chronology.record(
        person=enquiry.child,
        kind=ProtectionEvent.S47_FINDINGS,
        by=by,
        at=at,
        summary=f"{summary}: {_short(findings, 140)}",
        data={"enquiry": enquiry.pk, "outcome": outcome},
    )
    return enquiry


@transaction.atomic
def enquiry_close(*, enquiry: Section47Enquiry, by, at: datetime, comment: str = "") -> Section47Enquiry:
    """A manager signs off the enquiry's outcome, which closes it. It cannot close without an outcome."""
    enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.closed_on is not None:
        raise ProtectionError(f"This enquiry was already signed off on {say_date(enquiry.closed_on)}")
    if not enquiry.outcome:
        raise ProtectionError("Record the outcome of the enquiry before closing it")
    if getattr(by, "role", None) not in MANAGER_ROLES:
        raise ProtectionError("Only a team manager or head of service can sign off a section 47 enquiry")
    closed_on = max(local_date(at), enquiry.start_date)
    enquiry.signed_off_by, enquiry.signed_off_at, enquiry.closed_on = by, at, closed_on
    enquiry.sign_off_comment = comment.strip()
    enquiry.save(update_fields=["signed_off_by", "signed_off_at", "closed_on", "sign_off_comment"])
    summary = f"Section 47 enquiry signed off by {by}: {EnquiryOutcome(enquiry.outcome).label.lower()}"
    if comment.strip():
        summary += f". {_short(comment, 120)}"
    chronology.record(
        person=enquiry.child,
        kind=ProtectionEvent.S47_CONCLUDED,
        by=by,
        at=at,
        summary=summary,
        data={"enquiry": enquiry.pk, "outcome": enquiry.outcome},
        significant=True,
    )
    return enquiry
