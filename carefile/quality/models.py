"""Quality: assessed services and their waiting times, case file audits, and the improvement plan."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

# ---- assessed services ----------------------------------------------------------------------------------


class ServiceType(models.Model):
    """A kind of service a child can be assessed as needing. The list is the council's to change (admin)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    AWAITING_START = "awaiting_start", "Approved, waiting to start"
    IN_PLACE = "in_place", "In place"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Not approved"


WAITING_STATUSES = (ServiceStatus.AWAITING_APPROVAL, ServiceStatus.AWAITING_START)


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Not approved"


class ServiceRequest(models.Model):
    """One service a child was assessed as needing, from the assessed need to approval, start and end."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="service_requests")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="requests")
    need = models.TextField("Assessed need", max_length=2000)
    assessed_on = models.DateField("Date need assessed")
    requested_by = models.ForeignKey(
        "workforce.Staff", on_delete=models.PROTECT, related_name="service_requests_made"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.AWAITING_APPROVAL
    )
    decision = models.CharField(max_length=10, choices=ApprovalDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="service_decisions"
    )
    decided_on = models.DateField(null=True, blank=True)
    rationale = models.TextField(blank=True, max_length=2000)
    provider = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["status", "assessed_on"], name="service_status_assessed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("assessed_on")),
                name="service_decided_after_assessed",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | (Q(decided_on__isnull=False) & Q(start_date__gte=models.F("decided_on"))),
                name="service_start_after_approval",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(start_date__isnull=False) & Q(end_date__gte=models.F("start_date"))),
                name="service_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} (assessed {self.assessed_on:%d %b %Y})"


# ---- case file audits -----------------------------------------------------------------------------------


class Grade(models.IntegerChoices):
    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


class AuditTemplate(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuditDomain(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=120)
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "name"], name="audit_domain_once")]

    def __str__(self) -> str:
        return self.name


class AuditRound(models.Model):
    """A round of audits: a reproducible random sample of open cases from each team."""

    name = models.CharField(max_length=120)
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="rounds")
    started_on = models.DateField()
    per_team = models.PositiveSmallIntegerField("Cases per team")
    seed = models.BigIntegerField(
        help_text="The random sample is drawn from this number: the same seed, "
        "teams and open cases give the same sample"
    )
    teams = models.ManyToManyField("workforce.Team", related_name="audit_rounds")
    created_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name


class AuditStatus(models.TextChoices):
    TO_AUDIT = "to_audit", "To audit"
    GRADED = "graded", "Graded, awaiting moderation"
    MODERATED = "moderated", "Moderated"


class CaseAudit(models.Model):
    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="audits")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_audits")
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="case_audits")
    status = models.CharField(max_length=20, choices=AuditStatus.choices, default=AuditStatus.TO_AUDIT)
    auditor = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="audits_done"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, max_length=4000)
    moderator = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="audits_moderated"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["round", "team__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "child"], name="audit_child_once_per_round"),
            models.CheckConstraint(
                condition=Q(moderator__isnull=True) | ~Q(moderator=models.F("auditor")),
                name="audit_moderator_not_auditor",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit {self.pk} in {self.round}"


class DomainGrade(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    domain = models.ForeignKey(AuditDomain, on_delete=models.PROTECT, related_name="grades")
    grade = models.PositiveSmallIntegerField(choices=Grade.choices)
    comment = models.TextField(max_length=2000)
    moderated_grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    moderation_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["domain__order", "domain_id"]
        constraints = [models.UniqueConstraint(fields=["audit", "domain"], name="audit_domain_graded_once")]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_grade_display()}"

    @property
    def final_grade(self) -> int:
        return self.moderated_grade or self.grade

    @property
    def changed(self) -> bool:
        return self.moderated_grade is not None and self.moderated_grade != self.grade


class AuditAction(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=1000)
    owner = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="audit_actions")
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["done_on", "due", "id"]

    def __str__(self) -> str:
        return self.description[:80]


# ---- improvement plan -----------------------------------------------------------------------------------


class Recommendation(models.Model):
    """Something to improve, usually from an inspection: the source, its words, and the actions under it."""

    source = models.CharField(max_length=200)
    source_date = models.DateField()
    reference = models.CharField(max_length=20, blank=True)
    text = models.TextField(max_length=2000)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-source_date", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"


class PlanAction(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=1000)
    owner = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="improvement_actions")
    due = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.NOT_STARTED)
    evidence = models.TextField(blank=True, max_length=4000)
    evidence_url = models.URLField("Evidence link", blank=True, max_length=500)
    # Keys of indicators in the performance specification (shared/specs/indicators.md), e.g.
    # "assessments_within_45wd_pct": the measures that show whether this action is working.
    indicator_keys = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["recommendation", "due", "id"]

    def __str__(self) -> str:
        return self.description[:80]
