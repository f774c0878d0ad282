"""Plan rules through the services and the database: finalising, immutability, corrections, progress, reviews."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from carefile.common.extensions import closure_blockers
from carefile.common.models import ChronologyEvent
from carefile.people.models import CaseStatus
from carefile.plans import services
from carefile.plans.models import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanCorrection,
    PlanKind,
    PlanLocked,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    ReviewDecision,
)

from .conftest import at, complete_draft, open_referral

pytestmark = pytest.mark.django_db


def test_a_plan_without_outcomes_or_actions_cannot_be_finalised(child, referral, worker, manager):
    plan = services.plan_draft_start(child=child, by=worker, at=at(2026, 2, 2))

    with pytest.raises(services.PlanIncomplete) as error:
        services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))

    assert error.value.problems == [
        "Write what we are worried about",
        "Add at least one outcome: what we want to be different for the child",
        "Add at least one action: who will do what by when",
    ]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.start is None
    assert not ChronologyEvent.objects.filter(kind="plan_finalised").exists()


def test_every_action_needs_an_owner_a_due_date_and_a_measurable_outcome_before_finalising(
    child, referral, worker, manager
):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
    services.action_save(plan=plan, by=worker, at=at(2026, 2, 2), what="Refer to the young carers' service")
    services.action_save(
        plan=plan,
        by=worker,
        at=at(2026, 2, 2),
        what="Parenting course",
        owner_name="Dad",
        due=date(2026, 3, 1),
    )

    with pytest.raises(services.PlanIncomplete) as error:
        services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))

    assert error.value.problems == [
        "Action 2 (Refer to the young carers' service) needs an owner, a due date and a measurable outcome "
        "(how we will know it has worked)",
        "Action 3 (Parenting course) needs a measurable outcome (how we will know it has worked)",
    ]
    assert Plan.objects.get().status == PlanStatus.DRAFT


def test_finalising_sets_the_start_the_case_status_and_the_chronology(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))

    services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3, 15))

    plan.refresh_from_db()
    child.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.start == date(2026, 2, 3)
    assert plan.finalised_by == manager and plan.episode_start == date(2026, 1, 12)
    assert child.case_status == CaseStatus.CHILD_IN_NEED
    event = ChronologyEvent.objects.get(kind="plan_finalised")
    assert event.summary == "Child in need plan finalised, starting 3 February 2026: 1 outcome, 1 action"
    assert event.by == manager and event.significant


@pytest.fixture
def finalised(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2), actions=2)
    return services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))


def test_a_finalised_plan_cannot_be_changed_by_an_orm_save(finalised):
    plan = Plan.objects.get(pk=finalised.pk)
    plan.concerns = "Rewritten after the event"

    with pytest.raises(PlanLocked):
        plan.save()

    assert Plan.objects.get(pk=plan.pk).concerns == "Amelia misses school"


def test_a_finalised_plan_cannot_be_changed_by_a_bulk_update(finalised):
    with pytest.raises(PlanLocked):
        Plan.objects.filter(pk=finalised.pk).update(start=date(2026, 1, 20))

    assert Plan.objects.get(pk=finalised.pk).start == date(2026, 2, 3)


def test_a_finalised_plan_and_its_parts_cannot_be_deleted(finalised):
    with pytest.raises(PlanLocked):
        Plan.objects.get(pk=finalised.pk).delete()
    with pytest.raises(PlanLocked):
        Plan.objects.filter(pk=finalised.pk).delete()
    with pytest.raises(PlanLocked):
        PlanOutcome.objects.filter(plan=finalised).first().delete()
    with pytest.raises(PlanLocked):
        PlanAction.objects.filter(plan=finalised).delete()

    assert Plan.objects.filter(pk=finalised.pk).exists()
    assert PlanOutcome.objects.filter(plan=finalised).count() == 1
    assert PlanAction.objects.filter(plan=finalised).count() == 2


def test_the_outcomes_and_actions_of_a_finalised_plan_cannot_be_rewritten_or_added_to(finalised):
    outcome = PlanOutcome.objects.get(plan=finalised)
    outcome.text = "Something else"
    action = PlanAction.objects.filter(plan=finalised).first()
    action.due = date(2027, 1, 1)

    with pytest.raises(PlanLocked):
        outcome.save()
    with pytest.raises(PlanLocked):
        action.save()
    with pytest.raises(PlanLocked):
        PlanAction.objects.create(plan=finalised, what="Sneaked in", owner_name="Mum")
    with pytest.raises(PlanLocked):
        PlanOutcome.objects.create(plan=finalised, text="Sneaked in")
    with pytest.raises(services.PlanError, match="finalised"):
        services.action_save(plan=finalised, by=finalised.created_by, at=at(2026, 2, 4), what="Sneaked in")


def test_a_correction_is_appended_and_the_plan_is_unchanged(finalised, worker):
    before = Plan.objects.values().get(pk=finalised.pk)

    services.plan_correct(
        plan=finalised,
        by=worker,
        at=at(2026, 2, 5),
        applies_to="What we are worried about",
        correction="Amelia misses school on Mondays and Fridays",
        reason="The days were left out",
    )

    assert Plan.objects.values().get(pk=finalised.pk) == before
    correction = PlanCorrection.objects.get(plan=finalised)
    assert correction.by == worker and correction.reason == "The days were left out"
    event = ChronologyEvent.objects.get(kind="plan_corrected")
    assert "Amelia misses school on Mondays and Fridays" in event.summary
    with pytest.raises(PlanLocked):
        correction.save()
    with pytest.raises(PlanLocked):
        correction.delete()


def test_an_action_status_update_is_allowed_and_on_the_chronology(finalised, worker):
    action = PlanAction.objects.filter(plan=finalised).first()

    services.action_status_update(
        action=action, by=worker, at=at(2026, 2, 20), status=ActionStatus.DONE, completed_on=date(2026, 2, 19)
    )

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == date(2026, 2, 19)
    assert action.status_changed_by == worker
    event = ChronologyEvent.objects.get(kind="plan_action_updated")
    assert event.summary.startswith("Child in need plan action “Take Amelia to school every morning (1)”")
    assert event.summary.endswith("not started → done on 19 February 2026")


@pytest.mark.parametrize(
    ("status", "extra", "message"),
    [
        (ActionStatus.DONE, {}, "Enter the date the action was done"),
        (ActionStatus.DONE, {"completed_on": date(2026, 3, 1)}, "cannot be in the future"),
        (ActionStatus.NOT_DONE, {}, "Explain why the action was not done"),
    ],
)
def test_an_action_status_update_needs_its_date_or_reason(finalised, worker, status, extra, message):
    action = PlanAction.objects.filter(plan=finalised).first()

    with pytest.raises(services.PlanError, match=message):
        services.action_status_update(action=action, by=worker, at=at(2026, 2, 20), status=status, **extra)

    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.NOT_STARTED


def test_a_child_can_have_only_one_open_cin_plan_in_the_database(child, referral, worker, finalised):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            kind=PlanKind.CHILD_IN_NEED,
            child=child,
            episode=referral,
            created_by=worker,
            created_at=at(2026, 2, 4),
        )


def test_starting_a_second_cin_plan_is_refused_with_a_message(child, worker, finalised):
    with pytest.raises(services.PlanError, match="already has a child in need plan"):
        services.plan_draft_start(child=child, by=worker, at=at(2026, 2, 4))


def test_a_cin_plan_cannot_start_before_the_referral(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))

    with pytest.raises(services.PlanError, match="cannot start before the referral on 12 January 2026"):
        services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3), start=date(2026, 1, 11))
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(start=date(2026, 1, 11))

    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_cin_plan_needs_an_open_episode(child, worker):
    with pytest.raises(services.PlanError, match="has no open referral"):
        services.plan_draft_start(child=child, by=worker, at=at(2026, 2, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            kind=PlanKind.CHILD_IN_NEED, child=child, created_by=worker, created_at=at(2026, 2, 2)
        )


def test_cin_plans_for_a_child_cannot_overlap(child, referral, worker, manager, finalised):
    services.plan_end(
        plan=finalised, by=manager, at=at(2026, 4, 1), end=date(2026, 3, 31), reason="outcomes_met"
    )
    again = complete_draft(child, by=worker, when=at(2026, 4, 1))

    with pytest.raises(
        services.PlanError, match="would overlap the child in need plan that started 3 February"
    ):
        services.plan_finalise(plan=again, by=manager, at=at(2026, 4, 1), start=date(2026, 3, 30))
    services.plan_finalise(plan=again, by=manager, at=at(2026, 4, 1), start=date(2026, 3, 31))

    assert Plan.objects.get(pk=again.pk).start == date(2026, 3, 31)


def test_a_cin_plan_cannot_overlap_a_child_protection_plan(child, referral, worker, manager):
    Plan.objects.create(
        kind=PlanKind.CHILD_PROTECTION,
        child=child,
        episode=referral,
        episode_start=referral.referral_date,
        status=PlanStatus.ACTIVE,
        start=date(2026, 1, 20),
        created_by=worker,
        created_at=at(2026, 1, 20),
    )
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))

    with pytest.raises(services.PlanError, match="overlap the child protection plan"):
        services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))


def test_ending_a_plan_sets_its_end_date_and_goes_on_the_chronology(finalised, manager):
    services.plan_end(
        plan=finalised,
        by=manager,
        at=at(2026, 5, 1),
        end=date(2026, 4, 30),
        reason="step_down",
        notes="Early help",
    )

    plan = Plan.objects.get(pk=finalised.pk)
    assert (
        plan.status == PlanStatus.ENDED and plan.end == date(2026, 4, 30) and plan.end_reason == "step_down"
    )
    assert ChronologyEvent.objects.get(kind="plan_ended").summary == (
        "Child in need plan ended on 30 April 2026: stepped down to early help or universal services. Early help"
    )
    plan.end_notes = "Changed later"
    with pytest.raises(PlanLocked):
        plan.save()


def test_a_review_records_the_decision_and_the_next_review(finalised, worker):
    review = services.plan_review_record(
        plan=finalised,
        by=worker,
        at=at(2026, 5, 1),
        held_on=date(2026, 4, 30),
        attendees="Mum, school",
        progress="Attendance is better",
        child_views="Amelia says school is OK now",
        decision=ReviewDecision.CONTINUE,
    )

    assert review.next_review_on == date(2026, 7, 30)
    assert "Next review 30 July 2026" in ChronologyEvent.objects.get(kind="plan_reviewed").summary
    with pytest.raises(PlanLocked):
        PlanReview.objects.filter(pk=review.pk).update(progress="Rewritten")


def test_a_review_can_add_an_action_to_a_finalised_plan(finalised, worker):
    review = services.plan_review_record(
        plan=finalised,
        by=worker,
        at=at(2026, 5, 1),
        held_on=date(2026, 4, 30),
        attendees="Mum, school",
        progress="Attendance is better",
        child_views="Amelia wants to join a club",
        decision=ReviewDecision.CONTINUE,
        new_actions=[
            services.NewAction(
                what="Find an after-school club",
                owner_staff=worker,
                owner_name="",
                due=date(2026, 6, 1),
                measure="Amelia goes every week",
            )
        ],
    )

    added = PlanAction.objects.get(added_at_review=review)
    assert added.position == 3 and added.owner_staff == worker


def test_a_review_that_ends_the_plan_ends_it_on_the_day_of_the_review(finalised, worker):
    services.plan_review_record(
        plan=finalised,
        by=worker,
        at=at(2026, 5, 1),
        held_on=date(2026, 4, 30),
        attendees="Mum, school",
        progress="All outcomes met",
        child_views="Amelia is happy",
        decision=ReviewDecision.END,
        next_review_on=date(2026, 7, 30),
    )

    plan = Plan.objects.get(pk=finalised.pk)
    assert plan.status == PlanStatus.ENDED and plan.end == date(2026, 4, 30) and plan.end_reason == "review"
    assert PlanReview.objects.get().next_review_on is None


def test_an_open_plan_stops_the_episode_closing(finalised, referral, manager):
    blockers = closure_blockers(referral)

    assert "The child in need plan is still open: end it before closing the episode" in blockers
    services.plan_end(
        plan=finalised, by=manager, at=at(2026, 5, 1), end=date(2026, 4, 30), reason="outcomes_met"
    )
    assert not any("plan" in b for b in closure_blockers(referral))


def test_a_draft_can_be_discarded_but_leaves_a_chronology_entry(child, referral, worker):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))

    services.plan_discard(plan=plan, by=worker, at=at(2026, 2, 3))

    assert not Plan.objects.exists() and not PlanAction.objects.exists()
    assert ChronologyEvent.objects.filter(kind="plan_discarded").count() == 1


def test_a_plan_for_a_later_episode_can_start_after_the_first_closed(child, team, worker, manager, finalised):
    services.plan_end(
        plan=finalised, by=manager, at=at(2026, 5, 1), end=date(2026, 4, 30), reason="case_closed"
    )
    from carefile.frontdoor.models import Referral

    Referral.objects.filter(pk=finalised.episode_id).update(
        closure_date=date(2026, 4, 30), closure_reason="RC1"
    )
    later = open_referral(child, on=date(2026, 9, 1), team=team, by=worker)
    plan = complete_draft(child, by=worker, when=at(2026, 9, 14))

    services.plan_finalise(plan=plan, by=manager, at=at(2026, 9, 14))

    assert Plan.objects.get(pk=plan.pk).episode == later


def test_the_census_sees_finalised_plans_open_in_the_year_with_their_dates(
    child, referral, worker, manager, finalised
):
    from carefile.plans.selectors import plans_in_period

    services.plan_end(
        plan=finalised, by=manager, at=at(2026, 4, 2), end=date(2026, 4, 1), reason="outcomes_met"
    )

    in_2025_26 = plans_in_period(
        kind=PlanKind.CHILD_IN_NEED, first_day=date(2025, 4, 1), last_day=date(2026, 3, 31)
    )
    in_2026_27 = plans_in_period(
        kind=PlanKind.CHILD_IN_NEED, first_day=date(2026, 4, 2), last_day=date(2027, 3, 31)
    )

    assert [(p.start, p.end) for p in in_2025_26] == [(date(2026, 2, 3), date(2026, 4, 1))]
    assert list(in_2026_27) == []
