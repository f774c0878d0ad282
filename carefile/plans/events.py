"""The plan events on a child's chronology (registered in extensions.py)."""

from django.db import models


class PlanEvent(models.TextChoices):
    DRAFTED = "plan_drafted", "Plan drafted"
    DISCARDED = "plan_discarded", "Draft plan discarded"
    FINALISED = "plan_finalised", "Plan finalised"
    ACTION_UPDATED = "plan_action_updated", "Plan action updated"
    REVIEWED = "plan_reviewed", "Plan reviewed"
    CORRECTED = "plan_corrected", "Plan corrected"
    ENDED = "plan_ended", "Plan ended"
