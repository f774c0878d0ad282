"""Legal planning, the Public Law Outline's pre-proceedings stage and care proceedings.

A legal planning meeting decides whether the threshold is met and what happens next. Pre-proceedings run from
the decision to the letter before proceedings, the meetings with the parents and their lawyers, family group
decision making and reviews, to a decision to step up (issue proceedings), step down or exit. Care proceedings
run from the application to the final order; the 26-week target is counted in calendar weeks from the
application (the Children and Families Act 2014, s.14), so bank holidays do not stop it.
"""

from django.db import models
from django.db.models import Q


class LegalEvent(models.TextChoices):
    """Chronology kinds of this app."""

    LEGAL_PLANNING = "legal_planning", "Legal planning meeting"
    PRE_PROCEEDINGS_STARTED = "pre_proceedings_started", "Pre-proceedings started"
    LETTER_BEFORE_PROCEEDINGS = "letter_before_proceedings", "Letter before proceedings sent"
    PRE_PROCEEDINGS_MEETING = "pre_proceedings_meeting", "Pre-proceedings meeting"
    FAMILY_GROUP_DECISION = "family_group_decision", "Family group decision making"
    PRE_PROCEEDINGS_ENDED = "pre_proceedings_ended", "Pre-proceedings ended"
    PROCEEDINGS_ISSUED = "proceedings_issued", "Care proceedings issued"
    HEARING = "court_hearing", "Court hearing"
    INTERIM_ORDER = "interim_order", "Interim order"
    FINAL_ORDER = "final_order", "Final order"


class MeetingDecision(models.TextChoices):
    THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
    PRE_PROCEEDINGS = "pre_proceedings", "Enter pre-proceedings"
    ISSUE_PROCEEDINGS = "issue_proceedings", "Issue care proceedings"
    NO_LEGAL_ACTION = "no_legal_action", "Threshold met, no legal action now"


class LegalPlanningMeeting(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="legal_meetings")
    held_on = models.DateField()
    attendees = models.TextField()
    legal_advice = models.TextField()
    decision = models.CharField(max_length=30, choices=MeetingDecision.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Legal planning meeting {self.held_on:%d/%m/%Y}"


class PreProceedingsOutcome(models.TextChoices):
    STEP_UP = "step_up", "Step up: issue care proceedings"
    STEP_DOWN = "step_down", "Step down: concerns reduced, continue under the child's plan"
    EXIT = "exit", "Exit: pre-proceedings ended for another reason"


class PreProceedings(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pre_proceedings")
    meeting = models.ForeignKey(
        LegalPlanningMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField()
    letter_sent_on = models.DateField(null=True, blank=True)
    initial_meeting_on = models.DateField(null=True, blank=True)
    fgdm_offered_on = models.DateField("family group decision making offered", null=True, blank=True)
    fgdm_held_on = models.DateField("family group decision making held", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=PreProceedingsOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_rationale = models.TextField(blank=True)
    started_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(outcome=""), name="one_open_pre_proceedings_per_child"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_on__isnull=True)
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="pre_proceedings_outcome_has_date",
            ),
        ]

    def __str__(self):
        return f"Pre-proceedings from {self.started_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class PreProceedingsReview(models.Model):
    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField()
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"Pre-proceedings review {self.held_on:%d/%m/%Y}"


class FinalOrder(models.TextChoices):
    CARE_ORDER = "care_order", "Care order"
    PLACEMENT_ORDER = "placement_order", "Placement order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    SPECIAL_GUARDIANSHIP = "special_guardianship", "Special guardianship order"
    CHILD_ARRANGEMENTS = "child_arrangements", "Child arrangements order"
    NO_ORDER = "no_order", "No order"
    WITHDRAWN = "withdrawn", "Application withdrawn"


class CareProceedings(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_proceedings")
    pre_proceedings = models.ForeignKey(
        PreProceedings, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    application_on = models.DateField("date of application")
    court = models.CharField(max_length=120)
    case_number = models.CharField(max_length=40)
    judge = models.CharField(max_length=120, blank=True)
    final_order = models.CharField(max_length=30, choices=FinalOrder.choices, blank=True)
    final_order_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-application_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(final_order=""), name="one_open_proceedings_per_child"
            ),
            models.CheckConstraint(
                condition=Q(final_order="", final_order_on__isnull=True)
                | (~Q(final_order="") & Q(final_order_on__isnull=False)),
                name="proceedings_final_order_has_date",
            ),
        ]

    def __str__(self):
        return f"Care proceedings {self.case_number}"

    @property
    def is_open(self) -> bool:
        return not self.final_order


class HearingType(models.TextChoices):
    FIRST = "first", "First hearing / case management hearing"
    FURTHER_CMH = "further_cmh", "Further case management hearing"
    ISSUES_RESOLUTION = "irh", "Issues resolution hearing"
    INTERIM = "interim", "Contested interim hearing"
    FINAL = "final", "Final hearing"
    OTHER = "other", "Other hearing"


class Hearing(models.Model):
    proceedings = models.ForeignKey(CareProceedings, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(max_length=20, choices=HearingType.choices)
    on = models.DateField()
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class InterimOrderType(models.TextChoices):
    ICO = "ico", "Interim care order"
    ISO = "iso", "Interim supervision order"
    EPO = "epo", "Emergency protection order"
    OTHER = "other", "Other interim order"


class InterimOrder(models.Model):
    proceedings = models.ForeignKey(CareProceedings, on_delete=models.CASCADE, related_name="interim_orders")
    kind = models.CharField(max_length=10, choices=InterimOrderType.choices)
    made_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.made_on:%d/%m/%Y}"
