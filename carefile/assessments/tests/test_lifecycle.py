"""Starting, writing, submitting, returning and authorising an assessment, through the services."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.frontdoor.models import Referral
from carefile.people.models import CaseStatus
from carefile.testing.factories import StaffFactory
from carefile.workforce.models import Role

from .. import services
from ..codes import Status, factor_problems
from ..models import Assessment, AssessmentFactor, AssessmentReturn
from .conftest import at, authorised, open_referral, start, submitted, write

pytestmark = pytest.mark.django_db


def test_starting_an_assessment_moves_the_child_into_assessment(referral, worker, child):
    assessment = start(referral, worker, start_date=date(2025, 12, 2))

    child.refresh_from_db()
    assert child.case_status == CaseStatus.ASSESSMENT
    assert assessment.status == Status.DRAFT
    event = ChronologyEvent.objects.get(person=child, kind="assessment_started")
    assert "due by 5 February 2026" in event.summary


def test_a_child_on_a_protection_plan_keeps_that_status_when_an_assessment_starts(referral, worker, child):
    child.case_status = CaseStatus.CHILD_PROTECTION
    child.save()

    start(referral, worker)

    child.refresh_from_db()
    assert child.case_status == CaseStatus.CHILD_PROTECTION


def test_an_assessment_cannot_start_before_the_referral(referral, worker):
    with pytest.raises(services.AssessmentError, match="on or after the referral date, 1 December 2025"):
        start(referral, worker, start_date=date(2025, 11, 28))

    assert not Assessment.objects.exists()


def test_an_assessment_cannot_start_on_a_closed_episode(referral, worker, manager):
    Referral.objects.filter(pk=referral.pk).update(closure_date=date(2025, 12, 5), closure_reason="RC7")

    with pytest.raises(services.AssessmentError, match="closed"):
        start(referral, worker, start_date=date(2025, 12, 5))


def test_an_episode_has_only_one_open_assessment(referral, worker):
    start(referral, worker)

    with pytest.raises(services.AssessmentError, match="already has an assessment in progress"):
        start(referral, worker)

    assert Assessment.objects.count() == 1


def test_the_database_refuses_a_second_open_assessment_on_an_episode(referral, worker):
    first = start(referral, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            child=first.child,
            referral=referral,
            start_date=first.start_date,
            clock_start=first.clock_start,
            due_date=first.due_date,
            started_by=worker,
            started_at=first.started_at,
        )


def test_a_new_assessment_can_start_once_the_last_is_authorised(referral, worker, manager):
    first = authorised(referral, worker, manager)

    second = start(referral, worker, start_date=first.authorised_on)

    assert second.status == Status.DRAFT


def test_assessments_in_an_episode_cannot_overlap(referral, worker, manager):
    authorised(referral, worker, manager)

    with pytest.raises(services.AssessmentError, match="cannot overlap"):
        start(referral, worker, start_date=date(2025, 12, 2))


@pytest.mark.parametrize(
    ("codes", "problem"),
    [
        (["3A", "16A"], None),
        (["21"], None),
        (["21", "16A"], "'No factors identified' on its own"),
        (["16A", "16A"], "only once"),
        (["18A"], "18A is not a DfE factor code"),
        (["19A", "99"], "19A, 99 are not DfE factor code"),
    ],
)
def test_factor_codes_follow_the_census_rules(codes, problem):
    problems = factor_problems(codes)

    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_a_draft_cannot_hold_21_with_other_factors(referral, worker):
    assessment = start(referral, worker)

    with pytest.raises(services.AssessmentError, match="on its own"):
        write(assessment, worker, factors=["21", "4B"])

    assert not AssessmentFactor.objects.exists()


def test_the_database_refuses_a_factor_twice_or_an_unknown_code(referral, worker):
    assessment = start(referral, worker)
    AssessmentFactor.objects.create(assessment=assessment, code="16A")

    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactor.objects.create(assessment=assessment, code="16A")
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactor.objects.create(assessment=assessment, code="18A")


def test_no_factors_fits_only_an_outcome_of_no_further_action_or_early_help(referral, worker):
    assessment = write(start(referral, worker), worker, factors=["21"], outcome="cin_plan")

    with pytest.raises(services.AssessmentIncomplete) as raised:
        services.assessment_submit(assessment=assessment, by=worker, at=timezone.now())

    assert "factors" in raised.value.problems
    assert Assessment.objects.get().status == Status.DRAFT


def test_an_incomplete_draft_cannot_be_submitted(referral, worker):
    assessment = write(start(referral, worker), worker, analysis="", child_voice="", factors=[], outcome="")

    with pytest.raises(services.AssessmentIncomplete) as raised:
        services.assessment_submit(assessment=assessment, by=worker, at=timezone.now())

    assert set(raised.value.problems) == {"analysis", "child_voice", "factors", "outcome"}
    assert Assessment.objects.get().status == Status.DRAFT
    assert not ChronologyEvent.objects.filter(kind="assessment_submitted").exists()


def test_a_complete_draft_goes_to_a_manager(referral, worker, child):
    assessment = submitted(referral, worker)

    assert assessment.status == Status.SUBMITTED and assessment.submitted_by == worker
    assert ChronologyEvent.objects.filter(person=child, kind="assessment_submitted").exists()


def test_a_manager_returns_an_assessment_with_comments(referral, worker, manager, child):
    assessment = submitted(referral, worker)

    services.assessment_return(
        assessment=assessment, by=manager, at=timezone.now(), comment="Say more about the father's role."
    )

    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and assessment.submitted_at is None
    assert AssessmentReturn.objects.get().comment == "Say more about the father's role."
    event = ChronologyEvent.objects.get(person=child, kind="assessment_returned")
    assert "Say more about the father's role." in event.summary


def test_returning_needs_a_comment(referral, worker, manager):
    assessment = submitted(referral, worker)

    with pytest.raises(services.AssessmentError, match="what needs to change"):
        services.assessment_return(assessment=assessment, by=manager, at=timezone.now(), comment="  ")

    assert Assessment.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.REVIEWING_OFFICER, Role.INSPECTOR])
def test_only_a_manager_can_authorise(referral, worker, role):
    assessment = submitted(referral, worker)
    someone = StaffFactory(role=role)

    with pytest.raises(services.AssessmentError, match="Only a team manager or head of service"):
        services.assessment_authorise(assessment=assessment, by=someone, at=timezone.now())

    assert Assessment.objects.get().status == Status.SUBMITTED


def test_a_head_of_service_can_authorise(referral, worker):
    assessment = submitted(referral, worker)

    services.assessment_authorise(
        assessment=assessment, by=StaffFactory(role=Role.HEAD_OF_SERVICE), at=timezone.now()
    )

    assert Assessment.objects.get().status == Status.AUTHORISED


def test_a_draft_cannot_be_authorised(referral, worker, manager):
    assessment = write(start(referral, worker), worker)

    with pytest.raises(services.AssessmentError, match="submitted"):
        services.assessment_authorise(assessment=assessment, by=manager, at=timezone.now())


def test_authorising_completes_the_assessment_and_writes_the_primary_need_to_the_episode(
    referral, worker, manager, child
):
    assessment = submitted(referral, worker, primary_need="N1", factors=["16A", "3A"])

    services.assessment_authorise(assessment=assessment, by=manager, at=at(2026, 1, 20, 15))

    assessment.refresh_from_db()
    referral.refresh_from_db()
    child.refresh_from_db()
    assert (assessment.status, assessment.authorised_on, assessment.authorised_by) == (
        Status.AUTHORISED,
        date(2026, 1, 20),
        manager,
    )
    assert referral.primary_need == "N1"
    assert child.case_status == CaseStatus.CHILD_IN_NEED  # the outcome is a child in need plan
    event = ChronologyEvent.objects.get(person=child, kind="assessment_authorised")
    assert "Outcome: Child in need plan" in event.summary
    assert (
        "Neglect (16A)" in event.summary
        and "Domestic abuse: the child is subject to it (3A)" in event.summary
    )
    assert event.data["factors"] == ["3A", "16A"] and event.data["on_time"] is True and event.significant


def test_no_further_action_leaves_the_status_for_the_closure(referral, worker, manager, child):
    authorised(referral, worker, manager, outcome="nfa", factors=["21"], primary_need="N0")

    child.refresh_from_db()
    assert child.case_status == CaseStatus.ASSESSMENT


def test_a_late_authorisation_says_so_on_the_chronology(child, team, worker, manager):
    referral = open_referral(child, team, worker, referral_date=date(2025, 12, 1))
    assessment = submitted(referral, worker)

    services.assessment_authorise(assessment=assessment, by=manager, at=at(2026, 2, 6, 9))

    event = ChronologyEvent.objects.get(kind="assessment_authorised")
    assert "after the 45-working-day due date" in event.summary and event.data["on_time"] is False


def test_a_manager_records_an_internal_review(referral, worker, manager, child):
    assessment = start(referral, worker)
    review = assessment.reviews.get(working_days=10)

    services.internal_review_record(
        assessment=assessment,
        review=review,
        by=manager,
        at=at(2025, 12, 15, 16),
        held_on=date(2025, 12, 15),
        notes="Father not yet seen: arrange a joint visit.",
    )

    review.refresh_from_db()
    assert (review.held_on, review.recorded_by) == (date(2025, 12, 15), manager)
    assert ChronologyEvent.objects.filter(person=child, kind="assessment_reviewed").exists()


def test_the_census_reads_start_review_authorisation_and_factors(referral, worker, manager):
    from ..selectors import census_assessments

    assessment = start(referral, worker, start_date=date(2025, 12, 2))
    services.internal_review_record(
        assessment=assessment,
        review=assessment.reviews.get(working_days=10),
        by=manager,
        at=at(2025, 12, 16, 9),
        held_on=date(2025, 12, 16),
        notes="On track",
    )
    write(assessment, worker, factors=["4B", "16A", "3B"])
    services.assessment_submit(assessment=assessment, by=worker, at=at(2026, 1, 19))
    services.assessment_authorise(assessment=assessment, by=manager, at=at(2026, 1, 20, 15))

    rows = census_assessments(referral_ids=[referral.pk])

    (row,) = rows[referral.pk]
    assert (row.start_date, row.internal_review_date, row.authorisation_date) == (
        date(2025, 12, 2),
        date(2025, 12, 16),
        date(2026, 1, 20),
    )
    assert row.factors == ["3B", "4B", "16A"]


def test_the_census_reports_no_factors_for_an_open_assessment(referral, worker):
    from ..selectors import census_assessments

    write(start(referral, worker), worker)

    (row,) = census_assessments(referral_ids=[referral.pk])[referral.pk]

    assert row.authorisation_date is None and row.factors == []


def test_the_chronology_summary_of_an_assessment_with_many_factors_fits_its_column(referral, worker, manager):
    many = ["1B", "2B", "3A", "3B", "4B", "5B", "6B", "7A", "10A", "11A", "13A", "14A", "15A", "16A", "17A"]

    authorised(referral, worker, manager, factors=many)

    event = ChronologyEvent.objects.get(kind="assessment_authorised")
    assert len(event.summary) <= 300 and event.summary.endswith("…")
    assert event.data["factors"] == many  # in DfE order
