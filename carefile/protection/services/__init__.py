"""Child protection writes: strategy discussions, section 47 enquiries, conferences, plans and core groups.

Each service takes who acts and when, runs in a transaction and writes the child's chronology in it. Domain
errors are `ProtectionError`, with a message for the user.

What the plan says (outcomes, actions with owners, dates and measures) is a `plans.Plan` of kind
"child_protection", written through the plans app's own services; the period, categories, core groups and
conferences are here. When a plan starts, an open child in need plan is ended the same day through the
plans app (CIN census 4001: the two never overlap): the conference's decision is what the law acts on, so
it is never refused because of a CIN plan.
"""

from .base import Invitee, Participant, ProtectionError, enquiry_in_progress, local_date, say_date
from .conferences import (
    initial_conference_record,
    initial_conference_schedule,
    next_review_due,
    review_conference_record,
    review_conference_schedule,
    transfer_in_conference_schedule,
)
from .enquiries import enquiry_close, enquiry_findings_save, strategy_discussion_record
from .plans import core_group_record, cp_plan_content_finalise, cp_plan_end, cp_plan_start

__all__ = [
    "Invitee",
    "Participant",
    "ProtectionError",
    "core_group_record",
    "cp_plan_content_finalise",
    "cp_plan_end",
    "cp_plan_start",
    "enquiry_close",
    "enquiry_findings_save",
    "enquiry_in_progress",
    "initial_conference_record",
    "initial_conference_schedule",
    "local_date",
    "next_review_due",
    "review_conference_record",
    "review_conference_schedule",
    "say_date",
    "strategy_discussion_record",
    "transfer_in_conference_schedule",
]
