"""Reading children's care: their periods and episodes, and the review, visit and return-interview clocks.

The clock functions take many children at once and answer in a fixed number of queries, however many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib.util import find_spec

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from carefile.common.deadlines import DeadlineState, deadline_status
from carefile.people.models import Person

from .codes import HEALTH_ASSESSMENTS, OC3_AGES, SHORT_BREAK_STATUSES, HealthCheckKind, LegalStatus
from .models import (
    OPEN_RECOMMENDATION,
    AdoptionDecision,
    CareLeaver,
    CareReview,
    Episode,
    HealthCheck,
    LeaverContact,
    MissingEpisode,
    PathwayPlan,
    PeriodOfCare,
    PermanencePlan,
    PreviousPermanence,
    ReviewRecommendation,
    SdqAssessment,
    YearOutcome,
)
from .timescales import (
    MISSING_PROMPT_TIMES,
    VisitRegime,
    add_months,
    birthday_contact_window,
    missing_often,
    next_dental_check_due,
    next_health_assessment_due,
    next_lac_visit_due,
    next_pathway_plan_due,
    next_review_due,
    return_interview_due,
    return_interview_state,
    review_label,
    visit_regime_for,
)

REVIEW_AMBER_WORKING_DAYS = 10
VISIT_AMBER_WORKING_DAYS = 5
# A series of V3 short breaks is treated as carrying on while the next break starts within this many months of
# the last one ending; reviews and visits are due across the series, not break by break.
SHORT_BREAK_SERIES_GAP_MONTHS = 6


def _local_date(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


# ---- who is or was looked after -------------------------------------------------------------------------


def was_looked_after(child: Person) -> bool:
    """Whether the child has ever been looked after, short breaks (V3/V4) apart: the first question of care
    leaver eligibility (the care leavers app decides the rest, with `looked_after_days`)."""
    return Episode.objects.filter(child=child).exclude(legal_status__in=list(SHORT_BREAK_STATUSES)).exists()


def is_looked_after(child: Person, *, on: date) -> bool:
    """Looked after on the day, short breaks apart."""
    return (
        Episode.objects.filter(child=child, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gt=on))
        .exclude(legal_status__in=list(SHORT_BREAK_STATUSES))
        .exists()
    )


def looked_after_days(child: Person, *, since: date, until: date) -> int:
    """Days the child was looked after in [since, until), short breaks apart (for example the 13 weeks since
    their 14th birthday that make a child eligible for leaving-care support)."""
    total = 0
    for start, end in (
        Episode.objects.filter(child=child, start__lt=until)
        .filter(Q(end__isnull=True) | Q(end__gt=since))
        .exclude(legal_status__in=list(SHORT_BREAK_STATUSES))
        .values_list("start", "end")
    ):
        total += ((min(end, until) if end else until) - max(start, since)).days
    return total


def current_episodes(child_ids: Iterable[int]) -> dict[int, Episode]:
    """The open episode of each child who has one (one query)."""
    return {
        e.child_id: e
        for e in Episode.objects.filter(child_id__in=list(child_ids), end__isnull=True).select_related(
            "period"
        )
    }


def legal_status_since(episode: Episode) -> date:
    """When the episode's legal status began: the first of the run of episodes before it with the same one
    (one query)."""
    since = episode.start
    for e in Episode.objects.filter(period_id=episode.period_id, start__lt=episode.start).order_by("-start"):
        if e.legal_status != episode.legal_status:
            break
        since = e.start
    return since


# ---- one child's care ------------------------------------------------------------------------------------


@dataclass
class PeriodView:
    period: PeriodOfCare
    episodes: list[Episode]
    reviews: list[CareReview] = field(default_factory=list)

    @property
    def placements(self) -> int:
        """Placements in the period: episodes that began one (S, P, B), temporary moves apart."""
        return sum(
            1
            for e in self.episodes
            if e.new_episode_reason in {"S", "P", "B"} and not e.is_temporary and e.placement_start == e.start
        )


def care_history(child: Person) -> list[PeriodView]:
    """The child's periods of care, latest first, each with its episodes in order and its reviews (three
    queries)."""
    periods = list(PeriodOfCare.objects.filter(child=child).order_by("-start"))
    by_period: dict[int, PeriodView] = {p.pk: PeriodView(p, []) for p in periods}
    for e in Episode.objects.filter(child=child).order_by("start", "id"):
        by_period[e.period_id].episodes.append(e)
    for r in (
        CareReview.objects.filter(child=child)
        .select_related("reviewing_officer")
        .prefetch_related("recommendations__owner_staff")
        .order_by("-held_on")
    ):
        by_period[r.period_id].reviews.append(r)
    return [by_period[p.pk] for p in periods]


def open_recommendations(child: Person) -> QuerySet[ReviewRecommendation]:
    return (
        ReviewRecommendation.objects.filter(review__child=child, status__in=OPEN_RECOMMENDATION)
        .select_related("owner_staff", "review")
        .order_by("due", "id")
    )


def missing_for_child(child: Person) -> QuerySet[MissingEpisode]:
    return MissingEpisode.objects.filter(child=child).select_related("period").order_by("-started_at", "-id")


# ---- the review clock -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CareClock:
    child_id: int
    label: str
    due: date
    state: DeadlineState
    detail: str = ""


@dataclass(frozen=True)
class _Basis:
    """What a child's review and visit clocks run from."""

    child_id: int
    care_start: date  # the start of the period, or of the first break in a series of V3 breaks
    short_breaks: bool
    period_ids: tuple[int, ...]
    episode: Episode | None  # the open episode, if any


def _bases(child_ids: list[int], today: date) -> dict[int, _Basis]:
    """For each child looked after now, or in a current series of V3 short breaks: what the clocks run from
    (one query)."""
    horizon = add_months(today, -SHORT_BREAK_SERIES_GAP_MONTHS)
    rows = (
        Episode.objects.filter(child_id__in=child_ids)
        .filter(Q(end__isnull=True) | Q(legal_status=LegalStatus.V3, end__gte=add_months(horizon, -24)))
        .select_related("period")
        .order_by("child_id", "start")
    )
    open_eps: dict[int, Episode] = {}
    breaks: dict[int, list[Episode]] = defaultdict(list)
    for e in rows:
        if e.end is None:
            open_eps[e.child_id] = e
        else:
            breaks[e.child_id].append(e)
    bases: dict[int, _Basis] = {}
    for child_id, e in open_eps.items():
        bases[child_id] = _Basis(
            child_id, e.period.start, e.legal_status in SHORT_BREAK_STATUSES, (e.period_id,), e
        )
    for child_id, eps in breaks.items():
        if child_id in bases or eps[-1].end < horizon:
            continue
        series = [eps[-1]]
        for e in reversed(eps[:-1]):
            if add_months(e.end, SHORT_BREAK_SERIES_GAP_MONTHS) < series[0].start:
                break
            series.insert(0, e)
        bases[child_id] = _Basis(child_id, series[0].start, True, tuple(e.period_id for e in series), None)
    return bases


def _reviews_held(bases: dict[int, _Basis]) -> dict[int, list[date]]:
    """Review dates in each child's current period or series of breaks (one query)."""
    held: dict[int, list[date]] = defaultdict(list)
    period_child = {pid: b.child_id for b in bases.values() for pid in b.period_ids}
    if not period_child:
        return held
    for child_id, day in CareReview.objects.filter(period_id__in=list(period_child)).values_list(
        "child_id", "held_on"
    ):
        if day >= bases[child_id].care_start:
            held[child_id].append(day)
    return held


def review_clocks(
    children: Iterable[Person], *, today: date, holidays: Container[date]
) -> dict[int, CareClock]:
    """The next looked-after review of each child in care (or on short breaks): two queries for any number."""
    ids = [c.pk for c in children]
    bases = _bases(ids, today)
    if not bases:
        return {}
    held = _reviews_held(bases)
    clocks = {}
    for child_id, basis in bases.items():
        dates = sorted(held.get(child_id, []))
        due = next_review_due(
            care_start=basis.care_start, held=dates, holidays=holidays, short_breaks=basis.short_breaks
        )
        clocks[child_id] = CareClock(
            child_id=child_id,
            label=review_label(held_count=len(dates), short_breaks=basis.short_breaks),
            due=due,
            state=deadline_status(
                due=due, today=today, amber_within=REVIEW_AMBER_WORKING_DAYS, holidays=holidays
            ),
            detail=f"Last review {dates[-1]:%d %b %Y}" if dates else "",
        )
    return clocks


# ---- the visit clock (reg 28) ---------------------------------------------------------------------------


def _visit_model():
    """The recording app's Visit, when it is installed: visits are recorded there."""
    if find_spec("carefile.recording.models") is None:
        return None
    from carefile.recording import models as recording

    model = getattr(recording, "Visit", None)
    if model is None or not {"child", "visited_at", "child_seen"} <= {
        f.name for f in model._meta.get_fields()
    }:
        return None
    return model


def last_seen_dates(child_ids: list[int]) -> dict[int, date]:
    """The last day each child was seen on a visit (one query; none when visits are not recorded)."""
    visit = _visit_model()
    if visit is None or not child_ids:
        return {}
    return {
        child_id: _local_date(at)
        for child_id, at in visit.objects.filter(child_id__in=child_ids, child_seen=True)
        .order_by()
        .values("child_id")
        .annotate(at=Max("visited_at"))
        .values_list("child_id", "at")
    }


def _first_reviews(period_ids: list[int]) -> dict[int, date]:
    if not period_ids:
        return {}
    return dict(
        CareReview.objects.filter(period_id__in=period_ids)
        .order_by()
        .values("period_id")
        .annotate(first=Min("held_on"))
        .values_list("period_id", "first")
    )


def visit_clocks(
    children: Iterable[Person], *, today: date, holidays: Container[date]
) -> dict[int, CareClock]:
    """When each child in care (or on short breaks) must next be visited, under regulation 28: three queries
    for any number of children."""
    ids = [c.pk for c in children]
    bases = _bases(ids, today)
    if not bases:
        return {}
    seen = last_seen_dates(list(bases))
    first_reviews = _first_reviews([pid for b in bases.values() for pid in b.period_ids])
    clocks = {}
    for child_id, basis in bases.items():
        e = basis.episode
        if e is None:  # a series of V3 breaks
            regime, placement_start, long_term = VisitRegime.SHORT_BREAKS, basis.care_start, False
            order_date = None
        else:
            regime = visit_regime_for(legal_status=e.legal_status, place=e.place, chosen=e.visit_regime)
            placement_start, long_term = e.placement_start, e.long_term
            order_date = e.start if e.new_episode_reason in {"L", "B", "U"} else None
            if regime == VisitRegime.SHORT_BREAKS:
                placement_start = basis.care_start
        first_review = min((first_reviews[p] for p in basis.period_ids if p in first_reviews), default=None)
        last = seen.get(child_id)
        due = next_lac_visit_due(
            placement_start,
            last,
            long_term,
            today,
            regime=regime,
            first_review=first_review,
            order_date=order_date,
        )
        counted = last is not None and last >= placement_start
        clocks[child_id] = CareClock(
            child_id=child_id,
            label="Statutory visit (regulation 28)"
            if counted
            else "First visit in this placement (regulation 28)",
            due=due,
            state=deadline_status(
                due=due, today=today, amber_within=VISIT_AMBER_WORKING_DAYS, holidays=holidays
            ),
            detail=f"Last seen {last:%d %b %Y}" if counted else f"Placement began {placement_start:%d %b %Y}",
        )
    return clocks


# ---- return home interviews -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewClock:
    episode: MissingEpisode
    due: datetime
    state: DeadlineState


def interview_clocks(child_ids: Iterable[int], *, now: datetime) -> dict[int, list[InterviewClock]]:
    """Return home interviews not yet offered, by child (one query)."""
    result: dict[int, list[InterviewClock]] = defaultdict(list)
    for m in MissingEpisode.objects.filter(
        child_id__in=list(child_ids), ended_at__isnull=False, offered_at__isnull=True
    ).order_by("ended_at"):
        result[m.child_id].append(
            InterviewClock(
                m,
                return_interview_due(m.ended_at),
                return_interview_state(returned_at=m.ended_at, offered_at=None, now=now),
            )
        )
    return result


def return_interviews_due(*, user, team=None) -> QuerySet[MissingEpisode]:
    """Children back from going missing whose return home interview has not been offered, the longest waiting
    first; only children this user may see."""
    visible = Person.objects.visible_to(user).values("pk")
    episodes = (
        MissingEpisode.objects.filter(ended_at__isnull=False, offered_at__isnull=True, child__in=visible)
        .select_related("child", "child__responsible_team", "period")
        .order_by("ended_at", "id")
    )
    if team is not None:
        episodes = episodes.filter(child__responsible_team=team)
    return episodes


def missing_now(*, user, team=None) -> QuerySet[MissingEpisode]:
    visible = Person.objects.visible_to(user).values("pk")
    episodes = (
        MissingEpisode.objects.filter(ended_at__isnull=True, child__in=visible)
        .select_related("child", "child__responsible_team")
        .order_by("started_at", "id")
    )
    if team is not None:
        episodes = episodes.filter(child__responsible_team=team)
    return episodes


@dataclass(frozen=True)
class MissingSummary:
    recent: int  # times gone missing or away in the last 30 days
    open: MissingEpisode | None

    @property
    def prompt(self) -> bool:
        return self.recent >= MISSING_PROMPT_TIMES


def missing_summaries(child_ids: Iterable[int], *, today: date) -> dict[int, MissingSummary]:
    """For each child: how often they went missing in the last 30 days, and whether they are missing now (one
    query)."""
    ids = list(child_ids)
    since = timezone.make_aware(datetime.combine(today - timedelta(days=31), datetime.min.time()))
    starts: dict[int, list[date]] = defaultdict(list)
    open_: dict[int, MissingEpisode] = {}
    for m in MissingEpisode.objects.filter(child_id__in=ids).filter(
        Q(started_at__gte=since) | Q(ended_at__isnull=True)
    ):
        starts[m.child_id].append(_local_date(m.started_at))
        if m.ended_at is None:
            open_[m.child_id] = m
    return {
        i: MissingSummary(missing_often(starts.get(i, []), today=today), open_.get(i))
        for i in ids
        if i in starts or i in open_
    }


# ---- health (initial and review health assessments, dental checks) ---------------------------------------

HEALTH_AMBER_WORKING_DAYS = 10


def health_clocks(
    children: Iterable[Person], *, today: date, holidays: Container[date]
) -> dict[int, list[CareClock]]:
    """The next health assessment and dental check of each child looked after now (short breaks apart): two
    queries for any number of children."""
    born = {c.pk: c.date_of_birth for c in children}
    if not born:
        return {}
    open_eps = {
        e.child_id: e
        for e in Episode.objects.filter(child_id__in=list(born), end__isnull=True)
        .exclude(legal_status__in=list(SHORT_BREAK_STATUSES))
        .select_related("period")
    }
    if not open_eps:
        return {}
    last: dict[tuple[int, str], date] = {}
    for child_id, kind, held in (
        HealthCheck.objects.filter(
            child_id__in=list(open_eps), kind__in=[*HEALTH_ASSESSMENTS, HealthCheckKind.DENTAL]
        )
        .values("child_id", "kind")
        .annotate(last=Max("held_on"))
        .values_list("child_id", "kind", "last")
    ):
        key = (child_id, "dental" if kind == HealthCheckKind.DENTAL else "assessment")
        if key not in last or held > last[key]:
            last[key] = held
    clocks: dict[int, list[CareClock]] = {}
    for child_id, e in open_eps.items():
        start = e.period.start
        label, due = next_health_assessment_due(
            care_start=start,
            last_assessment=last.get((child_id, "assessment")),
            born=born.get(child_id),
            holidays=holidays,
        )
        last_assessment = last.get((child_id, "assessment"))
        dental_last = last.get((child_id, "dental"))
        dental_due = next_dental_check_due(care_start=start, last_check=dental_last)
        clocks[child_id] = [
            CareClock(
                child_id=child_id,
                label=label,
                due=due,
                state=deadline_status(
                    due=due, today=today, amber_within=HEALTH_AMBER_WORKING_DAYS, holidays=holidays
                ),
                detail=f"Last assessment {last_assessment:%d %b %Y}"
                if last_assessment and last_assessment >= start
                else "",
            ),
            CareClock(
                child_id=child_id,
                label="Dental check",
                due=dental_due,
                state=deadline_status(
                    due=dental_due, today=today, amber_within=HEALTH_AMBER_WORKING_DAYS, holidays=holidays
                ),
                detail=f"Last check {dental_last:%d %b %Y}" if dental_last and dental_last >= start else "",
            ),
        ]
    return clocks


@dataclass
class HealthRecord:
    checks: list
    sdqs: list
    outcomes: list


def health_record(child: Person) -> HealthRecord:
    return HealthRecord(
        checks=list(HealthCheck.objects.filter(child=child).select_related("recorded_by")[:100]),
        sdqs=list(SdqAssessment.objects.filter(child=child)[:50]),
        outcomes=list(YearOutcome.objects.filter(child=child)[:20]),
    )


# ---- care leavers ---------------------------------------------------------------------------------------

PATHWAY_AMBER_WORKING_DAYS = 10
LEAVING_CARE_UNTIL_AGE = 21


def pathway_plan_clocks(
    children: Iterable[Person], *, today: date, holidays: Container[date]
) -> dict[int, CareClock]:
    """The next pathway plan (review) of each young person with a leaving-care record, to their 21st birthday:
    three queries for any number."""
    people = {c.pk: c for c in children}
    if not people:
        return {}
    leavers = set(CareLeaver.objects.filter(child_id__in=list(people)).values_list("child_id", flat=True))
    if not leavers:
        return {}
    plans = dict(
        PathwayPlan.objects.filter(child_id__in=list(leavers))
        .values("child_id")
        .annotate(last=Max("agreed_on"))
        .values_list("child_id", "last")
    )
    left = dict(
        PeriodOfCare.objects.filter(child_id__in=list(leavers), short_breaks=False, end__isnull=False)
        .values("child_id")
        .annotate(last=Max("end"))
        .values_list("child_id", "last")
    )
    clocks = {}
    for child_id in leavers:
        person = people[child_id]
        born = person.date_of_birth
        if born is None or add_months(born, 12 * LEAVING_CARE_UNTIL_AGE) <= today or person.death_date:
            continue
        due = next_pathway_plan_due(last_plan=plans.get(child_id), born=born, left_care=left.get(child_id))
        if due is None:
            continue
        clocks[child_id] = CareClock(
            child_id=child_id,
            label="Pathway plan review" if child_id in plans else "Pathway plan",
            due=due,
            state=deadline_status(
                due=due, today=today, amber_within=PATHWAY_AMBER_WORKING_DAYS, holidays=holidays
            ),
            detail=f"Last plan {plans[child_id]:%d %b %Y}" if child_id in plans else "",
        )
    return clocks


@dataclass
class LeaverRecord:
    leaver: CareLeaver | None
    plans: list
    contacts: list
    birthdays_due: list[int]


def leaver_record(child: Person, *, today: date) -> LeaverRecord:
    """A young person's leaving-care record, with the birthdays (17–21) whose contact window is open now and
    has no contact recorded."""
    leaver = CareLeaver.objects.filter(child=child).select_related("personal_adviser").first()
    contacts = list(LeaverContact.objects.filter(child=child))
    done = {c.age for c in contacts}
    due = []
    if child.date_of_birth is not None:
        for age in OC3_AGES:
            first, last = birthday_contact_window(child.date_of_birth, age)
            if first <= today <= last and age not in done:
                due.append(age)
    return LeaverRecord(
        leaver=leaver,
        plans=list(PathwayPlan.objects.filter(child=child)[:20]),
        contacts=contacts,
        birthdays_due=due,
    )


def permanence_record(child: Person) -> dict:
    return {
        "plans": list(PermanencePlan.objects.filter(child=child)[:20]),
        "decisions": list(AdoptionDecision.objects.filter(child=child).prefetch_related("matches")),
        "live_decision": AdoptionDecision.objects.filter(child=child, reversed_on__isnull=True).first(),
        "previous": list(PreviousPermanence.objects.filter(child=child).select_related("period")),
    }
