"""Choosing the children and writing their stories in batches."""

from __future__ import annotations

import random
from collections.abc import Container
from datetime import date

from django.db import transaction

from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus, Person, PersonKind
from carefile.plans.models import (
    Plan,
    PlanAction,
    PlanOutcome,
    PlanReview,
)

from ..models import (
    ChildProtectionPlan,
    Conference,
    ConferenceInvitee,
    CoreGroupMeeting,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from .stories import (
    ASSESSING_S47_SHARE,
    CIN_S47_ONLY_SHARE,
    CLOSED_S47_ONLY_SHARE,
    CLOSED_WITH_PLAN_SHARE,
    _Batch,
    _Kid,
    _Stories,
)


def _write(b: _Batch, batch_size: int) -> int:
    StrategyDiscussion.objects.bulk_create(b.discussions, batch_size=batch_size)
    for d, p in b.participants:
        p.discussion = d
    StrategyParticipant.objects.bulk_create([p for _, p in b.participants], batch_size=batch_size)
    for e in b.enquiries:
        e.started_by = e._discussion
    Section47Enquiry.objects.bulk_create(b.enquiries, batch_size=batch_size)
    for d, e in b.links:
        d.enquiry = e
    StrategyDiscussion.objects.bulk_update([d for d, _ in b.links], ["enquiry"], batch_size=batch_size)
    for c in b.conferences:
        c.enquiry = c.enquiry  # resolve the enquiry's id now it has one
    Conference.objects.bulk_create(b.conferences, batch_size=batch_size)
    Plan.objects.bulk_create(b.contents, batch_size=batch_size)
    for o in b.outcomes:
        o.plan = o.plan
    PlanOutcome.objects.bulk_create(b.outcomes, batch_size=batch_size)
    for a in b.actions:
        a.plan, a.outcome = a.plan, a.outcome
    PlanAction.objects.bulk_create(b.actions, batch_size=batch_size)
    for cp in b.plans:
        cp.conference, cp.plan = cp._conference, cp._content
    ChildProtectionPlan.objects.bulk_create(b.plans, batch_size=batch_size)
    for c in b.reviews:
        c.cp_plan = c._cp_plan
    Conference.objects.bulk_create(b.reviews, batch_size=batch_size)
    for c, i in b.invitees:
        i.conference = c
    ConferenceInvitee.objects.bulk_create([i for _, i in b.invitees], batch_size=batch_size)
    for m in b.core_groups:
        m.cp_plan = m._cp_plan
    CoreGroupMeeting.objects.bulk_create(b.core_groups, batch_size=batch_size)
    for r in b.plan_reviews:
        r.plan = r.plan
    PlanReview.objects.bulk_create(b.plan_reviews, batch_size=batch_size)
    events = [make() for make in b.events]
    ChronologyEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


def seed_protection(
    *, rng: random.Random, on: date, holidays: Container[date], batch_size: int = 2000
) -> dict[str, int]:
    """Strategy discussions, enquiries, conferences and plans for the council. Returns the counts."""
    stories = _Stories(rng, on, holidays)
    already = set(ChildProtectionPlan.objects.values_list("child_id", flat=True)) | set(
        Section47Enquiry.objects.values_list("child_id", flat=True)
    )
    children = Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False).exclude(
        pk__in=already
    )
    names = {pk: known or given for pk, given, known in children.values_list("pk", "given_name", "known_as")}
    statuses = dict(children.values_list("pk", "case_status"))
    open_episodes = [
        _Kid(child_id, names[child_id], team_id, pk, referral_date)
        for pk, child_id, team_id, referral_date in Referral.objects.filter(
            closure_date__isnull=True, referral_nfa=False, child_id__in=list(names), referral_date__lte=on
        )
        .order_by("pk")
        .values_list("pk", "child_id", "team_id", "referral_date")
    ]
    closed_episodes = [
        _Kid(child_id, names[child_id], team_id, pk, referral_date, closure_date, reason)
        for pk, child_id, team_id, referral_date, closure_date, reason in Referral.objects.filter(
            closure_date__isnull=False, referral_nfa=False, child_id__in=list(names), closure_date__lte=on
        )
        .exclude(closure_reason__in=["RC8", "RC9"])
        .order_by("pk")
        .values_list("pk", "child_id", "team_id", "referral_date", "closure_date", "closure_reason")
    ]
    work = []
    for kid in open_episodes:
        status = statuses.get(kid.pk, "")
        if status == CaseStatus.CHILD_PROTECTION:
            work.append(("current", kid))
        elif status == CaseStatus.CHILD_IN_NEED and rng.random() < CIN_S47_ONLY_SHARE:
            work.append(("s47_open_episode", kid))
        elif status in (CaseStatus.ASSESSMENT, CaseStatus.REFERRAL) and rng.random() < ASSESSING_S47_SHARE:
            work.append(("under_way", kid))
    for kid in closed_episodes:
        roll = rng.random()
        if roll < CLOSED_WITH_PLAN_SHARE:
            work.append(("closed_with_plan", kid))
        elif roll < CLOSED_WITH_PLAN_SHARE + CLOSED_S47_ONLY_SHARE:
            work.append(("s47_closed_episode", kid))
    # Earlier episodes first, so that a child's earlier plan is written before a later one.
    work.sort(key=lambda w: (w[1].referral_date, w[1].episode_id))
    events = 0
    chunk = max(1, batch_size // 4)
    for first in range(0, len(work), chunk):
        b = _Batch()
        for what, kid in work[first : first + chunk]:
            if what == "current":
                stories.current(b, kid)
            elif what == "closed_with_plan":
                stories.closed_with_plan(b, kid)
            elif what == "s47_closed_episode":
                stories.s47_only(b, kid, until=kid.closure_date)
            elif what == "s47_open_episode":
                stories.s47_only(b, kid, until=on)
            else:
                stories.under_way(b, kid)
        with transaction.atomic():
            events += _write(b, batch_size)
    stories.counts["events"] = events
    return stories.counts
