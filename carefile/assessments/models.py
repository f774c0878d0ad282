"""Single assessments of a child in need: the 45-working-day clock, internal reviews, factors and authorisation.

An assessment belongs to the child and to the open child-in-need episode (`frontdoor.Referral`). Once a
manager authorises it, it is a record of what was decided: the row, its factors and its reviews refuse every
change (`save`, `delete`, queryset `update`/`delete`); mistakes are put right by appending an
`AssessmentCorrection` with a reason.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from carefile.frontdoor.codes import PrimaryNeed

from .codes import Factor, Outcome, Status

# Working Together 2023: an assessment concludes within 45 working days of the referral.
ASSESSMENT_WORKING_DAYS = 45
# The completion clock turns amber this many working days before it is due; an internal review this many.
COMPLETION_AMBER_WITHIN = 5
REVIEW_AMBER_WITHIN = 2


class AssessmentLocked(Exception):
    """An authorised assessment (or a part of it) was about to be changed. The message is for the user."""


class AssessmentEvent(models.TextChoices):
    """What the assessments app writes to a child's chronology."""

    STARTED = "assessment_started", "Assessment started"
    SUBMITTED = "assessment_submitted", "Assessment submitted for authorisation"
    RETURNED = "assessment_returned", "Assessment returned by a manager"
    AUTHORISED = "assessment_authorised", "Assessment authorised"
    REVIEWED = "assessment_reviewed", "Assessment internal review held"
    CORRECTED = "assessment_corrected", "Correction added to an assessment"


def _parse_days(text: str) -> list[int]:
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise ValidationError(
            "Write the review points as working days separated by commas, for example 10, 25"
        )
    days = sorted({int(p) for p in parts})
    if any(d < 1 or d >= ASSESSMENT_WORKING_DAYS for d in days):
        raise ValidationError(
            f"Each review point must be between 1 and {ASSESSMENT_WORKING_DAYS - 1} working days"
        )
    return days


class AssessmentSettings(models.Model):
    """The council's assessment settings: one row, edited in the Django admin.

    `current()` makes the row with the defaults if it is missing, so the defaults hold on a new database (and
    after a test database is flushed). A new assessment takes a copy of the review points (its
    `InternalReview`s): changing them changes assessments started from then on, not those already running.
    """

    review_days = models.CharField(
        "internal review points",
        max_length=60,
        default="10, 25",
        blank=True,
        help_text="Working days after the referral date (day 0) at which a manager reviews the assessment, "
        "separated by commas. Leave empty for none.",
    )

    class Meta:
        verbose_name = "assessment settings"
        verbose_name_plural = "assessment settings"

    def __str__(self) -> str:
        return "Assessment settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        self.review_days = ", ".join(str(d) for d in _parse_days(self.review_days))

    @classmethod
    def current(cls) -> "AssessmentSettings":
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings

    def review_points(self) -> list[tuple[int, str]]:
        """Each review point as (working days, name)."""
        return [(d, f"Day {d} management review") for d in _parse_days(self.review_days)]


def _is_authorised(model, pk) -> bool:
    return model._base_manager.filter(pk=pk, status=Status.AUTHORISED).exists()


LOCKED_MESSAGE = "This assessment has been authorised and cannot be changed: add a correction instead"


class AssessmentQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.AUTHORISED)

    def update(self, **kwargs):
        if self.filter(status=Status.AUTHORISED).exists():
            raise AssessmentLocked(LOCKED_MESSAGE)
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Status.AUTHORISED).exists():
            raise AssessmentLocked(LOCKED_MESSAGE)
        return super().delete()


class Assessment(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT, related_name="assessments")
    start_date = models.DateField(help_text="CIN census AssessmentActualStartDate")
    clock_start = models.DateField(
        help_text="Day 0 of the 45-working-day clock: the referral date for the episode's first assessment, "
        "the start date for a later one"
    )
    due_date = models.DateField(help_text="45 working days after the clock start")

    developmental_needs = models.TextField("the child's developmental needs", blank=True)
    parenting_capacity = models.TextField("parenting capacity", blank=True)
    family_environment = models.TextField("family and environmental factors", blank=True)
    analysis = models.TextField("analysis of risk and strengths", blank=True)
    child_voice = models.TextField("the child's voice", blank=True)
    child_communication = models.JSONField("how the child communicated", default=list, blank=True)

    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_detail = models.TextField("details of the outcome", blank=True)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    started_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_on = models.DateField(
        "authorisation date",
        null=True,
        blank=True,
        help_text="The completion date (AssessmentAuthorisationDate)",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=~Q(status="authorised"),
                name="one_open_assessment_per_episode",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="assessment_status_known"),
            models.CheckConstraint(
                condition=Q(start_date__gte=models.F("clock_start")),
                name="assessment_starts_on_or_after_clock",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=models.F("clock_start")), name="assessment_due_after_clock_start"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="authorised")
                    & Q(authorised_on__isnull=False)
                    & Q(authorised_at__isnull=False)
                    & Q(authorised_by__isnull=False)
                    & ~Q(outcome="")
                    & ~Q(primary_need="")
                )
                | (
                    ~Q(status="authorised")
                    & Q(authorised_on__isnull=True)
                    & Q(authorised_at__isnull=True)
                    & Q(authorised_by__isnull=True)
                ),
                name="assessment_authorisation_complete",
            ),
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True) | Q(authorised_on__gte=models.F("start_date")),
                name="assessment_authorised_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "status"], name="assessment_child_status"),
            models.Index(fields=["status", "due_date"], name="assessment_status_due"),
            models.Index(fields=["authorised_on"], name="assessment_authorised_on"),
        ]

    def __str__(self) -> str:
        return f"Assessment of child {self.child_id} started {self.start_date:%d %b %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None and _is_authorised(Assessment, self.pk):
            raise AssessmentLocked(LOCKED_MESSAGE)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assessments:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.pk is not None and _is_authorised(Assessment, self.pk):
            raise AssessmentLocked(LOCKED_MESSAGE)
        return super().delete(*args, **kwargs)

    @property
    def is_authorised(self) -> bool:
        return self.status == Status.AUTHORISED

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED

    @property
    def factor_codes(self) -> list[str]:
        return sorted((f.code for f in self.factors.all()), key=factor_sort_key)

    def get_communication_display(self) -> list[str]:
        from .codes import Communication

        labels = dict(Communication.choices)
        return [labels.get(c, c) for c in self.child_communication]


def factor_sort_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return int(digits or 0), code


class _ChildOfAssessmentQuerySet(models.QuerySet):
    """Rows that belong to an assessment refuse set-wise changes once it is authorised."""

    def update(self, **kwargs):
        if self.filter(assessment__status=Status.AUTHORISED).exists():
            raise AssessmentLocked(LOCKED_MESSAGE)
        return super().update(**kwargs)

    def delete(self):
        if self.filter(assessment__status=Status.AUTHORISED).exists():
            raise AssessmentLocked(LOCKED_MESSAGE)
        return super().delete()


class _PartOfAssessment(models.Model):
    objects = _ChildOfAssessmentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if _is_authorised(Assessment, self.assessment_id):
            raise AssessmentLocked(LOCKED_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _is_authorised(Assessment, self.assessment_id):
            raise AssessmentLocked(LOCKED_MESSAGE)
        return super().delete(*args, **kwargs)


class AssessmentFactor(_PartOfAssessment):
    """One factor identified at the end of the assessment (CIN census AssessmentFactors)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=3, choices=Factor.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_factor_once"),
            models.CheckConstraint(condition=Q(code__in=Factor.values), name="assessment_factor_known"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_code_display()}"


class InternalReview(_PartOfAssessment):
    """An internal review point of one assessment (copied from `AssessmentSettings` at the start) and when it
    was held."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    working_days = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    due_date = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField("management oversight and direction", blank=True)
    recorded_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["working_days"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "working_days"], name="internal_review_once"),
            models.CheckConstraint(
                condition=(
                    Q(held_on__isnull=True) & Q(recorded_by__isnull=True) & Q(recorded_at__isnull=True)
                )
                | (Q(held_on__isnull=False) & Q(recorded_by__isnull=False) & Q(recorded_at__isnull=False)),
                name="internal_review_held_complete",
            ),
        ]
        indexes = [models.Index(fields=["held_on", "due_date"], name="internal_review_open")]

    def __str__(self) -> str:
        return f"{self.name} due {self.due_date:%d %b %Y}"


class _AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self)._base_manager.filter(pk=self.pk).exists():
            raise AssessmentLocked(f"A {self._meta.verbose_name} cannot be changed once it is recorded")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AssessmentLocked(f"A {self._meta.verbose_name} cannot be deleted")


class AssessmentReturn(_AppendOnly):
    """A manager sent a submitted assessment back to the worker, saying what to change."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="returns")
    comment = models.TextField()
    by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "returned assessment"
        constraints = [models.CheckConstraint(condition=~Q(comment=""), name="assessment_return_has_comment")]

    def __str__(self) -> str:
        return f"Returned {self.at:%d %b %Y}"


class CorrectedPart(models.TextChoices):
    START_DATE = "start_date", "Start date"
    DEVELOPMENTAL_NEEDS = "developmental_needs", "The child's developmental needs"
    PARENTING_CAPACITY = "parenting_capacity", "Parenting capacity"
    FAMILY_ENVIRONMENT = "family_environment", "Family and environmental factors"
    ANALYSIS = "analysis", "Analysis of risk and strengths"
    CHILD_VOICE = "child_voice", "The child's voice"
    FACTORS = "factors", "Factors identified"
    OUTCOME = "outcome", "Outcome"
    PRIMARY_NEED = "primary_need", "Primary need"
    OTHER = "other", "Something else"


class AssessmentCorrection(_AppendOnly):
    """An appended correction to an authorised assessment: what was wrong, the correct version and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="corrections")
    part = models.CharField("part corrected", max_length=30, choices=CorrectedPart.choices)
    correction = models.TextField()
    reason = models.TextField()
    by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "assessment correction"
        constraints = [
            models.CheckConstraint(
                condition=~Q(correction="") & ~Q(reason=""), name="assessment_correction_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"Correction to {self.get_part_display().lower()} on {self.at:%d %b %Y}"
