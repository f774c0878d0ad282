"""Who may read and write visits, case notes and the child's voice.

Anyone who may see the child may read their visits and finalised notes (inspectors included: they read
only). Case editors write; management notes are for team managers and heads of service; a draft note is its
author's alone.
"""

import rules

from carefile.people.rules import can_see
from carefile.workforce.rules import has_staff_role, is_allocator, is_case_editor


@rules.predicate
def is_author(user, note) -> bool:
    staff = getattr(user, "staff", None) if user is not None and user.is_authenticated else None
    return staff is not None and note is not None and note.author_id == staff.pk


rules.add_perm("recording.read_records", has_staff_role & can_see)
rules.add_perm("recording.record_visit", is_case_editor & can_see)
rules.add_perm("recording.write_note", is_case_editor & can_see)
rules.add_perm("recording.write_management_note", is_allocator)
rules.add_perm("recording.change_draft", is_case_editor & is_author)
rules.add_perm("recording.correct_record", is_case_editor)
rules.add_perm("recording.mark_significant", is_case_editor)
