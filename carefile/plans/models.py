"""Plans of every kind share one shape: a period, outcomes, actions (owner, due date, measurable outcome,
status) and reviews.

A plan is drafted, then finalised (it becomes the child's active plan from its start date), then ended. Once
finalised its content never changes: an action's progress is updated, reviews are added and corrections are
appended, and that is all. The models guard this themselves, so the admin, a shell or a careless service
meet the same wall as the forms.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class PlanLocked(Exception):
    """A finalised plan (or one of its parts) was about to be changed or deleted."""


class PlanKind(models.TextChoices):
    CHILD_IN_NEED = "child_in_need", "Child in need plan"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    CARE = "care", "Care plan"
    PATHWAY = "pathway", "Pathway plan"


# Kinds that belong to a child-in-need episode (a referral) and so need one.
EPISODE_KINDS = {PlanKind.CHILD_IN_NEED, PlanKind.CHILD_PROTECTION}
# Kinds that may not overlap one another for a child (CIN census rules 4001, 4014, 4016, 4017, 8940).
NON_OVERLAPPING_KINDS = {PlanKind.CHILD_IN_NEED, PlanKind.CHILD_PROTECTION}
# Months to the first review and between reviews, unless the council sets otherwise (PlanReviewCadence).
# Child protection: 3 months then every 6. Care plans are reviewed at 20 working days, 3 months and then
# every 6 months: the care module will refine the first step.
DEFAULT_REVIEW_CADENCE = {
    PlanKind.CHILD_IN_NEED: (3, 3),
    PlanKind.CHILD_PROTECTION: (3, 6),
    PlanKind.CARE: (3, 6),
    PlanKind.PATHWAY: (6, 6),
}
DEFAULT_REVIEW_DUE_SOON_WORKING_DAYS = 10


class PlanReviewCadence(models.Model):
    """The council's review timescales for a kind of plan (statutory-data §5, row 12: CIN reviews are local)."""

    kind = models.CharField(max_length=30, choices=PlanKind.choices, unique=True)
    first_review_months = models.PositiveSmallIntegerField(
        default=3, help_text="Months from the plan's start to its first review"
    )
    review_every_months = models.PositiveSmallIntegerField(
        default=3, help_text="Months from one review to the next"
    )
    due_soon_working_days = models.PositiveSmallIntegerField(
        default=DEFAULT_REVIEW_DUE_SOON_WORKING_DAYS,
        help_text="Show the review as due soon (amber) this many working days before it is due",
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = "plan review timescale"
        constraints = [
            models.CheckConstraint(
                condition=Q(first_review_months__gte=1) & Q(review_every_months__gte=1),
                name="plan_cadence_at_least_a_month",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: first review after {self.first_review_months} months, "
            f"then every {self.review_every_months}"
        )


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Finalised"
    ENDED = "ended", "Ended"


class PlanEndReason(models.TextChoices):
    OUTCOMES_MET = "outcomes_met", "The plan's outcomes were achieved"
    STEP_DOWN = "step_down", "Stepped down to early help or universal services"
    STEP_UP = "step_up", "Stepped up to a child protection plan"
    LOOKED_AFTER = "looked_after", "The child became looked after"
    MOVED = "moved", "The family moved to another council"
    REVIEW = "review", "Ended at a review"
    CASE_CLOSED = "case_closed", "The case closed"
    OTHER = "other", "Another reason"


class PlanQuerySet(models.QuerySet):
    def open(self) -> PlanQuerySet:
        """Plans not yet ended: drafts and active plans."""
        return self.filter(end__isnull=True)

    def active(self) -> PlanQuerySet:
        return self.filter(status=PlanStatus.ACTIVE)

    def update(self, **kwargs):
        if set(kwargs) - Plan.MUTABLE_AFTER_FINALISE and self.exclude(status=PlanStatus.DRAFT).exists():
            raise PlanLocked("A finalised plan cannot be changed: append a correction instead")
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(status=PlanStatus.DRAFT).exists():
            raise PlanLocked("A finalised plan cannot be deleted")
        return super().delete()


class Plan(models.Model):
    """A plan for a child over the period [start, end)."""

    # What may still change once a plan is finalised: ending it. Everything else is the plan's content.
    MUTABLE_AFTER_FINALISE = frozenset({"status", "end", "ended_by", "ended_at", "end_reason", "end_notes"})

    kind = models.CharField(max_length=30, choices=PlanKind.choices)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="plans")
    episode = models.ForeignKey(
        "frontdoor.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    # The episode's referral date, copied so that the database itself can hold start >= referral date.
    episode_start = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True, help_text="The day the plan ended (exclusive)")
    concerns = models.TextField("what we are worried about", blank=True)
    first_review_months = models.PositiveSmallIntegerField(default=3)
    review_every_months = models.PositiveSmallIntegerField(default=3)
    created_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    finalised_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    end_notes = models.TextField(blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            # One open plan of each kind per child: for child in need plans, CIN census rule 4004.
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=Q(end__isnull=True),
                name="one_open_plan_per_child_and_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in EPISODE_KINDS)) | Q(episode__isnull=False),
                name="plan_episode_kinds_have_episode",
            ),
            # CIN census 4015 (and 1105 for child protection plans): the plan starts on or after the referral.
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(episode_start__isnull=True)
                | Q(start__gte=models.F("episode_start")),
                name="plan_starts_on_or_after_referral",
            ),
            models.CheckConstraint(
                condition=(Q(status=PlanStatus.DRAFT) & Q(end__isnull=True) & Q(finalised_at__isnull=True))
                | (Q(status=PlanStatus.ACTIVE) & Q(start__isnull=False) & Q(end__isnull=True))
                | (Q(status=PlanStatus.ENDED) & Q(start__isnull=False) & Q(end__isnull=False)),
                name="plan_status_matches_period",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(end__isnull=True) & Q(end_reason=""))
                | (Q(end__isnull=False) & ~Q(end_reason="")),
                name="plan_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(first_review_months__gte=1) & Q(review_every_months__gte=1),
                name="plan_review_cadence_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "kind", "start"], name="plan_child_kind_start"),
            models.Index(fields=["status", "kind"], name="plan_status_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for child {self.child_id}" + (
            f" from {self.start:%d %b %Y}" if self.start else " (draft)"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self._guard_change()
        super().save(*args, **kwargs)

    def _guard_change(self) -> None:
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        stored = type(self).objects.filter(pk=self.pk).values(*[f.attname for f in fields]).first()
        if stored is None or stored["status"] == PlanStatus.DRAFT:
            return
        changed = {f.name for f in fields if stored[f.attname] != getattr(self, f.attname)}
        if stored["status"] == PlanStatus.ENDED and changed:
            raise PlanLocked("An ended plan cannot be changed: append a correction instead")
        if changed - self.MUTABLE_AFTER_FINALISE:
            raise PlanLocked("A finalised plan cannot be changed: append a correction instead")

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk).exclude(status=PlanStatus.DRAFT).exists():
            raise PlanLocked("A finalised plan cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def is_ended(self) -> bool:
        return self.status == PlanStatus.ENDED


def _plan_status(plan_id: int | None) -> str | None:
    if plan_id is None:
        return None
    return Plan.objects.filter(pk=plan_id).values_list("status", flat=True).first()


class LockedWithPlanQuerySet(models.QuerySet):
    """Bulk writes to the parts of finalised plans are refused as single ones are."""

    def update(self, **kwargs):
        allowed = getattr(self.model, "MUTABLE_AFTER_FINALISE", frozenset())
        if set(kwargs) - allowed and self.exclude(plan__status=PlanStatus.DRAFT).exists():
            raise PlanLocked("Part of a finalised plan cannot be changed: append a correction instead")
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(plan__status=PlanStatus.DRAFT).exists():
            raise PlanLocked("Part of a finalised plan cannot be deleted")
        return super().delete()


class PlanOutcome(models.Model):
    """What we want to be different for the child, in plain words."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("what we want to be different")

    objects = LockedWithPlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="plan_outcome_has_text")]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        if _plan_status(self.plan_id) not in (None, PlanStatus.DRAFT):
            raise PlanLocked(
                "The outcomes of a finalised plan cannot be changed: append a correction instead"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _plan_status(self.plan_id) not in (None, PlanStatus.DRAFT):
            raise PlanLocked("The outcomes of a finalised plan cannot be removed")
        return super().delete(*args, **kwargs)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


OPEN_ACTION_STATUSES = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]


class PlanAction(models.Model):
    """Who will do what by when, and how we will know it has made a difference."""

    # What may change once the plan is finalised: progress on the action.
    MUTABLE_AFTER_FINALISE = frozenset(
        {"status", "completed_on", "not_done_reason", "status_changed_by", "status_changed_at"}
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(
        PlanOutcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    what = models.TextField("what will be done")
    owner_staff = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    owner_name = models.CharField(
        "who will do it", max_length=120, blank=True, help_text="A family member or another professional"
    )
    due = models.DateField("due date", null=True, blank=True)
    measure = models.TextField("how we will know it has worked", blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    not_done_reason = models.TextField(blank=True)
    status_changed_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    added_at_review = models.ForeignKey(
        "PlanReview", null=True, blank=True, on_delete=models.PROTECT, related_name="actions_added"
    )

    objects = LockedWithPlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="plan_action_says_what"),
            models.CheckConstraint(
                condition=Q(owner_staff__isnull=True) | Q(owner_name=""), name="plan_action_one_owner"
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(completed_on__isnull=False),
                name="plan_action_done_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.NOT_DONE) | ~Q(not_done_reason=""),
                name="plan_action_not_done_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status", "due"], name="plan_action_open_due")]

    def __str__(self) -> str:
        return self.what[:80]

    def save(self, *args, **kwargs):
        status = _plan_status(self.plan_id)
        if status not in (None, PlanStatus.DRAFT):
            if self._state.adding:
                if self.added_at_review_id is None or status != PlanStatus.ACTIVE:
                    raise PlanLocked("Actions are added to a finalised plan only at a review")
            else:
                self._guard_change()
        super().save(*args, **kwargs)

    def _guard_change(self) -> None:
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        stored = type(self).objects.filter(pk=self.pk).values(*[f.attname for f in fields]).first()
        if stored is None:
            return
        changed = {f.name for f in fields if stored[f.attname] != getattr(self, f.attname)}
        if changed - self.MUTABLE_AFTER_FINALISE:
            raise PlanLocked("An action on a finalised plan cannot be rewritten: append a correction instead")

    def delete(self, *args, **kwargs):
        if _plan_status(self.plan_id) not in (None, PlanStatus.DRAFT):
            raise PlanLocked("An action on a finalised plan cannot be removed")
        return super().delete(*args, **kwargs)

    @property
    def owner(self) -> str:
        if self.owner_staff_id:
            staff = self.owner_staff
            return f"{staff.name} ({(staff.job_title or staff.get_role_display()).lower()})"
        return self.owner_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue the plan"
    STEP_DOWN = "step_down", "Step down to early help or universal services"
    STEP_UP = "step_up", "Step up: consider a strategy discussion or child protection"
    END = "end", "End the plan"


class AppendOnly(models.Model):
    """A record that is written once and never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PlanLocked(f"A {self._meta.verbose_name} cannot be changed once recorded")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PlanLocked(f"A {self._meta.verbose_name} cannot be deleted")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PlanLocked(f"A {self.model._meta.verbose_name} cannot be changed once recorded")

    def delete(self):
        raise PlanLocked(f"A {self.model._meta.verbose_name} cannot be deleted")


class PlanReview(AppendOnly):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("date of the review")
    attendees = models.TextField("who came")
    progress = models.TextField("progress against the plan")
    child_views = models.TextField("the child's views")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    next_review_on = models.DateField("next review", null=True, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "held_on", "id"]
        verbose_name = "plan review"
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=models.F("held_on")),
                name="plan_review_next_after_held",
            ),
            models.CheckConstraint(
                condition=Q(decision=ReviewDecision.END) | Q(next_review_on__isnull=False),
                name="plan_review_next_unless_ending",
            ),
        ]
        indexes = [models.Index(fields=["plan", "-held_on", "-id"], name="plan_review_latest")]

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id} on {self.held_on:%d %b %Y}"


class PlanCorrection(AppendOnly):
    """A correction appended to a finalised plan: what it should have said, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="corrections")
    applies_to = models.CharField("part of the plan", max_length=200, blank=True)
    correction = models.TextField("the correction")
    reason = models.TextField("why it is needed")
    by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = "plan correction"
        constraints = [
            models.CheckConstraint(
                condition=~Q(correction="") & ~Q(reason=""), name="plan_correction_says_what_and_why"
            )
        ]

    def __str__(self) -> str:
        return f"Correction to plan {self.plan_id} on {self.at:%d %b %Y}"
