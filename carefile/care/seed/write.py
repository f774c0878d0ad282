"""Writing the planned care in bulk: periods, episodes, reviews with recommendations, missing episodes and
the chronology."""

from __future__ import annotations

import random
from collections.abc import Container
from datetime import date, datetime, timedelta

from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import add_working_days
from carefile.people.models import CaseStatus, Person, PersonKind

from ..codes import LONG_TERM_FOSTER
from ..models import (
    CareEvent,
    CareReview,
    Episode,
    MissingEpisode,
    PeriodOfCare,
    RecommendationStatus,
    ReturnInterviewResponse,
    ReviewRecommendation,
)
from ..timescales import add_months, return_interview_due, say_date
from .common import (
    CHILD_VIEWS,
    FOUND_AT,
    INTERVIEWERS,
    LEARNT,
    MISSING_SHARE,
    PARTICIPATION,
    RECOMMENDATIONS,
    _age,
    _at,
    _chunks,
    _weighted,
)
from .plan import (
    _Ep,
    _Period,
)


def _write(rng, on, holidays, periods, born_of, social, iro, iros, fallback) -> dict[str, int]:
    events: list[ChronologyEvent] = []
    period_rows = []
    for p in periods:
        by = social.get(p.child_id, fallback)
        period_rows.append(
            PeriodOfCare(
                child_id=p.child_id,
                start=p.start,
                end=p.end,
                cin_need=p.cin,
                home_postcode="" if p.short_breaks else p.home,
                short_breaks=p.short_breaks,
                started_by_id=by,
                started_at=_at(p.start, 16),
                ended_by_id=by if p.end else None,
                ended_at=_at(p.end, 16) if p.end else None,
            )
        )
    for chunk in _chunks(period_rows):
        PeriodOfCare.objects.bulk_create(chunk)
    episode_rows = []
    for p, row in zip(periods, period_rows, strict=True):
        by = social.get(p.child_id, fallback)
        for e in p.episodes:
            short = e.ls in {"V3", "V4"}
            episode_rows.append(
                Episode(
                    child_id=p.child_id,
                    period_id=row.pk,
                    start=e.start,
                    new_episode_reason=e.rne,
                    legal_status=e.ls,
                    place=e.where.place,
                    provider=e.where.provider,
                    postcode="" if short else e.where.postcode,
                    urn="" if short else e.where.urn,
                    end=e.end,
                    reason_ceased=e.rec,
                    reason_place_change=e.change,
                    placement_name=e.where.name,
                    placement_start=e.placement_start,
                    long_term=e.long_term or e.where.place in LONG_TERM_FOSTER,
                    visit_regime="short_breaks" if short else "",
                    recorded_by_id=by,
                    recorded_at=_at(e.start, 16),
                )
            )
            events.append(_episode_event(p, e, by))
    for chunk in _chunks(episode_rows):
        Episode.objects.bulk_create(chunk)
    reviews, recs = _reviews(
        rng, on, holidays, periods, period_rows, born_of, social, iro, iros, fallback, events
    )
    missing = _missing(rng, on, periods, period_rows, born_of, social, fallback, events)
    for chunk in _chunks(events):
        ChronologyEvent.objects.bulk_create(chunk)
    return {
        "periods of care": len(period_rows),
        "care episodes": len(episode_rows),
        "looked-after reviews": reviews,
        "review recommendations": recs,
        "missing episodes": missing,
    }


def _episode_event(p: _Period, e: _Ep, by: int) -> ChronologyEvent:
    name = f" ({e.where.name})" if e.where.name else ""
    if e.rne == "S":
        kind = CareEvent.SHORT_BREAK if e.ls == "V3" else CareEvent.CARE_STARTED
        summary = (
            f"Short break from {say_date(e.start)}"
            if e.ls == "V3"
            else f"{'Short breaks agreed' if p.short_breaks else 'Started to be looked after'} from "
            f"{say_date(e.start)}: {e.ls}, {e.where.place}{name}"
        )
    elif e.rne == "L":
        kind, summary = (
            CareEvent.LEGAL_STATUS_CHANGED,
            f"Legal status changed on {say_date(e.start)} to {e.ls}",
        )
    else:
        kind, summary = (
            CareEvent.PLACEMENT_MOVED,
            f"Placement changed on {say_date(e.start)} to {e.where.place}{name}",
        )
    return ChronologyEvent(
        person_id=p.child_id,
        kind=kind,
        at=_at(e.start, 16),
        by_id=by,
        summary=summary[:300],
        data={"seeded": True},
        significant=e.rne == "S" and not p.short_breaks,
    )


def _review_dates(rng: random.Random, p: _Period, until: date, holidays: Container[date]) -> list[date]:
    dates: list[date] = []
    if p.short_breaks:
        due = add_months(p.start, 3)
        while due < until:
            dates.append(due - timedelta(days=rng.randint(0, 30)))
            due = add_months(dates[-1], 6)
        return dates
    on_time = rng.random() < 0.88
    first = add_working_days(
        p.start, rng.randint(10, 20) if on_time else rng.randint(21, 35), holidays=holidays
    )
    day = first
    while day < until:
        dates.append(day)
        months = 3 if len(dates) == 1 else 6
        due = add_months(day, months)
        day = (
            due - timedelta(days=rng.randint(0, 25))
            if rng.random() < 0.9
            else due + timedelta(days=rng.randint(3, 40))
        )
    return dates


def _reviews(rng, on, holidays, periods, period_rows, born_of, social, iro, iros, fallback, events):
    review_rows: list[CareReview] = []
    pending: list[list[tuple]] = []
    v3_seen: set[int] = set()
    for p, row in zip(periods, period_rows, strict=True):
        if p.episodes[0].ls == "V3":
            if p.child_id in v3_seen:
                continue
            v3_seen.add(p.child_id)  # one series of breaks: reviews hang off its first break
        chair = iro.get(p.child_id) or (rng.choice(iros) if iros else None)
        if chair is None:
            continue
        until = min(p.end or on, on) if p.episodes[0].ls != "V3" else on
        born = born_of.get(p.child_id)
        by = social.get(p.child_id, fallback)
        for held in _review_dates(rng, p, until, holidays):
            if held >= on or held < p.start:
                continue
            age = _age(born, held) if born else 10
            code = "PN0" if age < 4 else _weighted(rng, PARTICIPATION)
            review_rows.append(
                CareReview(
                    child_id=p.child_id,
                    period_id=row.pk,
                    held_on=held,
                    reviewing_officer_id=chair,
                    participation=code,
                    child_views="" if code in {"PN0", "PN7"} else rng.choice(CHILD_VIEWS),
                    summary="The care plan continues to meet the child's needs; recommendations agreed.",
                    recorded_by_id=chair,
                    recorded_at=_at(held, 17),
                )
            )
            recs = []
            for what in rng.sample(RECOMMENDATIONS, rng.randint(1, 3)):
                due = held + timedelta(weeks=rng.randint(2, 10))
                status, done_on, reason = RecommendationStatus.NOT_STARTED, None, ""
                if due < on:
                    roll = rng.random()
                    if roll < 0.72:
                        status = RecommendationStatus.DONE
                        done_on = min(
                            on, held + timedelta(days=rng.randint(3, max(4, (due - held).days + 14)))
                        )
                    elif roll < 0.82:
                        status, reason = RecommendationStatus.NOT_DONE, "Overtaken by a change of plan"
                    else:
                        status = RecommendationStatus.IN_PROGRESS
                elif rng.random() < 0.4:
                    status = RecommendationStatus.IN_PROGRESS
                owner_staff = by if rng.random() < 0.7 else None
                recs.append(
                    (what, owner_staff, "" if owner_staff else "Foster carers", due, status, done_on, reason)
                )
            pending.append(recs)
            events.append(
                ChronologyEvent(
                    person_id=p.child_id,
                    kind=CareEvent.REVIEW_HELD,
                    at=_at(held, 17),
                    by_id=chair,
                    summary=f"Looked-after review on {say_date(held)}: {code}; {len(recs)} recommendation"
                    f"{'s' if len(recs) != 1 else ''}",
                    data={"seeded": True},
                )
            )
    for chunk in _chunks(review_rows):
        CareReview.objects.bulk_create(chunk)
    rec_rows = [
        ReviewRecommendation(
            review_id=review.pk,
            what=what,
            owner_staff_id=owner_staff,
            owner_name=owner_name,
            due=due,
            status=status,
            completed_on=done_on,
            not_done_reason=reason,
        )
        for review, recs in zip(review_rows, pending, strict=True)
        for what, owner_staff, owner_name, due, status, done_on, reason in recs
    ]
    for chunk in _chunks(rec_rows):
        ReviewRecommendation.objects.bulk_create(chunk)
    return len(review_rows), len(rec_rows)


def _missing(rng, on, periods, period_rows, born_of, social, fallback, events) -> int:
    """About 10% of children in care (mostly teenagers) go missing or away; some again and again. A few
    children at home go missing too."""
    rows: list[MissingEpisode] = []
    current = {
        p.child_id: (p, row)
        for p, row in zip(periods, period_rows, strict=True)
        if p.end is None and not p.short_breaks
    }
    for child_id, (p, row) in current.items():
        born = born_of.get(child_id)
        if born is None or _age(born, on) < 10:
            continue
        chance = MISSING_SHARE * (1.7 if _age(born, on) >= 13 else 0.8)
        if rng.random() >= chance:
            continue
        times = _weighted(rng, {1: 48, 2: 20, 3: 12, 4: 8, 6: 7, 10: 5})
        start_window = max(p.start + timedelta(days=3), on - timedelta(days=540))
        if start_window >= on - timedelta(days=2):
            continue
        cluster = times >= 3 and rng.random() < 0.5
        rows.extend(
            _incidents(
                rng,
                on,
                child_id,
                row.pk,
                start_window,
                times,
                cluster,
                social.get(child_id, fallback),
                events,
                open_after=p.episodes[-1].start,
            )
        )
    at_home = list(
        Person.objects.filter(
            kind=PersonKind.CHILD,
            case_status__in=[CaseStatus.CHILD_IN_NEED, CaseStatus.CHILD_PROTECTION],
            date_of_birth__lte=on - timedelta(days=12 * 365),
        )
        .exclude(pk__in={p.child_id for p in periods})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for child_id in at_home:
        if rng.random() < 0.04:
            rows.extend(
                _incidents(
                    rng,
                    on,
                    child_id,
                    None,
                    on - timedelta(days=300),
                    rng.randint(1, 3),
                    False,
                    social.get(child_id, fallback),
                    events,
                )
            )
    for chunk in _chunks(rows):
        MissingEpisode.objects.bulk_create(chunk)
    return len(rows)


def _incidents(
    rng, on, child_id, period_id, window_start, times, cluster, by, events, open_after: date | None = None
) -> list[MissingEpisode]:
    """Missing incidents that do not overlap. One still open at the end only if it began in the child's current
    episode (an open incident across an episode's end is refused by the return, rule 575)."""
    span = (on - window_start).days
    if cluster:
        base = window_start + timedelta(days=rng.randint(0, max(0, span - 30)))
        days = sorted(base + timedelta(days=rng.randint(0, 27)) for _ in range(times))
    else:
        days = sorted(window_start + timedelta(days=rng.randint(0, span - 1)) for _ in range(times))
    rows: list[MissingEpisode] = []
    last_end: datetime | None = None
    now = _at(on, 17)
    for day in days:
        started = _at(day, rng.randint(15, 23), rng.choice([0, 10, 20, 30, 40, 50]))
        if last_end is not None and started <= last_end:
            started = last_end + timedelta(hours=rng.randint(6, 48))
        if started >= now - timedelta(hours=2):
            break
        hours = rng.choice([2, 3, 5, 8, 11, 14, 20, 26, 38, 50, 72, 120])
        ended: datetime | None = started + timedelta(hours=hours, minutes=rng.randint(0, 59))
        if ended >= now:
            may_stay_open = open_after is None or timezone.localtime(started).date() > open_after
            ended = None if may_stay_open and rng.random() < 0.5 else now - timedelta(minutes=30)
            if ended is not None and ended <= started:
                break
        m = MissingEpisode(
            child_id=child_id,
            period_id=period_id,
            kind=_weighted(rng, {"M": 65, "A": 35}),
            started_at=started,
            ended_at=ended,
            where_found=rng.choice(FOUND_AT) if ended else "",
            reported_to_police=rng.random() < 0.8,
            recorded_by_id=by,
            recorded_at=started + timedelta(hours=1),
        )
        if ended is not None:
            due = return_interview_due(ended)
            roll = rng.random()
            offered = None
            if roll < 0.82:
                offered = ended + timedelta(hours=rng.randint(3, 70))
            elif roll < 0.95:
                offered = due + timedelta(hours=rng.randint(2, 120))
            if offered is not None and offered < now:
                m.offered_at = offered
                m.response = _weighted(rng, {"accepted": 60, "declined": 35, "no_response": 5})
                if m.response == ReturnInterviewResponse.ACCEPTED:
                    held = timezone.localtime(offered).date() + timedelta(days=rng.randint(0, 5))
                    if held < on:
                        m.interview_on = held
                        m.interviewed_by = rng.choice(INTERVIEWERS)
                        m.learnt = rng.choice(LEARNT)
        rows.append(m)
        events.append(
            ChronologyEvent(
                person_id=child_id,
                kind=CareEvent.MISSING,
                at=started + timedelta(hours=1),
                by_id=by,
                summary=f"{'Went missing' if m.kind == 'M' else 'Away without authorisation'} "
                f"{'from care' if period_id else 'from home'} from {say_date(timezone.localtime(started).date())}",
                data={"seeded": True},
                significant=True,
            )
        )
        last_end = ended
        if ended is None:
            break
    return rows
