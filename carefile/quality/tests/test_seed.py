"""seed_quality: disabled children wait more, two audit rounds with moderation, the improvement plan."""

import random
from datetime import date

import pytest

from carefile.common.workdays import england_bank_holidays
from carefile.people.models import PersonDisability
from carefile.quality.models import (
    AuditRound,
    AuditStatus,
    CaseAudit,
    DomainGrade,
    PlanAction,
    Recommendation,
    ServiceRequest,
    ServiceStatus,
)
from carefile.quality.seed import seed_quality
from carefile.testing.factories import PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 2)
HOLIDAYS = england_bank_holidays(range(2024, 2028))


@pytest.fixture
def small_council(db):
    teams = [TeamFactory(name=f"Team {i}") for i in range(3)]
    for team in teams:
        m = StaffFactory(role=Role.TEAM_MANAGER, team=team)
        team.manager = m
        team.save(update_fields=["manager"])
        StaffFactory(role=Role.SOCIAL_WORKER, team=team)
    StaffFactory(role=Role.HEAD_OF_SERVICE, team=teams[0])
    for i in range(150):
        child = PersonFactory(responsible_team=teams[i % 3], case_status="child_in_need")
        PersonDisability.objects.create(person=child, code="LD" if i % 4 == 0 else "NONE")
    return teams


def _snapshot():
    return list(
        ServiceRequest.objects.order_by("id").values_list("child_id", "assessed_on", "status", "start_date")
    )


def test_seed_writes_services_audits_and_plan(small_council, django_assert_max_num_queries):
    with django_assert_max_num_queries(100):
        counts = seed_quality(rng=random.Random(1), on=ON, holidays=HOLIDAYS)
    assert counts["service requests"] > 20
    disabled = set(PersonDisability.objects.exclude(code="NONE").values_list("person_id", flat=True))
    requests = list(ServiceRequest.objects.all())
    for r in requests:
        assert r.assessed_on <= (r.decided_on or ON) <= ON
        assert r.start_date is None or r.decided_on <= r.start_date <= ON
    share_disabled = sum(r.child_id in disabled for r in requests) / len(requests)
    assert share_disabled > 0.6
    waiting = [
        r for r in requests if r.status in (ServiceStatus.AWAITING_APPROVAL, ServiceStatus.AWAITING_START)
    ]
    assert any((ON - r.assessed_on).days > 120 for r in waiting if r.child_id in disabled)
    assert AuditRound.objects.count() == 2
    assert CaseAudit.objects.filter(status=AuditStatus.MODERATED).exists()
    assert DomainGrade.objects.filter(moderated_grade__isnull=False).exclude(moderation_reason="").exists()
    assert Recommendation.objects.filter(text__icontains="disabled children").exists()
    assert Recommendation.objects.count() == 8 and PlanAction.objects.count() >= 8


def test_seed_is_deterministic(small_council):
    seed_quality(rng=random.Random(1), on=ON, holidays=HOLIDAYS)
    first = _snapshot()
    audits = list(CaseAudit.objects.order_by("id").values_list("child_id", "status"))
    ServiceRequest.objects.all().delete()
    CaseAudit.objects.all().delete()
    AuditRound.objects.all().delete()
    seed_quality(rng=random.Random(1), on=ON, holidays=HOLIDAYS)
    assert [row for row in _snapshot()] == first
    assert list(CaseAudit.objects.order_by("id").values_list("child_id", "status")) == audits
