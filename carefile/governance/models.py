"""Information governance: break-glass access and its alerts, subject access requests, retention and
disposal.

None of these records holds a child's name: a disposed child is known afterwards only by the LA child ID.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class BreakGlassAccess(models.Model):
    """A user not on a restricted record's access list opened it for 24 hours, giving a reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField()
    at = models.DateTimeField()
    expires = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "break-glass access"
        verbose_name_plural = "break-glass accesses"
        indexes = [models.Index(fields=["user", "person", "expires"], name="breakglass_user_person")]
        constraints = [
            models.CheckConstraint(condition=Q(expires__gt=F("at")), name="breakglass_expires_after_start"),
            models.CheckConstraint(condition=~Q(reason=""), name="breakglass_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} to person {self.person_id} at {self.at:%Y-%m-%d %H:%M}"

    def is_live(self, at) -> bool:
        return self.at <= at < self.expires


class AlertKind(models.TextChoices):
    BREAK_GLASS = "break_glass", "Break-glass access to a restricted record"


class Alert(models.Model):
    """Something a user should know about, shown on their Alerts page (and sent by email)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    la_child_id = models.CharField("LA child ID", max_length=20, blank=True)
    message = models.TextField()
    at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["recipient", "-at"], name="alert_recipient_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} at {self.at:%Y-%m-%d %H:%M}"


class SubjectAccessRequest(models.Model):
    """A request for a copy of a child's record. The export is redacted and reviewed before release."""

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    la_child_id = models.CharField("LA child ID", max_length=20)
    requester = models.CharField("who asked", max_length=200)
    received_on = models.DateField("date received")
    redact_junior_staff = models.BooleanField(
        "redact the names of staff below manager level",
        default=True,
        help_text="Managers' names are always shown; the council chooses for other staff.",
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(blank=True)
    generated_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="sar_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access request {self.pk} for {self.la_child_id}"


# Retention ------------------------------------------------------------------------------------------------


class RetentionCategory(models.TextChoices):
    ADOPTION = "adoption", "Adoption records"
    LOOKED_AFTER = "looked_after", "Records of children who were looked after"
    OTHER = "other", "Other children's records"


class RetentionRule(models.Model):
    """How long one category of record is kept: until the latest of the dates its bases give.

    A basis left empty is not used. A record whose basis date is not known is kept."""

    category = models.CharField(max_length=20, choices=RetentionCategory.choices, unique=True)
    description = models.CharField(max_length=300)
    years_from_birth = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Keep until this birthday (for example 75)."
    )
    years_from_closure = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Keep for this many years after the case closed."
    )
    years_from_adoption_order = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Keep for this many years after the adoption order."
    )

    class Meta:
        ordering = ["category"]
        constraints = [
            models.CheckConstraint(
                condition=Q(years_from_birth__isnull=False)
                | Q(years_from_closure__isnull=False)
                | Q(years_from_adoption_order__isnull=False),
                name="retention_rule_has_a_basis",
            ),
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class LegalHold(models.Model):
    """A child's record that must not be disposed of (litigation, an inquiry, a request in progress)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="legal_hold_has_reason"),
            models.CheckConstraint(
                condition=Q(released_by__isnull=True, released_at__isnull=True)
                | Q(released_by__isnull=False, released_at__isnull=False),
                name="legal_hold_release_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold on person {self.person_id}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for a second administrator"
    APPROVED = "approved", "Approved and disposed of"
    REJECTED = "rejected", "Rejected"


class DisposalProposal(models.Model):
    """Records past retention, chosen by one administrator, to be approved by a second."""

    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="disposal_decided_by_a_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Disposal proposal {self.pk}"


class DisposalProposalItem(models.Model):
    proposal = models.ForeignKey(DisposalProposal, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    la_child_id = models.CharField("LA child ID", max_length=20)
    category = models.CharField(max_length=20, choices=RetentionCategory.choices)
    retained_until = models.DateField()
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["la_child_id", "id"]

    def __str__(self) -> str:
        return f"{self.la_child_id} in proposal {self.proposal_id}"


class DisposalRecord(models.Model):
    """What was disposed of: the LA child ID, when, under which rule and who approved. No names."""

    la_child_id = models.CharField("LA child ID", max_length=20)
    person_ref = models.PositiveBigIntegerField(
        help_text="The disposed record's id, as the access log has it"
    )
    disposed_at = models.DateTimeField()
    category = models.CharField(max_length=20, choices=RetentionCategory.choices)
    rule = models.CharField(max_length=300, help_text="The rule as it stood when the record was disposed of")
    retained_until = models.DateField()
    proposal = models.ForeignKey(DisposalProposal, on_delete=models.PROTECT, related_name="disposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted = models.JSONField(default=dict, help_text="How many rows of each kind were deleted")

    class Meta:
        ordering = ["-disposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.la_child_id} disposed of on {self.disposed_at:%d %B %Y}"
