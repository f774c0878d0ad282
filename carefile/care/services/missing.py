"""Going missing from care or from home, coming back, and the return home interview."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction

from carefile.common import chronology
from carefile.people.models import Person
from carefile.workforce.models import Staff

from .. import codes
from ..models import (
    CareEvent,
    MissingEpisode,
    ReturnInterviewResponse,
)
from ..timescales import return_interview_due, say_date
from .base import (
    CareError,
    _check_alive_and_born,
    _local_date,
    _lock_child,
    _not_future,
    _period_on,
    _say_time,
)

# ---- going missing --------------------------------------------------------------------------------------


@transaction.atomic
def missing_record(
    *,
    child: Person,
    kind: str,
    started_at: datetime,
    ended_at: datetime | None = None,
    where_found: str = "",
    reported_to_police: bool = False,
    notes: str = "",
    by: Staff,
    at: datetime,
) -> MissingEpisode:
    """The child went missing (M) or away without authorisation (A) from care or from home; if they are back,
    when and where they were found. Missing episodes of one child do not overlap (rule 574)."""
    child = _lock_child(child)
    if kind not in codes.MissingKind.values:
        raise CareError("Choose whether the child was missing or away", "kind")
    if started_at > at:
        raise CareError("The time they went missing cannot be in the future", "started_at")
    if ended_at is not None:
        if ended_at <= started_at:
            raise CareError("They came back after they went missing", "ended_at")
        if ended_at > at:
            raise CareError("The time they came back cannot be in the future", "ended_at")
    day = _local_date(started_at)
    _check_alive_and_born(child, day, "started_at")
    for other in MissingEpisode.objects.filter(child=child).filter(
        started_at__lt=ended_at or at + timedelta(days=1)
    ):
        if other.ended_at is None or other.ended_at > started_at:
            raise CareError(
                f"{child.given_name} is already recorded as missing from {_say_time(other.started_at)}"
                f"{' to ' + _say_time(other.ended_at) if other.ended_at else ''} (rule 574)",
                "started_at",
            )
    period = _period_on(child, day)
    if period is not None and period.end is not None and day >= period.end:
        period = None
    episode = MissingEpisode.objects.create(
        child=child,
        period=period,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        where_found=where_found.strip() if ended_at else "",
        reported_to_police=reported_to_police,
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=at,
    )
    label = "Went missing" if kind == "M" else "Away without authorisation"
    chronology.record(
        person=child,
        kind=CareEvent.MISSING,
        by=by,
        at=at,
        summary=f"{label} {'from care' if period else 'from home'} from {_say_time(started_at)}"[:300],
        data={"missing": episode.pk, "kind": kind},
        significant=True,
    )
    if ended_at is not None:
        _returned_event(episode, by=by, at=at)
    return episode


def _returned_event(episode: MissingEpisode, *, by: Staff, at: datetime) -> None:
    found = f", found at {episode.where_found}" if episode.where_found else ""
    chronology.record(
        person=episode.child,
        kind=CareEvent.RETURNED,
        by=by,
        at=at,
        summary=f"Came back on {_say_time(episode.ended_at)}{found}. Return home interview to be offered "
        f"within 72 hours"[:300],
        data={"missing": episode.pk},
    )


@transaction.atomic
def missing_return(
    *, episode: MissingEpisode, ended_at: datetime, where_found: str = "", by: Staff, at: datetime
) -> MissingEpisode:
    """The child came back or was found: the 72-hour clock for the return home interview starts."""
    episode = MissingEpisode.objects.select_for_update().select_related("child").get(pk=episode.pk)
    if episode.ended_at is not None:
        raise CareError("Their return is already recorded")
    if ended_at <= episode.started_at:
        raise CareError("They came back after they went missing", "ended_at")
    if ended_at > at:
        raise CareError("The time they came back cannot be in the future", "ended_at")
    later = MissingEpisode.objects.filter(child=episode.child, started_at__gt=episode.started_at).first()
    if later is not None and ended_at > later.started_at:
        raise CareError("They came back after they next went missing", "ended_at")
    episode.ended_at, episode.where_found = ended_at, where_found.strip()
    episode.save(update_fields=["ended_at", "where_found"])
    _returned_event(episode, by=by, at=at)
    return episode


@transaction.atomic
def return_interview_record(
    *,
    episode: MissingEpisode,
    offered_at: datetime,
    response: str,
    interview_on: date | None = None,
    interviewed_by: str = "",
    learnt: str = "",
    by: Staff,
    at: datetime,
) -> MissingEpisode:
    """The return home interview: when it was offered, whether the child accepted, and if it was held, when,
    by whom and what was learnt. Can be recorded in steps (offered, then held)."""
    episode = MissingEpisode.objects.select_for_update().select_related("child").get(pk=episode.pk)
    if episode.ended_at is None:
        raise CareError("Record the child's return first: the interview is offered after it")
    if offered_at < episode.ended_at:
        raise CareError("The interview is offered after the child came back", "offered_at")
    if offered_at > at:
        raise CareError("The time it was offered cannot be in the future", "offered_at")
    if response not in ReturnInterviewResponse.values:
        raise CareError("Choose the child's answer", "response")
    if interview_on is not None:
        if response != ReturnInterviewResponse.ACCEPTED:
            raise CareError("An interview is held only if the child accepted it", "interview_on")
        if interview_on < _local_date(offered_at):
            raise CareError("The interview is held on or after the day it was offered", "interview_on")
        _not_future(interview_on, at, "The date of the interview", "interview_on")
        if not interviewed_by.strip():
            raise CareError("Say who held the interview", "interviewed_by")
    first_offer = episode.offered_at is None
    episode.offered_at, episode.response = offered_at, response
    episode.interview_on = interview_on
    episode.interviewed_by = interviewed_by.strip() if interview_on else ""
    episode.learnt = learnt.strip()
    episode.save(update_fields=["offered_at", "response", "interview_on", "interviewed_by", "learnt"])
    late = offered_at > return_interview_due(episode.ended_at)
    if interview_on:
        summary = f"Return home interview held on {say_date(interview_on)} by {episode.interviewed_by}"
    elif first_offer:
        summary = (
            f"Return home interview offered on {_say_time(offered_at)}{' (after 72 hours)' if late else ''}"
        )
    else:
        summary = "Return home interview updated"
    summary += f": {ReturnInterviewResponse(response).label.lower()}"
    chronology.record(
        person=episode.child,
        kind=CareEvent.RETURN_INTERVIEW,
        by=by,
        at=at,
        summary=summary[:300],
        data={"missing": episode.pk, "response": response, "late": late},
    )
    return episode
