"""Statutory returns: the stored results of checking this year's returns with the DfE-rule validators."""

from django.db import models


class RunStatus(models.TextChoices):
    RUNNING = "running", "Refresh running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"
    UNAVAILABLE = "unavailable", "Validators not installed"


class DataQualityRun(models.Model):
    """One refresh of the data-quality results: the returns of a collection year exported and validated."""

    year = models.PositiveSmallIntegerField(help_text="Collection end year: 2026 for 2025-26")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    message = models.TextField(blank=True, help_text="What went wrong, or what was not checked")
    started_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["year", "status", "-started_at"], name="dq_run_year_status")]

    def __str__(self) -> str:
        return f"Data quality run {self.pk} for {self.year} ({self.status})"


class ReturnName(models.TextChoices):
    CIN = "cin", "CIN census"
    SSDA903 = "ssda903", "SSDA903 (children looked after)"


class RuleType(models.TextChoices):
    ERROR = "Error", "Error"
    QUERY = "Query", "Query"


class DataQualityIssue(models.Model):
    """A validation rule that failed for one child of a return (or for the return as a whole)."""

    run = models.ForeignKey(DataQualityRun, on_delete=models.CASCADE, related_name="issues")
    return_name = models.CharField("return", max_length=10, choices=ReturnName.choices)
    rule_code = models.CharField(max_length=20)
    rule_type = models.CharField(max_length=10, choices=RuleType.choices)
    description = models.TextField(blank=True)
    child_ref = models.CharField(
        "child's identifier in the return",
        max_length=40,
        blank=True,
        help_text="Blank for a return-level rule",
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["return_name", "rule_code", "child_ref", "id"]
        indexes = [models.Index(fields=["run", "rule_code"], name="dq_issue_run_rule")]

    def __str__(self) -> str:
        return f"{self.return_name} rule {self.rule_code}"
