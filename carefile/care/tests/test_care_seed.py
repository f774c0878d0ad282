"""`seed_care` writes care the services would have written: sound SSDA903 chains, reviews, missing episodes
with return interviews, and short breaks that leave children as children in need."""

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.utils import timezone

from carefile.care import ssda903
from carefile.care.episodes import chain_problems
from carefile.care.models import CareReview, Episode, MissingEpisode, PeriodOfCare, ReviewRecommendation
from carefile.care.seed import seed_care
from carefile.care.timescales import add_months
from carefile.common.calendar import HolidayCalendar
from carefile.people.models import Person
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Allocation, AllocationRole, Role, ServiceArea

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 31)
HOLIDAYS = HolidayCalendar(2015, 2030, added=set(), removed=set())


@pytest.fixture
def council(db):
    rng = random.Random(7)
    cic = TeamFactory(name="Children in care", service_area=ServiceArea.CHILDREN_IN_CARE)
    disability = TeamFactory(name="Disabled children", service_area=ServiceArea.DISABILITY)
    worker = StaffFactory(role=Role.SOCIAL_WORKER, team=cic)
    StaffFactory(role=Role.TEAM_MANAGER, team=cic)
    iro = StaffFactory(role=Role.REVIEWING_OFFICER, team=TeamFactory(service_area=ServiceArea.REVIEWING))
    for i in range(120):
        born = ON - timedelta(days=rng.randint(200, 17 * 365))
        child = PersonFactory(date_of_birth=born, case_status="looked_after", responsible_team=cic)
        started = timezone.make_aware(
            timezone.datetime.combine(
                ON - timedelta(days=rng.randint(20, 1500)), timezone.datetime.min.time()
            )
        )
        Allocation.objects.create(child=child, worker=worker, start=started, reason="new_case")
        if i % 4:
            Allocation.objects.create(
                child=child,
                worker=iro,
                role=AllocationRole.REVIEWING_OFFICER,
                start=started + timedelta(days=5),
                reason="new_case",
            )
    for _ in range(40):
        PersonFactory(
            date_of_birth=ON - timedelta(days=rng.randint(6 * 365, 15 * 365)),
            case_status="child_in_need",
            responsible_team=disability,
        )
    for _ in range(30):
        PersonFactory(
            date_of_birth=ON - timedelta(days=rng.randint(12 * 365, 17 * 365)),
            case_status="child_in_need",
            responsible_team=cic,
        )
    return {"cic": cic, "disability": disability}


def test_seeded_care_gives_every_child_in_care_one_open_period_and_a_sound_chain_of_episodes(council):
    counts = seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    looked_after = set(Person.objects.filter(case_status="looked_after").values_list("pk", flat=True))
    open_periods = set(
        PeriodOfCare.objects.filter(end__isnull=True, short_breaks=False).values_list("child_id", flat=True)
    )
    assert open_periods == looked_after
    by_child = defaultdict(list)
    for e in Episode.objects.all():
        by_child[e.child_id].append(e)
    problems = {child: chain_problems(eps) for child, eps in by_child.items()}
    assert {c: p for c, p in problems.items() if p} == {}
    assert counts["care episodes"] == Episode.objects.count() > counts["periods of care"]


def test_seeded_episodes_mostly_have_one_to_three_placements_and_common_legal_statuses(council):
    seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    statuses = defaultdict(int)
    for ls in Episode.objects.exclude(legal_status__in=["V3", "V4"]).values_list("legal_status", flat=True):
        statuses[ls] += 1
    placements = defaultdict(int)
    for child_id in Person.objects.filter(case_status="looked_after").values_list("pk", flat=True):
        moves = (
            Episode.objects.filter(child_id=child_id, new_episode_reason__in=["S", "P", "B"])
            .exclude(place__startswith="T")
            .exclude(placement_start__lt=models_start_field())
        )
        placements[min(moves.count(), 4)] += 1
    assert statuses["C2"] >= max(v for k, v in statuses.items() if k != "C2")
    assert {"C2", "V2", "C1"} <= set(statuses)
    assert placements[1] + placements[2] + placements[3] > placements[4]


def models_start_field():
    from django.db.models import F

    return F("start")


def test_seeded_reviews_are_mostly_on_time_and_carry_recommendations(council):
    counts = seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    assert counts["looked-after reviews"] == CareReview.objects.count() > 0
    assert ReviewRecommendation.objects.count() >= CareReview.objects.count()
    for review in CareReview.objects.select_related("period", "child")[:200]:
        assert review.period.start <= review.held_on < ON
        age = review.child.age_on(review.held_on)
        assert (review.participation == "PN0") == (age < 4)


def test_seeded_missing_episodes_do_not_overlap_and_most_interviews_are_offered_in_time(council):
    seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    missing = list(MissingEpisode.objects.order_by("child_id", "started_at"))
    assert missing
    for a, b in zip(missing, missing[1:], strict=False):
        if a.child_id == b.child_id:
            assert a.ended_at is not None and a.ended_at <= b.started_at
    offered = [m for m in missing if m.offered_at]
    in_time = [m for m in offered if m.offered_at <= m.ended_at + timedelta(hours=72)]
    assert len(in_time) > len(offered) / 2


def test_seeded_short_breaks_leave_children_in_need_and_keep_to_the_short_break_rules(council):
    seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    breaks = Episode.objects.filter(legal_status__in=["V3", "V4"]).select_related("child")
    assert breaks.exists()
    assert {e.child.case_status for e in breaks} == {"child_in_need"}
    for e in breaks.filter(legal_status="V3"):
        assert (e.end - e.start).days <= 17 and e.postcode == "" and e.urn == ""


def test_the_seeded_episodes_build_ssda903_rows_for_the_year(council):
    seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    year = ssda903.CollectionYear(2026)
    rows = []
    for child in Person.objects.filter(care_episodes__isnull=False).distinct():
        rows += ssda903.episode_rows(
            child_ref=child.la_child_id,
            episodes=Episode.objects.filter(child=child).select_related("period"),
            year=year,
        )
    assert rows
    assert all(r.DEC is None or year.end >= r.DEC for r in rows)


def test_seeding_twice_with_the_same_seed_gives_the_same_care(council):
    from carefile.care import models

    statuses = dict(Person.objects.values_list("pk", "case_status"))
    seed_care(rng=random.Random(3), on=ON, holidays=HOLIDAYS)
    first = list(
        Episode.objects.order_by("child_id", "start").values_list(
            "child_id", "start", "place", "legal_status"
        )
    )
    Episode.objects.all().delete()
    ReviewRecommendation.objects.all().delete()
    CareReview.objects.all().delete()
    MissingEpisode.objects.all().delete()
    for model in [
        models.AdoptionMatch,
        models.AdoptionDecision,
        models.PreviousPermanence,
        models.PermanencePlan,
        models.HealthCheck,
        models.SdqAssessment,
        models.YearOutcome,
        models.CareLeaver,
        models.PathwayPlan,
        models.LeaverContact,
        models.UascStatus,
    ]:
        model.objects.all().delete()
    PeriodOfCare.objects.all().delete()
    for pk, status in statuses.items():  # adoption and leaving care moved some children on
        Person.objects.filter(pk=pk).update(case_status=status)

    seed_care(rng=random.Random(3), on=ON, holidays=HOLIDAYS)

    again = list(
        Episode.objects.order_by("child_id", "start").values_list(
            "child_id", "start", "place", "legal_status"
        )
    )
    assert again == first


def test_past_care_for_care_leavers_ends_by_18_and_makes_them_eligible(council):
    from carefile.care.seed import seed_past_care
    from carefile.care.selectors import looked_after_days, was_looked_after

    leavers = [
        PersonFactory(date_of_birth=ON - timedelta(days=19 * 365 + i * 20), case_status="care_leaver")
        for i in range(15)
    ]

    counts = seed_past_care(rng=random.Random(2), on=ON, holidays=HOLIDAYS)

    assert counts["past periods of care"] == len(leavers)
    for young_person in leavers:
        periods = list(PeriodOfCare.objects.filter(child=young_person))
        assert len(periods) == 1 and periods[0].end is not None
        assert periods[0].end <= add_months(young_person.date_of_birth, 18 * 12)
        assert was_looked_after(young_person)
        fourteen = add_months(young_person.date_of_birth, 14 * 12)
        assert looked_after_days(young_person, since=fourteen, until=ON) >= 91
        assert chain_problems(Episode.objects.filter(child=young_person)) == []


def test_seeded_health_permanence_and_leaving_care_records_keep_to_the_return_s_rules(council):
    from carefile.care import codes
    from carefile.care.models import (
        AdoptionDecision,
        AdoptionMatch,
        CareLeaver,
        HealthCheck,
        LeaverContact,
        PreviousPermanence,
        SdqAssessment,
        UascStatus,
    )

    for born in [date(2007, 6, 1), date(2006, 2, 10), date(2008, 1, 5)]:
        PersonFactory(date_of_birth=born, case_status="care_leaver", responsible_team=council["cic"])
    counts = seed_care(rng=random.Random(1), on=ON, holidays=HOLIDAYS)

    assert counts["health checks"] == HealthCheck.objects.count() > 0
    assert SdqAssessment.objects.exists()
    assert PreviousPermanence.objects.count() == PeriodOfCare.objects.count()
    assert CareLeaver.objects.filter(eligibility__in=["relevant", "former_relevant"]).exists()
    # Adoption: a decision before any adoptive placement or placement order, a match before an adoption.
    for e in Episode.objects.filter(place__in=list(codes.ADOPTION_PLACEMENTS)):
        decision = AdoptionDecision.objects.get(period_id=e.period_id)
        assert period_start(e) <= decision.decided_on <= e.start
    for e in Episode.objects.filter(reason_ceased__in=["E11", "E12"]):
        assert AdoptionMatch.objects.filter(child_id=e.child_id, matched_on__lte=e.end).exists()
    for c in LeaverContact.objects.all():
        assert (
            codes.leaver_contact_problems(
                age=c.age, in_touch=c.in_touch, activity=c.activity, accommodation=c.accommodation
            )
            == {}
        )
    for s in UascStatus.objects.select_related("child"):
        assert s.child.age_on(s.since) < 18
    for sdq in SdqAssessment.objects.select_related("child"):
        assert (sdq.score is None) != (sdq.reason == "")


def period_start(episode):
    return PeriodOfCare.objects.get(pk=episode.period_id).start
