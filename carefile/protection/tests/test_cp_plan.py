"""Child protection plans: starting at a conference, what the plan says, core groups, reviews and ending."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import closure_blockers
from carefile.plans import services as plan_services
from carefile.plans.models import Plan, PlanEndReason, PlanKind, PlanReview, PlanStatus
from carefile.protection import services
from carefile.protection.codes import ConferenceDecision, ConferenceKind
from carefile.protection.codes import PlanEndReason as CpEndReason
from carefile.protection.models import ChildProtectionPlan, Conference
from carefile.protection.selectors import previous_plan_count

from .conftest import at, enquiry_needing_conference, hold_initial, plan_from_journey

pytestmark = pytest.mark.django_db


@pytest.fixture
def cp_plan(child, referral, worker, manager, chair):
    return plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )


def finalise_content(cp_plan, *, by, when):
    plan = cp_plan.plan
    outcome = plan_services.outcome_save(plan=plan, by=by, at=when, text="Amelia is safe at home")
    plan_services.action_save(
        plan=plan,
        by=by,
        at=when,
        what="Dad stays away from the home",
        owner_name="Mum",
        due=date(2026, 4, 30),
        measure="No police call-outs",
        outcome=outcome,
    )
    return services.cp_plan_content_finalise(cp_plan=cp_plan, by=by, at=when)


def review(cp_plan, *, chair, held_on, decision=ConferenceDecision.CONTINUE, category="NEG", **kwargs):
    conference = services.review_conference_schedule(
        cp_plan=cp_plan,
        by=chair,
        at=at(2026, 4, 1),
        holidays=holiday_calendar(),
        scheduled_at=at(held_on.year, held_on.month, held_on.day, 10),
        chair=chair,
    )
    return services.review_conference_record(
        conference=conference,
        by=chair,
        at=at(held_on.year, held_on.month, held_on.day, 17),
        holidays=holiday_calendar(),
        held_on=held_on,
        decision=decision,
        category=category,
        child_views="Amelia says home is calmer.",
        summary="Good progress.",
        **kwargs,
    )


def test_a_plan_cannot_start_without_a_conference_decision(child, referral, worker, manager, chair):
    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 2, 2))
    conference = services.initial_conference_schedule(
        enquiry=enquiry, by=worker, at=at(2026, 2, 3), scheduled_at=at(2026, 2, 18, 10), chair=chair
    )

    with pytest.raises(
        services.ProtectionError,
        match="^A child protection plan can only start when a conference has decided the child needs one: "
        "record the conference's decision first$",
    ):
        services.cp_plan_start(conference=conference, by=chair, at=at(2026, 2, 18, 17))

    assert not ChildProtectionPlan.objects.exists()


def test_a_conference_deciding_against_a_plan_cannot_start_one(child, referral, worker, manager, chair):
    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 2, 2))
    conference = services.initial_conference_schedule(
        enquiry=enquiry, by=worker, at=at(2026, 2, 3), scheduled_at=at(2026, 2, 18, 10), chair=chair
    )
    hold_initial(
        conference, chair=chair, held_on=date(2026, 2, 18), decision=ConferenceDecision.NO_PLAN, category=""
    )

    with pytest.raises(services.ProtectionError, match="record the conference's decision first"):
        services.cp_plan_start(conference=conference, by=chair, at=at(2026, 2, 18, 17))


def test_a_plan_decision_starts_the_plan_on_the_conference_day(cp_plan, child):
    child.refresh_from_db()

    assert cp_plan.start == date(2026, 2, 18)
    assert cp_plan.initial_category == cp_plan.latest_category == "NEG"
    assert cp_plan.conference.kind == ConferenceKind.INITIAL
    assert child.case_status == "child_protection"
    assert cp_plan.plan.kind == PlanKind.CHILD_PROTECTION
    assert cp_plan.plan.status == PlanStatus.DRAFT and cp_plan.plan.start == date(2026, 2, 18)


def test_an_open_child_in_need_plan_ends_the_day_the_child_protection_plan_starts(
    child, referral, worker, manager, chair
):
    cin = plan_services.plan_draft_start(
        child=child, by=worker, at=at(2026, 1, 20), concerns="School attendance"
    )
    outcome = plan_services.outcome_save(
        plan=cin, by=worker, at=at(2026, 1, 20), text="Amelia goes to school"
    )
    plan_services.action_save(
        plan=cin,
        by=worker,
        at=at(2026, 1, 20),
        what="Take Amelia to school",
        owner_name="Mum",
        due=date(2026, 3, 1),
        measure="Attendance 95%",
        outcome=outcome,
    )
    plan_services.plan_finalise(plan=cin, by=manager, at=at(2026, 1, 21), start=date(2026, 1, 21))

    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )

    cin.refresh_from_db()
    assert cin.status == PlanStatus.ENDED
    assert cin.end == date(2026, 2, 18) and cin.end_reason == PlanEndReason.STEP_UP


def test_a_child_has_one_open_plan_at_a_time(cp_plan, child, referral, chair, worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProtectionPlan.objects.create(
            child=child,
            episode=referral,
            conference=Conference.objects.create(
                kind=ConferenceKind.TRANSFER_IN, child=child, episode=referral, target_date=date(2026, 3, 1)
            ),
            start=date(2026, 3, 1),
            initial_category="EMO",
            latest_category="EMO",
            started_by=chair,
            started_at=at(2026, 3, 1),
        )


def test_what_the_plan_says_is_finalised_from_the_day_the_plan_started(cp_plan, chair):
    content = finalise_content(cp_plan, by=chair, when=at(2026, 2, 25))

    assert content.status == PlanStatus.ACTIVE and content.start == date(2026, 2, 18)


def test_what_the_plan_says_is_checked_whole_before_it_is_finalised(cp_plan, chair):
    with pytest.raises(plan_services.PlanIncomplete) as error:
        services.cp_plan_content_finalise(cp_plan=cp_plan, by=chair, at=at(2026, 2, 25))

    assert any("Add at least one outcome" in p for p in error.value.problems)


def test_core_groups_cannot_be_before_the_plan_started(cp_plan, worker):
    with pytest.raises(
        services.ProtectionError, match="cannot be before the plan started on 18 February 2026"
    ):
        services.core_group_record(
            cp_plan=cp_plan,
            by=worker,
            at=at(2026, 3, 2),
            held_on=date(2026, 2, 17),
            attendees="Mum",
            progress="Fine",
        )


def test_a_core_group_is_recorded_with_who_came_and_the_progress(cp_plan, worker):
    meeting = services.core_group_record(
        cp_plan=cp_plan,
        by=worker,
        at=at(2026, 3, 2),
        held_on=date(2026, 3, 2),
        attendees="Mum, school, health visitor",
        progress="Safety plan kept",
    )

    assert meeting.cp_plan == cp_plan
    assert cp_plan.child.chronology.filter(kind="core_group").exists()


def test_the_number_of_previous_plans_counts_earlier_plans_here_and_elsewhere(
    child, referral, worker, manager, chair
):
    first = plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 1, 14), held_on=date(2026, 1, 28)
    )
    services.enquiry_close(enquiry=first.conference.enquiry, by=manager, at=at(2026, 1, 28))
    services.cp_plan_end(
        cp_plan=first, by=chair, at=at(2026, 6, 1), end=date(2026, 6, 1), reason=CpEndReason.NO_LONGER_AT_RISK
    )

    second = plan_from_journey(
        child,
        worker=worker,
        manager=manager,
        chair=chair,
        started=at(2026, 9, 1),
        held_on=date(2026, 9, 15),
        previous_plans_elsewhere=2,
    )

    assert previous_plan_count(first) == 0
    assert previous_plan_count(second) == 3


def test_a_review_conference_can_change_the_latest_category_and_reviews_what_the_plan_says(cp_plan, chair):
    finalise_content(cp_plan, by=chair, when=at(2026, 2, 25))

    review(cp_plan, chair=chair, held_on=date(2026, 5, 12), category="EMO")

    cp_plan.refresh_from_db()
    assert cp_plan.initial_category == "NEG" and cp_plan.latest_category == "EMO"
    plan_review = PlanReview.objects.get(plan=cp_plan.plan)
    assert plan_review.held_on == date(2026, 5, 12)
    assert plan_review.next_review_on == date(2026, 11, 12)


def test_a_review_conference_must_be_after_the_plan_started(cp_plan, chair):
    with pytest.raises(services.ProtectionError, match="must be after the plan started on 18 February 2026"):
        services.review_conference_schedule(
            cp_plan=cp_plan,
            by=chair,
            at=at(2026, 2, 18),
            holidays=holiday_calendar(),
            scheduled_at=at(2026, 2, 18, 15),
        )


def test_a_review_conference_that_ends_the_plan_ends_it_on_that_day(cp_plan, chair, child):
    finalise_content(cp_plan, by=chair, when=at(2026, 2, 25))

    review(
        cp_plan,
        chair=chair,
        held_on=date(2026, 5, 12),
        decision=ConferenceDecision.END,
        category="",
        end_reason=CpEndReason.NO_LONGER_AT_RISK,
    )

    cp_plan.refresh_from_db()
    child.refresh_from_db()
    assert cp_plan.end == date(2026, 5, 12) and cp_plan.end_reason == CpEndReason.NO_LONGER_AT_RISK
    assert child.case_status == "child_in_need"
    assert Plan.objects.get(pk=cp_plan.plan_id).status == PlanStatus.ENDED


def test_ending_a_plan_sets_its_end_and_returns_the_child_to_child_in_need(cp_plan, chair, child):
    services.cp_plan_end(
        cp_plan=cp_plan, by=chair, at=at(2026, 4, 1), end=date(2026, 3, 31), reason=CpEndReason.MOVED
    )

    cp_plan.refresh_from_db()
    child.refresh_from_db()
    assert cp_plan.end == date(2026, 3, 31) and cp_plan.end_reason == CpEndReason.MOVED
    assert child.case_status == "child_in_need"
    # The draft of what the plan says was never finalised: it goes.
    assert cp_plan.plan_id is None and not Plan.objects.filter(kind=PlanKind.CHILD_PROTECTION).exists()


def test_a_child_who_becomes_looked_after_leaves_the_plan_as_looked_after(cp_plan, chair, child):
    finalise_content(cp_plan, by=chair, when=at(2026, 2, 25))

    services.cp_plan_end(
        cp_plan=cp_plan, by=chair, at=at(2026, 4, 1), end=date(2026, 3, 31), reason=CpEndReason.LOOKED_AFTER
    )

    child.refresh_from_db()
    assert child.case_status == "looked_after"
    assert Plan.objects.get(pk=cp_plan.plan_id).end_reason == PlanEndReason.LOOKED_AFTER


def test_a_plan_cannot_end_on_the_day_it_started(cp_plan, chair):
    with pytest.raises(services.ProtectionError, match="must end after the day it started, 18 February 2026"):
        services.cp_plan_end(
            cp_plan=cp_plan, by=chair, at=at(2026, 2, 18, 17), end=date(2026, 2, 18), reason=CpEndReason.MOVED
        )


def test_only_the_chair_or_a_manager_ends_a_plan(cp_plan, worker):
    with pytest.raises(services.ProtectionError, match="Only the chair"):
        services.cp_plan_end(
            cp_plan=cp_plan, by=worker, at=at(2026, 4, 1), end=date(2026, 3, 31), reason=CpEndReason.MOVED
        )


def test_the_episode_cannot_close_while_the_enquiry_or_the_plan_is_open(
    child, referral, worker, manager, chair
):
    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 2, 2))
    assert "The section 47 enquiry is still open" in " ".join(closure_blockers(referral))

    services.enquiry_close(enquiry=enquiry, by=manager, at=at(2026, 2, 3))
    assert "initial conference that has not been held" in " ".join(closure_blockers(referral))

    conference = services.initial_conference_schedule(
        enquiry=enquiry, by=worker, at=at(2026, 2, 3), scheduled_at=at(2026, 2, 18, 10), chair=chair
    )
    hold_initial(conference, chair=chair, held_on=date(2026, 2, 18))
    assert any("child protection plan" in reason for reason in closure_blockers(referral))
