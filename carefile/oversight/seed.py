"""Synthetic management oversight for `seed_council`: written straight to the database in batches.

- The decision log at the threshold points the earlier stages already wrote: screening decisions a manager
  made or signed off, assessments authorised, allocations made by a manager and episodes closed (by the
  team's manager), each with the rationale those records carry. The threshold services wrote their own
  chronology events, so these add none (as `file_threshold_decision` does).
- A management decision with a direction for about one open child in six (a step up or down, legal
  planning, a threshold decision), its chronology event and an action for the child's worker: most done,
  some open, a few overdue.
- Supervision for every current social worker, team manager and reviewing officer over the last six months:
  monthly (fortnightly for newly qualified workers in their first six months, who get an ASYE agreement),
  about one worker in seven with their latest supervision missed, so overdue. Each session discusses one to
  three of the worker's children (filed on their chronology) with an action now and then. Children never
  discussed and with no decision for a while are the oversight gaps.

The same database, rng and date always give the same records.
"""

from __future__ import annotations

import random
from collections.abc import Container
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.workforce.models import Allocation, AllocationRole, Role, Staff

from .models import (
    ActionStatus,
    DecisionType,
    ManagementDecision,
    OversightAction,
    OversightEvent,
    SupervisionAgreement,
    SupervisionDiscussion,
    SupervisionSession,
)

MANAGERS = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
BATCH = 2000

DISCUSSIONS = [
    "{name} is settled at school and attendance has improved. Visits are on time and {name} is seen alone.",
    "Reviewed the plan for {name}: two actions are behind because the family missed appointments.",
    "Worries about {name}'s contact with dad: agreed the risk needs assessing before contact increases.",
    "{name}'s mum has engaged well with the family support worker; considering a step down at the next review.",
    "{name} went missing twice this month. Return interviews were done; the pattern needs a strategy discussion if it continues.",
    "Talked through {name}'s views: {name} wants more time with nan. Agreed to explore this with the family.",
    "Health appointments for {name} have been missed. Agreed to ask the health visitor to visit jointly.",
    "{name}'s case is ready to close: outcomes met and the family know how to get help.",
]
DIRECTIONS = [
    "Continue the plan; review at the next core group.",
    "Hold a family network meeting within four weeks.",
    "Seek legal advice if there is no progress by the review.",
    "Visit jointly with the health visitor.",
    "Prepare the closure summary for the next supervision.",
]
ACTIONS = [
    "Arrange a joint visit with the health visitor",
    "Complete the risk assessment of contact with dad",
    "Update the chronology and the case summary",
    "Speak to the school about attendance support",
    "Book the family network meeting",
    "Refer to the family support service",
]
PRIVATE = [
    "Talked about workload and a difficult home visit; agreed to protect time for recording on Fridays.",
    "Reflected on a tense conference; wellbeing good. Wants to shadow a court hearing.",
    "Caseload feels heavy this month. Agreed to look at allocation of the next new case.",
    "Learning: practice model training booked. Annual leave planned.",
]
MANUAL = [
    (
        DecisionType.STEP_UP_DOWN,
        "Stay at child in need; step up to a child protection enquiry",
        "Concerns have not escalated and the family are engaging; the plan is meeting {name}'s needs.",
    ),
    (
        DecisionType.THRESHOLD,
        "Early help; child in need plan",
        "{name}'s needs are complex and need a social worker: child in need plan agreed.",
    ),
    (
        DecisionType.LEGAL_PLANNING,
        "Continue under the plan; legal planning meeting",
        "Progress for {name} has drifted for two reviews: legal planning meeting to consider the pre-proceedings letter.",
    ),
    (DecisionType.OTHER, "", "Agreed {name}'s visits move to every four weeks now the plan is working."),
]


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _add(rows: list, model) -> list:
    out = []
    for i in range(0, len(rows), BATCH):
        out.extend(model.objects.bulk_create(rows[i : i + BATCH]))
    return out


def seed_oversight(*, rng: random.Random, on: date, holidays: Container[date]) -> dict[str, int]:
    staff = {s.pk: s for s in Staff.objects.select_related("team").all()}
    managers_by_team = {
        s.team_id: s
        for s in sorted(staff.values(), key=lambda s: s.pk)
        if s.role == Role.TEAM_MANAGER and s.team_id
    }
    heads = [
        s
        for s in staff.values()
        if s.role == Role.HEAD_OF_SERVICE and (s.leave_date is None or s.leave_date > on)
    ]
    decisions: list[ManagementDecision] = []
    seen: set[tuple[str, str, int]] = set()

    def threshold(child_id, kind, by_id, at, rationale, options, source, ref):
        if by_id is None or staff.get(by_id) is None or staff[by_id].role not in MANAGERS:
            return
        if (source, ref, child_id) in seen:
            return
        seen.add((source, ref, child_id))
        decisions.append(
            ManagementDecision(
                child_id=child_id,
                decision_type=kind,
                options_considered=options,
                rationale=rationale or "Recorded at the threshold point",
                decided_by_id=by_id,
                decided_at=at,
                source=source,
                source_ref=ref,
            )
        )

    # Screening decisions made or signed off by a manager.
    from carefile.frontdoor.models import ContactChild, Outcome, Referral, ScreeningDecision

    labels = dict(Outcome.choices)
    screenings = {d.contact_id: d for d in ScreeningDecision.objects.filter(Q(signed_off_by__isnull=False))}
    for link in ContactChild.objects.filter(contact_id__in=list(screenings)).values("contact_id", "child_id"):
        d = screenings[link["contact_id"]]
        threshold(
            link["child_id"],
            DecisionType.SCREENING,
            d.signed_off_by_id,
            d.signed_off_at or d.decided_at,
            f"{labels.get(d.outcome, d.outcome)}. {d.rationale}",
            ", ".join(labels.get(o, o) for o in d.options_considered),
            "frontdoor.screening",
            str(d.pk),
        )
    # Assessments authorised.
    from carefile.assessments.models import Assessment

    for a in Assessment.objects.filter(authorised_at__isnull=False).values(
        "pk", "child_id", "authorised_by_id", "authorised_at", "outcome", "analysis"
    ):
        threshold(
            a["child_id"],
            DecisionType.ASSESSMENT_AUTHORISATION,
            a["authorised_by_id"],
            a["authorised_at"],
            f"Assessment authorised. Outcome: {a['outcome'].replace('_', ' ')}. {a['analysis']}".strip(),
            "",
            "assessments.authorise",
            str(a["pk"]),
        )
    # Allocations made by a manager.
    for a in Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER, by__isnull=False).values(
        "pk", "child_id", "by_id", "start", "worker_id", "reason"
    ):
        worker = staff.get(a["worker_id"])
        threshold(
            a["child_id"],
            DecisionType.ALLOCATION,
            a["by_id"],
            a["start"],
            f"Allocated to {worker} (social worker)",
            "",
            "workforce.allocate",
            str(a["pk"]),
        )
    # Episodes closed, by the team's manager.
    from carefile.frontdoor.codes import ClosureReason

    reasons = dict(ClosureReason.choices)
    for r in Referral.objects.filter(closure_date__isnull=False).values(
        "pk", "child_id", "team_id", "closure_date", "closure_reason"
    ):
        manager = managers_by_team.get(r["team_id"])
        if manager is not None:
            threshold(
                r["child_id"],
                DecisionType.CLOSURE,
                manager.pk,
                _at(r["closure_date"], 16),
                f"Episode of need closed: {reasons.get(r['closure_reason'], r['closure_reason'])}",
                "",
                "assessments.episode_close",
                str(r["pk"]),
            )

    # Open children and who holds them.
    open_allocations = list(
        Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER, end__isnull=True)
        .select_related("child")
        .order_by("worker_id", "child_id")
    )
    caseloads: dict[int, list] = {}
    for a in open_allocations:
        caseloads.setdefault(a.worker_id, []).append(a)

    # Hand-recorded decisions with a direction, for about one open child in six.
    manual: list[tuple[ManagementDecision, object]] = []
    for a in open_allocations:
        if rng.random() >= 1 / 6 or not a.child.case_status:
            continue
        worker = staff.get(a.worker_id)
        manager = managers_by_team.get(worker.team_id) if worker else None
        if manager is None or manager.pk == a.worker_id:
            continue
        day = on - timedelta(days=rng.randint(1, 50))
        if day < a.start.date():
            continue
        kind, options, rationale = rng.choice(MANUAL)
        d = ManagementDecision(
            child_id=a.child_id,
            decision_type=kind,
            options_considered=options,
            rationale=rationale.format(name=a.child.given_name),
            decided_by_id=manager.pk,
            decided_at=_at(day, 15),
            review_on=day + timedelta(days=rng.choice([28, 42, 56])),
        )
        decisions.append(d)
        manual.append((d, a))
    decisions = _add(decisions, ManagementDecision)

    actions: list[OversightAction] = []
    events: list[ChronologyEvent] = []

    def action(*, child_id, owner_id, by_id, set_on, **source):
        due = set_on + timedelta(days=rng.choice([7, 14, 21, 28]))
        roll = rng.random()
        done = due < on and roll < 0.7 or due >= on and roll < 0.2
        actions.append(
            OversightAction(
                child_id=child_id,
                what=rng.choice(ACTIONS),
                owner_id=owner_id,
                due=due,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                done_on=min(due, on) - timedelta(days=rng.randint(0, 3)) if done else None,
                created_by_id=by_id,
                created_at=_at(set_on, 15),
                **source,
            )
        )

    for d, a in manual:
        action(
            child_id=a.child_id,
            owner_id=a.worker_id,
            by_id=d.decided_by_id,
            set_on=d.decided_at.date(),
            decision=d,
        )
        events.append(
            ChronologyEvent(
                person_id=d.child_id,
                kind=OversightEvent.DECISION,
                at=d.decided_at,
                by_id=d.decided_by_id,
                summary=f"{DecisionType(d.decision_type).label} decision by {staff[d.decided_by_id]}: {d.rationale}"[
                    :280
                ]
                + " (1 direction)",
                data={"decision": d.pk, "type": d.decision_type},
            )
        )

    # Supervision agreements for newly qualified workers (started in the last year).
    supervisees = [
        s
        for s in staff.values()
        if s.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.REVIEWING_OFFICER)
        and (s.leave_date is None or s.leave_date > on)
        and s.start_date <= on
    ]
    supervisees.sort(key=lambda s: s.pk)
    agreements = []
    newly: set[int] = set()
    for s in supervisees:
        if s.role == Role.SOCIAL_WORKER and s.start_date > on - timedelta(days=365):
            agreements.append(SupervisionAgreement(supervisee_id=s.pk, asye_start=s.start_date))
            newly.add(s.pk)
        elif s.role == Role.TEAM_MANAGER and heads:
            agreements.append(
                SupervisionAgreement(supervisee_id=s.pk, supervisor_id=heads[s.pk % len(heads)].pk)
            )
    _add(agreements, SupervisionAgreement)

    sessions: list[SupervisionSession] = []
    planned: list[tuple[SupervisionSession, list]] = []
    for s in supervisees:
        if s.role == Role.TEAM_MANAGER:
            supervisor = heads[s.pk % len(heads)] if heads else None
        else:
            supervisor = managers_by_team.get(s.team_id)
        if supervisor is None or supervisor.pk == s.pk:
            continue
        every = 14 if s.pk in newly else 28
        start = max(s.start_date, on - relativedelta(months=6))
        missed_last = rng.random() < 0.15
        day = start + timedelta(days=rng.randint(3, every))
        dates = []
        while day <= on:
            dates.append(day)
            day += timedelta(days=every + rng.randint(-3, 3))
        if missed_last and dates:
            dates = dates[: max(len(dates) - 2, 0)]
        for held in dates:
            while held.weekday() >= 5 or held in holidays:
                held -= timedelta(days=1)
            session = SupervisionSession(
                supervisor_id=supervisor.pk,
                supervisee_id=s.pk,
                held_on=held,
                private_notes=rng.choice(PRIVATE),
                recorded_by_id=supervisor.pk,
                recorded_at=_at(held, 14),
            )
            sessions.append(session)
            held_children = [a for a in caseloads.get(s.pk, []) if a.start.date() <= held]
            planned.append((session, rng.sample(held_children, min(len(held_children), rng.randint(1, 3)))))
    _add(sessions, SupervisionSession)

    discussions: list[SupervisionDiscussion] = []
    for session, chosen in planned:
        for a in chosen:
            discussions.append(
                SupervisionDiscussion(
                    session_id=session.pk,
                    child_id=a.child_id,
                    discussion=rng.choice(DISCUSSIONS).format(name=a.child.given_name),
                    direction=rng.choice(DIRECTIONS) if rng.random() < 0.6 else "",
                    held_on=session.held_on,
                )
            )
    discussions = _add(discussions, SupervisionDiscussion)
    sessions_by_id = {s.pk: s for s in sessions}
    for d in discussions:
        session = sessions_by_id[d.session_id]
        if rng.random() < 0.3:
            action(
                child_id=d.child_id,
                owner_id=session.supervisee_id,
                by_id=session.supervisor_id,
                set_on=d.held_on,
                discussion=d,
            )
        summary = (
            f"Discussed in supervision between {staff[session.supervisor_id]} and {staff[session.supervisee_id]}: "
            f"{d.discussion}"
        )
        events.append(
            ChronologyEvent(
                person_id=d.child_id,
                kind=OversightEvent.SUPERVISION,
                at=session.recorded_at,
                by_id=session.supervisor_id,
                summary=summary if len(summary) <= 300 else summary[:299] + "…",
                data={"discussion": d.pk},
            )
        )
    _add(actions, OversightAction)
    _add(events, ChronologyEvent)
    return {
        "management decisions": len(decisions),
        "supervisions": len(sessions),
        "children discussed": len(discussions),
        "oversight actions": len(actions),
    }
