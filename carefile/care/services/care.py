"""Starting care, moving placement, changing legal status, ending care and short breaks: the worker records
the event, the service closes the current SSDA903 episode and opens the next with the right codes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from carefile.common import chronology
from carefile.people.models import CaseStatus, Person
from carefile.workforce.models import Staff

from .. import codes
from ..codes import LegalStatus, ReasonCeased
from ..episodes import (
    before_temporary,
    is_temporary,
    new_episode_reason,
    placement_key,
    placement_start_for,
    same_carer_required,
)
from ..models import (
    AdoptionDecision,
    AdoptionMatch,
    CareEvent,
    Episode,
    MissingEpisode,
    PeriodOfCare,
)
from ..timescales import VisitRegime, collection_year_of, say_date
from .base import (
    SHORT_BREAK_MAX_DAYS,
    SHORT_BREAK_MAX_DAYS_A_YEAR,
    CareError,
    PlacementDetails,
    _case_status_after_care,
    _check_alive_and_born,
    _check_legal_status,
    _checked,
    _describe,
    _episode,
    _lock_child,
    _not_future,
    _open_episode,
    _period_episodes,
    _set_status,
    _status_for_short_breaks,
)

# ---- starting care --------------------------------------------------------------------------------------


@transaction.atomic
def care_start(
    *,
    child: Person,
    start: date,
    legal_status: str,
    placement: PlacementDetails,
    cin_need: str,
    home_postcode: str = "",
    long_term: bool = False,
    visit_regime: str = VisitRegime.STANDARD,
    by: Staff,
    at: datetime,
) -> Episode:
    """The child starts to be looked after: a new period of care and its first episode (RNE S).

    V4 (an agreed series of short breaks, the agreement recorded) starts here too; each V3 break is recorded
    with `short_break_record`."""
    child = _lock_child(child)
    _not_future(start, at, "The date care started", "start")
    _check_alive_and_born(child, start, "start")
    age = child.age_on(start)
    if age is not None and age >= 18:
        raise CareError(f"{child.given_name} was 18 or over on that date (rule 352)", "start")
    if legal_status == LegalStatus.V3:
        raise CareError(
            "Record each short break under V3 as a short break, not as care starting", "legal_status"
        )
    _check_legal_status(legal_status, child, start)
    if cin_need not in codes.NeedCode.values:
        raise CareError("Choose the category of need", "cin_need")
    placement = _checked(placement, legal_status=legal_status, on=start, child=child)
    if is_temporary(placement.place):
        raise CareError("A period of care cannot start with a temporary placement (rule 380)", "place")
    short_breaks = legal_status in codes.SHORT_BREAK_STATUSES
    try:
        home = "" if short_breaks else codes.normalise_postcode(home_postcode)
    except ValueError as error:
        raise CareError(str(error), "home_postcode") from None
    if PeriodOfCare.objects.filter(child=child, end__isnull=True).exists():
        raise CareError(f"{child.given_name} is already looked after")
    clash = PeriodOfCare.objects.filter(child=child, end__gte=start).order_by("-end").first()
    if clash is not None:
        raise CareError(
            f"{child.given_name} was looked after from {say_date(clash.start)} to {say_date(clash.end)}: a new "
            "period of care starts after the last one ended (rule 431)",
            "start",
        )
    if short_breaks and _other_short_breaks_in_year(child, start, LegalStatus.V3):
        raise CareError("A child cannot have short breaks under V3 and V4 in the same year (rule 426)")
    try:
        with transaction.atomic():
            period = PeriodOfCare.objects.create(
                child=child,
                start=start,
                cin_need=cin_need,
                home_postcode=home,
                short_breaks=short_breaks,
                started_by=by,
                started_at=at,
            )
    except IntegrityError as error:
        raise CareError(f"{child.given_name} already has a period of care starting that day") from error
    episode = _episode(
        child=child,
        period=period,
        start=start,
        rne="S",
        legal_status=legal_status,
        placement=placement,
        placement_start=start,
        long_term=long_term or placement.place in codes.LONG_TERM_FOSTER,
        visit_regime=visit_regime,
        by=by,
        at=at,
    )
    if short_breaks:
        _status_for_short_breaks(child)
    else:
        _set_status(child, CaseStatus.LOOKED_AFTER)
    chronology.record(
        person=child,
        kind=CareEvent.CARE_STARTED,
        by=by,
        at=at,
        summary=(
            f"{'Short breaks agreed' if short_breaks else 'Started to be looked after'} from {say_date(start)}: "
            f"{legal_status}, {_describe(placement)}"
        )[:300],
        data={
            "period": period.pk,
            "episode": episode.pk,
            "legal_status": legal_status,
            "place": placement.place,
        },
        significant=not short_breaks,
    )
    return episode


# ---- moving placement and changing legal status ---------------------------------------------------------


def _current(child: Person, on: date, what: str) -> Episode:
    current = _open_episode(child)
    if current is None:
        raise CareError(f"{child.given_name} is not looked after: record care starting first")
    if on <= current.start:
        raise CareError(
            f"{what} must be after the current episode started on {say_date(current.start)}. If it happened "
            "that day, the episode itself needs correcting",
            "on",
        )
    return current


def _open_missing_blocks(child: Person, what: str) -> None:
    missing = MissingEpisode.objects.filter(child=child, ended_at__isnull=True).first()
    if missing is not None:
        raise CareError(
            f"{child.given_name} has been {'missing' if missing.kind == 'M' else 'away'} since "
            f"{timezone.localtime(missing.started_at):%d %B %Y %H:%M}. Record their return before {what} "
            "(rule 575)"
        )


def _close(current: Episode, *, on: date, reason_ceased: str, reason_place_change: str = "") -> None:
    current.end, current.reason_ceased, current.reason_place_change = on, reason_ceased, reason_place_change
    current.save(update_fields=["end", "reason_ceased", "reason_place_change"])


def _after_status_change(child: Person, period: PeriodOfCare, legal_status: str) -> None:
    if legal_status not in codes.SHORT_BREAK_STATUSES:
        if period.short_breaks:
            period.short_breaks = False
            period.save(update_fields=["short_breaks"])
        _set_status(child, CaseStatus.LOOKED_AFTER)


@transaction.atomic
def placement_move(
    *,
    child: Person,
    on: date,
    placement: PlacementDetails,
    reason_place_change: str = "",
    same_carer: bool = False,
    legal_status: str = "",
    long_term: bool | None = None,
    visit_regime: str | None = None,
    by: Staff,
    at: datetime,
) -> Episode:
    """The child moves placement on `on` (with a new legal status too, if `legal_status` differs): the current
    episode ends X1 with the reason for the change and the next starts with RNE P (or T when the carer stays
    the same), or B (U) when the legal status changes as well.

    A temporary placement (T0–T4) records no reason for the change (rule 226), and the move after it must
    return the child to the placement they left, as RNE P (rule 383)."""
    child = _lock_child(child)
    _not_future(on, at, "The date of the move", "on")
    _check_alive_and_born(child, on, "on")
    current = _current(child, on, "The move")
    _open_missing_blocks(child, "recording a move")
    new_status = legal_status or current.legal_status
    status_changed = new_status != current.legal_status
    if status_changed:
        _check_legal_status(new_status, child, on)
        if new_status in codes.SHORT_BREAK_STATUSES or current.legal_status in codes.SHORT_BREAK_STATUSES:
            raise CareError(
                "Short breaks start and end a period of care of their own: end this one and start another",
                "legal_status",
            )
    placement = _checked(placement, legal_status=new_status, on=on, child=child)
    if placement.place in codes.ADOPTION_PLACEMENTS and current.place not in codes.ADOPTION_PLACEMENTS:
        decision = AdoptionDecision.objects.filter(child=child, reversed_on__isnull=True).first()
        if decision is None or decision.decided_on > on:
            raise CareError(
                "Record the decision that the child should be placed for adoption first (rules 551, 521)",
                "place",
            )
    if placement.key() == placement_key(current):
        raise CareError(
            "That is the placement the child is in now: a move changes the placement type, postcode, URN or "
            "provider (rules 435, 436)",
            "place",
        )
    period = current.period
    previous = _period_episodes(period)
    reason_place_change = (reason_place_change or "").strip().upper()
    if current.is_temporary:
        left = before_temporary(previous)
        if is_temporary(placement.place):
            raise CareError(
                "After a temporary placement the child returns to their placement (rule 383)", "place"
            )
        if left is None or (left.place, left.postcode) != (placement.place, placement.postcode):
            raise CareError(
                "After a temporary placement the child returns to the placement they left (rule 383). If they "
                "cannot, record the return first, then the move",
                "place",
            )
        if status_changed:
            raise CareError(
                "Record the return from the temporary placement and the legal status change separately"
            )
        rne, reason_place_change, same_carer = "P", "", False
    elif is_temporary(placement.place):
        if status_changed:
            raise CareError("Record the legal status change and the temporary placement separately")
        rne, reason_place_change = "P", ""
    else:
        if reason_place_change not in codes.PlacementChangeReason.values:
            raise CareError("Choose the reason for the change of placement (rule 225)", "reason_place_change")
        age = child.age_on(on)
        if reason_place_change == "CUSTOD" and age is not None and age < 10:
            raise CareError(
                "A child under 10 cannot move placement into custody (rule 234)", "reason_place_change"
            )
        same_carer = same_carer or same_carer_required(placement.place)
        rne = new_episode_reason(status_changed=status_changed, placement_changed=True, same_carer=same_carer)
    placement_start = placement_start_for(
        previous=previous, start=on, rne=rne, place=placement.place, key=placement.key()
    )
    if long_term is None:
        long_term = current.long_term if (same_carer or placement_start != on) else False
    long_term = long_term or placement.place in codes.LONG_TERM_FOSTER
    if visit_regime is None:
        visit_regime = current.visit_regime if placement_start != on else VisitRegime.STANDARD
    _close(current, on=on, reason_ceased=ReasonCeased.X1, reason_place_change=reason_place_change)
    episode = _episode(
        child=child,
        period=period,
        start=on,
        rne=rne,
        legal_status=new_status,
        placement=placement,
        placement_start=placement_start,
        long_term=long_term,
        visit_regime=visit_regime,
        by=by,
        at=at,
    )
    if status_changed:
        _after_status_change(child, period, new_status)
    if current.is_temporary:
        summary = f"Returned to their placement on {say_date(on)}: {_describe(placement)}"
    elif is_temporary(placement.place):
        summary = f"Temporary placement from {say_date(on)}: {_describe(placement)}"
    else:
        summary = f"Moved placement on {say_date(on)} to {_describe(placement)}"
        if reason_place_change:
            summary += f". Reason: {codes.PlacementChangeReason(reason_place_change).label.lower()}"
    if status_changed:
        summary += f". Legal status now {new_status}"
    chronology.record(
        person=child,
        kind=CareEvent.PLACEMENT_MOVED,
        by=by,
        at=at,
        summary=summary[:300],
        data={"episode": episode.pk, "rne": rne, "place": placement.place, "legal_status": new_status},
        significant=not (current.is_temporary or is_temporary(placement.place)),
    )
    return episode


@transaction.atomic
def legal_status_change(*, child: Person, on: date, legal_status: str, by: Staff, at: datetime) -> Episode:
    """The child's legal status changes on `on` (a court order, a placement order…) and the placement stays:
    the current episode ends X1 and the next starts with RNE L."""
    child = _lock_child(child)
    _not_future(on, at, "The date of the change", "on")
    _check_alive_and_born(child, on, "on")
    current = _current(child, on, "The change")
    _check_legal_status(legal_status, child, on)
    if legal_status == current.legal_status:
        raise CareError(f"{child.given_name}'s legal status is already {legal_status}", "legal_status")
    if legal_status in codes.SHORT_BREAK_STATUSES or current.legal_status in codes.SHORT_BREAK_STATUSES:
        raise CareError(
            "Short breaks start and end a period of care of their own: end this one and start another",
            "legal_status",
        )
    if current.is_temporary:
        raise CareError(
            "The child is in a temporary placement: record their return first, then the change of legal status "
            "(rule 383)",
            "on",
        )
    problems = codes.placement_problems(
        place=current.place,
        provider=current.provider,
        postcode=current.postcode,
        urn=current.urn,
        legal_status=legal_status,
        on=on,
        born=child.date_of_birth,
        outside_england=current.outside_england,
    )
    if "place" in problems or "legal_status" in problems:
        raise CareError(problems.get("legal_status") or problems["place"], "legal_status")
    period = current.period
    _close(current, on=on, reason_ceased=ReasonCeased.X1)
    episode = _episode(
        child=child,
        period=period,
        start=on,
        rne="L",
        legal_status=legal_status,
        placement=PlacementDetails(
            current.place,
            current.provider,
            current.postcode,
            current.urn,
            current.placement_name,
            current.outside_england,
        ),
        placement_start=current.placement_start,
        long_term=current.long_term,
        visit_regime=current.visit_regime,
        by=by,
        at=at,
    )
    _after_status_change(child, period, legal_status)
    chronology.record(
        person=child,
        kind=CareEvent.LEGAL_STATUS_CHANGED,
        by=by,
        at=at,
        summary=f"Legal status changed on {say_date(on)} from {current.legal_status} to "
        f"{codes.LegalStatus(legal_status).label}"[:300],
        data={"episode": episode.pk, "from": current.legal_status, "to": legal_status},
        significant=True,
    )
    return episode


# ---- ending care ----------------------------------------------------------------------------------------

# Youngest and oldest ages for a reason care ended (386, 387, 389, 407, 460).
REC_AGES = {
    "E11": (None, 17),
    "E12": (None, 17),
    "E45": (None, 17),
    "E46": (None, 17),
    "E47": (None, 17),
    "E48": (None, 17),
    "E5": (14, None),
    "E6": (14, None),
    "E7": (16, None),
    "E17": (18, None),
}


@transaction.atomic
def care_end(*, child: Person, on: date, reason_ceased: str, by: Staff, at: datetime) -> PeriodOfCare:
    """The child stops being looked after on `on`: the current episode and the period of care end with the
    reason (REC), and the child's case status moves on."""
    child = _lock_child(child)
    _not_future(on, at, "The date care ended", "on")
    current = _current(child, on, "The end of care")
    if reason_ceased not in codes.CARE_ENDED_REASONS:
        raise CareError("Choose why the child stopped being looked after", "reason_ceased")
    if current.is_temporary:
        raise CareError(
            "A period of care cannot end in a temporary placement (rule 381): record the return first", "on"
        )
    if reason_ceased == "E2" and child.death_date is None:
        raise CareError("E2 (died) needs the child's date of death: record it on their details first")
    if reason_ceased in codes.ADOPTED and current.place not in codes.ADOPTION_PLACEMENTS:
        raise CareError(
            "Adopted (E11, E12) needs the child to be placed for adoption (A3–A6) first (rule 390)",
            "reason_ceased",
        )
    if reason_ceased in {"E45", "E46"} and current.place not in codes.FOSTER_PLACEMENTS:
        raise CareError(
            f"{reason_ceased} is a special guardianship order to the child's foster carers: the child must be in a "
            "foster placement (U1–U6) (rule 516)",
            "reason_ceased",
        )
    if (
        reason_ceased in codes.ADOPTED
        and not AdoptionMatch.objects.filter(
            child=child, decision__reversed_on__isnull=True, matched_on__lte=on
        ).exists()
    ):
        raise CareError(
            "Record the match with the adopters first: the return asks about the adopters (rule 601)",
            "reason_ceased",
        )
    age = child.age_on(on)
    low, high = REC_AGES.get(reason_ceased, (None, None))
    if age is not None and ((low is not None and age < low) or (high is not None and age > high)):
        rule = f"{'at least ' + str(low) if low is not None else 'under ' + str(high + 1)}"
        raise CareError(f"{reason_ceased} is only for a young person {rule}", "reason_ceased")
    missing = MissingEpisode.objects.filter(child=child, ended_at__isnull=True).exists()
    if missing and reason_ceased != "E8":
        raise CareError(
            f"{child.given_name} is recorded as missing: care ending while they are missing is E8 (rule 580), "
            "or record their return first",
            "reason_ceased",
        )
    _close(current, on=on, reason_ceased=reason_ceased)
    period = current.period
    period.end, period.ended_by, period.ended_at = on, by, at
    period.save(update_fields=["end", "ended_by", "ended_at"])
    if not period.short_breaks:
        _set_status(child, _case_status_after_care(child, period))
    chronology.record(
        person=child,
        kind=CareEvent.CARE_ENDED,
        by=by,
        at=at,
        summary=(
            f"{'Short breaks ended' if period.short_breaks else 'Stopped being looked after'} on {say_date(on)}: "
            f"{codes.ReasonCeased(reason_ceased).label}"
        )[:300],
        data={"period": period.pk, "reason_ceased": reason_ceased},
        significant=not period.short_breaks,
    )
    return period


# ---- short breaks ---------------------------------------------------------------------------------------


def _other_short_breaks_in_year(child: Person, day: date, legal_status: str) -> bool:
    """Whether the child has episodes under `legal_status` in the collection year (April to March) of `day`."""
    first, last = collection_year_of(day)
    return (
        Episode.objects.filter(child=child, legal_status=legal_status, start__lte=last)
        .exclude(end__lt=first)
        .exists()
    )


@transaction.atomic
def short_break_record(
    *,
    child: Person,
    start: date,
    end: date,
    placement: PlacementDetails,
    cin_need: str,
    reason_ceased: str = "E4A",
    by: Staff,
    at: datetime,
) -> PeriodOfCare:
    """One short break under an agreed series (V3): its own period of care with a single episode (RNE S).
    A break lasts at most 17 days (rule 365) and breaks at most 75 days in 12 months (rule 367); a child is not
    on V3 and V4 in the same year (rule 426). The child's case status stays that of a child in need."""
    child = _lock_child(child)
    _not_future(end, at, "The end of the break", "end")
    _check_alive_and_born(child, start, "start")
    if end <= start:
        raise CareError("A short break ends on a later day than it starts", "end")
    if (end - start).days > SHORT_BREAK_MAX_DAYS:
        raise CareError(f"A short break lasts at most {SHORT_BREAK_MAX_DAYS} days (rule 365)", "end")
    if reason_ceased not in codes.CARE_ENDED_REASONS:
        raise CareError("Choose why the break ended", "reason_ceased")
    if cin_need not in codes.NeedCode.values:
        raise CareError("Choose the category of need", "cin_need")
    placement = _checked(placement, legal_status=LegalStatus.V3, on=start, child=child)
    overlapping = PeriodOfCare.objects.filter(child=child, start__lte=end).exclude(end__lt=start)
    for period in overlapping:
        if period.end is None or period.end >= start:
            raise CareError(
                f"{child.given_name} was looked after from {say_date(period.start)}"
                f"{' until ' + say_date(period.end) if period.end else ''}: a short break cannot overlap it",
                "start",
            )
    year_start = end - timedelta(days=365)
    used = sum(
        (min(p.end, end) - max(p.start, year_start)).days
        for p in PeriodOfCare.objects.filter(
            child=child, short_breaks=True, end__gt=year_start, episodes__legal_status=LegalStatus.V3
        ).distinct()
    )
    if used + (end - start).days > SHORT_BREAK_MAX_DAYS_A_YEAR:
        raise CareError(
            f"{child.given_name} has had {used} days of short breaks in the 12 months to {say_date(end)}: "
            f"this break would take them over {SHORT_BREAK_MAX_DAYS_A_YEAR} (rule 367)",
            "end",
        )
    if _other_short_breaks_in_year(child, start, LegalStatus.V4):
        raise CareError("A child cannot have short breaks under V3 and V4 in the same year (rule 426)")
    period = PeriodOfCare.objects.create(
        child=child,
        start=start,
        end=end,
        cin_need=cin_need,
        short_breaks=True,
        started_by=by,
        started_at=at,
        ended_by=by,
        ended_at=at,
    )
    episode = _episode(
        child=child,
        period=period,
        start=start,
        rne="S",
        legal_status=LegalStatus.V3,
        placement=placement,
        placement_start=start,
        long_term=False,
        visit_regime=VisitRegime.SHORT_BREAKS,
        by=by,
        at=at,
    )
    _close(episode, on=end, reason_ceased=reason_ceased)
    _status_for_short_breaks(child)
    chronology.record(
        person=child,
        kind=CareEvent.SHORT_BREAK,
        by=by,
        at=at,
        summary=f"Short break from {say_date(start)} to {say_date(end)}: {_describe(placement)}"[:300],
        data={"period": period.pk, "episode": episode.pk},
    )
    return period
