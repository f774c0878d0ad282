"""Child protection: strategy discussions, section 47 enquiries, conferences, child protection plans and core
groups, and the council's local timescales for them.

Every record belongs to a child and to that child's episode of need (`frontdoor.Referral`, the CIN census
CINdetails). A discussion about several brothers and sisters is one record per child, sharing a `meeting`
key: each child's enquiry, conference and plan run on their own clock and go to the census on their own.

The plan's period, categories, core groups and conferences live here; what the plan says (outcomes and actions
with owners, dates and measures) is a `plans.Plan` of kind "child_protection", linked one to one.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q

from .codes import (
    Agency,
    Attendance,
    Category,
    ConferenceDecision,
    ConferenceKind,
    EnquiryOutcome,
    InviteeRole,
    PlanEndReason,
    StrategyDecision,
)

# Statutory timescales (statutory-data §5): these are the law, not the council's choice.
ICPC_WORKING_DAYS = 15  # row 5: strategy discussion that began the S47 → initial conference
TRANSFER_IN_WORKING_DAYS = 15  # row 11: notification of a transfer-in → transfer-in conference
FIRST_CORE_GROUP_WORKING_DAYS = 10  # row 6: initial conference → first core group
FIRST_REVIEW_MONTHS = 3  # row 8: initial conference → first review conference
REVIEW_EVERY_MONTHS = 6  # row 9: review → next review, at most


class ProtectionSettings(models.Model):
    """The council's local child protection timescales (statutory-data §5 "local" rows). One row; without
    it the defaults apply. The visit standard lives with the visits (recording's visit frequencies)."""

    core_group_every_weeks = models.PositiveSmallIntegerField(
        default=6,
        help_text="After the first core group (10 working days after the conference), meet at least this "
        "often, in weeks. A due date that falls on a weekend or bank holiday moves to the working day before.",
    )
    enquiry_working_days = models.PositiveSmallIntegerField(
        default=15,
        help_text="A section 47 enquiry should have its outcome recorded and signed off within this many "
        "working days of the strategy discussion that began it",
    )
    icpc_amber_within = models.PositiveSmallIntegerField(
        default=5, help_text="Show the initial conference clock amber this many working days before it is due"
    )
    enquiry_amber_within = models.PositiveSmallIntegerField(default=5)
    core_group_amber_within = models.PositiveSmallIntegerField(default=3)
    review_amber_within = models.PositiveSmallIntegerField(default=10)
    escalation_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Tell the team manager about a clock this many working days before it turns amber or is due",
    )

    class Meta:
        verbose_name = "child protection timescales"
        verbose_name_plural = "child protection timescales"
        constraints = [
            models.CheckConstraint(
                condition=Q(core_group_every_weeks__gte=1) & Q(enquiry_working_days__gte=1),
                name="protection_settings_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Core groups every {self.core_group_every_weeks} weeks; enquiries within {self.enquiry_working_days} working days"


class StrategyDiscussion(models.Model):
    """A strategy discussion (or meeting) about one child."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="strategy_discussions")
    episode = models.ForeignKey(
        "frontdoor.Referral", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    meeting = models.UUIDField(
        default=uuid.uuid4, help_text="Shared by the records of brothers and sisters discussed together"
    )
    held_at = models.DateTimeField("date and time of the discussion")
    information_shared = models.TextField()
    decision = models.CharField(max_length=10, choices=StrategyDecision.choices)
    rationale = models.TextField()
    immediate_safety_actions = models.TextField(blank=True)
    enquiry = models.ForeignKey(
        "Section47Enquiry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discussions",
        help_text="The enquiry this discussion began or informed",
    )
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="strategy_has_rationale"),
            models.CheckConstraint(condition=~Q(information_shared=""), name="strategy_has_information"),
        ]
        indexes = [models.Index(fields=["child", "-held_at"], name="strategy_child_held")]

    def __str__(self) -> str:
        return f"Strategy discussion about child {self.child_id} on {self.held_at:%d %b %Y}"


class StrategyParticipant(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=120)
    agency = models.CharField(max_length=20, choices=Agency.choices)
    role = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["discussion", "id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="strategy_participant_named")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class Section47Enquiry(models.Model):
    """A section 47 enquiry, begun by a strategy discussion. Open until a manager signs off its outcome."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="section47_enquiries")
    episode = models.ForeignKey(
        "frontdoor.Referral", on_delete=models.PROTECT, related_name="section47_enquiries"
    )
    started_by = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="started_enquiry"
    )
    start_date = models.DateField(
        help_text="The day of the strategy discussion that began it (S47ActualStartDate)"
    )
    icpc_target = models.DateField(
        "initial conference target", help_text="15 working days after the start (InitialCPCtarget)"
    )
    findings = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=EnquiryOutcome.choices, blank=True)
    outcome_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)
    closed_on = models.DateField(
        null=True, blank=True, help_text="The day the manager signed the outcome off"
    )

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            # CIN census 8839/8890: one open enquiry at a time.
            models.UniqueConstraint(
                fields=["child"], condition=Q(closed_on__isnull=True), name="one_open_enquiry_per_child"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""), name="enquiry_closes_with_outcome"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("start_date")),
                name="enquiry_closes_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(signed_off_at__isnull=True))
                | (
                    Q(closed_on__isnull=False)
                    & Q(signed_off_at__isnull=False)
                    & Q(signed_off_by__isnull=False)
                ),
                name="enquiry_closed_by_sign_off",
            ),
            models.CheckConstraint(
                condition=Q(icpc_target__gt=F("start_date")), name="enquiry_target_after_start"
            ),
        ]
        indexes = [models.Index(fields=["child", "closed_on"], name="enquiry_child_open")]

    def __str__(self) -> str:
        return f"Section 47 enquiry for child {self.child_id} from {self.start_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def needs_conference(self) -> bool:
        return self.outcome == EnquiryOutcome.CONFERENCE


class ChildProtectionPlan(models.Model):
    """A child protection plan as a period [start, end): the CIN census ChildProtectionPlans module."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="child_protection_plans"
    )
    episode = models.ForeignKey(
        "frontdoor.Referral", on_delete=models.PROTECT, related_name="child_protection_plans"
    )
    start = models.DateField(help_text="The day of the conference that decided on the plan (CPPstartDate)")
    end = models.DateField(null=True, blank=True, help_text="CPPendDate")
    initial_category = models.CharField(max_length=3, choices=Category.choices)
    latest_category = models.CharField(max_length=3, choices=Category.choices)
    previous_plans_elsewhere = models.PositiveSmallIntegerField(
        default=0, help_text="Child protection plans in other councils before this one, where known"
    )
    conference = models.OneToOneField(
        "Conference",
        on_delete=models.PROTECT,
        related_name="started_plan",
        help_text="The initial or transfer-in conference that decided on the plan",
    )
    plan = models.OneToOneField(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protection",
        help_text="What the plan says: outcomes and actions (a plan of kind child_protection)",
    )
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    end_notes = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            # CIN census 8935: one open plan at a time.
            models.UniqueConstraint(
                fields=["child"], condition=Q(end__isnull=True), name="one_open_cp_plan_per_child"
            ),
            # 8840 and 8925: the end is after the start, never the same day.
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")), name="cp_plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(end__isnull=True) & Q(end_reason=""))
                | (Q(end__isnull=False) & ~Q(end_reason="")),
                name="cp_plan_end_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["child", "end"], name="cp_plan_child_open")]

    def __str__(self) -> str:
        return f"Child protection plan for child {self.child_id} from {self.start:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end is None


class Conference(models.Model):
    """An initial, transfer-in or review child protection conference: scheduled, then held and decided."""

    kind = models.CharField(max_length=20, choices=ConferenceKind.choices)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cp_conferences")
    episode = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT, related_name="cp_conferences")
    enquiry = models.ForeignKey(
        Section47Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    cp_plan = models.ForeignKey(
        ChildProtectionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_conferences",
        help_text="For a review conference: the plan it reviews",
    )
    target_date = models.DateField(help_text="The day it must be held by")
    # Transfer-in: which council's plan the child arrives on, and when we were told.
    transfer_from = models.CharField("council the child moved from", max_length=120, blank=True)
    notified_on = models.DateField("date we were told of the move", null=True, blank=True)
    scheduled_at = models.DateTimeField("date and time", null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="chaired_conferences"
    )
    held_on = models.DateField(null=True, blank=True)
    child_views = models.TextField("the child's views", blank=True)
    summary = models.TextField("what the conference heard and why it decided as it did", blank=True)
    decision = models.CharField(max_length=10, choices=ConferenceDecision.choices, blank=True)
    category = models.CharField("category of abuse", max_length=3, choices=Category.choices, blank=True)
    scheduled_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-target_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ConferenceKind.INITIAL) | Q(enquiry__isnull=False),
                name="conference_initial_has_enquiry",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConferenceKind.REVIEW) | Q(cp_plan__isnull=False),
                name="conference_review_has_plan",
            ),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | ~Q(decision=""), name="conference_held_has_decision"
            ),
            models.CheckConstraint(
                condition=~Q(decision__in=[ConferenceDecision.PLAN, ConferenceDecision.CONTINUE])
                | ~Q(category=""),
                name="conference_plan_has_category",
            ),
            # One initial conference per enquiry and one transfer-in per episode (CIN census 2884).
            models.UniqueConstraint(
                fields=["enquiry"],
                condition=Q(kind=ConferenceKind.INITIAL),
                name="one_initial_conference_per_enquiry",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(kind=ConferenceKind.TRANSFER_IN),
                name="one_transfer_in_conference_per_episode",
            ),
        ]
        indexes = [models.Index(fields=["child", "kind", "held_on"], name="conference_child_kind")]

    def __str__(self) -> str:
        when = self.held_on or (self.scheduled_at.date() if self.scheduled_at else self.target_date)
        return f"{self.get_kind_display()} for child {self.child_id} ({when:%d %b %Y})"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class ConferenceInvitee(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitees")
    name = models.CharField(max_length=120)
    role = models.CharField("agency or relationship", max_length=20, choices=InviteeRole.choices)
    detail = models.CharField("role", max_length=120, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)

    class Meta:
        ordering = ["conference", "id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="conference_invitee_named")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class CoreGroupMeeting(models.Model):
    cp_plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_groups")
    held_on = models.DateField()
    attendees = models.TextField("who came")
    progress = models.TextField("progress against the plan")
    child_views = models.TextField("the child's views", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["cp_plan", "held_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(progress=""), name="core_group_has_progress")]
        indexes = [models.Index(fields=["cp_plan", "-held_on"], name="core_group_plan_held")]

    def __str__(self) -> str:
        return f"Core group for plan {self.cp_plan_id} on {self.held_on:%d %b %Y}"


class ClockEscalation(models.Model):
    """A team manager was told that a child's clock was about to turn amber or fall due (see escalations.py).

    One row per manager, child, clock and due date, so that each is told once, however often the command runs.
    """

    recipient = models.ForeignKey(
        "workforce.Staff", on_delete=models.CASCADE, related_name="clock_escalations"
    )
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=200)
    due = models.DateField()
    url = models.CharField(max_length=300, blank=True)
    warned_on = models.DateField()
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "child", "label", "due"], name="clock_escalated_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} for child {self.child_id} due {self.due:%d %b %Y}, told {self.recipient}"
