"""Writes of the quality app, each in one transaction. Bad input raises `QualityError` with field errors."""

from .audits import (  # noqa: F401
    audit_action_add,
    audit_action_done,
    audit_grade,
    audit_moderate,
    audit_round_create,
    draw_sample,
)
from .base import QualityError  # noqa: F401
from .plan import plan_action_add, plan_action_update, recommendation_add  # noqa: F401
from .requests import (  # noqa: F401
    service_approve,
    service_end,
    service_request_record,
    service_start,
)
