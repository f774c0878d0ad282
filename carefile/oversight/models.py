"""Management oversight: the decision log of each child, supervision and the actions both give.

- `ManagementDecision`: a manager's decision about a child, with the options considered, the rationale and a
  review date. Threshold points (screening, allocation, assessment authorisation, episode closure) file one
  through `carefile.common.extensions.threshold_decision`; managers record any other by hand.
- `SupervisionSession`: a supervisor and a supervisee meet. `private_notes` is the reflective part and never
  leaves the supervision record. Each child discussed gets a `SupervisionDiscussion`, filed on that child's
  record and chronology.
- `OversightAction`: a direction given in a decision or in supervision, tracked to done.
- `OversightSettings` (one row): the oversight-gap period and the expected supervision frequencies.
- `SupervisionAgreement`: a worker's supervisor, and their ASYE start when newly qualified.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class DecisionType(models.TextChoices):
    SCREENING = "screening", "Screening"
    THRESHOLD = "threshold", "Threshold"
    ALLOCATION = "allocation", "Allocation"
    ASSESSMENT_AUTHORISATION = "assessment_authorisation", "Assessment authorisation"
    STEP_UP_DOWN = "step_up_down", "Step up or step down"
    ENQUIRY = "enquiry", "Section 47 enquiry"
    LEGAL_PLANNING = "legal_planning", "Legal planning"
    CLOSURE = "closure", "Closure"
    OTHER = "other", "Other"


class OversightEvent(models.TextChoices):
    """The chronology kinds this app writes."""

    DECISION = "management_decision", "Management decision"
    DIRECTION_DONE = "management_direction_done", "Management direction completed"
    SUPERVISION = "supervision_discussion", "Discussed in supervision"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "No longer needed"


class ManagementDecision(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="management_decisions")
    decision_type = models.CharField("type of decision", max_length=30, choices=DecisionType.choices)
    options_considered = models.TextField(blank=True)
    rationale = models.TextField()
    decided_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    review_on = models.DateField("review date", null=True, blank=True)
    source = models.CharField(
        max_length=60,
        blank=True,
        help_text="The service that filed it at a threshold point; blank if by hand",
    )
    source_ref = models.CharField(max_length=60, blank=True)
    source_url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="oversight_decision_rationale"),
            models.UniqueConstraint(
                fields=["source", "source_ref", "child"],
                condition=~Q(source_ref=""),
                name="oversight_decision_once",
            ),
        ]
        indexes = [models.Index(fields=["child", "-decided_at"], name="decision_child_at")]

    def __str__(self) -> str:
        return f"{self.get_decision_type_display()} decision"

    def get_absolute_url(self) -> str:
        return reverse("oversight:child", args=[self.child_id]) + f"#decision-{self.pk}"


class SupervisionSession(models.Model):
    supervisor = models.ForeignKey(
        "workforce.Staff", on_delete=models.PROTECT, related_name="supervisions_given"
    )
    supervisee = models.ForeignKey(
        "workforce.Staff", on_delete=models.PROTECT, related_name="supervisions_received"
    )
    held_on = models.DateField()
    # The reflective part: seen only by the supervisor and the supervisee, never on a child's record.
    private_notes = models.TextField("reflective discussion (private)", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["supervisee", "-held_on"], name="supervision_supervisee_on")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("supervisee")), name="oversight_supervision_not_self"
            )
        ]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:session", args=[self.pk])


class SupervisionDiscussion(models.Model):
    """The part of a supervision about one child: filed on that child's record."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="discussions")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="supervision_discussions"
    )
    discussion = models.TextField()
    direction = models.TextField("decisions and direction", blank=True)
    held_on = models.DateField(
        help_text="The session's date, repeated to find a child's last oversight quickly"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "child"], name="oversight_discussion_once"),
            models.CheckConstraint(condition=~Q(discussion=""), name="oversight_discussion_said"),
        ]
        indexes = [models.Index(fields=["child", "-held_on"], name="supervision_child_on")]

    def __str__(self) -> str:
        return f"Supervision discussion on {self.held_on:%d %B %Y}"


class OversightAction(models.Model):
    """A direction to someone, with a due date, from a management decision or a supervision."""

    decision = models.ForeignKey(
        ManagementDecision, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    discussion = models.ForeignKey(
        SupervisionDiscussion, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    session = models.ForeignKey(
        SupervisionSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
        help_text="An action from supervision about no one child (training, leave, caseload)",
    )
    child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="oversight_actions"
    )
    what = models.TextField("what needs to be done")
    owner = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="oversight_actions")
    due = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    status_changed_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(decision__isnull=False, discussion__isnull=True, session__isnull=True)
                    | Q(decision__isnull=True, discussion__isnull=False, session__isnull=True)
                    | Q(decision__isnull=True, discussion__isnull=True, session__isnull=False)
                ),
                name="oversight_action_one_source",
            ),
            models.CheckConstraint(condition=~Q(what=""), name="oversight_action_says_what"),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="oversight_action_done_on_when_done",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status", "due"], name="oversight_action_owner")]

    def __str__(self) -> str:
        return f"Action due {self.due:%d %B %Y}"

    @property
    def source_label(self) -> str:
        return "Management decision" if self.decision_id else "Supervision"


class OversightSettings(models.Model):
    """The council's oversight standards (one row; defaults when none is saved)."""

    gap_working_days = models.PositiveSmallIntegerField(
        default=20,
        help_text="A child open to the service with no management oversight for longer than this is listed",
    )
    supervision_days = models.PositiveSmallIntegerField(
        default=28, help_text="Expected days between supervisions for an experienced worker (about monthly)"
    )
    newly_qualified_days = models.PositiveSmallIntegerField(
        default=14, help_text="Expected days between supervisions in a newly qualified worker's first months"
    )
    newly_qualified_months = models.PositiveSmallIntegerField(
        default=6, help_text="How many months from the start of the ASYE the more frequent supervision lasts"
    )
    manager_days = models.PositiveSmallIntegerField(
        default=42, help_text="Expected days between supervisions for team managers"
    )

    class Meta:
        verbose_name_plural = "oversight settings"
        constraints = [
            models.CheckConstraint(condition=Q(gap_working_days__gt=0), name="oversight_gap_positive"),
            models.CheckConstraint(condition=Q(supervision_days__gt=0), name="supervision_days_positive"),
            models.CheckConstraint(condition=Q(newly_qualified_days__gt=0), name="nq_days_positive"),
            models.CheckConstraint(condition=Q(manager_days__gt=0), name="manager_days_positive"),
        ]

    def __str__(self) -> str:
        return "Oversight settings"


class SupervisionAgreement(models.Model):
    """Who supervises a worker and how often; a worker with none is supervised by their team's manager."""

    supervisee = models.OneToOneField(
        "workforce.Staff", on_delete=models.CASCADE, related_name="supervision_agreement"
    )
    supervisor = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asye_start = models.DateField(
        "ASYE start", null=True, blank=True, help_text="When a newly qualified worker began their ASYE year"
    )
    every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Overrides the council's standard for this worker"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=True) | Q(every_days__gt=0), name="oversight_agreement_every"
            )
        ]

    def __str__(self) -> str:
        return f"Supervision agreement {self.pk}"
