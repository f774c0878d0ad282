"""Child protection pages. Every page about a child is `people/<person_id>/protection/...` through
`person_record` (so each view is in the access log); the record a page shows is named by a query parameter
(`?enquiry=`, `?conference=`, `?plan=`, `?discussion=`), else it is the child's current one. A page with
nothing to show explains why, and what comes first.
"""

from .conferences import conference, conference_record, conference_schedule, transfer_in
from .plans import core_group, plan, plan_action, plan_end, plan_finalise, plan_outcome
from .records import enquiry, index, strategy, strategy_new
from .timescales import team_timescales

__all__ = [
    "conference",
    "conference_record",
    "conference_schedule",
    "core_group",
    "enquiry",
    "index",
    "plan",
    "plan_action",
    "plan_end",
    "plan_finalise",
    "plan_outcome",
    "strategy",
    "strategy_new",
    "team_timescales",
    "transfer_in",
]
