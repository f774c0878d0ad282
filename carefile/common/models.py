"""Cross-cutting records: the chronology, the access log and the holiday override table."""

from django.conf import settings
from django.db import models


class BankHolidayOverride(models.Model):
    """A one-off change to England's bank holidays (a coronation, a moved holiday)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=120)
    is_holiday = models.BooleanField(
        default=True, help_text="Untick to remove a bank holiday that did not happen."
    )

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} {self.name}"


class EventKind(models.TextChoices):
    RECORD_CREATED = "record_created", "Record created"
    DETAILS_CHANGED = "details_changed", "Details changed"
    ADDRESS_ADDED = "address_added", "Address recorded"
    ADDRESS_ENDED = "address_ended", "Address ended"
    RELATIONSHIP_ADDED = "relationship_added", "Relationship recorded"
    ALLOCATED = "allocated", "Allocated to a worker"
    DEALLOCATED = "deallocated", "Allocation ended"
    TEAM_CHANGED = "team_changed", "Responsible team changed"
    RESTRICTION_CHANGED = "restriction_changed", "Access restriction changed"
    CONTACT_RECEIVED = "contact_received", "Contact received"
    SCREENING_DECISION = "screening_decision", "Screening decision"
    DECISION_SIGNED_OFF = "decision_signed_off", "Decision signed off by a manager"
    REFERRAL_OPENED = "referral_opened", "Referral opened"
    REFERRAL_CLOSED = "referral_closed", "Referral closed"


class ChronologyEvent(models.Model):
    """Something that happened to a child, written by the service that did it, in the same transaction."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="chronology")
    # Each app names its own kinds (see chronology.register_kinds); the labels live with them.
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()
    by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    significant = models.BooleanField(default=False, help_text="Marked by a worker as a significant event")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at", "-id"], name="chronology_person_at")]

    def __str__(self) -> str:
        return self.summary


class AccessLog(models.Model):
    """One row for every view of a person's record. Append-only; each row carries the hash of the chain so far."""

    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    person_ref = models.PositiveBigIntegerField(
        help_text="The person's id, kept if the record is ever disposed of."
    )
    view_name = models.CharField(max_length=120)
    path = models.CharField(max_length=300)
    reason = models.CharField(max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["person_ref", "-at"], name="accesslog_person_at"),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        return f"Access {self.pk} to person {self.person_ref} at {self.at:%Y-%m-%d %H:%M}"


class AuditChainHead(models.Model):
    """A single row holding the latest hash, locked while a new access-log row is appended."""

    name = models.CharField(max_length=30, unique=True)
    last_hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} chain: {self.length} rows"


class SignInAttempt(models.Model):
    """A sign-in attempt, for throttling and lock-out. The address is kept hashed."""

    username = models.CharField(max_length=150)
    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["username", "-at"], name="signin_username_at"),
            models.Index(fields=["address_hash", "-at"], name="signin_address_at"),
        ]

    def __str__(self) -> str:
        return f"{'Success' if self.succeeded else 'Failure'} for {self.username} at {self.at:%Y-%m-%d %H:%M}"


class TwoFactorDevice(models.Model):
    """A user's authenticator app: a TOTP secret, confirmed once the user has typed a code from it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(
        default=0, help_text="The last time step accepted; a code is never accepted twice"
    )

    def __str__(self) -> str:
        return f"Authenticator for {self.user}"
