"""Recording looked-after reviews with their recommendations, and missing episodes with the return home
interview."""

from datetime import date, timedelta

import pytest

from carefile.care import services
from carefile.care.models import CareEvent, MissingEpisode, RecommendationStatus
from carefile.care.services import CareError, Recommendation
from carefile.common.models import ChronologyEvent
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import Allocation, AllocationRole, Role

from .conftest import HOME, NOW, at, start_care

pytestmark = pytest.mark.django_db


def review(child, by, iro, **kwargs):
    return services.review_record(
        child=child,
        held_on=kwargs.pop("held_on", date(2026, 1, 30)),
        reviewing_officer=iro,
        participation=kwargs.pop("participation", "PN1"),
        child_views=kwargs.pop("child_views", "I like it here but I miss my brother"),
        by=by,
        at=NOW,
        **kwargs,
    )


# ---- reviews --------------------------------------------------------------------------------------------


def test_a_review_records_participation_views_and_recommendations_as_tracked_actions(child, worker, iro):
    start_care(child, worker, on=date(2026, 1, 5))

    r = review(
        child,
        iro,
        iro,
        recommendations=[
            Recommendation(
                "Arrange contact with her brother every fortnight", date(2026, 2, 13), owner_staff=worker
            ),
            Recommendation(
                "Apply for a school place nearer the placement", date(2026, 3, 1), owner_name="Mrs Green"
            ),
        ],
    )

    assert (r.held_on, r.participation, r.period.start) == (date(2026, 1, 30), "PN1", date(2026, 1, 5))
    recs = list(r.recommendations.order_by("due"))
    assert [(x.owner, x.status) for x in recs] == [(str(worker), "not_started"), ("Mrs Green", "not_started")]
    assert ChronologyEvent.objects.filter(person=child, kind=CareEvent.REVIEW_HELD).exists()


def test_the_first_review_allocates_the_reviewing_officer_who_chaired_it(child, worker, iro):
    start_care(child, worker)

    review(child, worker, iro)

    allocation = Allocation.objects.get(child=child, role=AllocationRole.REVIEWING_OFFICER)
    assert allocation.worker == iro and allocation.end is None


def test_a_review_chaired_by_a_cover_officer_keeps_the_allocated_one(child, worker, iro):
    start_care(child, worker)
    services.iro_allocate(child=child, iro=iro, by=worker, at=at(2026, 1, 6))
    cover = StaffFactory(role=Role.REVIEWING_OFFICER)

    review(child, worker, cover)

    assert (
        Allocation.objects.get(child=child, role=AllocationRole.REVIEWING_OFFICER, end__isnull=True).worker
        == iro
    )


def test_only_an_independent_reviewing_officer_chairs_a_review(child, worker):
    start_care(child, worker)

    with pytest.raises(CareError, match="not an independent reviewing officer"):
        review(child, worker, worker)


def test_a_child_under_4_takes_part_as_pn0(worker, iro):
    baby = PersonFactory(date_of_birth=date(2024, 6, 1))
    start_care(baby, worker)

    with pytest.raises(CareError, match="rule 441"):
        review(baby, worker, iro, participation="PN7")
    assert review(baby, worker, iro, participation="PN0").participation == "PN0"


def test_pn0_is_only_for_a_child_under_4(child, worker, iro):
    start_care(child, worker)

    with pytest.raises(CareError, match="rule 440"):
        review(child, worker, iro, participation="PN0")


def test_a_review_must_fall_in_a_period_of_care(child, worker, iro):
    start_care(child, worker, on=date(2026, 1, 5))

    with pytest.raises(CareError, match="was not looked after"):
        review(child, worker, iro, held_on=date(2025, 12, 30))


def test_two_reviews_on_one_day_are_refused(child, worker, iro):
    start_care(child, worker)
    review(child, worker, iro)

    with pytest.raises(CareError, match="already recorded"):
        review(child, worker, iro)


def test_a_recommendation_has_one_owner_and_a_due_date_not_before_the_review(child, worker, iro):
    start_care(child, worker)

    with pytest.raises(CareError, match="one owner"):
        review(
            child, worker, iro, recommendations=[Recommendation("x", date(2026, 2, 1), worker, "Mrs Green")]
        )
    with pytest.raises(CareError, match="on or after the day of the review"):
        review(child, worker, iro, recommendations=[Recommendation("x", date(2026, 1, 1), worker)])


def test_a_recommendation_done_needs_the_date_and_not_done_needs_a_reason(child, worker, iro):
    start_care(child, worker)
    rec = review(
        child, worker, iro, recommendations=[Recommendation("Book a dentist", date(2026, 2, 27), worker)]
    )
    rec = rec.recommendations.get()

    with pytest.raises(CareError, match="date it was done"):
        services.recommendation_update(recommendation=rec, status="done", by=worker, at=NOW)
    with pytest.raises(CareError, match="why it was not done"):
        services.recommendation_update(recommendation=rec, status="not_done", by=worker, at=NOW)
    done = services.recommendation_update(
        recommendation=rec, status="done", completed_on=date(2026, 2, 20), by=worker, at=NOW
    )

    assert (done.status, done.completed_on, done.updated_by) == (
        RecommendationStatus.DONE,
        date(2026, 2, 20),
        worker,
    )


def test_a_child_on_v3_short_breaks_is_reviewed_between_breaks(child, worker, iro):
    services.short_break_record(
        child=child,
        start=date(2026, 2, 6),
        end=date(2026, 2, 8),
        placement=HOME,
        cin_need="N2",
        by=worker,
        at=NOW,
    )

    r = review(child, worker, iro, held_on=date(2026, 3, 10))

    assert r.period.start == date(2026, 2, 6)


# ---- missing --------------------------------------------------------------------------------------------


def test_going_missing_from_care_is_recorded_against_the_period_of_care(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))

    m = services.missing_record(child=child, kind="M", started_at=at(2026, 3, 6, 22), by=worker, at=NOW)

    assert m.period is not None and m.is_open
    assert ChronologyEvent.objects.get(person=child, kind=CareEvent.MISSING).significant


def test_going_missing_from_home_has_no_period_of_care(child, worker):
    m = services.missing_record(
        child=child,
        kind="A",
        started_at=at(2026, 3, 6, 22),
        ended_at=at(2026, 3, 7, 9),
        where_found="A friend's house",
        by=worker,
        at=NOW,
    )

    assert m.period is None and m.where_found == "A friend's house"
    assert ChronologyEvent.objects.filter(person=child, kind=CareEvent.RETURNED).exists()


def test_missing_episodes_of_one_child_do_not_overlap(child, worker):
    services.missing_record(
        child=child, kind="M", started_at=at(2026, 3, 6, 22), ended_at=at(2026, 3, 8, 9), by=worker, at=NOW
    )

    with pytest.raises(CareError, match="rule 574"):
        services.missing_record(child=child, kind="M", started_at=at(2026, 3, 7, 22), by=worker, at=NOW)


def test_a_child_already_missing_cannot_go_missing_again_until_they_are_back(child, worker):
    services.missing_record(child=child, kind="M", started_at=at(2026, 3, 6, 22), by=worker, at=NOW)

    with pytest.raises(CareError, match="already recorded as missing"):
        services.missing_record(child=child, kind="M", started_at=at(2026, 3, 9, 22), by=worker, at=NOW)


def test_the_return_is_after_going_missing_and_not_in_the_future(child, worker):
    m = services.missing_record(child=child, kind="M", started_at=at(2026, 3, 6, 22), by=worker, at=NOW)

    with pytest.raises(CareError, match="came back after"):
        services.missing_return(episode=m, ended_at=at(2026, 3, 6, 21), by=worker, at=NOW)
    with pytest.raises(CareError, match="future"):
        services.missing_return(episode=m, ended_at=NOW + timedelta(hours=1), by=worker, at=NOW)
    back = services.missing_return(
        episode=m, ended_at=at(2026, 3, 7, 8), where_found="Bus station", by=worker, at=NOW
    )
    assert back.ended_at == at(2026, 3, 7, 8)


def test_the_return_interview_is_offered_after_the_return_and_held_only_if_accepted(child, worker):
    m = services.missing_record(
        child=child, kind="M", started_at=at(2026, 3, 6, 22), ended_at=at(2026, 3, 7, 8), by=worker, at=NOW
    )

    with pytest.raises(CareError, match="offered after the child came back"):
        services.return_interview_record(
            episode=m, offered_at=at(2026, 3, 7, 7), response="accepted", by=worker, at=NOW
        )
    with pytest.raises(CareError, match="only if the child accepted"):
        services.return_interview_record(
            episode=m,
            offered_at=at(2026, 3, 8, 10),
            response="declined",
            interview_on=date(2026, 3, 9),
            by=worker,
            at=NOW,
        )
    done = services.return_interview_record(
        episode=m,
        offered_at=at(2026, 3, 8, 10),
        response="accepted",
        interview_on=date(2026, 3, 9),
        interviewed_by="Jo Smith, Runaway Helpline service",
        learnt="Went to meet older friends in town; worried about a man who gives them lifts",
        by=worker,
        at=NOW,
    )

    assert (done.response, done.interview_on) == ("accepted", date(2026, 3, 9))
    event = ChronologyEvent.objects.get(person=child, kind=CareEvent.RETURN_INTERVIEW)
    assert event.data["late"] is False


def test_an_interview_offered_after_72_hours_is_marked_late_on_the_chronology(child, worker):
    m = services.missing_record(
        child=child, kind="M", started_at=at(2026, 3, 6, 22), ended_at=at(2026, 3, 7, 8), by=worker, at=NOW
    )

    services.return_interview_record(
        episode=m, offered_at=at(2026, 3, 10, 9), response="declined", by=worker, at=NOW
    )

    event = ChronologyEvent.objects.get(person=child, kind=CareEvent.RETURN_INTERVIEW)
    assert event.data["late"] is True and "after 72 hours" in event.summary


def test_a_missing_episode_after_care_ended_is_from_home(child, worker):
    start_care(child, worker, on=date(2026, 1, 5))
    services.care_end(child=child, on=date(2026, 2, 2), reason_ceased="E4A", by=worker, at=NOW)

    m = services.missing_record(child=child, kind="M", started_at=at(2026, 2, 2, 22), by=worker, at=NOW)

    assert MissingEpisode.objects.get(pk=m.pk).period is None
