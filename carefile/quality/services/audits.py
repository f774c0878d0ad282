"""Case file audits: draw a round's sample, grade, moderate, and track the actions that follow."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from carefile.workforce.models import Staff, Team

from ..models import (
    AuditAction,
    AuditRound,
    AuditStatus,
    AuditTemplate,
    CaseAudit,
    DomainGrade,
    Grade,
)
from ..selectors import open_cases_by_team
from .base import QualityError


def draw_sample(*, seed: int, per_team: int, cases_by_team: dict[int, list[int]]) -> dict[int, list[int]]:
    """`per_team` children from each team's open cases, at random but reproducibly: each team's draw depends
    only on the seed, the team and its open cases (sorted), not on the other teams or on database order."""
    sample = {}
    for team_id, child_ids in cases_by_team.items():
        pool = sorted(set(child_ids))
        rng = random.Random(f"{seed}-{team_id}")
        sample[team_id] = sorted(rng.sample(pool, min(per_team, len(pool))))
    return sample


@transaction.atomic
def audit_round_create(
    *,
    name: str,
    template: AuditTemplate,
    teams: Iterable[Team],
    per_team: int,
    started_on: date,
    by: Staff,
    at: datetime,
    seed: int | None = None,
) -> AuditRound:
    teams = list(teams)
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the round"
    if not teams:
        errors["teams"] = "Choose at least one team"
    if not 1 <= per_team <= 50:
        errors["per_team"] = "Cases per team must be between 1 and 50"
    if not template.domains.exists():
        errors["template"] = "The audit template has no domains to grade"
    if errors:
        raise QualityError(errors=errors)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    audit_round = AuditRound.objects.create(
        name=name.strip(),
        template=template,
        started_on=started_on,
        per_team=per_team,
        seed=seed,
        created_by=by,
        created_at=at,
    )
    audit_round.teams.set(teams)
    sample = draw_sample(seed=seed, per_team=per_team, cases_by_team=open_cases_by_team(teams))
    CaseAudit.objects.bulk_create(
        CaseAudit(round=audit_round, child_id=child_id, team_id=team_id)
        for team_id, child_ids in sample.items()
        for child_id in child_ids
    )
    return audit_round


def _locked(audit: CaseAudit) -> CaseAudit:
    return CaseAudit.objects.select_for_update().select_related("round__template").get(pk=audit.pk)


@transaction.atomic
def audit_grade(
    *, audit: CaseAudit, grades: dict[int, tuple[int, str]], summary: str, by: Staff, at: datetime
) -> CaseAudit:
    """Grade every domain of the round's template: `grades` maps domain id to (grade, comment)."""
    audit = _locked(audit)
    if audit.status == AuditStatus.MODERATED:
        raise QualityError("This audit has been moderated: its grades can no longer change")
    if audit.status == AuditStatus.GRADED and audit.auditor_id != by.pk:
        raise QualityError("Another auditor graded this audit")
    domains = list(audit.round.template.domains.all())
    errors = {}
    for domain in domains:
        grade, comment = grades.get(domain.pk, (None, ""))
        if grade not in Grade.values:
            errors[f"grade_{domain.pk}"] = f"Choose a grade for {domain.name.lower()}"
        if not (comment or "").strip():
            errors[f"comment_{domain.pk}"] = f"Enter a comment on {domain.name.lower()}"
    if errors:
        raise QualityError(errors=errors)
    audit.grades.all().delete()
    DomainGrade.objects.bulk_create(
        DomainGrade(audit=audit, domain=d, grade=grades[d.pk][0], comment=grades[d.pk][1].strip())
        for d in domains
    )
    audit.auditor = by
    audit.graded_at = at
    audit.summary = summary.strip()
    audit.status = AuditStatus.GRADED
    audit.save(update_fields=["auditor", "graded_at", "summary", "status"])
    return audit


@transaction.atomic
def audit_moderate(
    *, audit: CaseAudit, changes: dict[int, tuple[int, str]], note: str, by: Staff, at: datetime
) -> CaseAudit:
    """A second auditor agrees with each grade or changes it: `changes` maps domain id to (grade, reason).
    A changed grade needs its reason; agreeing needs none."""
    audit = _locked(audit)
    if audit.status != AuditStatus.GRADED:
        raise QualityError("Only a graded audit awaiting moderation can be moderated")
    if audit.auditor_id == by.pk:
        raise QualityError("An audit is moderated by a second auditor, not the one who graded it")
    grades = {g.domain_id: g for g in audit.grades.select_related("domain")}
    errors = {}
    for domain_id, grade in grades.items():
        new, reason = changes.get(domain_id, (grade.grade, ""))
        if new not in Grade.values:
            errors[f"grade_{domain_id}"] = f"Choose a grade for {grade.domain.name.lower()}"
        elif new != grade.grade and not (reason or "").strip():
            errors[f"reason_{domain_id}"] = f"Enter why the grade for {grade.domain.name.lower()} changed"
    if errors:
        raise QualityError(errors=errors)
    for domain_id, grade in grades.items():
        new, reason = changes.get(domain_id, (grade.grade, ""))
        grade.moderated_grade = new
        grade.moderation_reason = (reason or "").strip() if new != grade.grade else ""
    DomainGrade.objects.bulk_update(grades.values(), ["moderated_grade", "moderation_reason"])
    audit.moderator = by
    audit.moderated_at = at
    audit.moderation_note = note.strip()
    audit.status = AuditStatus.MODERATED
    audit.save(update_fields=["moderator", "moderated_at", "moderation_note", "status"])
    return audit


@transaction.atomic
def audit_action_add(
    *, audit: CaseAudit, description: str, owner: Staff, due: date, by: Staff, at: datetime
) -> AuditAction:
    errors = {}
    if not description.strip():
        errors["description"] = "Enter the action"
    if due < at.date():
        errors["due"] = "Due date must be today or in the future"
    if errors:
        raise QualityError(errors=errors)
    return AuditAction.objects.create(
        audit=audit, description=description.strip(), owner=owner, due=due, created_by=by, created_at=at
    )


@transaction.atomic
def audit_action_done(*, action: AuditAction, done_on: date, by: Staff, at: datetime) -> AuditAction:
    action = AuditAction.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise QualityError("This action is already done")
    if done_on > at.date():
        raise QualityError(errors={"done_on": "Date done must be today or in the past"})
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    return action
