"""The council's performance settings: targets for each figure and the child population for rates."""

from decimal import Decimal

from django.db import models
from django.db.models import Q


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


# Sensible starting targets; a head of service or an administrator changes them (Targets page).
DEFAULT_TARGETS: dict[str, tuple[Decimal, str]] = {
    "assessments_within_45wd_pct": (Decimal("85.0"), Direction.HIGHER),
    "icpc_within_15wd_pct": (Decimal("85.0"), Direction.HIGHER),
    "re_referrals_12m_pct": (Decimal("20.0"), Direction.LOWER),
    "cpp_second_or_subsequent_pct": (Decimal("20.0"), Direction.LOWER),
    "cpp_ended_2y_plus_pct": (Decimal("4.0"), Direction.LOWER),
    "cla_3plus_placements_pct": (Decimal("10.0"), Direction.LOWER),
    "care_leavers_in_touch_pct": (Decimal("90.0"), Direction.HIGHER),
    "care_leavers_suitable_accommodation_pct": (Decimal("88.0"), Direction.HIGHER),
    "care_leavers_eet_pct": (Decimal("55.0"), Direction.HIGHER),
    "visits_on_time_pct": (Decimal("90.0"), Direction.HIGHER),
    "seen_alone_pct": (Decimal("75.0"), Direction.HIGHER),
    "return_interviews_72h_pct": (Decimal("90.0"), Direction.HIGHER),
    "workers_over_cap_pct": (Decimal("10.0"), Direction.LOWER),
    "agency_rate_pct": (Decimal("15.0"), Direction.LOWER),
}


class Target(models.Model):
    """The council's target for one figure, and the latest national figure where it is known."""

    key = models.CharField(max_length=60, unique=True)
    value = models.DecimalField("target", max_digits=7, decimal_places=1)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    national = models.DecimalField(
        "national figure",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The latest published England figure, if known",
    )
    national_source = models.CharField("source of the national figure", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        "workforce.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="performance_target_not_negative"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="performance_target_direction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"

    def met(self, value) -> bool | None:
        if value is None:
            return None
        return value >= self.value if self.direction == Direction.HIGHER else value <= self.value


class PerformanceSettings(models.Model):
    """One row: the child population (ONS mid-year estimate, aged 0-17) for the rates per 10,000."""

    child_population = models.PositiveIntegerField(
        "children aged 0 to 17 (ONS estimate)",
        null=True,
        blank=True,
        help_text="Used for the rates per 10,000 children; leave empty to leave the rates out",
    )

    class Meta:
        verbose_name = "performance settings"
        verbose_name_plural = "performance settings"

    def __str__(self) -> str:
        return "Performance settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "PerformanceSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)


def targets() -> dict[str, Target]:
    """Every target: the council's rows over the defaults (one query)."""
    result = {
        key: Target(key=key, value=value, direction=direction)
        for key, (value, direction) in DEFAULT_TARGETS.items()
    }
    for row in Target.objects.all():
        result[row.key] = row
    return result


class Snapshot(models.Model):
    """The practice and workforce figures of one day, for the council (no team) or one team: taken each night by
    `manage.py performance_snapshot`, or by the first dashboard request of the day. Kept, so the figures that
    are only known "as at today" (overdue clocks, visits on time, caseloads) get a monthly history."""

    on = models.DateField()
    team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict)
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["on", "team"], name="performance_snapshot_once_a_day"),
            models.UniqueConstraint(
                fields=["on"], condition=Q(team__isnull=True), name="performance_council_snapshot_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["team", "-on"], name="performance_snapshot_team_on")]

    def __str__(self) -> str:
        return f"Performance snapshot of {self.on:%d %b %Y}"
