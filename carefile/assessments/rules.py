"""Who may do what with assessments and episodes, as `rules` predicates.

The names avoid Django's model-permission codenames (`change_assessment`…), which the admin reads.

Seeing the child at all (restricted records) is checked by `person_record` on every page; these rules add
the role and the state of the assessment.
"""

import rules

from carefile.people.access import can_see_person
from carefile.workforce.rules import has_staff_role, is_allocator, is_social_worker

from .codes import Status

# Social workers and managers write assessments; only managers authorise, return, review and close.
is_assessment_writer = is_social_worker | is_allocator


@rules.predicate
def can_see_child(user, assessment) -> bool:
    return assessment is None or can_see_person(user, assessment.child)


@rules.predicate
def is_draft(user, assessment) -> bool:
    return assessment is None or assessment.status == Status.DRAFT


@rules.predicate
def is_submitted(user, assessment) -> bool:
    return assessment is None or assessment.status == Status.SUBMITTED


@rules.predicate
def is_open(user, assessment) -> bool:
    return assessment is None or assessment.status != Status.AUTHORISED


@rules.predicate
def is_authorised(user, assessment) -> bool:
    return assessment is None or assessment.status == Status.AUTHORISED


rules.add_perm("assessments.read", has_staff_role & can_see_child)
rules.add_perm("assessments.start", is_assessment_writer)
rules.add_perm("assessments.write", is_assessment_writer & is_draft & can_see_child)
rules.add_perm("assessments.authorise", is_allocator & is_submitted & can_see_child)
rules.add_perm("assessments.review", is_allocator & is_open & can_see_child)
rules.add_perm("assessments.correct", is_assessment_writer & is_authorised & can_see_child)
rules.add_perm("assessments.close_episode", is_allocator)
