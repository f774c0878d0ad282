"""Synthetic quality records for the council already in the database: assessed services (disabled children
wait more, some a long time), two case file audit rounds with grades, moderation and actions, and the
improvement plan from the inspection findings in shared/background/.

`seed_quality(rng=..., on=..., holidays=...)` reads the children, teams and staff once and writes everything
with bulk inserts: a fixed number of queries whatever the council's size. The same database, rng and date
always give the same records.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Container
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import add_working_days
from carefile.people.codes import Disability
from carefile.people.models import Person, PersonDisability, PersonKind
from carefile.workforce.models import Allocation, AllocationRole, Role, Staff, Team

from .codes import QualityEvent
from .defaults import ensure_defaults
from .models import (
    ApprovalDecision,
    AuditAction,
    AuditRound,
    AuditStatus,
    AuditTemplate,
    CaseAudit,
    DomainGrade,
    Grade,
    PlanAction,
    PlanStatus,
    Recommendation,
    ServiceRequest,
    ServiceStatus,
    ServiceType,
)
from .selectors import open_cases_by_team
from .services.audits import draw_sample

NEEDS = {
    "short-breaks": "Regular short breaks so that {name} can enjoy activities with other children and the "
    "family has time to rest",
    "overnight-short-breaks": "Overnight short breaks each month: {name}'s care needs through the night leave "
    "the parents exhausted",
    "family-support": "A family support worker to help with routines at home and getting {name} to school",
    "equipment-adaptations": "A ceiling hoist and a level-access shower so that {name} can be moved and bathed "
    "safely",
    "personal-assistant": "A personal assistant for after-school and weekend activities",
    "direct-payments": "Direct payments so the family can arrange care that fits {name}'s needs",
    "specialist-childcare": "Specialist childcare during the school holidays",
    "sitting-service": "A sitting service two evenings a week",
}
DISABLED_SERVICES = [
    "short-breaks",
    "short-breaks",
    "overnight-short-breaks",
    "equipment-adaptations",
    "personal-assistant",
    "direct-payments",
    "specialist-childcare",
    "family-support",
]
OTHER_SERVICES = ["family-support", "family-support", "sitting-service", "direct-payments"]

COMMENTS = {
    Grade.OUTSTANDING: "Exemplary: {domain} is clear throughout the file and it makes a difference for the child.",
    Grade.GOOD: "{domain} is evident and mostly consistent; small gaps noted in the last quarter.",
    Grade.REQUIRES_IMPROVEMENT: "{domain} is inconsistent: present at some points but not sustained.",
    Grade.INADEQUATE: "{domain} is largely missing from the file and the child is not well served by it.",
}

# The improvement plan: what inspectors said needs to improve (shared/background/), and the actions.
# (source, date, reference, text, [(action, indicator keys, owner role, due in days from `on`, status)])
PLAN = [
    (
        "Ofsted focused visit",
        date(2019, 2, 4),
        "FV1",
        "The consistency of allocation of cases awaiting social work assessment.",
        [
            (
                "Allocate every case needing a social work assessment within one working day of the decision, "
                "from a single allocation queue",
                ["assessments_within_45wd_pct"],
                Role.HEAD_OF_SERVICE,
                -200,
                PlanStatus.COMPLETE,
            ),
            (
                "Weekly review of children awaiting allocation by team managers",
                ["referrals"],
                Role.TEAM_MANAGER,
                30,
                PlanStatus.ON_TRACK,
            ),
        ],
    ),
    (
        "Ofsted focused visit",
        date(2019, 2, 4),
        "FV2",
        "The recording of the rationale for case decisions, and management direction.",
        [
            (
                "Record every management decision with its rationale and direction in the decision log",
                ["re_referrals_12m_pct"],
                Role.HEAD_OF_SERVICE,
                45,
                PlanStatus.ON_TRACK,
            ),
            (
                "Audit management oversight in every case file audit round",
                [],
                Role.TEAM_MANAGER,
                -20,
                PlanStatus.AT_RISK,
            ),
        ],
    ),
    (
        "Ofsted focused visit",
        date(2019, 2, 4),
        "FV3",
        "The reduction in delay for children at key threshold points to support a timely social work response.",
        [
            (
                "Track 10 and 25 day assessment reviews on every open assessment",
                ["assessments_within_45wd_pct"],
                Role.TEAM_MANAGER,
                60,
                PlanStatus.ON_TRACK,
            ),
            (
                "Escalate initial conferences at risk of missing 15 working days to the head of service",
                ["icpc_within_15wd_pct"],
                Role.HEAD_OF_SERVICE,
                20,
                PlanStatus.AT_RISK,
            ),
        ],
    ),
    (
        "Ofsted focused visit",
        date(2019, 2, 4),
        "FV4",
        "The quality of planning and social work plans.",
        [
            (
                "Plans to have specific actions with owners and timescales; plan quality audited each round",
                ["cpp_second_or_subsequent_pct", "cpp_ended_2y_plus_pct"],
                Role.TEAM_MANAGER,
                90,
                PlanStatus.NOT_STARTED,
            ),
        ],
    ),
    (
        "Ofsted focused visit",
        date(2019, 2, 4),
        "FV5",
        "The recording of children's experiences in order to support accountability, effective planning, "
        "monitoring and challenge.",
        [
            (
                "Record the child's words at every statutory visit",
                [],
                Role.TEAM_MANAGER,
                40,
                PlanStatus.ON_TRACK,
            ),
        ],
    ),
    (
        "Ofsted inspection of local authority children's services (ILACS)",
        date(2022, 7, 1),
        "ILACS1",
        "Some disabled children wait too long for assessed services to be put in place, due to a lack of "
        "specialist providers, including short breaks care.",
        [
            (
                "Publish the assessed services waiting list monthly and review every wait over 12 weeks",
                [],
                Role.HEAD_OF_SERVICE,
                14,
                PlanStatus.AT_RISK,
            ),
            (
                "Commission additional short breaks providers with the regional partnership",
                [],
                Role.HEAD_OF_SERVICE,
                120,
                PlanStatus.ON_TRACK,
            ),
        ],
    ),
    (
        "Ofsted inspection of local authority children's services (ILACS)",
        date(2022, 7, 1),
        "ILACS2",
        "Responses to children who go missing are not always consistent and return home interviews are "
        "sometimes delayed.",
        [
            (
                "Offer every return home interview within 72 hours and report compliance monthly",
                ["cla_missing_children"],
                Role.TEAM_MANAGER,
                30,
                PlanStatus.ON_TRACK,
            ),
        ],
    ),
    (
        "Ofsted inspection of local authority children's services (ILACS)",
        date(2022, 7, 1),
        "ILACS3",
        "Assessments and procedures for care leavers need to improve and be better coordinated.",
        [
            (
                "Pathway plan assessments reviewed by a team manager before each young person turns 18",
                [
                    "care_leavers_in_touch_pct",
                    "care_leavers_suitable_accommodation_pct",
                    "care_leavers_eet_pct",
                ],
                Role.TEAM_MANAGER,
                75,
                PlanStatus.NOT_STARTED,
            ),
        ],
    ),
]

EVIDENCE = {
    PlanStatus.COMPLETE: "Single allocation queue live; audit in the last round found every sampled case "
    "allocated within a working day.",
    PlanStatus.ON_TRACK: "Monthly performance report shows steady improvement since the action started.",
    PlanStatus.AT_RISK: "Capacity is short: the action is behind plan and escalated to the senior leadership team.",
    PlanStatus.NOT_STARTED: "",
}


def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def seed_quality(*, rng: random.Random, on: date, holidays: Container[date]) -> dict[str, int]:
    ensure_defaults()  # the migration adds them; a flushed database (tests) may have lost them
    children = list(
        Person.objects.filter(kind=PersonKind.CHILD, responsible_team__isnull=False, death_date__isnull=True)
        .exclude(case_status="")
        .values_list("pk", "given_name", "responsible_team_id", "date_of_birth")
        .order_by("pk")
    )
    disabled = set(
        PersonDisability.objects.exclude(code=Disability.NONE).values_list("person_id", flat=True).distinct()
    )
    current = Q(leave_date__isnull=True) | Q(leave_date__gt=on)
    staff = list(Staff.objects.filter(current).values_list("pk", "role", "team_id").order_by("pk"))
    managers_of: dict[int, list[int]] = defaultdict(list)
    heads, auditors = [], []
    for pk, role, team_id in staff:
        if role == Role.TEAM_MANAGER:
            managers_of[team_id].append(pk)
            auditors.append(pk)
        elif role == Role.HEAD_OF_SERVICE:
            heads.append(pk)
            auditors.append(pk)
    for team_id, manager_id in Team.objects.filter(manager__isnull=False).values_list("pk", "manager_id"):
        if manager_id not in managers_of[team_id]:
            managers_of[team_id].insert(0, manager_id)
    worker_of = dict(
        Allocation.objects.filter(end__isnull=True, role=AllocationRole.SOCIAL_WORKER).values_list(
            "child_id", "worker_id"
        )
    )
    fallback = heads or auditors or [pk for pk, _, _ in staff]
    if not children or not fallback:
        return {"service requests": 0, "audits": 0, "plan actions": 0}

    counts = _seed_services(rng, on, holidays, children, disabled, worker_of, managers_of, fallback)
    counts.update(_seed_audits(rng, on, children, worker_of, managers_of, auditors or fallback))
    counts.update(_seed_plan(rng, on, managers_of, heads or fallback, fallback))
    return counts


def _seed_services(rng, on, holidays, children, disabled, worker_of, managers_of, fallback) -> dict[str, int]:
    types = dict(ServiceType.objects.values_list("code", "pk"))
    names = dict(ServiceType.objects.values_list("pk", "name"))
    requests, events = [], []
    for pk, given, team_id, _born in children:
        is_disabled = pk in disabled
        if is_disabled:
            n = rng.choices([0, 1, 2, 3], weights=[2, 5, 3, 1])[0]
            pool = DISABLED_SERVICES
        else:
            n = 1 if rng.random() < 0.06 else 0
            pool = OTHER_SERVICES
        manager = (managers_of.get(team_id) or fallback)[0]
        worker = worker_of.get(pk, manager)
        for code in rng.sample(pool, min(n, len(pool))):
            if code not in types:
                continue
            assessed = on - timedelta(days=rng.randint(3, 420))
            # Disabled children and short breaks wait longest: providers are scarce.
            slow = is_disabled and code in ("short-breaks", "overnight-short-breaks", "equipment-adaptations")
            to_approval = rng.randint(3, 20) + (rng.randint(5, 40) if is_disabled else 0)
            to_start = rng.randint(5, 30) + (rng.randint(30, 200) if slow else rng.randint(0, 30))
            decided = add_working_days(assessed, max(1, to_approval * 5 // 7), holidays=holidays)
            request = ServiceRequest(
                child_id=pk,
                service_type_id=types[code],
                need=NEEDS[code].format(name=given),
                assessed_on=assessed,
                requested_by_id=worker,
                requested_at=_at(assessed, 15),
                status=ServiceStatus.AWAITING_APPROVAL,
            )
            kinds = [
                (
                    QualityEvent.SERVICE_REQUESTED,
                    assessed,
                    worker,
                    f"Assessed as needing {names[types[code]].lower()}",
                )
            ]
            if decided <= on:
                declined = rng.random() < 0.08
                request.decision = ApprovalDecision.DECLINED if declined else ApprovalDecision.APPROVED
                request.decided_on = decided
                request.decided_by_id = manager
                request.rationale = (
                    "Needs can be met through universal and targeted services; the family agree."
                    if declined
                    else "Assessed need is clear and meets the eligibility criteria for this service."
                )
                request.status = ServiceStatus.DECLINED if declined else ServiceStatus.AWAITING_START
                kinds.append(
                    (
                        QualityEvent.SERVICE_DECIDED,
                        decided,
                        manager,
                        f"{names[types[code]]} {'not approved' if declined else 'approved'}",
                    )
                )
                start = decided + timedelta(days=to_start)
                if not declined and start <= on:
                    request.start_date = start
                    request.provider = rng.choice(
                        [
                            "Council short breaks service",
                            "Daisy Chain Project",
                            "Family Fund",
                            "Durham Action on Disability",
                            "In-house",
                        ]
                    )
                    request.status = ServiceStatus.IN_PLACE
                    kinds.append(
                        (QualityEvent.SERVICE_STARTED, start, worker, f"{names[types[code]]} started")
                    )
                    end = start + timedelta(days=rng.randint(60, 400))
                    if end <= on and rng.random() < 0.5:
                        request.end_date = end
                        request.end_reason = "Needs met; reviewed at the child in need review"
                        request.status = ServiceStatus.ENDED
                        kinds.append((QualityEvent.SERVICE_ENDED, end, worker, f"{names[types[code]]} ended"))
            requests.append(request)
            events.extend(
                ChronologyEvent(person_id=pk, kind=kind, at=_at(day), by_id=by, summary=summary)
                for kind, day, by, summary in kinds
            )
    ServiceRequest.objects.bulk_create(requests, batch_size=1000)
    ChronologyEvent.objects.bulk_create(events, batch_size=1000)
    waiting = sum(
        1 for r in requests if r.status in (ServiceStatus.AWAITING_APPROVAL, ServiceStatus.AWAITING_START)
    )
    return {"service requests": len(requests), "waiting": waiting}


def _grade(rng: random.Random, improvement: float) -> int:
    weights = [1 + improvement, 4 + 2 * improvement, 4 - improvement, 1.5 - improvement]
    return rng.choices(list(Grade), weights=[max(w, 0.2) for w in weights])[0].value


def _seed_audits(rng, on, children, worker_of, managers_of, auditors) -> dict[str, int]:
    template = AuditTemplate.objects.filter(active=True).prefetch_related("domains").first()
    if template is None or not auditors:
        return {"audits": 0}
    domains = list(template.domains.all())
    team_ids = sorted({team_id for _, _, team_id, _ in children})
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name"))[:8]
    cases = open_cases_by_team(teams)
    creator = auditors[0]
    audits, grade_rows, actions = [], [], []
    rounds = []
    for number, months_ago in enumerate([7, 2], start=1):
        started = on - timedelta(days=30 * months_ago)
        audit_round = AuditRound.objects.create(
            name=f"{started:%B %Y} case file audit",
            template=template,
            started_on=started,
            per_team=4,
            seed=rng.randrange(1, 2**31),
            created_by_id=creator,
            created_at=_at(started, 9),
        )
        audit_round.teams.set(teams)
        rounds.append(audit_round)
        sample = draw_sample(seed=audit_round.seed, per_team=audit_round.per_team, cases_by_team=cases)
        for team_id, child_ids in sample.items():
            for child_id in child_ids:
                auditor = rng.choice(auditors)
                others = [a for a in auditors if a != auditor]
                graded = number == 1 or rng.random() < 0.8
                moderated = graded and others and (number == 1 or rng.random() < 0.6)
                audit = CaseAudit(round=audit_round, child_id=child_id, team_id=team_id)
                if graded:
                    audit.status = AuditStatus.GRADED
                    audit.auditor_id = auditor
                    audit.graded_at = _at(started + timedelta(days=rng.randint(3, 20)))
                    audit.summary = (
                        "File read in full; findings discussed with the social worker and manager."
                    )
                if moderated:
                    audit.status = AuditStatus.MODERATED
                    audit.moderator_id = rng.choice(others)
                    audit.moderated_at = audit.graded_at + timedelta(days=rng.randint(2, 10))
                audits.append((audit, graded, moderated))
    CaseAudit.objects.bulk_create([a for a, _, _ in audits], batch_size=1000)
    for audit, graded, moderated in audits:
        if not graded:
            continue
        worst = Grade.OUTSTANDING
        for domain in domains:
            grade = _grade(rng, 1.0 if audit.round_id == rounds[-1].pk else 0.0)
            row = DomainGrade(
                audit=audit,
                domain=domain,
                grade=grade,
                comment=COMMENTS[Grade(grade)].format(domain=domain.name),
            )
            if moderated:
                if rng.random() < 0.15:
                    row.moderated_grade = min(4, max(1, grade + rng.choice([-1, 1])))
                    row.moderation_reason = (
                        "The file shows more than the auditor credited"
                        if row.moderated_grade < grade
                        else "The evidence does not support this grade: recording is thin after the last review"
                    )
                else:
                    row.moderated_grade = grade
            worst = max(worst, row.moderated_grade or grade)
            grade_rows.append(row)
        if worst >= Grade.REQUIRES_IMPROVEMENT:
            owner = worker_of.get(audit.child_id) or (managers_of.get(audit.team_id) or [audit.auditor_id])[0]
            due = audit.graded_at.date() + timedelta(days=rng.choice([14, 28, 42]))
            actions.append(
                AuditAction(
                    audit=audit,
                    description=rng.choice(
                        [
                            "Record the child's wishes and feelings from the last two visits",
                            "Update the plan with specific actions, owners and timescales",
                            "Record the management decision and its rationale on the file",
                            "Hold the overdue review and record the outcome",
                        ]
                    ),
                    owner_id=owner,
                    due=due,
                    done_on=due - timedelta(days=rng.randint(0, 10))
                    if due < on and rng.random() < 0.7
                    else None,
                    created_by_id=audit.auditor_id,
                    created_at=audit.graded_at,
                )
            )
    DomainGrade.objects.bulk_create(grade_rows, batch_size=2000)
    AuditAction.objects.bulk_create(actions, batch_size=1000)
    return {"audit rounds": len(rounds), "audits": len(audits), "audit actions": len(actions)}


def _seed_plan(rng, on, managers_of, heads, fallback) -> dict[str, int]:
    managers = [m for ms in managers_of.values() for m in ms] or fallback
    recommendations, actions = [], []
    for order, (source, when, reference, text, items) in enumerate(PLAN, start=1):
        recommendation = Recommendation(
            source=source,
            source_date=when,
            reference=reference,
            text=text,
            order=order,
            created_at=_at(on, 8),
        )
        recommendations.append(recommendation)
        for description, keys, role, due_in, status in items:
            owner = rng.choice(heads if role == Role.HEAD_OF_SERVICE else managers)
            actions.append(
                PlanAction(
                    recommendation=recommendation,
                    description=description,
                    owner_id=owner,
                    due=on + timedelta(days=due_in),
                    status=status,
                    evidence=EVIDENCE[status],
                    indicator_keys=keys,
                    updated_by_id=owner,
                    updated_at=_at(on - timedelta(days=rng.randint(1, 30))),
                )
            )
    Recommendation.objects.bulk_create(recommendations)
    PlanAction.objects.bulk_create(actions)
    return {"recommendations": len(recommendations), "plan actions": len(actions)}
