"""Allocations are periods with a reason; caseloads and changes of social worker come from them."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory, TeamFactory
from carefile.workforce import selectors, services
from carefile.workforce.models import Allocation, Role

pytestmark = pytest.mark.django_db


def test_allocating_a_new_worker_ends_the_previous_allocation_and_writes_the_chronology():
    child, first, second, manager = PersonFactory(), StaffFactory(), StaffFactory(), StaffFactory()
    t0 = timezone.now() - timedelta(days=10)
    services.case_allocate(child=child, worker=first, by=manager, at=t0, reason="new_case")

    services.case_allocate(child=child, worker=second, by=manager, at=t0 + timedelta(days=5), reason="LEFTRL")

    old, new = Allocation.objects.order_by("start")
    assert old.end == t0 + timedelta(days=5) and old.end_reason == "LEFTRL"
    assert new.end is None and new.worker == second
    child.refresh_from_db()
    assert child.responsible_team == second.team
    summaries = list(ChronologyEvent.objects.filter(person=child).values_list("summary", flat=True))
    assert any(f"replacing {first}" in s for s in summaries)


def test_allocating_over_the_cap_without_a_reason_is_refused():
    worker = StaffFactory(caseload_cap=2)
    for _ in range(2):
        services.case_allocate(
            child=PersonFactory(), worker=worker, by=None, at=timezone.now(), reason="new_case"
        )

    with pytest.raises(services.OverCapacity, match="cap of 2"):
        services.case_allocate(
            child=PersonFactory(), worker=worker, by=None, at=timezone.now(), reason="new_case"
        )

    assert Allocation.objects.filter(worker=worker).count() == 2


def test_a_worker_who_has_left_cannot_be_allocated():
    worker = StaffFactory(leave_date=timezone.localdate() - timedelta(days=1))

    with pytest.raises(services.AllocationError, match="has left"):
        services.case_allocate(
            child=PersonFactory(), worker=worker, by=None, at=timezone.now(), reason="new_case"
        )


def test_the_database_refuses_two_open_allocations_for_one_child():
    child = PersonFactory()
    AllocationFactory(child=child)

    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationFactory(child=child)


def test_social_workers_in_the_last_year_counts_distinct_workers():
    child, a, b = PersonFactory(), StaffFactory(), StaffFactory()
    now = timezone.now()
    AllocationFactory(child=child, worker=a, start=now - timedelta(days=500), end=now - timedelta(days=400))
    AllocationFactory(child=child, worker=b, start=now - timedelta(days=400), end=now - timedelta(days=100))
    AllocationFactory(child=child, worker=a, start=now - timedelta(days=100))

    count = selectors.social_workers_in_last_year(child=child, on=timezone.localdate())

    assert count == 2


def test_my_caseload_lists_only_my_open_allocations(signed_in):
    client, me = signed_in()
    mine = PersonFactory(given_name="Mine", family_name="Child")
    ended = PersonFactory(given_name="Ended", family_name="Child")
    theirs = PersonFactory(given_name="Theirs", family_name="Child")
    AllocationFactory(child=mine, worker=me)
    AllocationFactory(
        child=ended,
        worker=me,
        start=timezone.now() - timedelta(days=9),
        end=timezone.now() - timedelta(days=2),
    )
    AllocationFactory(child=theirs)

    body = client.get(reverse("caseload")).content.decode()

    assert "CHILD, Mine" in body
    assert "Ended" not in body and "Theirs" not in body
    assert "You hold <strong>1</strong> child" in body


def test_my_caseload_and_team_pages_make_the_same_queries_for_5_rows_as_for_200(signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, me = signed_in()
    team = me.team
    colleagues = [StaffFactory(team=team) for _ in range(4)]
    for i in range(5):
        AllocationFactory(
            worker=me if i % 2 else colleagues[i % 4], child=PersonFactory(responsible_team=team)
        )
    client.get(reverse("caseload"))
    with CaptureQueriesContext(connection) as caseload_5:
        client.get(reverse("caseload"))
    with CaptureQueriesContext(connection) as team_5:
        client.get(reverse("team", args=[team.pk]))
    for i in range(195):
        AllocationFactory(
            worker=me if i % 2 else colleagues[i % 4], child=PersonFactory(responsible_team=team)
        )

    with CaptureQueriesContext(connection) as caseload_200:
        client.get(reverse("caseload"), {"page": 2})
    with CaptureQueriesContext(connection) as team_200:
        client.get(reverse("team", args=[team.pk]))

    assert len(caseload_200.captured_queries) == len(caseload_5.captured_queries)
    assert len(team_200.captured_queries) == len(team_5.captured_queries)


def test_the_team_page_shows_each_workers_caseload(signed_in):
    client, _ = signed_in()
    team = TeamFactory(name="Assessment East")
    busy = StaffFactory(team=team, given_name="Busy", family_name="Worker", caseload_cap=2)
    for _ in range(3):
        AllocationFactory(worker=busy)

    body = client.get(reverse("team", args=[team.pk])).content.decode()

    assert "Busy Worker" in body and "Over cap" in body


def test_my_caseload_shows_each_childs_open_deadlines(signed_in):
    from carefile.common.calendar import holiday_calendar
    from carefile.frontdoor.services import contact_record

    client, me = signed_in()
    child = PersonFactory(given_name="Clocked")
    AllocationFactory(child=child, worker=me)
    contact_record(
        by=me,
        at=timezone.now(),
        holidays=holiday_calendar(),
        children=[child],
        team=me.team,
        received_at=timezone.now() - timedelta(days=5),
        source="6",
        presenting_concerns="Police notification",
        consent="given",
    )

    body = client.get(reverse("caseload")).content.decode()

    assert "Screening decision on a contact" in body and "Overdue" in body


def test_the_team_page_counts_each_workers_overdue_deadlines(signed_in):
    from carefile.common.calendar import holiday_calendar
    from carefile.frontdoor.services import contact_record

    client, me = signed_in(Role.TEAM_MANAGER)
    worker = StaffFactory(team=me.team, given_name="Late", family_name="Worker")
    child = PersonFactory()
    AllocationFactory(child=child, worker=worker)
    contact_record(
        by=me,
        at=timezone.now(),
        holidays=holiday_calendar(),
        children=[child],
        team=me.team,
        received_at=timezone.now() - timedelta(days=6),
        source="6",
        presenting_concerns="Police notification",
        consent="given",
    )

    body = client.get(reverse("team", args=[me.team.pk])).content.decode()

    assert "1 overdue" in body
