"""Children looked after: periods of care, SSDA903 episodes, reviews and their recommendations, and episodes
of going missing (from care or from home) with the return home interview.

A period of care is the time a child is continuously looked after. It is a chain of episodes, each an SSDA903
row: a new one whenever the legal status or the placement changes. Workers never write episodes: they record
that care started, a placement move, a change of legal status or the end of care, and the services close the
current episode and open the next with the right reason codes.

Dates follow the return: an episode runs from `start` (DECOM) to `end` (DEC), the day the next one starts
or the child stopped being looked after, so `end` is exclusive; an episode lasts at least a day (rule 355).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .codes import (
    Accommodation,
    Activity,
    AdopterLegalStatus,
    AdopterSex,
    HealthCheckKind,
    InTouch,
    LeaverEligibility,
    LegalStatus,
    MissingKind,
    NeedCode,
    NewEpisodeReason,
    Participation,
    PermanencePlanKind,
    Placement,
    PlacementChangeReason,
    PreviousPermanenceCode,
    Provider,
    ReasonCeased,
    ReversalReason,
    SdqReason,
)
from .timescales import VisitRegime


class CareEvent(models.TextChoices):
    """The chronology kinds this app writes."""

    CARE_STARTED = "care_started", "Started to be looked after"
    PLACEMENT_MOVED = "placement_moved", "Placement changed"
    LEGAL_STATUS_CHANGED = "legal_status_changed", "Legal status changed"
    CARE_ENDED = "care_ended", "Stopped being looked after"
    SHORT_BREAK = "short_break", "Short break"
    REVIEW_HELD = "care_review_held", "Looked-after review held"
    RECOMMENDATION_UPDATED = "care_recommendation", "Review recommendation updated"
    MISSING = "missing_started", "Went missing"
    RETURNED = "missing_returned", "Returned after going missing"
    RETURN_INTERVIEW = "return_interview", "Return home interview"
    HEALTH = "care_health", "Health check"
    SDQ = "care_sdq", "Strengths and difficulties questionnaire"
    PERMANENCE_PLAN = "permanence_plan", "Permanence plan agreed"
    ADOPTION_DECISION = "adoption_decision", "Decision: should be placed for adoption"
    ADOPTION_DECISION_REVERSED = "adoption_decision_reversed", "Decision to place for adoption reversed"
    ADOPTION_MATCH = "adoption_match", "Matched with adopters"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser allocated"
    PATHWAY_PLAN = "pathway_plan", "Pathway plan"
    LEAVER_CONTACT = "leaver_contact", "Care leaver birthday contact"
    UASC = "uasc", "Unaccompanied asylum-seeking child status"


class PeriodOfCare(models.Model):
    """The time a child is continuously looked after, [start, end)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="periods_of_care")
    start = models.DateField("date started to be looked after")
    end = models.DateField("date stopped being looked after", null=True, blank=True)
    cin_need = models.CharField(
        "category of need", max_length=2, choices=NeedCode.choices, help_text="At the start of the period"
    )
    home_postcode = models.CharField(
        "home postcode", max_length=8, blank=True, help_text="The child's home before they came into care"
    )
    short_breaks = models.BooleanField(
        default=False, help_text="A period of short breaks (V3/V4): not counted as a looked-after caseload"
    )
    started_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    ended_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end__isnull=True), name="care_one_open_period_per_child"
            ),
            models.UniqueConstraint(fields=["child", "start"], name="care_period_starts_once"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="care_period_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(cin_need__in=NeedCode.values), name="care_period_need_code"),
        ]
        indexes = [models.Index(fields=["child", "start"], name="care_period_child_start")]

    def __str__(self) -> str:
        return f"Period of care of child {self.child_id} from {self.start:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end is None


class Episode(models.Model):
    """One SSDA903 episode: a legal status and a placement, [start, end)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_episodes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="episodes")
    start = models.DateField("DECOM: episode started")
    new_episode_reason = models.CharField("RNE", max_length=1, choices=NewEpisodeReason.choices)
    legal_status = models.CharField("LS", max_length=2, choices=LegalStatus.choices)
    place = models.CharField("placement type (PLACE)", max_length=3, choices=Placement.choices)
    provider = models.CharField("PLACE_PROVIDER", max_length=3, choices=Provider.choices, blank=True)
    postcode = models.CharField("placement postcode (PL_POST)", max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    end = models.DateField("DEC: episode ended", null=True, blank=True)
    reason_ceased = models.CharField("REC", max_length=3, choices=ReasonCeased.choices, blank=True)
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE", max_length=6, choices=PlacementChangeReason.choices, blank=True
    )
    # Local: not in the return.
    placement_name = models.CharField(
        "carer or home", max_length=200, blank=True, help_text="The foster carers' names or the home's name"
    )
    placement_start = models.DateField(
        help_text="When the child's current placement began: earlier than the episode after a change of legal "
        "status alone, a move with the same carer or a temporary move"
    )
    long_term = models.BooleanField(
        "placement intended to last until 18", default=False, help_text="Agreed: visits may then be 3-monthly"
    )
    outside_england = models.BooleanField("placement outside England", default=False)
    visit_regime = models.CharField(
        max_length=20, choices=VisitRegime.choices, blank=True, default=VisitRegime.STANDARD
    )
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end__isnull=True), name="care_one_open_episode_per_child"
            ),
            models.UniqueConstraint(fields=["child", "start"], name="care_episode_starts_once"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="care_episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end__isnull=True) & Q(reason_ceased=""))
                | (Q(end__isnull=False) & ~Q(reason_ceased="")),
                name="care_episode_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=False) | Q(reason_place_change=""),
                name="care_episode_open_has_no_place_change_reason",
            ),
            models.CheckConstraint(
                condition=Q(new_episode_reason__in=NewEpisodeReason.values), name="care_episode_rne_code"
            ),
            models.CheckConstraint(
                condition=Q(legal_status__in=LegalStatus.values), name="care_episode_ls_code"
            ),
            models.CheckConstraint(condition=Q(place__in=Placement.values), name="care_episode_place_code"),
            models.CheckConstraint(
                condition=Q(provider="") | Q(provider__in=Provider.values), name="care_episode_provider_code"
            ),
            models.CheckConstraint(
                condition=Q(reason_ceased="") | Q(reason_ceased__in=ReasonCeased.values),
                name="care_episode_rec_code",
            ),
            models.CheckConstraint(
                condition=Q(reason_place_change="") | Q(reason_place_change__in=PlacementChangeReason.values),
                name="care_episode_place_change_code",
            ),
            models.CheckConstraint(
                condition=Q(placement_start__lte=models.F("start")), name="care_episode_placement_not_later"
            ),
        ]
        indexes = [
            models.Index(fields=["child", "start"], name="care_episode_child_start"),
            models.Index(fields=["period", "start"], name="care_episode_period_start"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status} {self.place} from {self.start:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end is None

    @property
    def is_temporary(self) -> bool:
        return self.place in {"T0", "T1", "T2", "T3", "T4"}

    def placement_key(self) -> tuple[str, str, str, str]:
        """What SSDA903 compares to tell a placement change (rules 434–436)."""
        return (self.place, self.postcode, self.urn, self.provider)


class CareReview(models.Model):
    """A looked-after review (reg 33), chaired by an independent reviewing officer."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_reviews")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("date of the review")
    reviewing_officer = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    participation = models.CharField("how the child took part", max_length=3, choices=Participation.choices)
    child_views = models.TextField("the child's views", blank=True)
    summary = models.TextField("what the review decided", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "held_on"], name="care_review_once_a_day"),
            models.CheckConstraint(
                condition=Q(participation__in=Participation.values), name="care_review_participation_code"
            ),
        ]
        indexes = [models.Index(fields=["child", "held_on"], name="care_review_child_held")]

    def __str__(self) -> str:
        return f"Looked-after review on {self.held_on:%d %b %Y}"


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


OPEN_RECOMMENDATION = [RecommendationStatus.NOT_STARTED, RecommendationStatus.IN_PROGRESS]


class ReviewRecommendation(models.Model):
    """What the review asked to be done: who, by when, and whether it was."""

    review = models.ForeignKey(CareReview, on_delete=models.CASCADE, related_name="recommendations")
    what = models.TextField("recommendation")
    owner_staff = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(
        "who will do it", max_length=120, blank=True, help_text="A carer, a parent or another professional"
    )
    due = models.DateField("due date")
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    not_done_reason = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="care_recommendation_says_what"),
            models.CheckConstraint(
                condition=(Q(owner_staff__isnull=False) & Q(owner_name=""))
                | (Q(owner_staff__isnull=True) & ~Q(owner_name="")),
                name="care_recommendation_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.DONE) | Q(completed_on__isnull=False),
                name="care_recommendation_done_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=RecommendationStatus.NOT_DONE) | ~Q(not_done_reason=""),
                name="care_recommendation_not_done_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due"], name="care_recommendation_open")]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def owner(self) -> str:
        return str(self.owner_staff) if self.owner_staff_id else self.owner_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RECOMMENDATION


class ReturnInterviewResponse(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No answer yet"


class MissingEpisode(models.Model):
    """A time the child was missing (M) or away without authorisation (A), from care or from home, and the
    return home interview after it."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="missing_episodes")
    period = models.ForeignKey(
        PeriodOfCare,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missing_episodes",
        help_text="The period of care the child went missing from; empty when missing from home",
    )
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_at = models.DateTimeField("went missing")
    ended_at = models.DateTimeField("returned or found", null=True, blank=True)
    where_found = models.CharField("where they were found", max_length=300, blank=True)
    reported_to_police = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    offered_at = models.DateTimeField("return home interview offered", null=True, blank=True)
    response = models.CharField(
        "the child's answer", max_length=20, choices=ReturnInterviewResponse.choices, blank=True
    )
    interview_on = models.DateField("return home interview held", null=True, blank=True)
    interviewed_by = models.CharField("who held it", max_length=200, blank=True)
    learnt = models.TextField("what was learnt", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_at__isnull=True), name="care_one_open_missing_per_child"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=models.F("started_at")),
                name="care_missing_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(kind__in=MissingKind.values), name="care_missing_kind_code"),
            models.CheckConstraint(
                condition=Q(offered_at__isnull=True) | Q(ended_at__isnull=False),
                name="care_interview_after_return",
            ),
            models.CheckConstraint(
                condition=Q(interview_on__isnull=True) | Q(response=ReturnInterviewResponse.ACCEPTED),
                name="care_interview_held_was_accepted",
            ),
        ]
        indexes = [
            models.Index(fields=["child", "started_at"], name="care_missing_child_start"),
            models.Index(fields=["offered_at", "ended_at"], name="care_missing_interview_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().split(':')[0]} from {self.started_at:%d %b %Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


# ---- health (OC2) ---------------------------------------------------------------------------------------


class HealthCheck(models.Model):
    """A health assessment, dental check, development assessment or immunisations check of a child in care.
    `up_to_date` answers for immunisations and development assessments (OC2 IMMUNISATIONS, HEALTH_CHECK)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_health_checks")
    kind = models.CharField(max_length=20, choices=HealthCheckKind.choices)
    held_on = models.DateField("date")
    up_to_date = models.BooleanField(null=True, blank=True)
    by_whom = models.CharField("who carried it out", max_length=200, blank=True)
    notes = models.TextField("what was found", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=HealthCheckKind.values), name="care_health_kind_code"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["immunisations", "development_check"]) | Q(up_to_date__isnull=True),
                name="care_health_up_to_date_only_for_checks",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["immunisations", "development_check"]) | Q(up_to_date__isnull=False),
                name="care_health_checks_say_up_to_date",
            ),
        ]
        indexes = [models.Index(fields=["child", "kind", "held_on"], name="care_health_child_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class SdqAssessment(models.Model):
    """A strengths and difficulties questionnaire: the total score (0–40) or why there is none (SDQ1–5)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_sdqs")
    held_on = models.DateField("date of the questionnaire")
    score = models.PositiveSmallIntegerField("total difficulties score", null=True, blank=True)
    reason = models.CharField("reason there is no score", max_length=4, choices=SdqReason.choices, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(score__isnull=False) & Q(score__lte=40) & Q(reason=""))
                | (Q(score__isnull=True) & Q(reason__in=SdqReason.values)),
                name="care_sdq_score_or_reason",
            ),
        ]
        indexes = [models.Index(fields=["child", "held_on"], name="care_sdq_child_held")]

    def __str__(self) -> str:
        return f"SDQ on {self.held_on:%d %b %Y}"


class YearOutcome(models.Model):
    """What the return asks of a child looked after for a year, beyond health checks: convictions and
    substance misuse in the collection year ending 31 March of `year_end` (OC2)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_year_outcomes")
    year_end = models.PositiveSmallIntegerField("collection year (the year it ends)")
    convicted = models.BooleanField("convicted or given a youth caution in the year", default=False)
    substance_misuse = models.BooleanField("a substance misuse problem identified", default=False)
    intervention_received = models.BooleanField(null=True, blank=True)
    intervention_offered = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-year_end"]
        constraints = [
            models.UniqueConstraint(fields=["child", "year_end"], name="care_outcome_once_a_year"),
            # 192, 193: received only with a problem, and then always; 158, 159: offered only if not received.
            models.CheckConstraint(
                condition=(Q(substance_misuse=False) & Q(intervention_received__isnull=True))
                | (Q(substance_misuse=True) & Q(intervention_received__isnull=False)),
                name="care_outcome_received_with_problem",
            ),
            models.CheckConstraint(
                condition=(Q(intervention_received=False) & Q(intervention_offered__isnull=False))
                | (~Q(intervention_received=False) & Q(intervention_offered__isnull=True))
                | Q(intervention_received__isnull=True, intervention_offered__isnull=True),
                name="care_outcome_offered_if_not_received",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcomes for {self.year_end - 1}-{str(self.year_end)[2:]}"


# ---- permanence and adoption (AD1, PlacedAdoption, PrevPerm) ---------------------------------------------


class PermanencePlan(models.Model):
    """The plan for where the child will grow up, agreed (by the second review) and changed over time."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="permanence_plans")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="permanence_plans")
    kind = models.CharField("the plan", max_length=20, choices=PermanencePlanKind.choices)
    agreed_on = models.DateField("date agreed")
    notes = models.TextField("why, and what has to happen", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PermanencePlanKind.values), name="care_permanence_plan_kind_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.agreed_on:%d %b %Y}"


class AdoptionDecision(models.Model):
    """The agency decision that the child should be placed for adoption (DATE_PLACED, and DATE_INT on AD1), and
    its reversal (DATE_PLACED_CEASED, REASON_PLACED_CEASED). One row of the PlacedAdoption file."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adoption_decisions")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="adoption_decisions")
    decided_on = models.DateField("date of the decision that the child should be placed for adoption")
    reversed_on = models.DateField("date the decision was reversed", null=True, blank=True)
    reversal_reason = models.CharField(max_length=3, choices=ReversalReason.choices, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(reversed_on__isnull=True),
                name="care_one_live_adoption_decision",
            ),
            models.CheckConstraint(  # 119
                condition=(Q(reversed_on__isnull=True) & Q(reversal_reason=""))
                | (Q(reversed_on__isnull=False) & Q(reversal_reason__in=ReversalReason.values)),
                name="care_adoption_reversal_has_reason",
            ),
            models.CheckConstraint(  # 522
                condition=Q(reversed_on__isnull=True) | Q(reversed_on__gte=models.F("decided_on")),
                name="care_adoption_reversed_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Should be placed for adoption from {self.decided_on:%d %b %Y}"

    @property
    def is_live(self) -> bool:
        return self.reversed_on is None


class AdoptionMatch(models.Model):
    """The match with adopters (DATE_MATCH) and who they are: the AD1 details sent when the child is adopted."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adoption_matches")
    decision = models.ForeignKey(AdoptionDecision, on_delete=models.PROTECT, related_name="matches")
    matched_on = models.DateField("date matched with the adopters")
    foster_carers = models.BooleanField("the adopters are the child's foster carers", default=False)
    number_of_adopters = models.PositiveSmallIntegerField(default=2)
    adopters_sex = models.CharField(max_length=2, choices=AdopterSex.choices)
    adopters_legal_status = models.CharField(max_length=3, choices=AdopterLegalStatus.choices)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-matched_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_of_adopters__in=[1, 2]), name="care_adoption_one_or_two_adopters"
            ),
            models.CheckConstraint(
                condition=Q(adopters_sex__in=AdopterSex.values), name="care_adopter_sex_code"
            ),
            models.CheckConstraint(
                condition=Q(adopters_legal_status__in=AdopterLegalStatus.values), name="care_adopter_ls_code"
            ),
        ]

    def __str__(self) -> str:
        return f"Matched on {self.matched_on:%d %b %Y}"


class PreviousPermanence(models.Model):
    """Whether the child had a permanence order before this period of care (PrevPerm): the order, the council
    that made the arrangement and its date, which may be known only in part ("ZZ/ZZ/2015")."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="previous_permanence")
    period = models.OneToOneField(PeriodOfCare, on_delete=models.PROTECT, related_name="previous_permanence")
    code = models.CharField("previous permanence", max_length=2, choices=PreviousPermanenceCode.choices)
    la_code = models.CharField("council that arranged it", max_length=10, blank=True)
    order_date = models.CharField("date of the order", max_length=10, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=PreviousPermanenceCode.values), name="care_prev_perm_code"
            ),
            models.CheckConstraint(  # 635
                condition=~Q(code="Z1") | (Q(la_code="") & Q(order_date="")),
                name="care_prev_perm_none_has_no_details",
            ),
        ]

    def __str__(self) -> str:
        return f"Previous permanence {self.code}"


# ---- care leavers (OC3) ---------------------------------------------------------------------------------


class CareLeaver(models.Model):
    """A young person entitled to leaving-care support: eligibility and their personal adviser."""

    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="care_leaver")
    eligibility = models.CharField(max_length=20, choices=LeaverEligibility.choices)
    personal_adviser = models.ForeignKey(
        "workforce.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_leavers_advised",
    )
    adviser_since = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(eligibility__in=LeaverEligibility.values), name="care_leaver_eligibility_code"
            ),
            models.CheckConstraint(
                condition=Q(personal_adviser__isnull=True) | Q(adviser_since__isnull=False),
                name="care_leaver_adviser_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Care leaver ({self.get_eligibility_display()})"


class PathwayPlan(models.Model):
    """A pathway plan or its review (at most every 6 months)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pathway_plans")
    agreed_on = models.DateField("date agreed or reviewed")
    young_person_views = models.TextField("the young person's views", blank=True)
    summary = models.TextField("the plan", blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "agreed_on"], name="care_pathway_plan_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Pathway plan of {self.agreed_on:%d %b %Y}"


class LeaverContact(models.Model):
    """Contact around a birthday from the 17th to the 21st: in touch, activity and accommodation (OC3)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="leaver_contacts")
    age = models.PositiveSmallIntegerField("birthday")
    contact_on = models.DateField("date of the contact")
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2, choices=Activity.choices)
    accommodation = models.CharField(max_length=2, choices=Accommodation.choices)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-age"]
        constraints = [
            models.UniqueConstraint(fields=["child", "age"], name="care_leaver_contact_once_a_birthday"),
            models.CheckConstraint(condition=Q(age__gte=17) & Q(age__lte=21), name="care_leaver_contact_age"),
            models.CheckConstraint(
                condition=Q(in_touch__in=InTouch.values), name="care_leaver_in_touch_code"
            ),
            models.CheckConstraint(
                condition=Q(activity__in=Activity.values), name="care_leaver_activity_code"
            ),
            models.CheckConstraint(
                condition=Q(accommodation__in=Accommodation.values), name="care_leaver_accommodation_code"
            ),
        ]

    def __str__(self) -> str:
        return f"Contact around the {self.age}th birthday"


# ---- unaccompanied asylum-seeking children (UASC) --------------------------------------------------------


class UascStatus(models.Model):
    """A child who came as an unaccompanied asylum-seeking child, and when that status ceased (DUC)."""

    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="uasc_status")
    since = models.DateField("UASC since")
    ceased_on = models.DateField("date UASC status ceased", null=True, blank=True)
    recorded_by = models.ForeignKey("workforce.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | Q(ceased_on__gte=models.F("since")),
                name="care_uasc_ceased_after_start",
            ),
        ]

    def __str__(self) -> str:
        return "Unaccompanied asylum-seeking child"
