"""Who may read and record legal work, as `rules` predicates.

Anyone who may see the child reads their legal record. Legal planning meetings are management decisions:
team managers and heads of service record them. Social workers and managers record the steps of
pre-proceedings, the application, hearings and orders. The legal tracker is for managers, heads of service and
performance analysts.
"""

import rules

from carefile.people.rules import can_see
from carefile.workforce.rules import has_staff_role, is_allocator, is_analyst, is_case_editor, is_inspector

rules.add_perm("legal.read", has_staff_role & can_see)
rules.add_perm("legal.record_meeting", is_allocator & can_see)
rules.add_perm("legal.record", is_case_editor & can_see)
rules.add_perm("legal.view_tracker", is_allocator | is_analyst | is_inspector)
