"""The front door: contacts, screening decisions and referrals (the child-in-need episode)."""

from django.db import models
from django.db.models import Q

from .codes import ClosureReason, PrimaryNeed, ReferralSource


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent – risk of significant harm"
    HIGH = "high", "High"
    STANDARD = "standard", "Standard"


PRIORITY_ORDER = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.STANDARD: 2}


class Consent(models.TextChoices):
    GIVEN = "given", "Family consent given"
    OVERRIDDEN = "overridden", "Not given: proceeding without consent because of risk of significant harm"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought: seeking it would put the child at risk"


class Contact(models.Model):
    """Information received about one or more children, awaiting a screening decision within 1 working day."""

    received_at = models.DateTimeField()
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_organisation = models.CharField(max_length=120, blank=True)
    referrer_contact = models.CharField("referrer's phone or email", max_length=120, blank=True)
    presenting_concerns = models.TextField()
    consent = models.CharField(max_length=20, choices=Consent.choices)
    consent_notes = models.TextField(blank=True)
    partner_information = models.TextField("information gathered from partners", blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.STANDARD)
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="contacts")
    screening_due = models.DateField(help_text="End of the working day after the contact was received")
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    children = models.ManyToManyField("people.Person", through="ContactChild", related_name="contacts")

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["team", "screening_due"], name="contact_team_due")]
        constraints = [
            models.CheckConstraint(condition=~Q(presenting_concerns=""), name="contact_has_concerns")
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk} received {self.received_at:%d %b %Y %H:%M}"


class ContactChild(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="contact_children")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contact_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "child"], name="contact_child_once")]

    def __str__(self) -> str:
        return f"Child {self.child_id} on contact {self.contact_id}"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    INFORMATION = "information", "Information and advice"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"
    STRATEGY = "strategy", "Strategy discussion (risk of significant harm)"


OPENS_REFERRAL = {Outcome.REFERRAL, Outcome.STRATEGY}


class ScreeningDecision(models.Model):
    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    options_considered = models.JSONField(default=list)
    rationale = models.TextField()
    decided_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    referral_team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="decision_has_rationale"),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="decision_sign_off_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on contact {self.contact_id}"

    @property
    def options_considered_labels(self) -> list[str]:
        return [Outcome(o).label if o in Outcome.values else o for o in self.options_considered]


class Referral(models.Model):
    """A referral to children's social care: opens the child-in-need episode (CIN census CINdetails)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    referral_date = models.DateField()
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, related_name="referrals")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.STANDARD)
    presenting_issue = models.CharField(max_length=300)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    re_referral = models.BooleanField(default=False, help_text="Within 12 months of a previous referral")
    referral_nfa = models.BooleanField("referral: no further action", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    opened_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(closure_date__isnull=True), name="one_open_episode_per_child"
            ),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=models.F("referral_date")),
                name="episode_closes_after_referral",
            ),
            models.CheckConstraint(
                condition=(Q(closure_date__isnull=True) & Q(closure_reason=""))
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="episode_closure_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "closure_date"], name="referral_team_open"),
            models.Index(fields=["child", "referral_date"], name="referral_child_date"),
        ]

    def __str__(self) -> str:
        return f"Referral of child {self.child_id} on {self.referral_date:%d %b %Y}"
