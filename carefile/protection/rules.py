"""Who may do what in child protection.

Everyone with a staff role reads. Case editors (social workers, managers, reviewing officers, heads of
service) record strategy discussions, enquiry findings, core groups and conference bookings. A manager signs
off an enquiry. A conference's decision, and ending a plan, belong to the chair: an independent reviewing
officer or a manager.
"""

import rules

from carefile.workforce.rules import has_staff_role, is_allocator, is_case_editor, is_reviewing_officer

is_conference_chair = is_reviewing_officer | is_allocator

rules.add_perm("protection.view", has_staff_role)
rules.add_perm("protection.record_strategy", is_case_editor)
rules.add_perm("protection.record_enquiry", is_case_editor)
rules.add_perm("protection.sign_off_enquiry", is_allocator)
rules.add_perm("protection.schedule_conference", is_case_editor)
rules.add_perm("protection.chair_conference", is_conference_chair)
rules.add_perm("protection.record_core_group", is_case_editor)
rules.add_perm("protection.edit_plan", is_case_editor)
rules.add_perm("protection.finalise_plan", is_conference_chair)
rules.add_perm("protection.end_plan", is_conference_chair)
rules.add_perm("protection.view_team_timescales", is_allocator)
