"""Synthetic legal work for `seed_council`, written in batches after the care and protection seeds.

- Children looked after under an interim care order (C1) are in care proceedings: the application a few days
  before the order, the first hearing within a fortnight, further hearings, some past 26 weeks; a few have an
  issues resolution hearing listed ahead.
- About one in eight children on a child protection plan for three months or more are in pre-proceedings after a
  legal planning meeting: letter before proceedings, the meeting with the parents, family group decision making for
  most, reviews every six weeks; a few have run past the 16-week limit.
- Half as many again had a legal planning meeting that decided no legal action now.

Dates respect the services' rules: nothing after `on`, hearings on working days, steps after their start.
"""

from __future__ import annotations

import random
from collections.abc import Container
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from carefile.care.models import Episode
from carefile.common.workdays import add_working_days, is_working_day
from carefile.protection.models import ChildProtectionPlan
from carefile.workforce.models import Role, Staff

from .models import (
    CareProceedings,
    Hearing,
    HearingType,
    InterimOrder,
    InterimOrderType,
    LegalPlanningMeeting,
    MeetingDecision,
    PreProceedings,
    PreProceedingsReview,
)

COURTS = [
    "Family Court at Hereford",
    "Family Court at Worcester",
    "Family Court at Birmingham",
    "Family Court at Gloucester",
]
JUDGES = ["HHJ Adeyemi", "HHJ Birch", "DJ Calloway", "HHJ Dunmore", "DJ Ellery", ""]


def _working_on_or_after(day: date, holidays: Container[date]) -> date:
    while not is_working_day(day, holidays=holidays):
        day += timedelta(days=1)
    return day


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16)))


def seed_legal(*, rng: random.Random, on: date, holidays: Container[date]) -> dict:
    managers = list(Staff.objects.filter(role=Role.TEAM_MANAGER).order_by("pk").values_list("pk", flat=True))
    workers = list(Staff.objects.filter(role=Role.SOCIAL_WORKER).order_by("pk").values_list("pk", flat=True))
    if not managers or not workers:
        return {"proceedings": 0, "pre-proceedings": 0}
    proceedings_rows: list[tuple[CareProceedings, list[Hearing], list[InterimOrder]]] = []
    for episode in (
        Episode.objects.filter(end__isnull=True, legal_status="C1")
        .order_by("child_id")
        .only("child_id", "start")
    ):
        order_made = episode.start
        application = order_made - timedelta(days=rng.randint(0, 6))
        court = rng.choice(COURTS)
        proceedings = CareProceedings(
            child_id=episode.child_id,
            application_on=application,
            court=court,
            case_number=f"{court.split()[-1][:2].upper()}{application:%y}C{rng.randint(100, 9999):05d}",
            judge=rng.choice(JUDGES),
            issued_by_id=rng.choice(workers),
        )
        hearings = []
        first = _working_on_or_after(application + timedelta(days=rng.randint(8, 14)), holidays)
        if first <= on:
            hearings.append(
                Hearing(kind=HearingType.FIRST, on=first, outcome="Directions given; timetable set")
            )
            irh = _working_on_or_after(application + timedelta(weeks=rng.randint(16, 30)), holidays)
            if irh <= on:
                hearings.append(
                    Hearing(
                        kind=HearingType.ISSUES_RESOLUTION,
                        on=irh,
                        outcome="Issues narrowed; final hearing listed",
                    )
                )
                final = _working_on_or_after(irh + timedelta(weeks=rng.randint(2, 8)), holidays)
                if final > on:
                    hearings.append(Hearing(kind=HearingType.FINAL, on=final))
            else:
                hearings.append(Hearing(kind=HearingType.ISSUES_RESOLUTION, on=irh))
        else:
            hearings.append(Hearing(kind=HearingType.FIRST, on=first))
        orders = [InterimOrder(kind=InterimOrderType.ICO, made_on=order_made)]
        proceedings_rows.append((proceedings, hearings, orders))
    CareProceedings.objects.bulk_create([p for p, _, _ in proceedings_rows], batch_size=500)
    Hearing.objects.bulk_create(
        [_with(h, proceedings=p) for p, hs, _ in proceedings_rows for h in hs], batch_size=1000
    )
    InterimOrder.objects.bulk_create(
        [_with(o, proceedings=p) for p, _, os in proceedings_rows for o in os], batch_size=1000
    )

    in_proceedings = {p.child_id for p, _, _ in proceedings_rows}
    long_plans = list(
        ChildProtectionPlan.objects.filter(end__isnull=True, start__lte=on - timedelta(weeks=12))
        .exclude(child_id__in=in_proceedings)
        .order_by("child_id")
        .values_list("child_id", "start")
    )
    meetings: list[LegalPlanningMeeting] = []
    pre: list[PreProceedings] = []
    # About one in five children on a plan for three months or more: two in three of those enter pre-proceedings.
    chosen = rng.sample(long_plans, k=min(len(long_plans), max(1, round(len(long_plans) * 0.2))))
    for i, (child_id, plan_start) in enumerate(sorted(chosen)):
        held = _working_on_or_after(on - timedelta(weeks=rng.randint(1, 22)), holidays)
        if held > on or held <= plan_start:
            held = _working_on_or_after(plan_start + timedelta(days=7), holidays)
            if held > on:
                continue
        enter = i % 3 != 2
        manager = rng.choice(managers)
        meetings.append(
            LegalPlanningMeeting(
                child_id=child_id,
                held_on=held,
                attendees="Team manager, allocated social worker, council solicitor, child protection chair",
                legal_advice="The threshold criteria are met on the evidence of continuing neglect."
                if enter
                else "The threshold is met, but the plan is now making progress.",
                decision=MeetingDecision.PRE_PROCEEDINGS if enter else MeetingDecision.NO_LEGAL_ACTION,
                rationale="Little change after months on a child protection plan; the parents need a clear "
                "message and legal advice."
                if enter
                else "Recent progress on the plan; review at the next conference.",
                recorded_by_id=manager,
                recorded_at=_moment(held),
            )
        )
        if enter:
            letter = add_working_days(held, rng.randint(2, 6), holidays=holidays)
            meeting_day = add_working_days(letter, rng.randint(5, 10), holidays=holidays)
            offered = letter if rng.random() < 0.85 else None
            fgdm = add_working_days(offered, rng.randint(10, 25), holidays=holidays) if offered else None
            pre.append(
                PreProceedings(
                    child_id=child_id,
                    started_on=held,
                    letter_sent_on=letter if letter <= on else None,
                    initial_meeting_on=meeting_day if meeting_day <= on else None,
                    fgdm_offered_on=offered if offered and offered <= on else None,
                    fgdm_held_on=fgdm if fgdm and fgdm <= on else None,
                    started_by_id=manager,
                )
            )
    LegalPlanningMeeting.objects.bulk_create(meetings, batch_size=1000)
    by_child = {m.child_id: m for m in meetings if m.decision == MeetingDecision.PRE_PROCEEDINGS}
    for p in pre:
        p.meeting = by_child[p.child_id]
    PreProceedings.objects.bulk_create(pre, batch_size=1000)
    reviews = []
    for p in pre:
        review = p.started_on + timedelta(weeks=6)
        while review <= on:
            day = _working_on_or_after(review, holidays)
            if day <= on:
                reviews.append(
                    PreProceedingsReview(
                        pre_proceedings=p,
                        held_on=day,
                        summary="Progress against the pre-proceedings plan reviewed with the family.",
                        recorded_by_id=p.started_by_id,
                    )
                )
            review += timedelta(weeks=6)
    PreProceedingsReview.objects.bulk_create(reviews, batch_size=1000)
    return {
        "proceedings": len(proceedings_rows),
        "pre-proceedings": len(pre),
        "legal planning meetings": len(meetings),
    }


def _with(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj
