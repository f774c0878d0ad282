"""Synthetic assessments for `seed_council`: for the referrals already in the database, assessments with
realistic timeliness, factors and internal reviews, and the closure of some episodes after assessment.

Call `seed_assessments(rng=…, on=…, holidays=…)` after the referrals are written. It is deterministic for a
given `rng` and database, writes everything in bulk (a few queries per thousand referrals), and keeps to the
rules the services enforce: one open assessment per episode, start ≥ referral, authorisation ≥ start, closure
after the last authorisation, RC8/RC9 only after an authorised assessment, factor 21 alone.

Timeliness: about 85% of assessments are authorised within 45 working days of the referral, most of the
rest late by days or weeks, and a few are still open past their due date. Assessments running over
Christmas or Easter come from referrals made then; the due dates count past the bank holidays.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Container, Iterator
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from carefile.common.models import ChronologyEvent, EventKind
from carefile.common.workdays import is_working_day
from carefile.frontdoor.codes import ClosureReason
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person
from carefile.workforce.models import Allocation, AllocationRole, Role, Staff, Team

from .codes import CLOSING_OUTCOMES, NO_FACTORS, Factor, Outcome, Status
from .models import (
    ASSESSMENT_WORKING_DAYS,
    Assessment,
    AssessmentEvent,
    AssessmentFactor,
    AssessmentSettings,
    InternalReview,
)
from .services import SUMMARY_LENGTH

BATCH = 2000
ON_TIME_SHARE = 0.85
STUCK_SHARE = 0.03  # still open past the due date (only where the episode is open)

# The outcome an open episode's assessment had, from where the child is now.
OUTCOME_FOR_STATUS = {
    CaseStatus.CHILD_IN_NEED: Outcome.CIN_PLAN,
    CaseStatus.CHILD_PROTECTION: Outcome.STRATEGY,
    CaseStatus.LOOKED_AFTER: Outcome.LOOKED_AFTER,
    CaseStatus.CARE_LEAVER: Outcome.LOOKED_AFTER,
    CaseStatus.EARLY_HELP: Outcome.EARLY_HELP,
    CaseStatus.NOT_OPEN: Outcome.NFA,
}
OUTCOME_FOR_CLOSURE = {ClosureReason.RC8: Outcome.NFA, ClosureReason.RC9: Outcome.EARLY_HELP}
CLOSED_OUTCOMES = [
    (Outcome.CIN_PLAN, 45),
    (Outcome.NFA, 20),
    (Outcome.EARLY_HELP, 15),
    (Outcome.STRATEGY, 12),
    (Outcome.LOOKED_AFTER, 5),
    (Outcome.OTHER, 3),
]
FACTORS_FOR_OUTCOME = {
    Outcome.NFA: ["4B", "6B", "14A", "5A", "3C", "20"],
    Outcome.EARLY_HELP: ["4B", "14A", "6A", "5A", "7A", "2A", "1A", "10A", "20"],
    Outcome.CIN_PLAN: ["4B", "3B", "2B", "1B", "5A", "6A", "6B", "7A", "16A", "14A", "4A", "15A", "5B"],
    Outcome.STRATEGY: ["3A", "3B", "16A", "17A", "18C", "19C", "11A", "24A", "2B", "1B", "10A", "18B", "19B"],
    Outcome.LOOKED_AFTER: ["16A", "17A", "18C", "2B", "1B", "3B", "4B", "19C", "10A", "9A", "12A", "13A"],
    Outcome.OTHER: ["8E", "8B", "9A", "20", "23A", "22A"],
}
PRIMARY_NEED_FOR_FACTOR = {
    **dict.fromkeys(
        ["3A", "16A", "17A", "18B", "18C", "19B", "19C", "11A", "12A", "22A", "23A", "24A"], "N1"
    ),
    **dict.fromkeys(["5A", "6A"], "N2"),
    **dict.fromkeys(["4B", "5B", "6B", "1B", "2B"], "N3"),
    **dict.fromkeys(["3B", "3C", "4C", "1C", "2C", "7A"], "N4"),
    **dict.fromkeys(["14A", "13A", "10A", "15A", "1A", "2A", "4A"], "N6"),
    **dict.fromkeys(["9A", "8B", "8C", "8D", "8E", "8F"], "N8"),
}

DEVELOPMENT = [
    "Meeting most developmental milestones. School reports good attendance but low confidence in class.",
    "Health needs are met; dental and immunisations up to date. Speech is behind for age; referral to speech "
    "and language therapy made.",
    "Attendance at school has fallen to 78% this term. Teachers describe a withdrawn child who rarely joins in.",
    "Growth and weight are within the expected range. Sleep is disturbed and the child is often tired.",
    "Diagnosed with autism; has an education, health and care plan. Struggles with change to routine.",
]
PARENTING = [
    "Mother provides warm and consistent basic care but struggles with boundaries when unwell.",
    "Parents work together well on day-to-day care. Supervision in the evenings is inconsistent.",
    "Father's drinking affects his ability to keep the children safe at weekends.",
    "Mother recognises the concerns and has engaged with the parenting course offered.",
    "Carers love the child but find it hard to prioritise their needs over adult conflict in the home.",
]
ENVIRONMENT = [
    "Family live in a two-bedroom flat; overcrowded but clean. Rent arrears are building.",
    "Maternal grandmother lives nearby and offers regular practical support.",
    "Recent move to the area; few local connections and no wider family nearby.",
    "Father works nights; income is low and the family uses the local food bank.",
    "Stable tenancy. Family are well connected to their faith community.",
]
ANALYSIS = [
    "The main risk is the impact of parental conflict on the child's emotional wellbeing. Strengths: the "
    "parents' commitment and the support of the grandmother. Without help, the child's school attendance and "
    "mood are likely to decline further.",
    "Concerns about neglect are cumulative rather than a single incident. The family has shown it can change "
    "with support; a plan with clear actions and timescales is needed.",
    "Risks are reduced: the parent has engaged with services and the child reports feeling safe. The family "
    "does not need statutory services.",
    "Significant harm is likely if the current pattern continues: repeated domestic abuse incidents witnessed "
    "by the child, and the non-abusing parent is not yet able to protect.",
]
VOICE = [
    '"I like it when mum takes me to the park. I don\'t like the shouting."',
    '"I want to stay at my school and see my friends."',
    'Drew a picture of the family with dad outside the house; said he is "always cross".',
    "Non-verbal; observed to be relaxed and smiling with grandmother, and to seek her out when upset.",
    '"Nobody listens to me at home. I want things to be calm."',
    "Used a feelings app: chose 'worried' for home and 'happy' for school.",
]
COMMUNICATION = [["spoken"], ["spoken"], ["drawing", "spoken"], ["non_verbal"], ["spoken"], ["device"]]
REVIEW_NOTES = [
    "Progress reviewed. Child seen alone; school and health checks complete. Continue as planned.",
    "Visits on track. Father not yet seen: arrange a joint visit this week.",
    "Analysis needs to weigh the history more; discuss in supervision before submitting.",
    "Assessment on track for completion within timescale.",
]


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _days_to_complete(rng: random.Random, on_time_share: float = ON_TIME_SHARE) -> int:
    """Working days from the referral to authorisation: within 45 with the given chance, else late."""
    if rng.random() < on_time_share:
        return max(5, min(ASSESSMENT_WORKING_DAYS, round(rng.triangular(8, 45, 40))))
    return ASSESSMENT_WORKING_DAYS + 1 + min(60, int(rng.expovariate(1 / 10)))


def _factors(rng: random.Random, outcome: str) -> list[str]:
    if outcome == Outcome.NFA and rng.random() < 0.6:
        return [NO_FACTORS]
    pool = FACTORS_FOR_OUTCOME[outcome]
    k = {Outcome.NFA: 1, Outcome.EARLY_HELP: rng.choice([1, 1, 2])}.get(outcome, rng.choice([1, 2, 2, 3, 4]))
    return rng.sample(pool, k)


def _primary_need(rng: random.Random, factors: list[str]) -> str:
    if factors == [NO_FACTORS]:
        return rng.choice(["N0", "N4", "N5"])
    needs = sorted(PRIMARY_NEED_FOR_FACTOR.get(f, "N5") for f in factors)
    return needs[0]  # the one highest in the DfE list


class _WorkingDayIndex:
    """`add_working_days` and `working_days_between` by table look-up, for many dates in one span.

    `count[d]` is the number of working days up to and including `d` from the start of the span, so
    `add(d, n)` is the working day numbered `count[d] + n` (a weekend counts as the working day before it,
    as in `add_working_days`; zero days is `d` itself) and `between(a, b)` is `count[b] - count[a]`. A test checks both against the
    common functions.
    """

    def __init__(self, first: date, last: date, holidays: Container[date]):
        self.first = first - timedelta(days=10)
        self.days: list[date] = []
        self.count: list[int] = []
        day, n = self.first, 0
        while day <= last + timedelta(days=400):
            if is_working_day(day, holidays=holidays):
                self.days.append(day)
                n += 1
            self.count.append(n)
            day += timedelta(days=1)

    def add(self, start: date, days: int) -> date:
        if days == 0:
            return start
        return self.days[self.count[(start - self.first).days] - 1 + days]

    def between(self, start: date, end: date) -> int:
        return self.count[(end - self.first).days] - self.count[(start - self.first).days]


class _Managers:
    """Who authorises for each team: its manager, else any manager of the council."""

    def __init__(self):
        self.by_team = dict(Team.objects.filter(manager__isnull=False).values_list("pk", "manager_id"))
        managers = list(
            Staff.objects.filter(role__in=[Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
            .order_by("pk")
            .values_list("pk", "team_id")
        )
        for pk, team_id in managers:
            if team_id is not None:
                self.by_team.setdefault(team_id, pk)
        self.any = managers[0][0] if managers else None

    def for_team(self, team_id: int, fallback: int) -> int:
        return self.by_team.get(team_id) or self.any or fallback


COUNTS = [
    "assessments",
    "authorised",
    "authorised within 45 working days",
    "open",
    "open and overdue",
    "re-assessments",
    "episodes closed after assessment",
    "spanning a bank holiday",
]


class _Seeder:
    """Builds assessments in memory (with their factors, reviews and chronology rows), then writes them."""

    def __init__(self, rng: random.Random, on: date, wd: _WorkingDayIndex, holidays: Container[date]):
        self.rng, self.on, self.wd = rng, on, wd
        self.points = AssessmentSettings.current().review_points()
        self.holiday_dates = sorted(getattr(holidays, "dates", holidays))
        self.assessments: list[Assessment] = []
        self.extras: list[dict] = []  # per assessment: factors, reviews, events, to write once it has a pk
        self.primary_need: dict[int, str] = {}  # referral → the need of its latest authorised assessment
        self.closures: dict[int, tuple[date, str]] = {}
        self.recoded: list[int] = []
        self.status: dict[int, str] = {}
        self.counts = dict.fromkeys(COUNTS, 0)

    def days_to_complete(self) -> int:
        """Working days to authorisation, steering the share done within 45 towards 85%.

        Some episodes closed quickly, so their assessments were done in time whatever is drawn; the chance of
        drawing "on time" for the rest moves with the share so far, so the whole comes out near 85%.
        """
        done, in_time = self.counts["authorised"], self.counts["authorised within 45 working days"]
        share = in_time / done if done >= 20 else ON_TIME_SHARE
        chance = min(0.98, max(0.1, ON_TIME_SHARE + 30 * (ON_TIME_SHARE - share)))
        return _days_to_complete(self.rng, chance)

    def add(
        self,
        *,
        referral: int,
        child: int,
        clock_start: date,
        start: date,
        authorised_on: date | None,
        outcome: str,
        worker: int,
        manager: int,
    ) -> Assessment:
        rng, wd, on = self.rng, self.wd, self.on
        due = wd.add(clock_start, ASSESSMENT_WORKING_DAYS)
        a = Assessment(
            child_id=child,
            referral_id=referral,
            start_date=start,
            clock_start=clock_start,
            due_date=due,
            started_by_id=worker,
            started_at=_at(start, 10),
        )
        factors: list[str] = []
        if authorised_on is not None or rng.random() < 0.3:  # complete: authorised or with a manager
            outcome = outcome or rng.choice(
                [Outcome.CIN_PLAN, Outcome.NFA, Outcome.EARLY_HELP, Outcome.STRATEGY]
            )
            factors = _factors(rng, outcome)
            i = rng.randrange(len(VOICE))
            a.developmental_needs = rng.choice(DEVELOPMENT)
            a.parenting_capacity = rng.choice(PARENTING)
            a.family_environment = rng.choice(ENVIRONMENT)
            a.analysis = rng.choice(ANALYSIS)
            a.child_voice, a.child_communication = VOICE[i], COMMUNICATION[i]
            a.outcome = outcome
            a.outcome_detail = (
                "Private fostering arrangement assessed and approved" if outcome == Outcome.OTHER else ""
            )
            a.primary_need = _primary_need(rng, factors)
            sent = max(start, wd.add(authorised_on or on, -rng.choice([1, 1, 2, 3])))
            a.status, a.submitted_by_id, a.submitted_at = Status.SUBMITTED, worker, _at(sent, 16)
        elif rng.random() < 0.5:  # a draft under way
            a.developmental_needs = rng.choice(DEVELOPMENT)
            a.child_voice = rng.choice(VOICE)
            a.child_communication = ["spoken"]

        counts = self.counts
        counts["assessments"] += 1
        if authorised_on is not None:
            a.status = Status.AUTHORISED
            a.authorised_by_id, a.authorised_at, a.authorised_on = (
                manager,
                _at(authorised_on, 15),
                authorised_on,
            )
            self.primary_need[referral] = a.primary_need
            counts["authorised"] += 1
            counts["authorised within 45 working days"] += authorised_on <= due
        else:
            counts["open"] += 1
            counts["open and overdue"] += due < on
        if _holidays_between(self.holiday_dates, clock_start, authorised_on or min(due, on)):
            counts["spanning a bank holiday"] += 1

        # Internal reviews: held near their date while the assessment was open, a few missed.
        reviews = []
        open_until = authorised_on or on
        for days, name in self.points:
            review_due = wd.add(clock_start, days)
            held = None
            if review_due <= open_until and rng.random() < 0.9:
                held = min(max(start, wd.add(review_due, rng.choice([0, 0, 0, 1, 2, -1]))), open_until)
            reviews.append((days, name, review_due, held))

        events = [
            (
                AssessmentEvent.STARTED,
                _at(start, 10),
                worker,
                f"Assessment started on {_day(start)}; due by {_day(due)}",
                {},
                False,
            )
        ]
        if authorised_on is None:
            # An assessment still open shows its reviews and its submission; older ones keep the chronology
            # short: started and authorised.
            for _days, name, _, held in reviews:
                if held is not None:
                    summary = f"{name} of the assessment held on {_day(held)}"
                    events.append((AssessmentEvent.REVIEWED, _at(held, 14), manager, summary, {}, False))
            if a.submitted_at is not None:
                summary = "Assessment submitted for authorisation"
                events.append((AssessmentEvent.SUBMITTED, a.submitted_at, worker, summary, {}, False))
        else:
            labels = dict(Factor.choices)
            late = authorised_on > due
            summary = (
                f"Assessment authorised{' (after the 45-working-day due date)' if late else ''}. "
                f"Outcome: {Outcome(outcome).label}. Factors: "
                + ", ".join(f"{labels[c]} ({c})" for c in factors)
            )
            data = {"outcome": outcome, "factors": factors, "on_time": not late}
            events.append((AssessmentEvent.AUTHORISED, a.authorised_at, manager, summary, data, True))
        self.assessments.append(a)
        self.extras.append({"factors": factors, "reviews": reviews, "events": events, "manager": manager})
        return a

    def close(
        self, *, referral: int, child: int, on: date, reason: str, manager: int, recode: bool = False
    ) -> None:
        """Close the episode after its assessment (RC8/RC9); `recode` corrects the reason of one already closed
        (the front door closes episodes RC7, leaving "after assessment" to this stage), keeping the child's
        status, and replaces the front door's closure event."""
        self.closures[referral] = (on, reason)
        if recode:
            self.recoded.append(referral)
        else:
            self.status[child] = CaseStatus.NOT_OPEN
        self.counts["episodes closed after assessment"] += 1
        summary = f"Episode of need closed on {_day(on)}: {ClosureReason(reason).label}"
        data = {"referral": referral, "reason": reason}
        self.extras[-1]["events"].append(
            (EventKind.REFERRAL_CLOSED, _at(on, 16), manager, summary, data, False)
        )

    def write(self) -> None:
        rng = self.rng
        for chunk in _chunks(self.assessments):
            Assessment.objects.bulk_create(chunk)
        factor_rows, review_rows, event_rows = [], [], []
        for a, extra in zip(self.assessments, self.extras, strict=True):
            factor_rows.extend(AssessmentFactor(assessment_id=a.pk, code=c) for c in extra["factors"])
            for days, name, review_due, held in extra["reviews"]:
                review_rows.append(
                    InternalReview(
                        assessment_id=a.pk,
                        working_days=days,
                        name=name,
                        due_date=review_due,
                        held_on=held,
                        notes=rng.choice(REVIEW_NOTES) if held else "",
                        recorded_by_id=extra["manager"] if held else None,
                        recorded_at=_at(held, 14) if held else None,
                    )
                )
            for kind, at, by, summary, data, significant in extra["events"]:
                if len(summary) > SUMMARY_LENGTH:
                    summary = summary[: SUMMARY_LENGTH - 1] + "…"
                event_rows.append(
                    ChronologyEvent(
                        person_id=a.child_id,
                        kind=kind,
                        at=at,
                        by_id=by,
                        summary=summary,
                        data={"assessment": a.pk, **data},
                        significant=significant,
                    )
                )
        for chunk in _chunks(self.recoded, 500):
            ChronologyEvent.objects.filter(kind=EventKind.REFERRAL_CLOSED, data__referral__in=chunk).delete()
        for model, rows in (
            (AssessmentFactor, factor_rows),
            (InternalReview, review_rows),
            (ChronologyEvent, event_rows),
        ):
            for chunk in _chunks(rows):
                model.objects.bulk_create(chunk)
        # Set-wise updates grouped by value: far quicker than bulk_update's CASE per row.
        for need, pks in _grouped(self.primary_need).items():
            for chunk in _chunks(pks):
                Referral.objects.filter(pk__in=chunk).update(primary_need=need)
        for (closed_on, reason), pks in _grouped(self.closures).items():
            Referral.objects.filter(pk__in=pks).update(closure_date=closed_on, closure_reason=reason)
        for status, pks in _grouped(self.status).items():
            for chunk in _chunks(pks):
                Person.objects.filter(pk__in=chunk).update(case_status=status)


def _grouped(values: dict) -> dict:
    groups: dict = defaultdict(list)
    for key, value in values.items():
        groups[value].append(key)
    return groups


@transaction.atomic
def seed_assessments(*, rng: random.Random, on: date, holidays: Container[date]) -> dict[str, int]:
    """Assessments for every referral in the database that has none (NFA referrals excepted).

    Returns what was made, for the seed's report: assessments, authorised, authorised within 45 working
    days, open, open and overdue, re-assessments, episodes closed after assessment, spanning a bank holiday.
    """
    done = set(Assessment.objects.values_list("referral_id", flat=True).distinct())
    referrals = [
        r
        for r in Referral.objects.filter(referral_nfa=False, referral_date__lte=on)
        .order_by("pk")
        .values_list(
            "pk", "child_id", "referral_date", "closure_date", "closure_reason", "team_id", "opened_by_id"
        )
        if r[0] not in done
    ]
    child_ids = {r[1] for r in referrals}
    status_of = dict(Person.objects.filter(pk__in=child_ids).values_list("pk", "case_status"))
    worker_of = dict(
        Allocation.objects.filter(
            child_id__in=child_ids, role=AllocationRole.SOCIAL_WORKER, end__isnull=True
        ).values_list("child_id", "worker_id")
    )
    managers = _Managers()
    wd = _WorkingDayIndex(min((r[2] for r in referrals), default=on), on, holidays)
    seeder = _Seeder(rng, on, wd, holidays)

    for pk, child_id, referral_date, closure_date, closure_reason, team_id, opened_by in referrals:
        status = status_of.get(child_id, "")
        who = {"referral": pk, "child": child_id, "worker": worker_of.get(child_id, opened_by)}
        manager = managers.for_team(team_id, opened_by)
        start = min(wd.add(referral_date, rng.choice([0, 0, 1, 1, 2, 3, 5])), closure_date or on)
        age = wd.between(referral_date, on)
        first = {**who, "manager": manager, "clock_start": referral_date}

        if closure_date is not None:
            # A closed episode: its assessment was authorised by the closure (RC8/RC9 always had one).
            if closure_reason not in OUTCOME_FOR_CLOSURE and rng.random() < 0.1:
                continue  # closed without an assessment (transferred, moved away)
            if closure_reason in OUTCOME_FOR_CLOSURE:
                outcome = OUTCOME_FOR_CLOSURE[closure_reason]
            elif closure_reason in (ClosureReason.RC1, ClosureReason.RC3, ClosureReason.RC4):
                outcome = Outcome.LOOKED_AFTER if closure_reason == ClosureReason.RC1 else Outcome.CIN_PLAN
            else:
                outcome = rng.choices(
                    [o for o, _ in CLOSED_OUTCOMES], weights=[w for _, w in CLOSED_OUTCOMES]
                )[0]
            authorised_on = min(wd.add(referral_date, seeder.days_to_complete()), closure_date)
            seeder.add(**first, start=min(start, authorised_on), authorised_on=authorised_on, outcome=outcome)
            if closure_reason == ClosureReason.RC7 and outcome in CLOSING_OUTCOMES:
                # Services ceased after an assessment of no further action or early help: RC8 or RC9.
                seeder.close(
                    referral=pk,
                    child=child_id,
                    on=closure_date,
                    reason=CLOSING_OUTCOMES[outcome],
                    manager=manager,
                    recode=True,
                )
        elif status in (CaseStatus.REFERRAL, CaseStatus.ASSESSMENT):
            if status == CaseStatus.REFERRAL and (age < 3 or rng.random() < 0.3):
                continue  # not started yet
            if age <= ASSESSMENT_WORKING_DAYS + 15:
                seeder.add(**first, start=start, authorised_on=None, outcome="")
            else:
                # An old episode in assessment again: the first assessment was authorised long ago and a
                # re-assessment (its clock from its own start) is under way, a few of them overdue.
                authorised_on = min(wd.add(referral_date, seeder.days_to_complete()), wd.add(on, -5))
                seeder.add(
                    **first,
                    start=min(start, authorised_on),
                    authorised_on=authorised_on,
                    outcome=Outcome.CIN_PLAN,
                )
                back = rng.randint(46, 60) if rng.random() < 0.08 else rng.randint(0, 40)
                again = max(wd.add(on, -back), authorised_on)
                seeder.add(**first | {"clock_start": again}, start=again, authorised_on=None, outcome="")
                seeder.counts["re-assessments"] += 1
            seeder.status[child_id] = CaseStatus.ASSESSMENT
        else:
            # Past assessment: the outcome led to where the child is now. A few are still open past their date.
            outcome = OUTCOME_FOR_STATUS.get(status, Outcome.CIN_PLAN)
            authorised_on = wd.add(referral_date, seeder.days_to_complete())
            # Stuck only within the current collection year: one open across a 31 March would be an error in
            # the CIN census (8736: an open assessment starts in the census year).
            this_year = date(on.year if on.month >= 4 else on.year - 1, 4, 1)
            stuck = rng.random() < STUCK_SHARE and age > ASSESSMENT_WORKING_DAYS and start >= this_year
            if stuck or authorised_on > on:
                seeder.add(**first, start=start, authorised_on=None, outcome="")
                if status == CaseStatus.NOT_OPEN:
                    seeder.status[child_id] = CaseStatus.ASSESSMENT
                continue
            seeder.add(**first, start=min(start, authorised_on), authorised_on=authorised_on, outcome=outcome)
            if outcome in CLOSING_OUTCOMES and status in (CaseStatus.NOT_OPEN, CaseStatus.EARLY_HELP):
                close_on = wd.add(authorised_on, rng.choice([0, 1, 2, 5, 10]))
                if close_on <= on:
                    seeder.close(
                        referral=pk,
                        child=child_id,
                        on=close_on,
                        reason=CLOSING_OUTCOMES[outcome],
                        manager=manager,
                    )

    seeder.write()
    return seeder.counts


def _holidays_between(dates: list[date], start: date, end: date) -> list[date]:
    """The bank holidays in (start, end], from a sorted list."""
    return dates[bisect_left(dates, start + timedelta(days=1)) : bisect_right(dates, end)]
