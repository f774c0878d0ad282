"""Synthetic child in need plans for `seed_council`: written straight to the database in batches.

`seed_plans` gives the children whose open episode of need led to a child in need plan (their case status
says so: the assessment seed sets it) a finalised plan starting soon after the assessment was authorised, with
outcomes, actions (most done on time, some overdue), reviews on the 3-month cadence (most on time, a few
late, the odd one missed) and the chronology events the services would have written. A few such children are
still waiting for their plan to be finalised.
"""

from __future__ import annotations

import random
from collections.abc import Container
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import is_working_day
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person
from carefile.workforce.models import Allocation, AllocationRole, Role, Staff, Team

from .events import PlanEvent
from .models import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanKind,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    ReviewDecision,
)
from .schedule import add_months
from .selectors import review_cadence

CONCERNS = [
    "{name} has missed a lot of school this year and is often late. Home has been hard since Mum and Dad split up.",
    "There have been arguments at home that {name} has heard and seen. {name} has said they feel scared at night.",
    "{name} is not always getting enough to eat, and the house is cold and damp. Money has been very tight.",
    "{name} has a disability and the family are struggling to get the help they need. Everyone is very tired.",
    "Mum has been unwell and finds it hard to get {name} to school and to appointments.",
    "{name} has been going missing for a few hours in the evenings and nobody knows where they go.",
    "{name} has been very upset and angry at school and at home, and has said they want to hurt themselves.",
    "Dad drinks a lot of alcohol and {name} sometimes has to look after their younger brother and sister.",
]
OUTCOMES = [
    "{name} goes to school every day and on time",
    "{name} feels safe at home and knows who to talk to when they are worried",
    "{name} has enough to eat and a warm, clean home",
    "{name}'s health appointments are kept and their health needs are met",
    "Mum and Dad can talk to each other without arguing in front of {name}",
    "{name} has a good bedtime routine and gets enough sleep",
    "{name} has friends and does something they enjoy after school each week",
    "The family gets the short breaks and equipment {name} needs",
    "{name} is home by the time agreed each evening",
]
ACTIONS = [
    (
        "staff",
        "Visit {name} at home every two weeks and see {name} on their own",
        "{name} has been seen alone at every visit",
    ),
    ("Mum", "Take {name} to school every morning", "{name}'s attendance is over 95% for half a term"),
    (
        "Class teacher",
        "Tell the social worker the same day if {name} is absent or late",
        "Every absence is reported on the day",
    ),
    ("School nurse", "Meet {name} every week for a check-in", "{name} says the check-ins help"),
    (
        "staff",
        "Refer the family for help with money, debt and housing",
        "The family has met the money adviser and has a plan",
    ),
    (
        "Dad",
        "Go to the parenting course at the family centre",
        "Dad has been to at least 8 of the 10 sessions",
    ),
    (
        "Family support worker",
        "Help the family set up a bedtime and morning routine",
        "{name} is in bed by 9pm on school nights",
    ),
    (
        "Health visitor",
        "Check {name}'s growth and development",
        "{name}'s weight is back on track at the next check",
    ),
    ("GP", "Review Mum's medication and support", "Mum says she feels well enough to manage the school run"),
    (
        "staff",
        "Make a referral to the young carers' service",
        "{name} has a young carers' worker and goes to the group",
    ),
    ("Mum", "Keep all of {name}'s health appointments", "No appointments are missed over 3 months"),
    ("staff", "Apply for short breaks for {name}", "Short breaks have started"),
    (
        "Youth worker",
        "Meet {name} each week and talk about where they go in the evenings",
        "{name} is home on time on most evenings",
    ),
    (
        "Dad",
        "Go to the alcohol service and keep the appointments",
        "Dad has kept every appointment for 2 months",
    ),
]
NOT_DONE_REASONS = [
    "The service had a waiting list and the family chose another option",
    "The family moved house and this was no longer needed",
    "Agreed at the review that this was no longer the right action",
]
ATTENDEES = [
    "Mum, social worker, class teacher, school nurse",
    "Mum, Dad, social worker, family support worker, health visitor",
    "Mum, social worker, head of year, youth worker. Dad sent apologies",
    "Parents, social worker, GP (by phone), family support worker",
]
PROGRESS = [
    "Most actions are done. School attendance has improved a lot since the last review.",
    "Some progress: the family are engaging well but money is still very tight.",
    "Good progress on the routines at home. The parenting course has been helpful.",
    "Slower than hoped: two actions are late because of waiting lists.",
]
CHILD_VIEWS = [
    '{name} said: "Things are better at home now. I like my new bedtime."',
    "{name} drew a picture of the family and talked about it with the social worker. They said they feel happier.",
    "{name} said they want to keep seeing the school nurse because she listens.",
    "{name} did not want to come to the meeting but told their teacher they are worried about Mum.",
]
# The chance that a child with an open episode has a finalised child in need plan, by where they are now.
PLAN_CHANCE = {CaseStatus.CHILD_IN_NEED: 0.93}


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _working_day_on_or_after(day: date, holidays: Container[date]) -> date:
    while not is_working_day(day, holidays=holidays):
        day += timedelta(days=1)
    return day


def _authors(child_ids: list[int]) -> tuple[dict[int, int], dict[int, int], int | None]:
    """The child's social worker, each team's manager, and anyone who may write, as fallbacks."""
    workers = dict(
        Allocation.objects.filter(
            child_id__in=child_ids, role=AllocationRole.SOCIAL_WORKER, end__isnull=True
        ).values_list("child_id", "worker_id")
    )
    managers = dict(Team.objects.filter(manager__isnull=False).values_list("pk", "manager_id"))
    anyone = (
        Staff.objects.filter(role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER])
        .values_list("pk", flat=True)
        .first()
    )
    return workers, managers, anyone


def _assessed_on(referral_ids: list[int]) -> dict[int, date]:
    """When each episode's assessment recommending a child in need plan was authorised, where one was."""
    if not apps.is_installed("carefile.assessments"):
        return {}
    from carefile.assessments.models import Assessment

    assessed: dict[int, date] = {}
    for first in range(0, len(referral_ids), 5000):
        rows = Assessment.objects.filter(
            referral_id__in=referral_ids[first : first + 5000],
            outcome="cin_plan",
            authorised_on__isnull=False,
        ).values_list("referral_id", "authorised_on")
        for referral_id, authorised_on in rows:
            assessed[referral_id] = max(authorised_on, assessed.get(referral_id, authorised_on))
    return assessed


def seed_plans(
    *, rng: random.Random, on: date, holidays: Container[date], batch_size: int = 2000
) -> dict[str, int]:
    """Finalised child in need plans for the open episodes that led to one. Returns counts."""
    cadence = review_cadence(PlanKind.CHILD_IN_NEED)
    on_plan = Plan.objects.filter(
        Q(end__isnull=True) | Q(end__gt=OuterRef("referral_date")),
        child_id=OuterRef("child_id"),
        kind__in=[PlanKind.CHILD_IN_NEED, PlanKind.CHILD_PROTECTION],
    )
    episodes = list(
        Referral.objects.filter(
            closure_date__isnull=True,
            referral_date__lte=on,
            referral_nfa=False,
            child__case_status__in=list(PLAN_CHANCE),
        )
        .filter(~Exists(on_plan))
        .order_by("pk")
        .values_list(
            "pk",
            "child_id",
            "referral_date",
            "team_id",
            "child__given_name",
            "child__known_as",
            "child__case_status",
        )
    )
    chosen = [e[:6] for e in episodes if rng.random() < PLAN_CHANCE[e[6]]]
    assessed = _assessed_on([e[0] for e in chosen])
    workers, managers, anyone = _authors([e[1] for e in chosen])
    counts = {"plans": 0, "outcomes": 0, "actions": 0, "reviews": 0, "events": 0}
    for first in range(0, len(chosen), batch_size):
        batch = chosen[first : first + batch_size]
        with transaction.atomic():
            _write_batch(
                batch,
                rng=rng,
                on=on,
                holidays=holidays,
                cadence=cadence,
                assessed=assessed,
                authors=(workers, managers, anyone),
                counts=counts,
                batch_size=batch_size,
            )
    return counts


def _write_batch(batch, *, rng, on, holidays, cadence, assessed, authors, counts, batch_size) -> None:
    workers, managers, anyone = authors
    plans: list[Plan] = []
    specs = []
    for episode_id, child_id, referral_date, team_id, given, known_as in batch:
        author = workers.get(child_id) or managers.get(team_id) or anyone
        if author is None:
            continue
        # The plan starts within a few weeks of the assessment that recommended it (or of the referral).
        if episode_id in assessed:
            start = assessed[episode_id] + timedelta(days=rng.randint(0, 21))
        else:
            start = referral_date + timedelta(days=rng.randint(15, 70))
        start = min(_working_day_on_or_after(start, holidays), on)
        plans.append(
            Plan(
                kind=PlanKind.CHILD_IN_NEED,
                child_id=child_id,
                episode_id=episode_id,
                episode_start=referral_date,
                status=PlanStatus.ACTIVE,
                start=start,
                concerns=rng.choice(CONCERNS).format(name=known_as or given),
                first_review_months=cadence.first_review_months,
                review_every_months=cadence.review_every_months,
                created_by_id=author,
                created_at=_aware(max(referral_date, start - timedelta(days=rng.randint(0, 7))), time(9, 30)),
                finalised_by_id=managers.get(team_id) or author,
                finalised_at=_aware(start, time(15, 0)),
            )
        )
        specs.append((known_as or given, author))
    Plan.objects.bulk_create(plans, batch_size=batch_size)

    outcomes: list[PlanOutcome] = []
    reviews: list[PlanReview] = []
    events: list[ChronologyEvent] = []
    per_plan_outcomes: list[list[PlanOutcome]] = []
    for plan, (name, author) in zip(plans, specs, strict=True):
        mine = [
            PlanOutcome(plan=plan, position=i, text=text.format(name=name))
            for i, text in enumerate(rng.sample(OUTCOMES, rng.randint(2, 4)), start=1)
        ]
        outcomes.extend(mine)
        per_plan_outcomes.append(mine)
        events.append(
            ChronologyEvent(
                person_id=plan.child_id,
                kind=PlanEvent.FINALISED,
                at=plan.finalised_at,
                by_id=plan.finalised_by_id,
                summary=f"Child in need plan finalised, starting {plan.start.day} {plan.start:%B %Y}",
                data={"plan": plan.pk, "start": plan.start.isoformat()},
                significant=True,
            )
        )
        reviews.extend(
            _reviews(plan, rng=rng, on=on, holidays=holidays, name=name, author=author, events=events)
        )
    PlanOutcome.objects.bulk_create(outcomes, batch_size=batch_size)
    PlanReview.objects.bulk_create(reviews, batch_size=batch_size)

    actions: list[PlanAction] = []
    for plan, (name, author), mine in zip(plans, specs, per_plan_outcomes, strict=True):
        # Actions fall due across the plan's life so far and the next few months.
        span = max(30, min(365, (on - plan.start).days + 90))
        for position, (owner, what, measure) in enumerate(rng.sample(ACTIONS, rng.randint(3, 6)), start=1):
            action = PlanAction(
                plan=plan,
                outcome=rng.choice(mine),
                position=position,
                what=what.format(name=name),
                owner_staff_id=author if owner == "staff" else None,
                owner_name="" if owner == "staff" else owner,
                due=_working_day_on_or_after(plan.start + timedelta(days=rng.randint(14, span)), holidays),
                measure=measure.format(name=name),
            )
            _progress(action, rng=rng, on=on, start=plan.start, by=author)
            actions.append(action)
    PlanAction.objects.bulk_create(actions, batch_size=batch_size)
    ChronologyEvent.objects.bulk_create(events, batch_size=batch_size)
    Person.objects.filter(pk__in=[p.child_id for p in plans]).update(case_status=CaseStatus.CHILD_IN_NEED)
    counts["plans"] += len(plans)
    counts["outcomes"] += len(outcomes)
    counts["actions"] += len(actions)
    counts["reviews"] += len(reviews)
    counts["events"] += len(events)


def _reviews(plan: Plan, *, rng, on, holidays, name, author, events) -> list[PlanReview]:
    """Reviews on cadence: most on time (a few days early), some late, and now and then the latest missed."""
    reviews = []
    due = add_months(plan.start, plan.first_review_months)
    while due <= on:
        roll = rng.random()
        if roll < 0.06 and (on - due).days < 45:
            break  # the latest review has not happened: it shows as overdue
        if roll < 0.18:
            held = due + timedelta(days=rng.randint(1, 20))
        else:
            held = due - timedelta(days=rng.randint(0, 6))
        held = _working_day_on_or_after(held, holidays)
        if held > on or (reviews and held <= reviews[-1].held_on):
            break
        next_due = add_months(held, plan.review_every_months)
        reviews.append(
            PlanReview(
                plan=plan,
                held_on=held,
                attendees=rng.choice(ATTENDEES),
                progress=rng.choice(PROGRESS),
                child_views=rng.choice(CHILD_VIEWS).format(name=name),
                decision=ReviewDecision.CONTINUE,
                next_review_on=next_due,
                recorded_by_id=author,
                recorded_at=_aware(held, time(16, 30)),
            )
        )
        events.append(
            ChronologyEvent(
                person_id=plan.child_id,
                kind=PlanEvent.REVIEWED,
                at=_aware(held, time(16, 30)),
                by_id=author,
                summary=f"Child in need plan reviewed on {held.day} {held:%B %Y}: continue the plan. "
                f"Next review {next_due.day} {next_due:%B %Y}",
                data={"plan": plan.pk},
            )
        )
        due = next_due
    return reviews


def _progress(action: PlanAction, *, rng, on: date, start: date, by: int) -> None:
    """Most actions due by now are done on time, some late, a few not done; some recent ones are overdue."""
    if action.due < on:
        # The longer ago an action fell due, the likelier it has been followed up: overdue ones are mostly recent.
        overdue_share = 0.15 if (on - action.due).days <= 60 else 0.04
        roll = rng.random()
        if rng.random() < overdue_share:
            action.status = rng.choice([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
        elif roll < 0.83:
            action.status = ActionStatus.DONE
            action.completed_on = max(start, action.due - timedelta(days=rng.randint(0, 10)))
        elif roll < 0.94:
            action.status = ActionStatus.DONE
            action.completed_on = min(on, action.due + timedelta(days=rng.randint(1, 20)))
        else:
            action.status = ActionStatus.NOT_DONE
            action.not_done_reason = rng.choice(NOT_DONE_REASONS)
    else:
        roll = rng.random()
        if roll < 0.1 and on > start:
            action.status = ActionStatus.DONE
            action.completed_on = start + timedelta(days=rng.randint(0, (on - start).days))
        else:
            action.status = ActionStatus.IN_PROGRESS if roll < 0.45 else ActionStatus.NOT_STARTED
    if action.status != ActionStatus.NOT_STARTED:
        action.status_changed_by_id = by
        changed = action.completed_on or min(on, action.due)
        action.status_changed_at = _aware(changed, time(12, 0))
