import random
from datetime import timedelta

from django.utils import timezone

from carefile.common.calendar import holiday_calendar
from carefile.common.models import ChronologyEvent
from carefile.oversight.models import (
    ManagementDecision,
    OversightEvent,
    SupervisionDiscussion,
    SupervisionSession,
)
from carefile.oversight.seed import PRIVATE, seed_oversight
from carefile.testing.factories import AllocationFactory, PersonFactory


def test_seed_files_threshold_decisions_and_monthly_supervision_without_the_private_notes(office):
    child = PersonFactory(case_status="child_in_need")
    AllocationFactory(
        child=child, worker=office.worker, by=office.manager, start=timezone.now() - timedelta(days=200)
    )
    counts = seed_oversight(rng=random.Random(1), on=timezone.localdate(), holidays=holiday_calendar())

    assert ManagementDecision.objects.filter(
        child=child, decision_type="allocation", source="workforce.allocate"
    ).exists()
    sessions = SupervisionSession.objects.filter(supervisee=office.worker)
    assert sessions.count() >= 4  # about monthly over six months (a missed one or two at most)
    assert counts["supervisions"] == SupervisionSession.objects.count()
    discussions = SupervisionDiscussion.objects.all()
    assert discussions.exists()
    assert ChronologyEvent.objects.filter(kind=OversightEvent.SUPERVISION).count() == discussions.count()
    for text in PRIVATE:
        assert not ChronologyEvent.objects.filter(summary__contains=text[:30]).exists()
