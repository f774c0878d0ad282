"""seed_protection: realistic proportions, and every record as the services and the CIN census would have it."""

import random
from datetime import date, timedelta

import pytest

from carefile.common.workdays import england_bank_holidays
from carefile.frontdoor.models import Referral
from carefile.people.models import Person
from carefile.plans.models import Plan, PlanKind
from carefile.protection.cin_census import episode_protection
from carefile.protection.codes import ConferenceDecision, ConferenceKind, EnquiryOutcome
from carefile.protection.models import ChildProtectionPlan, Conference, CoreGroupMeeting, Section47Enquiry
from carefile.protection.seed import seed_protection
from carefile.protection.selectors import previous_plan_count

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)
HOLIDAYS = england_bank_holidays(range(2020, 2028))


@pytest.fixture
def council(team, worker, manager, chair):
    rng = random.Random(7)
    people, episodes = [], []
    for i in range(260):
        status = (
            "child_protection"
            if i < 120
            else ("child_in_need" if i < 170 else ("assessment" if i < 200 else ""))
        )
        people.append(
            Person(
                given_name=f"Child{i}",
                family_name="Seed",
                la_child_id=f"S{i:06d}",
                date_of_birth=date(2014, 1, 1),
                responsible_team=team,
                case_status=status,
            )
        )
    Person.objects.bulk_create(people)
    for person in people:
        if person.case_status:
            days = rng.randint(20, 1100) if person.case_status != "assessment" else rng.randint(3, 40)
            episodes.append(
                Referral(
                    child=person,
                    referral_date=ON - timedelta(days=days),
                    source="6",
                    team=team,
                    presenting_issue="Concerns",
                    opened_by=worker,
                )
            )
        else:
            start = ON - timedelta(days=rng.randint(200, 1200))
            episodes.append(
                Referral(
                    child=person,
                    referral_date=start,
                    source="2A",
                    team=team,
                    presenting_issue="Concerns",
                    opened_by=worker,
                    closure_date=start + timedelta(days=rng.randint(95, 180)),
                    closure_reason="RC7",
                )
            )
    Referral.objects.bulk_create(episodes)
    return people


@pytest.fixture
def seeded(council):
    return seed_protection(rng=random.Random("1-protection"), on=ON, holidays=HOLIDAYS)


def test_every_child_on_a_plan_has_the_story_that_put_them_there(seeded, council):
    on_plans = [p for p in council if p.case_status == "child_protection"]

    open_plans = ChildProtectionPlan.objects.filter(end__isnull=True)

    assert {p.child_id for p in open_plans} == {p.pk for p in on_plans}
    for plan in open_plans.select_related("conference"):
        assert plan.conference.decision == ConferenceDecision.PLAN
        assert plan.conference.held_on == plan.start <= ON
        assert plan.conference.kind in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN)
    assert seeded["plans"] >= len(on_plans)


def test_most_initial_conferences_are_on_time_and_some_are_late(seeded):
    held = list(Conference.objects.filter(kind=ConferenceKind.INITIAL, held_on__isnull=False))
    late = [c for c in held if c.held_on > c.target_date]

    assert 0.03 < len(late) / len(held) < 0.3
    assert all(c.held_on.weekday() < 5 and c.target_date.weekday() < 5 for c in held)
    assert all(c.held_on >= c.enquiry.start_date for c in held)


def test_there_are_second_plans_long_plans_ended_plans_and_enquiries_without_a_conference(seeded):
    plans = list(ChildProtectionPlan.objects.all())

    assert any(previous_plan_count(p) > 0 for p in plans)
    assert any(((p.end or ON) - p.start).days > 730 for p in plans)
    assert ChildProtectionPlan.objects.filter(end__isnull=False).exists()
    assert Section47Enquiry.objects.filter(
        outcome__in=[EnquiryOutcome.NOT_SUBSTANTIATED, EnquiryOutcome.NO_CONFERENCE], closed_on__isnull=False
    ).exists()
    assert Section47Enquiry.objects.filter(closed_on__isnull=True).exists()
    assert CoreGroupMeeting.objects.exists()
    assert Conference.objects.filter(kind=ConferenceKind.REVIEW, held_on__isnull=False).exists()


def test_nothing_is_after_the_seed_date_or_outside_its_episode(seeded):
    for plan in ChildProtectionPlan.objects.select_related("episode"):
        assert plan.episode.referral_date <= plan.start <= ON
        if plan.end:
            assert plan.start < plan.end <= ON
            if plan.episode.closure_date:
                assert plan.end <= plan.episode.closure_date
    for enquiry in Section47Enquiry.objects.select_related("episode"):
        assert enquiry.episode.referral_date <= enquiry.start_date <= ON
        if enquiry.episode.closure_date:
            assert enquiry.closed_on is not None and enquiry.closed_on <= enquiry.episode.closure_date
    for meeting in CoreGroupMeeting.objects.select_related("cp_plan"):
        assert meeting.cp_plan.start <= meeting.held_on <= ON
    for review in Conference.objects.filter(kind=ConferenceKind.REVIEW, held_on__isnull=False).select_related(
        "cp_plan"
    ):
        assert review.cp_plan.start < review.held_on <= (review.cp_plan.end or ON)


def test_what_each_open_plan_says_is_a_child_protection_plan_of_the_plans_app(seeded):
    for plan in ChildProtectionPlan.objects.filter(end__isnull=True).select_related("plan"):
        assert plan.plan is not None and plan.plan.kind == PlanKind.CHILD_PROTECTION
        assert plan.plan.start == plan.start
    assert (
        Plan.objects.filter(kind=PlanKind.CHILD_PROTECTION, end__isnull=True).count()
        == ChildProtectionPlan.objects.filter(end__isnull=True).count()
    )


def test_the_census_sees_each_plan_start_on_a_conference_day(seeded):
    episodes = list(Referral.objects.values_list("pk", flat=True))
    for year in (2025, 2026):
        for blocks in episode_protection(episodes, year=year).values():
            conferences = {s["DateOfInitialCPC"] for s in blocks["Section47"]} | {blocks["DateOfInitialCPC"]}
            for plan in blocks["ChildProtectionPlans"]:
                if plan["CPPstartDate"] >= date(year - 1, 4, 1):
                    assert plan["CPPstartDate"] in conferences
            still_open = [
                s for s in blocks["Section47"] if not s["DateOfInitialCPC"] and not s["ICPCnotRequired"]
            ]
            assert len(still_open) <= 1


def test_seeding_twice_gives_no_child_a_second_story(seeded):
    before = ChildProtectionPlan.objects.filter(end__isnull=True).count()

    seed_protection(rng=random.Random("2-protection"), on=ON, holidays=HOLIDAYS)

    assert ChildProtectionPlan.objects.filter(end__isnull=True).count() == before
