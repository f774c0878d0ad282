"""Who may do what with plans: case editors write, managers also finalise, every member of staff reads."""

import rules

from carefile.workforce.rules import has_staff_role, is_allocator, is_case_editor

rules.add_perm("plans.view_plan", has_staff_role)
rules.add_perm("plans.edit_plan", is_case_editor)
rules.add_perm("plans.finalise_plan", is_allocator)
