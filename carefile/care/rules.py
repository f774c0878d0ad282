"""Who may read and record children's care, as `rules` predicates.

Anyone who may see the child may read their care record (inspectors and analysts read only). Social workers
and managers record care starting, moves, changes of legal status, the end of care and missing episodes;
reviews are recorded by the reviewing officer who chaired them, or by a manager. The list of return
interviews due is for managers and performance analysts.

Seeing the child at all (restricted records) is checked by `person_record` on every page; `can_see` here
adds it for pages and links that are given a child.
"""

import rules

from carefile.people.rules import can_see
from carefile.workforce.rules import (
    has_staff_role,
    is_allocator,
    is_analyst,
    is_case_editor,
    is_reviewing_officer,
    is_social_worker,
)

is_care_recorder = is_social_worker | is_allocator

rules.add_perm("care.read", has_staff_role & can_see)
rules.add_perm("care.record_care", is_care_recorder & can_see)
rules.add_perm("care.record_review", (is_reviewing_officer | is_allocator) & can_see)
rules.add_perm("care.update_recommendation", is_case_editor & can_see)
rules.add_perm("care.record_missing", is_case_editor & can_see)
rules.add_perm("care.view_return_interviews", is_allocator | is_analyst)
