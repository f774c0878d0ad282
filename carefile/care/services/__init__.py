"""What workers do for children in care, each one transaction that writes its chronology event.

The worker records that care started, a placement move, a change of legal status or the end of care; the
services close the current SSDA903 episode and open the next with the right codes, and refuse what the return
would reject (rule numbers in the messages are the DfE's). Every service takes who acted and when (`by`,
`at`); dates of events are given separately, since they are often recorded after the day.
"""

from .base import (
    SHORT_BREAK_MAX_DAYS,
    SHORT_BREAK_MAX_DAYS_A_YEAR,
    CareError,
    PlacementDetails,
    status_after_care,
)
from .care import REC_AGES, care_end, care_start, legal_status_change, placement_move, short_break_record
from .health import health_check_record, sdq_record, year_outcome_record
from .leavers import (
    care_leaver_after_care,
    eligibility_on,
    leaver_contact_record,
    pathway_plan_record,
    personal_adviser_allocate,
)
from .missing import missing_record, missing_return, return_interview_record
from .permanence import (
    adoption_decision_record,
    adoption_decision_reverse,
    adoption_match_record,
    permanence_plan_record,
    previous_permanence_record,
)
from .reviews import Recommendation, iro_allocate, recommendation_update, review_record
from .uasc import uasc_record

__all__ = [
    "adoption_decision_record",
    "adoption_decision_reverse",
    "adoption_match_record",
    "care_leaver_after_care",
    "eligibility_on",
    "health_check_record",
    "leaver_contact_record",
    "pathway_plan_record",
    "permanence_plan_record",
    "personal_adviser_allocate",
    "previous_permanence_record",
    "sdq_record",
    "uasc_record",
    "year_outcome_record",
    "REC_AGES",
    "SHORT_BREAK_MAX_DAYS",
    "SHORT_BREAK_MAX_DAYS_A_YEAR",
    "CareError",
    "PlacementDetails",
    "Recommendation",
    "care_end",
    "care_start",
    "iro_allocate",
    "legal_status_change",
    "missing_record",
    "missing_return",
    "placement_move",
    "recommendation_update",
    "return_interview_record",
    "review_record",
    "short_break_record",
    "status_after_care",
]
