"""Who may record and see oversight. Reading a child's decision log follows the child's record (any staff
role, through `person_record`); a supervision's private notes are for its supervisor and supervisee only."""

import rules

from carefile.workforce.rules import has_staff_role, is_head_of_service, is_team_manager

is_manager = is_team_manager | is_head_of_service

rules.add_perm("oversight.record_decision", is_manager)
rules.add_perm("oversight.view_decisions", has_staff_role)
rules.add_perm("oversight.view_gaps", is_manager)
rules.add_perm("oversight.record_supervision", is_manager)
rules.add_perm("oversight.view_compliance", is_manager)
rules.add_perm("oversight.view_actions", has_staff_role)
