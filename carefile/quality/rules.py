"""Who may do what in quality assurance.

- Assessed services: every member of staff reads the waiting list; case editors (social workers, managers,
  reviewing officers, heads of service) record a request and its start and end; only team managers and
  heads of service approve or decline.
- Case file audits: auditors are team managers and heads of service. They draw rounds, grade and moderate
  (never their own audit), and record actions. Analysts and inspectors read the results.
- Improvement plan: team managers and heads of service keep it; analysts and inspectors read it.
"""

import rules

from carefile.workforce.rules import (
    has_staff_role,
    is_allocator,
    is_analyst,
    is_case_editor,
    is_inspector,
)

is_auditor = is_allocator
reads_quality = is_allocator | is_analyst | is_inspector

rules.add_perm("quality.view_services", has_staff_role)
rules.add_perm("quality.record_service", is_case_editor)
rules.add_perm("quality.approve_service", is_allocator)
rules.add_perm("quality.view_audits", reads_quality)
rules.add_perm("quality.manage_audits", is_auditor)
rules.add_perm("quality.grade_audit", is_auditor)
rules.add_perm("quality.moderate_audit", is_auditor)
rules.add_perm("quality.view_plan", reads_quality)
rules.add_perm("quality.edit_plan", is_allocator)
rules.add_perm("quality.view_quality", has_staff_role)
