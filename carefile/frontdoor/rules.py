import rules

from carefile.workforce.rules import has_staff_role, is_allocator, is_case_editor

rules.add_perm("frontdoor.record_contact", is_case_editor)
rules.add_perm("frontdoor.decide", is_case_editor)
rules.add_perm("frontdoor.sign_off", is_allocator)
rules.add_perm("frontdoor.view_front_door", has_staff_role)
rules.add_perm("frontdoor.view_queue", has_staff_role)
