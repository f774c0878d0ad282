"""Synthetic health, permanence and adoption, UASC status and care leavers' records for `seed_care`, written
in bulk from the periods of care and episodes already in the database.

What it writes, in realistic proportions and valid for the SSDA903 rules:
- Health for the last two years of care: the initial health assessment (most within 20 working days), review
  assessments (6-monthly under 5, yearly from 5), yearly dental and immunisations checks, development checks for
  under 5s, a strengths and difficulties questionnaire once a collection year for children aged 4 to 16, and
  offending and substance misuse answers for the children looked after all year.
- Permanence: a previous permanence record for every period of care (mostly none: Z1); the decision that a
  child should be placed for adoption before any placement order or adoptive placement (rules 1003, 521, 554),
  the match before the placement, and adoption orders (E11/E12) ending care for about half the children placed
  for adoption for more than four months (their case then closes). Decisions for periods that ended otherwise
  are reversed by the end of care (rules 117, 119).
- UASC: about one in eight children who came into care at 13 or over, from their first day in care.
- Care leavers: closed periods for young people whose status is "care_leaver" (`seed_past_care`); for each
  young person entitled to leaving-care support (13 weeks in care after 14, ending at 16 or over, not adopted),
  a leaving-care record, a personal adviser, pathway plans every 5–6 months and the contact around each 17th to
  21st birthday reached (OC3 codes that agree, rules 344–347, 3001). Eligible 16- and 17-year-olds still in
  care get a record and a pathway plan.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Container
from datetime import date, timedelta

from django.db.models import Q

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import add_working_days
from carefile.people.models import CaseStatus, Person
from carefile.workforce.models import Allocation, AllocationRole

from ..codes import ADOPTION_PLACEMENTS, SHORT_BREAK_STATUSES
from ..models import (
    AdoptionDecision,
    AdoptionMatch,
    CareEvent,
    CareLeaver,
    CareReview,
    Episode,
    HealthCheck,
    LeaverContact,
    MissingEpisode,
    PathwayPlan,
    PeriodOfCare,
    PreviousPermanence,
    SdqAssessment,
    UascStatus,
    YearOutcome,
)
from ..timescales import add_months, add_years, say_date
from .common import _age, _at, _chunks, _weighted

HEALTH_YEARS = 2
UASC_SHARE = 0.12  # of children coming into care at 13 or over
ADOPTED_SHARE = 0.5  # of children placed for adoption for over 4 months
LA_CODES = ["841", "840", "390", "391", "392", "393", "394", "805", "806", "807", "808", "935"]


def _collection_year_end(day: date) -> int:
    return day.year + 1 if day.month >= 4 else day.year


def seed_care_extras(
    *, rng: random.Random, on: date, holidays: Container[date], social: dict[int, int], fallback: int
) -> dict[str, int]:
    periods = list(PeriodOfCare.objects.order_by("child_id", "start"))
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for e in Episode.objects.order_by("period_id", "start"):
        episodes[e.period_id].append(e)
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in={p.child_id for p in periods}).only(
            "pk", "date_of_birth", "death_date", "case_status"
        )
    }
    by = lambda child_id: social.get(child_id, fallback)  # noqa: E731
    events: list[ChronologyEvent] = []
    counts: dict[str, int] = {}
    counts.update(_previous_permanence(rng, periods, by))
    counts.update(_adoption(rng, on, periods, episodes, people, by, events))
    care = [p for p in periods if not p.short_breaks]
    counts.update(_health(rng, on, holidays, care, people, by, events))
    counts.update(_uasc(rng, on, care, people, by))
    counts.update(_leavers(rng, on, periods, episodes, people, by, events))
    for chunk in _chunks(events):
        ChronologyEvent.objects.bulk_create(chunk)
    return counts


def _event(child_id: int, kind: str, day: date, by: int, summary: str, significant: bool = False):
    return ChronologyEvent(
        person_id=child_id,
        kind=kind,
        at=_at(day, 15),
        by_id=by,
        summary=summary[:300],
        data={"seeded": True},
        significant=significant,
    )


# ---- previous permanence --------------------------------------------------------------------------------


def _previous_permanence(rng, periods, by) -> dict[str, int]:
    rows = []
    for p in periods:
        code = _weighted(rng, {"Z1": 88, "P1": 2, "P2": 4, "P3": 3, "P4": 3})
        la, when = "", ""
        if code != "Z1":
            la = rng.choice(LA_CODES)
            year = max(p.start.year - rng.randint(1, 8), 2000)
            when = (
                f"ZZ/ZZ/{year}"
                if code == "P4" or rng.random() < 0.3
                else f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
            )
        rows.append(
            PreviousPermanence(
                child_id=p.child_id,
                period_id=p.pk,
                code=code,
                la_code=la,
                order_date=when,
                recorded_by_id=by(p.child_id),
                recorded_at=_at(p.start, 17),
            )
        )
    for chunk in _chunks(rows):
        PreviousPermanence.objects.bulk_create(chunk)
    return {"previous permanence": len(rows)}


# ---- adoption -------------------------------------------------------------------------------------------


def _adoption(rng, on, periods, episodes, people, by, events) -> dict[str, int]:
    decisions, matches = [], []
    adopted_periods: list[tuple[PeriodOfCare, Episode, date, str]] = []
    for p in periods:
        if p.short_breaks:
            continue
        eps = episodes[p.pk]
        placement_order = next((e.start for e in eps if e.legal_status == "E1"), None)
        placed = next((e for e in eps if e.place in ADOPTION_PLACEMENTS), None)
        if placement_order is None and placed is None:
            continue
        if placed is None and rng.random() < 0.1:
            continue  # a placement order, the agency decision not yet recorded
        latest = min(d for d in (placement_order, placed.start if placed else None) if d is not None)
        earliest = p.start
        if latest <= earliest:
            decided = earliest
        else:
            decided = max(earliest, latest - timedelta(days=rng.randint(20, 150)))
        child_id = p.child_id
        decision = AdoptionDecision(
            child_id=child_id,
            period_id=p.pk,
            decided_on=decided,
            recorded_by_id=by(child_id),
            recorded_at=_at(decided, 16),
        )
        last = eps[-1]
        if p.end is not None and last.reason_ceased not in {"E11", "E12"}:
            decision.reversed_on = max(decided, p.end - timedelta(days=rng.randint(0, 30)))
            decision.reversal_reason = _weighted(rng, {"RD1": 35, "RD2": 15, "RD3": 30, "RD4": 20})
        elif p.end is None and last.place not in ADOPTION_PLACEMENTS and placed is not None:
            # Placed for adoption and moved on since: the plan changed.
            decision.reversed_on = max(decided, last.start)
            decision.reversal_reason = _weighted(rng, {"RD1": 50, "RD3": 20, "RD4": 30})
        decisions.append((decision, placed, p, last))
    AdoptionDecision.objects.bulk_create([d for d, *_ in decisions])
    adopted = withdrawn_reviews = withdrawn_recommendations = 0
    for decision, placed, p, last in decisions:
        child_id = p.child_id
        events.append(
            _event(
                child_id,
                CareEvent.ADOPTION_DECISION,
                decision.decided_on,
                by(child_id),
                f"Decision on {say_date(decision.decided_on)} that the child should be placed for adoption",
                True,
            )
        )
        if placed is None or decision.reversed_on is not None:
            continue
        matched = max(decision.decided_on, placed.start - timedelta(days=rng.randint(7, 45)))
        sex = _weighted(rng, {"MF": 80, "F1": 9, "FF": 5, "MM": 5, "M1": 1})
        number = 1 if sex in {"M1", "F1"} else 2
        status = (
            "L0"
            if number == 1
            else (
                _weighted(rng, {"L11": 80, "L3": 20})
                if sex == "MF"
                else _weighted(rng, {"L12": 40, "L2": 40, "L4": 20})
            )
        )
        matches.append(
            AdoptionMatch(
                child_id=child_id,
                decision=decision,
                matched_on=matched,
                foster_carers=placed.place in {"A3", "A5"},
                number_of_adopters=number,
                adopters_sex=sex,
                adopters_legal_status=status,
                recorded_by_id=by(child_id),
                recorded_at=_at(matched, 16),
            )
        )
        events.append(
            _event(child_id, CareEvent.ADOPTION_MATCH, matched, by(child_id), "Matched with adopters", True)
        )
        # An adoption order for about half those placed for adoption more than 4 months ago.
        if (
            p.end is None
            and last.place in ADOPTION_PLACEMENTS
            and last.start <= on - timedelta(days=125)
            and rng.random() < ADOPTED_SHARE
        ):
            born = people[child_id].date_of_birth
            day = last.start + timedelta(days=rng.randint(91, max(92, (on - last.start).days - 1)))
            if born is not None and _age(born, day) < 18 and day < on:
                adopted_periods.append((p, last, day, _weighted(rng, {"E11": 70, "E12": 30})))
    AdoptionMatch.objects.bulk_create(matches)
    # Only children who never went missing in that period are adopted here (no incident outlives care).
    went_missing = set(
        MissingEpisode.objects.filter(period_id__in=[p.pk for p, *_ in adopted_periods]).values_list(
            "period_id", flat=True
        )
    )
    adopted_periods = [a for a in adopted_periods if a[0].pk not in went_missing]
    for p, last, day, rec in adopted_periods:
        # Reviews planned after the adoption order did not happen.
        _, deleted = CareReview.objects.filter(period=p, held_on__gt=day).delete()
        withdrawn_reviews += deleted.get("care.CareReview", 0)
        withdrawn_recommendations += deleted.get("care.ReviewRecommendation", 0)
        ChronologyEvent.objects.filter(
            person_id=p.child_id,
            kind__in=[CareEvent.REVIEW_HELD, CareEvent.RECOMMENDATION_UPDATED],
            at__gt=_at(day, 23),
        ).delete()
        last.end, last.reason_ceased = day, rec
        p.end, p.ended_by_id, p.ended_at = day, by(p.child_id), _at(day, 16)
        events.append(
            _event(p.child_id, CareEvent.CARE_ENDED, day, by(p.child_id), f"Adopted on {say_date(day)}", True)
        )
        adopted += 1
    Episode.objects.bulk_update([last for _, last, _, _ in adopted_periods], ["end", "reason_ceased"])
    PeriodOfCare.objects.bulk_update([p for p, *_ in adopted_periods], ["end", "ended_by", "ended_at"])
    Person.objects.filter(pk__in=[p.child_id for p, *_ in adopted_periods]).update(
        case_status=CaseStatus.NOT_OPEN
    )
    return {
        "adoption decisions": len(decisions),
        "adoption matches": len(matches),
        "adoptions": adopted,
        "-looked-after reviews": withdrawn_reviews,
        "-review recommendations": withdrawn_recommendations,
    }


# ---- health ---------------------------------------------------------------------------------------------


def _health(rng, on, holidays, care, people, by, events) -> dict[str, int]:
    checks, sdqs, outcomes = [], [], []
    since = add_years(on, -HEALTH_YEARS)
    outcome_years = {_collection_year_end(on) - 1, _collection_year_end(on)}
    for p in care:
        child = people.get(p.child_id)
        if child is None or child.date_of_birth is None:
            continue
        born, child_id, who = child.date_of_birth, p.child_id, by(p.child_id)
        until = min(p.end or on, on)
        if until <= since:
            continue

        def check(kind, day, up=None, child_id=child_id, who=who):
            checks.append(
                HealthCheck(
                    child_id=child_id,
                    kind=kind,
                    held_on=day,
                    up_to_date=up,
                    by_whom=rng.choice(["Looked-after children's nurse", "Community paediatrician", "GP"])
                    if kind in {"initial_assessment", "review_assessment"}
                    else "",
                    recorded_by_id=who,
                    recorded_at=_at(day, 17),
                )
            )

        # Health assessments: the initial one (most within 20 working days), then reviews.
        day = add_working_days(
            p.start, _weighted(rng, {8: 20, 14: 30, 18: 30, 24: 12, 35: 8}), holidays=holidays
        )
        kind = "initial_assessment"
        while day < until and rng.random() < 0.97:
            if day >= since:
                check(kind, day)
            kind = "review_assessment"
            months = 6 if _age(born, day) < 5 else 12
            day = (
                add_months(day, months)
                - timedelta(days=rng.randint(0, 25))
                + timedelta(days=rng.randint(0, 30) if rng.random() < 0.12 else 0)
            )
        # Dental and immunisations, yearly; development checks under 5, 6-monthly.
        day = p.start + timedelta(days=rng.randint(20, 120))
        while day < until:
            if day >= since:
                if rng.random() < 0.9:
                    check("dental_check", day)
                check("immunisations", day + timedelta(days=rng.randint(0, 20)), rng.random() < 0.9)
            day = add_months(day, 12) - timedelta(days=rng.randint(0, 30))
        if _age(born, p.start) < 5:
            day = p.start + timedelta(days=rng.randint(20, 90))
            while day < until and _age(born, day) < 5:
                if day >= since:
                    check("development_check", day, rng.random() < 0.88)
                day = add_months(day, 6)
        # One questionnaire each collection year for children 4 to 16.
        for year_end in range(_collection_year_end(max(p.start, since)), _collection_year_end(until) + 1):
            first, last = max(date(year_end - 1, 4, 1), p.start, since), min(date(year_end, 3, 31), until)
            if last <= first:
                continue
            # Within the year, while 4 to 16 (a child turning 4 or 17 in the year included: rule 197B).
            low, high = max(first, add_years(born, 4)), min(last, add_years(born, 17) - timedelta(days=1))
            if high >= low:
                day = low + timedelta(days=rng.randint(0, (high - low).days))
                reason = (
                    _weighted(rng, {"": 90, "SDQ2": 3, "SDQ4": 4, "SDQ5": 3}) if _age(born, day) >= 11 else ""
                )
                if reason == "" and rng.random() < 0.03:
                    reason = "SDQ3"
            elif any(
                date(year_end - 1, 4, 1) <= add_years(born, n) <= date(year_end, 3, 31) for n in (4, 17)
            ):
                day, reason = first + timedelta(days=rng.randint(0, (last - first).days)), "SDQ1"
            else:
                continue
            score = None if reason else min(40, max(0, int(rng.triangular(0, 40, 12))))
            sdqs.append(
                SdqAssessment(
                    child_id=child_id,
                    held_on=day,
                    score=score,
                    reason=reason,
                    recorded_by_id=who,
                    recorded_at=_at(day, 17),
                )
            )
        # Offending and substance misuse, for the years the child was looked after all year.
        for year_end in outcome_years:
            start, end = date(year_end - 1, 4, 1), date(year_end, 3, 31)
            if not (p.start < start and (p.end is None or p.end > end)) or end > on + timedelta(days=366):
                continue
            age = _age(born, end)
            misuse = age >= 12 and rng.random() < 0.05
            received = (rng.random() < 0.7) if misuse else None
            outcomes.append(
                YearOutcome(
                    child_id=child_id,
                    year_end=year_end,
                    convicted=age >= 10 and rng.random() < 0.04,
                    substance_misuse=misuse,
                    intervention_received=received,
                    intervention_offered=(rng.random() < 0.6) if received is False else None,
                    recorded_by_id=who,
                    recorded_at=_at(min(end, on), 17),
                )
            )
    for chunk in _chunks(checks):
        HealthCheck.objects.bulk_create(chunk)
    for chunk in _chunks(sdqs):
        SdqAssessment.objects.bulk_create(chunk)
    YearOutcome.objects.bulk_create(outcomes, ignore_conflicts=True)
    return {"health checks": len(checks), "SDQs": len(sdqs), "year outcomes": len(outcomes)}


# ---- UASC -----------------------------------------------------------------------------------------------


def _uasc(rng, on, care, people, by) -> dict[str, int]:
    rows, seen = [], set()
    for p in care:
        child = people.get(p.child_id)
        if child is None or child.date_of_birth is None or p.child_id in seen:
            continue
        seen.add(p.child_id)  # the first period of care only
        age = _age(child.date_of_birth, p.start)
        if not 13 <= age < 18 or rng.random() >= UASC_SHARE:
            continue
        rows.append(
            UascStatus(
                child_id=p.child_id,
                since=p.start,
                recorded_by_id=by(p.child_id),
                recorded_at=_at(p.start, 17),
            )
        )
    UascStatus.objects.bulk_create(rows)
    # Unaccompanied children had no home here before care (no HOME_POST: rule 406).
    PeriodOfCare.objects.filter(child_id__in=[r.child_id for r in rows]).update(home_postcode="")
    return {"UASC": len(rows)}


# ---- care leavers ---------------------------------------------------------------------------------------

ACCOMMODATION = {
    "D1": 18,
    "E1": 10,
    "U1": 22,
    "Z1": 12,
    "B1": 12,
    "K1": 4,
    "T1": 4,
    "C1": 3,
    "S2": 2,
    "W2": 1,
    "X2": 2,
    "Y1": 4,
    "V2": 1,
    "R2": 1,
    "U2": 2,
    "D2": 2,
}
ACTIVITY = {
    "F1": 7,
    "P1": 1,
    "F2": 22,
    "P2": 4,
    "F4": 5,
    "P4": 1,
    "F5": 12,
    "P5": 6,
    "G4": 9,
    "G5": 25,
    "G6": 8,
}


def _contact_codes(rng, age: int) -> tuple[str, str, str]:
    in_touch = _weighted(rng, {"YES": 88, "NO": 4, "REFU": 4, "NREQ": 2, "RHOM": 2})
    if in_touch in {"RHOM"}:
        return in_touch, "0", "0"
    if in_touch != "YES":
        return in_touch, "0", "0"
    accommodation = _weighted(rng, ACCOMMODATION)
    if accommodation[0] == "T" and age < 18:
        accommodation = "D1"
    if accommodation[0] == "Z" and age == 17:
        accommodation = "E1"
    return in_touch, _weighted(rng, ACTIVITY), accommodation


def _looked_after_days(eps: list[Episode], since: date, until: date) -> int:
    total = 0
    for e in eps:
        if e.legal_status in SHORT_BREAK_STATUSES:
            continue
        end = min(e.end or until, until)
        start = max(e.start, since)
        if end > start:
            total += (end - start).days
    return total


def _leavers(rng, on, periods, episodes, people, by, events) -> dict[str, int]:
    advisers = {
        child_id: worker_id
        for child_id, worker_id in Allocation.objects.filter(
            role=AllocationRole.PERSONAL_ADVISER, end__isnull=True
        ).values_list("child_id", "worker_id")
    }
    by_child: dict[int, list[Episode]] = defaultdict(list)
    for p in periods:
        if not p.short_breaks:
            by_child[p.child_id].extend(episodes[p.pk])
    leavers, plans, contacts = [], [], []
    for child_id, eps in by_child.items():
        child = people.get(child_id)
        if child is None or child.date_of_birth is None or child.death_date is not None:
            continue
        born = child.date_of_birth
        sixteen = add_years(born, 16)
        if on < sixteen or on >= add_years(born, 25):
            continue
        last = eps[-1]
        in_care = last.end is None
        if _looked_after_days(eps, add_years(born, 14), min(on, last.end or on) + timedelta(days=1)) < 91:
            continue
        if in_care:
            eligibility = "eligible" if on < add_years(born, 18) else None
            left = None
        else:
            if last.reason_ceased in {"E11", "E12", "E2", "E3"} or last.end < sixteen:
                continue
            eligibility = "relevant" if on < add_years(born, 18) else "former_relevant"
            left = last.end
        if eligibility is None:
            continue
        who = by(child_id)
        adviser = advisers.get(child_id) or (who if rng.random() < 0.9 else None)
        adviser_since = max(sixteen, left or sixteen) if adviser else None
        leavers.append(
            CareLeaver(
                child_id=child_id,
                eligibility=eligibility,
                personal_adviser_id=adviser,
                adviser_since=adviser_since,
                updated_by_id=who,
                updated_at=_at(adviser_since or on, 12),
            )
        )
        # Pathway plans: the first after the 16th birthday, then every 5–6 months, to 21.
        day = max(add_months(sixteen, rng.randint(1, 3)), add_months(min(e.start for e in eps), 1))
        stop = min(on, add_years(born, 21))
        taken = set()
        while day <= stop:
            if day not in taken:
                taken.add(day)
                plans.append(
                    PathwayPlan(
                        child_id=child_id,
                        agreed_on=day,
                        summary="Pathway plan reviewed with the young person: accommodation, education or work, "
                        "health, money and support.",
                        recorded_by_id=adviser or who,
                        recorded_at=_at(day, 16),
                    )
                )
            day = add_months(day, 6) - timedelta(days=rng.randint(0, 25))
        if in_care:
            continue
        # The contact around each 17th to 21st birthday reached, when not looked after on it.
        for age in (17, 18, 19, 20, 21):
            birthday = add_years(born, age)
            if birthday > on or birthday <= left:
                continue  # leaving care on the birthday counts as looked after on it (1007, 1016)
            day = birthday + timedelta(days=rng.randint(-60, 25))
            day = min(max(day, left), on)
            if day < add_months(birthday, -3):
                continue
            in_touch, activity, accommodation = _contact_codes(rng, age)
            contacts.append(
                LeaverContact(
                    child_id=child_id,
                    age=age,
                    contact_on=day,
                    in_touch=in_touch,
                    activity=activity,
                    accommodation=accommodation,
                    recorded_by_id=adviser or who,
                    recorded_at=_at(day, 16),
                )
            )
    CareLeaver.objects.bulk_create(leavers)
    for chunk in _chunks(plans):
        PathwayPlan.objects.bulk_create(chunk)
    for chunk in _chunks(contacts):
        LeaverContact.objects.bulk_create(chunk)
    eligible_ids = [leaver.child_id for leaver in leavers if leaver.eligibility != "eligible"]
    Person.objects.filter(pk__in=eligible_ids).exclude(case_status=CaseStatus.CARE_LEAVER).filter(
        ~Q(case_status=CaseStatus.LOOKED_AFTER)
    ).update(case_status=CaseStatus.CARE_LEAVER)
    return {"care leavers": len(leavers), "pathway plans": len(plans), "care leaver contacts": len(contacts)}
