"""Permissions on people's records, as `rules` predicates."""

import rules

from carefile.workforce.rules import has_staff_role, is_case_editor

from .access import can_see_person


@rules.predicate
def can_see(user, person) -> bool:
    return can_see_person(user, person)


rules.add_perm("people.view_person", can_see)
rules.add_perm("people.change_person", can_see & is_case_editor)
rules.add_perm("people.add_person", is_case_editor)
rules.add_perm("people.search_person", has_staff_role)
