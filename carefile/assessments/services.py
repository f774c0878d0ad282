"""Assessment writes: start, save the draft, submit, return, authorise, internal reviews, corrections, and
closing the child-in-need episode.

Every service takes who acts (`by`) and when (`at`), runs in one transaction and writes its own chronology
event. Domain errors are `AssessmentError`s whose message is for the user.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carefile.common import chronology
from carefile.common.extensions import closure_blockers, threshold_decision
from carefile.common.models import EventKind
from carefile.common.workdays import add_working_days
from carefile.frontdoor.codes import ClosureReason, PrimaryNeed
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person
from carefile.recording.models import ChildVoice, VoiceSource
from carefile.recording.services import voice_record

from .codes import CLOSING_OUTCOMES, NO_FACTORS, Communication, Factor, Outcome, Status, factor_problems
from .models import (
    ASSESSMENT_WORKING_DAYS,
    Assessment,
    AssessmentCorrection,
    AssessmentEvent,
    AssessmentFactor,
    AssessmentReturn,
    AssessmentSettings,
    InternalReview,
    factor_sort_key,
)


class AssessmentError(Exception):
    """An assessment action that cannot be done as asked; the message says why."""


class AssessmentIncomplete(AssessmentError):
    """A draft that cannot be submitted yet: `problems` maps each field to what is missing."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class EpisodeCloseError(Exception):
    """The episode cannot close as asked; the message says why."""


MANAGER_ROLES = {"team_manager", "head_of_service"}
WRITER_ROLES = {"social_worker", "team_manager", "head_of_service"}
# Statuses a new assessment does not override: the child's heavier plan or care status stands.
STATUS_KEPT_AT_START = {CaseStatus.CHILD_PROTECTION, CaseStatus.LOOKED_AFTER, CaseStatus.CARE_LEAVER}
# Statuses the care app keeps (a period of care, leaving-care support): no outcome or closure here changes them.
CARE_STATUSES_KEPT = {CaseStatus.LOOKED_AFTER, CaseStatus.CARE_LEAVER}
# The child's status once an assessment with this outcome is authorised (others leave it as it is: NFA and
# early help wait for the episode to close; a strategy discussion for the child protection records).
STATUS_AFTER_OUTCOME = {
    Outcome.CIN_PLAN: CaseStatus.CHILD_IN_NEED,
    Outcome.LOOKED_AFTER: CaseStatus.LOOKED_AFTER,
}
SECTIONS = ["developmental_needs", "parenting_capacity", "family_environment", "analysis", "child_voice"]


def _local_date(at: datetime) -> date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def completion_due_date(clock_start: date, *, holidays: Container[date]) -> date:
    """An assessment is due 45 working days after day 0 of its clock (the referral date)."""
    return add_working_days(clock_start, ASSESSMENT_WORKING_DAYS, holidays=holidays)


def review_due_dates(clock_start: date, *, holidays: Container[date]) -> list[tuple[int, str, date]]:
    """Each of the council's internal review points (working days, name) and its date for a clock starting on
    `clock_start`."""
    return [
        (days, name, add_working_days(clock_start, days, holidays=holidays))
        for days, name in AssessmentSettings.current().review_points()
    ]


def open_assessment(referral: Referral) -> Assessment | None:
    return Assessment.objects.open().filter(referral=referral).first()


@transaction.atomic
def assessment_start(
    *, referral: Referral, by, at: datetime, start_date: date, holidays: Container[date]
) -> Assessment:
    """Start an assessment on the open episode. The first of the episode runs 45 working days from the referral."""
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    child = referral.child
    if by.role not in WRITER_ROLES:
        raise AssessmentError("Only a social worker or a manager can start an assessment")
    if referral.closure_date is not None:
        raise AssessmentError("This episode of need is closed: an assessment needs an open referral")
    if referral.referral_nfa:
        raise AssessmentError("This referral ended with no further action, so it cannot hold an assessment")
    if start_date < referral.referral_date:
        raise AssessmentError(
            f"The start date must be on or after the referral date, {_day(referral.referral_date)}"
        )
    if start_date > _local_date(at):
        raise AssessmentError("The start date must be today or in the past")
    current = open_assessment(referral)
    if current is not None:
        raise AssessmentError(
            f"{child.full_name} already has an assessment in progress, started {_day(current.start_date)}"
        )
    earlier = referral.assessments.filter(status=Status.AUTHORISED).order_by("-authorised_on").first()
    if earlier is not None and start_date < earlier.authorised_on:
        raise AssessmentError(
            f"Assessments cannot overlap: the last one was authorised on {_day(earlier.authorised_on)}"
        )
    clock_start = referral.referral_date if earlier is None else start_date
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                child=child,
                referral=referral,
                start_date=start_date,
                clock_start=clock_start,
                due_date=completion_due_date(clock_start, holidays=holidays),
                started_by=by,
                started_at=at,
            )
    except IntegrityError as error:  # a second start at the same moment
        raise AssessmentError(f"{child.full_name} already has an assessment in progress") from error
    InternalReview.objects.bulk_create(
        InternalReview(assessment=assessment, working_days=days, name=name, due_date=due)
        for days, name, due in review_due_dates(clock_start, holidays=holidays)
    )
    if child.case_status not in STATUS_KEPT_AT_START:
        child.case_status = CaseStatus.ASSESSMENT
        child.save(update_fields=["case_status"])
    chronology.record(
        person=child,
        kind=AssessmentEvent.STARTED,
        by=by,
        at=at,
        summary=f"Assessment started on {_day(start_date)}; due by {_day(assessment.due_date)}",
        data={"assessment": assessment.pk, "referral": referral.pk, "due": assessment.due_date.isoformat()},
    )
    return assessment


def _lock_open(assessment: Assessment) -> Assessment:
    current = Assessment.objects.select_for_update().select_related("child", "referral").get(pk=assessment.pk)
    if current.is_authorised:
        raise AssessmentError(
            "This assessment has been authorised and cannot be changed: add a correction instead"
        )
    return current


@transaction.atomic
def assessment_save_draft(
    *,
    assessment: Assessment,
    by,
    at: datetime,
    developmental_needs: str = "",
    parenting_capacity: str = "",
    family_environment: str = "",
    analysis: str = "",
    child_voice: str = "",
    child_communication: Sequence[str] = (),
    factors: Sequence[str] = (),
    outcome: str = "",
    outcome_detail: str = "",
    primary_need: str = "",
    submit: bool = False,
) -> Assessment:
    """Save the worker's draft. A draft may be incomplete, but what is there must be valid.

    With `submit`, the draft then goes to a manager for authorisation, in the same transaction: if it is
    incomplete (`AssessmentIncomplete`), nothing is saved.
    """
    assessment = _lock_open(assessment)
    if by.role not in WRITER_ROLES:
        raise AssessmentError("Only a social worker or a manager can write an assessment")
    if not assessment.is_draft:
        raise AssessmentError(
            "This assessment is with a manager for authorisation; it can be changed if they return it"
        )
    factors = list(factors)
    problems = factor_problems(factors)
    if problems:
        raise AssessmentError(problems[0])
    if outcome and outcome not in Outcome.values:
        raise AssessmentError("Choose an outcome from the list")
    if primary_need and primary_need not in PrimaryNeed.values:
        raise AssessmentError("Choose a primary need from the list")
    if any(c not in Communication.values for c in child_communication):
        raise AssessmentError("Choose how the child communicated from the list")
    assessment.developmental_needs = developmental_needs.strip()
    assessment.parenting_capacity = parenting_capacity.strip()
    assessment.family_environment = family_environment.strip()
    assessment.analysis = analysis.strip()
    assessment.child_voice = child_voice.strip()
    assessment.child_communication = list(dict.fromkeys(child_communication))
    assessment.outcome = outcome
    assessment.outcome_detail = outcome_detail.strip()
    assessment.primary_need = primary_need
    assessment.save()
    if set(factors) != set(assessment.factors.values_list("code", flat=True)):
        assessment.factors.all().delete()
        AssessmentFactor.objects.bulk_create(AssessmentFactor(assessment=assessment, code=c) for c in factors)
    if submit:
        _submit(assessment, by=by, at=at)
    return assessment


def submission_problems(assessment: Assessment, factors: Sequence[str] | None = None) -> dict[str, str]:
    """What must be filled in before an assessment goes to a manager, field by field."""
    if factors is None:
        factors = list(assessment.factors.values_list("code", flat=True))
    problems: dict[str, str] = {}
    messages = {
        "developmental_needs": "Describe the child's developmental needs",
        "parenting_capacity": "Describe the parenting capacity",
        "family_environment": "Describe the family and environmental factors",
        "analysis": "Write the analysis of risk and strengths",
        "child_voice": "Record the child's voice: their words, or what you observed",
    }
    for field, message in messages.items():
        if not getattr(assessment, field).strip():
            problems[field] = message
    if not assessment.child_communication:
        problems["child_communication"] = "Choose how the child communicated"
    if not factors:
        problems["factors"] = "Choose the factors identified, or 'No factors identified'"
    elif factor_problems(list(factors)):
        problems["factors"] = factor_problems(list(factors))[0]
    elif NO_FACTORS in factors and assessment.outcome and assessment.outcome not in CLOSING_OUTCOMES:
        problems["factors"] = (
            "'No factors identified' fits only an outcome of no further action or early help: "
            "choose the factors that led to this outcome"
        )
    if not assessment.outcome:
        problems["outcome"] = "Choose the outcome of the assessment"
    elif assessment.outcome == Outcome.OTHER and not assessment.outcome_detail.strip():
        problems["outcome_detail"] = "Explain the outcome"
    if not assessment.primary_need:
        problems["primary_need"] = "Choose the child's primary need"
    return problems


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by, at: datetime) -> Assessment:
    """Send a complete draft to a manager for authorisation."""
    assessment = _lock_open(assessment)
    if by.role not in WRITER_ROLES:
        raise AssessmentError("Only a social worker or a manager can submit an assessment")
    return _submit(assessment, by=by, at=at)


def _submit(assessment: Assessment, *, by, at: datetime) -> Assessment:
    if not assessment.is_draft:
        raise AssessmentError("This assessment has already been submitted for authorisation")
    problems = submission_problems(assessment)
    if problems:
        raise AssessmentIncomplete(problems)
    assessment.status = Status.SUBMITTED
    assessment.submitted_by, assessment.submitted_at = by, at
    assessment.save()
    _record_voice(assessment, by=by, at=at)
    chronology.record(
        person=assessment.child,
        kind=AssessmentEvent.SUBMITTED,
        by=by,
        at=at,
        summary=f"Assessment submitted for authorisation by {by.name}",
        data={"assessment": assessment.pk},
    )
    return assessment


def _record_voice(assessment: Assessment, *, by, at: datetime) -> None:
    """The child's voice section becomes one of the child's recorded voices, so "what the child last told
    us" includes what they said in the assessment. Voices are append-only: a resubmission after a return
    adds the words again only if they changed."""
    words, communication = assessment.child_voice.strip(), list(assessment.child_communication)
    if not words or not communication:
        return
    last = (
        ChildVoice.objects.filter(
            child_id=assessment.child_id, source=VoiceSource.ASSESSMENT, source_id=assessment.pk
        )
        .order_by("-id")
        .first()
    )
    if last is not None and last.words == words and sorted(last.communication) == sorted(communication):
        return
    voice_record(
        child=assessment.child,
        by=by,
        at=at,
        words=words,
        communication=communication,
        source=VoiceSource.ASSESSMENT,
        source_ref=assessment,
    )


def _require_manager(by, action: str) -> None:
    if by.role not in MANAGER_ROLES:
        raise AssessmentError(f"Only a team manager or head of service can {action}")


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, at: datetime, comment: str) -> Assessment:
    """A manager sends a submitted assessment back to draft, saying what needs to change."""
    assessment = _lock_open(assessment)
    _require_manager(by, "return an assessment")
    if not assessment.is_submitted:
        raise AssessmentError("Only an assessment awaiting authorisation can be returned")
    comment = comment.strip()
    if not comment:
        raise AssessmentError("Say what needs to change before the assessment can be authorised")
    AssessmentReturn.objects.create(assessment=assessment, comment=comment, by=by, at=at)
    assessment.status = Status.DRAFT
    assessment.submitted_by = assessment.submitted_at = None
    assessment.save()
    chronology.record(
        person=assessment.child,
        kind=AssessmentEvent.RETURNED,
        by=by,
        at=at,
        summary=f"Assessment returned by {by.name}: {_short(comment)}",
        data={"assessment": assessment.pk, "comment": comment},
    )
    return assessment


@transaction.atomic
def assessment_authorise(*, assessment: Assessment, by, at: datetime) -> Assessment:
    """A manager authorises a submitted assessment. The authorisation date is the completion date."""
    assessment = _lock_open(assessment)
    _require_manager(by, "authorise an assessment")
    if not assessment.is_submitted:
        raise AssessmentError("Only an assessment submitted by the worker can be authorised")
    factors = sorted(assessment.factors.values_list("code", flat=True), key=factor_sort_key)
    problems = submission_problems(assessment, factors)
    if problems:
        raise AssessmentIncomplete(problems)
    on = _local_date(at)
    if on < assessment.start_date:
        raise AssessmentError("An assessment cannot be authorised before it started")
    assessment.status = Status.AUTHORISED
    assessment.authorised_by, assessment.authorised_at, assessment.authorised_on = by, at, on
    assessment.save()
    referral = Referral.objects.select_for_update().get(pk=assessment.referral_id)
    if referral.primary_need != assessment.primary_need:
        referral.primary_need = assessment.primary_need
        referral.save(update_fields=["primary_need"])
    child = assessment.child
    new_status = STATUS_AFTER_OUTCOME.get(assessment.outcome)
    if child.case_status in CARE_STATUSES_KEPT:  # the care app keeps these while care lasts
        new_status = None
    if new_status and child.case_status != new_status:
        child.case_status = new_status
        child.save(update_fields=["case_status"])
    outcome = Outcome(assessment.outcome).label
    late = on > assessment.due_date
    chronology.record(
        person=child,
        kind=AssessmentEvent.AUTHORISED,
        by=by,
        at=at,
        summary=_short(
            f"Assessment authorised by {by.name}{' (after the 45-working-day due date)' if late else ''}. "
            f"Outcome: {outcome}. Factors: {', '.join(_factor_names(factors))}",
            SUMMARY_LENGTH,
        ),
        data={
            "assessment": assessment.pk,
            "outcome": assessment.outcome,
            "factors": factors,
            "primary_need": assessment.primary_need,
            "on_time": not late,
        },
        significant=True,
    )
    threshold_decision(
        child=child,
        decision_type="assessment_authorisation",
        by=by,
        at=at,
        rationale=f"Assessment authorised. Outcome: {outcome}. "
        f"Factors: {', '.join(_factor_names(factors))}. {assessment.analysis}".strip(),
        source="assessments.authorise",
        source_ref=str(assessment.pk),
        url=reverse("assessments:detail", args=[assessment.pk]),
    )
    return assessment


def _factor_names(codes: Sequence[str]) -> list[str]:
    labels = dict(Factor.choices)
    return [f"{labels.get(c, c)} ({c})" for c in codes]


SUMMARY_LENGTH = 300  # ChronologyEvent.summary


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@transaction.atomic
def internal_review_record(
    *, assessment: Assessment, review: InternalReview, by, at: datetime, held_on: date, notes: str
) -> InternalReview:
    """A manager records that an internal review point was held, with their oversight and direction."""
    assessment = _lock_open(assessment)
    _require_manager(by, "record an internal review")
    review = InternalReview.objects.select_for_update().get(pk=review.pk, assessment=assessment)
    if review.held_on is not None:
        raise AssessmentError(
            f"The {review.name.lower()} was already recorded as held on {_day(review.held_on)}"
        )
    if held_on < assessment.start_date:
        raise AssessmentError(
            f"The review date must be on or after the start of the assessment, {_day(assessment.start_date)}"
        )
    if held_on > _local_date(at):
        raise AssessmentError("The review date must be today or in the past")
    if not notes.strip():
        raise AssessmentError("Record the oversight and direction given at the review")
    review.held_on, review.notes, review.recorded_by, review.recorded_at = held_on, notes.strip(), by, at
    review.save()
    chronology.record(
        person=assessment.child,
        kind=AssessmentEvent.REVIEWED,
        by=by,
        at=at,
        summary=f"{review.name} of the assessment held on {_day(held_on)}: {_short(notes)}",
        data={"assessment": assessment.pk, "review": review.pk, "working_days": review.working_days},
    )
    return review


@transaction.atomic
def assessment_correct(
    *, assessment: Assessment, by, at: datetime, part: str, correction: str, reason: str
) -> AssessmentCorrection:
    """Append a correction to an authorised assessment; the assessment itself stays as it was authorised."""
    assessment = Assessment.objects.select_related("child").get(pk=assessment.pk)
    if by.role not in WRITER_ROLES:
        raise AssessmentError("Only a social worker or a manager can correct an assessment")
    if not assessment.is_authorised:
        raise AssessmentError("This assessment is not authorised yet: change the draft instead")
    if not correction.strip() or not reason.strip():
        raise AssessmentError("Give the correction and the reason for it")
    added = AssessmentCorrection.objects.create(
        assessment=assessment, part=part, correction=correction.strip(), reason=reason.strip(), by=by, at=at
    )
    chronology.record(
        person=assessment.child,
        kind=AssessmentEvent.CORRECTED,
        by=by,
        at=at,
        summary=f"Correction to the assessment ({added.get_part_display().lower()}): {_short(reason)}",
        data={"assessment": assessment.pk, "correction": added.pk},
    )
    return added


# Closing the episode -------------------------------------------------------------------------------------


def unauthorised_assessment_blocker(episode: Referral) -> str | None:
    """The closure check this app registers: an episode cannot close while an assessment is unauthorised."""
    current = Assessment.objects.open().filter(referral=episode).order_by("start_date").first()
    if current is None:
        return None
    return (
        f"The assessment started on {_day(current.start_date)} has not been authorised. "
        "A manager must authorise it before the episode can close."
    )


@transaction.atomic
def episode_close(*, referral: Referral, by, at: datetime, closure_date: date, reason: str) -> Referral:
    """Close the child-in-need episode with a DfE reason (RC1–RC9). Nothing else is ended."""
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    child: Person = referral.child
    if by.role not in MANAGER_ROLES:
        raise EpisodeCloseError("Only a team manager or head of service can close an episode")
    if referral.closure_date is not None:
        raise EpisodeCloseError(f"This episode was already closed on {_day(referral.closure_date)}")
    if reason not in ClosureReason.values:
        raise EpisodeCloseError("Choose the reason for closure")
    blockers = closure_blockers(referral)
    if blockers:
        raise EpisodeCloseError(" ".join(blockers))
    if closure_date < referral.referral_date:
        raise EpisodeCloseError(
            f"The closure date must be on or after the referral date, {_day(referral.referral_date)}"
        )
    if closure_date > _local_date(at):
        raise EpisodeCloseError("The closure date must be today or in the past")
    latest = (
        Assessment.objects.filter(referral=referral, status=Status.AUTHORISED)
        .order_by("-authorised_on")
        .first()
    )
    if latest is not None and closure_date < latest.authorised_on:
        raise EpisodeCloseError(
            f"The closure date must be on or after the last assessment was authorised, {_day(latest.authorised_on)}"
        )
    if reason in {ClosureReason.RC8, ClosureReason.RC9} and latest is None:
        label = "no further action" if reason == ClosureReason.RC8 else "referred to early help"
        raise EpisodeCloseError(
            f"{reason} (closed after assessment, {label}) needs an authorised assessment in this episode: "
            "choose another reason, or complete the assessment first"
        )
    if reason == ClosureReason.RC2 and child.death_date is None:
        raise EpisodeCloseError(
            "RC2 (died) needs the child's date of death: record it on their details first"
        )
    referral.closure_date, referral.closure_reason = closure_date, reason
    referral.save(update_fields=["closure_date", "closure_reason"])
    if child.case_status and child.case_status not in CARE_STATUSES_KEPT:
        child.case_status = CaseStatus.NOT_OPEN
        child.save(update_fields=["case_status"])
    chronology.record(
        person=child,
        kind=EventKind.REFERRAL_CLOSED,
        by=by,
        at=at,
        summary=f"Episode of need closed on {_day(closure_date)}: {ClosureReason(reason).label}",
        data={"referral": referral.pk, "reason": reason, "closure_date": closure_date.isoformat()},
    )
    threshold_decision(
        child=child,
        decision_type="closure",
        by=by,
        at=at,
        rationale=f"Episode of need closed on {_day(closure_date)}: {ClosureReason(reason).label}",
        source="assessments.episode_close",
        source_ref=str(referral.pk),
    )
    return referral
