"""Who may use the information-governance pages, as `rules` predicates.

- Anyone with a staff role may ask for break-glass access (the reason is logged and the owners alerted).
- Team managers, heads of service and administrators (information governance) see who viewed a child.
- Administrators run the unusual-access report, subject access exports and retention.
"""

import rules

from carefile.workforce.rules import has_staff_role, is_administrator, is_head_of_service, is_team_manager

rules.add_perm("governance.break_glass", has_staff_role)
rules.add_perm("governance.view_alerts", has_staff_role)
rules.add_perm("governance.view_access_log", is_team_manager | is_head_of_service | is_administrator)
rules.add_perm("governance.view_unusual_access", is_administrator)
rules.add_perm("governance.subject_access", is_administrator)
rules.add_perm("governance.manage_retention", is_administrator)
