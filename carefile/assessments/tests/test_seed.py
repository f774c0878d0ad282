"""The synthetic assessments for seed_council: realistic timeliness, and every rule the services keep."""

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carefile.common.calendar import holiday_calendar
from carefile.common.workdays import add_working_days, working_days_between
from carefile.frontdoor.models import Referral
from carefile.people.models import Person
from carefile.testing.factories import StaffFactory, TeamFactory
from carefile.workforce.models import Role

from ..codes import NO_FACTORS, Status
from ..models import Assessment, InternalReview
from ..seed import _WorkingDayIndex, seed_assessments

pytestmark = pytest.mark.django_db

ON = date(2026, 11, 20)
STATUSES = [("child_in_need", 30), ("child_protection", 15), ("looked_after", 10), ("assessment", 8),
            ("referral", 5), ("", 17), ("early_help", 5)]  # fmt: skip


def a_council(n: int, seed: int = 7):
    """`n` children, each with one referral in the two years before ON: most open, some already closed."""
    rng = random.Random(seed)
    team = TeamFactory()
    worker = StaffFactory(team=team, role=Role.SOCIAL_WORKER)
    team.manager = StaffFactory(team=team, role=Role.TEAM_MANAGER)
    team.save()
    people = Person.objects.bulk_create(
        Person(
            given_name="Child",
            family_name=f"Seed{i}",
            la_child_id=f"S{i:07d}",
            date_of_birth=date(2015, 1, 1),
        )
        for i in range(n)
    )
    referrals = []
    for person in people:
        referral_date = ON - timedelta(days=rng.randrange(0, 730))
        closed = rng.random() < 0.1 and referral_date < ON - timedelta(days=130)
        status = "" if closed else rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        person.case_status = status
        referrals.append(
            Referral(
                child=person,
                referral_date=referral_date,
                source="2A",
                team=team,
                presenting_issue="Seeded",
                opened_by=worker,
                closure_date=referral_date + timedelta(days=rng.randrange(90, 125)) if closed else None,
                closure_reason=rng.choice(["RC7", "RC8", "RC9"]) if closed else "",
            )
        )
    Person.objects.bulk_update(people, ["case_status"])
    Referral.objects.bulk_create(referrals)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            a_council(1500)
            counts = seed_assessments(rng=random.Random(1), on=ON, holidays=holiday_calendar())
            yield counts
            transaction.set_rollback(True)


def test_about_85_percent_of_seeded_assessments_are_authorised_within_45_working_days(seeded):
    share = seeded["authorised within 45 working days"] / seeded["authorised"]

    assert seeded["authorised"] > 800
    assert 0.80 <= share <= 0.92


def test_the_seed_has_late_open_and_bank_holiday_assessments(seeded):
    assert seeded["authorised"] - seeded["authorised within 45 working days"] > 50
    assert seeded["open and overdue"] > 5
    assert seeded["open"] > seeded["open and overdue"]
    assert seeded["spanning a bank holiday"] > 100
    assert seeded["episodes closed after assessment"] > 10
    assert seeded["re-assessments"] > 10


def test_seeded_assessments_keep_the_rules_of_the_services(seeded):
    rows = Assessment.objects.select_related("referral")
    for a in rows:
        assert a.start_date >= a.referral.referral_date
        if a.status == Status.AUTHORISED:
            assert a.authorised_on >= a.start_date and a.outcome and a.primary_need
            assert a.referral.closure_date is None or a.referral.closure_date >= a.authorised_on
            assert a.referral.primary_need == a.primary_need
        else:
            assert a.referral.closure_date is None
    for referral in (
        Referral.objects.filter(assessments__isnull=False).distinct().prefetch_related("assessments")
    ):
        spans = sorted((a.start_date, a.authorised_on or ON) for a in referral.assessments.all())
        assert all(later[0] >= earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))
    for referral in Referral.objects.filter(closure_reason__in=["RC8", "RC9"]):
        assert referral.assessments.filter(status=Status.AUTHORISED).exists()
    for a in Assessment.objects.filter(factors__code=NO_FACTORS):
        assert list(a.factors.values_list("code", flat=True)) == [NO_FACTORS]
        assert a.outcome in {"nfa", "early_help"}
    assert not Assessment.objects.filter(status=Status.AUTHORISED, factors__isnull=True).exists()


def test_seeded_internal_reviews_are_held_while_the_assessment_was_open(seeded):
    held = InternalReview.objects.exclude(held_on=None).select_related("assessment")

    assert held.count() > 1000
    for review in held:
        assert review.assessment.start_date <= review.held_on <= (review.assessment.authorised_on or ON)


def test_closing_after_assessment_leaves_the_child_not_open(seeded):
    closed = Referral.objects.filter(closure_reason__in=["RC8", "RC9"], assessments__isnull=False).distinct()

    statuses = set(Person.objects.filter(referrals__in=closed).values_list("case_status", flat=True))

    assert statuses == {""}


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 6, 30)),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 6, 30)),
    st.integers(min_value=-5, max_value=130),
)
def test_the_seeds_working_day_table_agrees_with_the_working_day_functions(start, end, days):
    holidays = holiday_calendar()
    index = _WorkingDayIndex(date(2019, 1, 1), date(2027, 6, 30), holidays)

    assert index.add(start, days) == add_working_days(start, days, holidays=holidays)
    assert index.between(start, end) == working_days_between(start, end, holidays=holidays)
