"""My caseload's visit columns, and the latest words of many children at once, in fixed numbers of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carefile.recording.selectors import latest_voice
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory
from carefile.workforce.models import Role

from .helpers import aware, visit

pytestmark = pytest.mark.django_db


def caseload_children(worker, n, *, start=0):
    statuses = ["child_protection", "child_in_need", "looked_after", "care_leaver", ""]
    children = []
    for i in range(start, start + n):
        child = PersonFactory(case_status=statuses[i % len(statuses)])
        AllocationFactory(child=child, worker=worker)
        if i % 3:
            visit(child, worker, seen=i % 4 != 0, alone=i % 2 == 0, words="Hello" if i % 2 else "")
        children.append(child)
    return children


def test_my_caseload_shows_last_visit_last_seen_alone_and_a_record_a_visit_link(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Amelia", family_name="Hughes", case_status="child_protection")
    AllocationFactory(child=child, worker=worker)
    visit(child, worker, visited_at=timezone.now() - timedelta(days=3), alone=True)

    body = client.get(reverse("caseload")).content.decode()

    assert "Last visit" in body and "Last seen alone" in body
    seen_on = timezone.localtime(timezone.now() - timedelta(days=3)).date()
    assert body.count(f"{seen_on.day} {seen_on:%b %Y}") == 2
    assert f'href="/people/{child.pk}/visits/new/"' in body
    assert 'Record a visit<span class="govuk-visually-hidden"> to Amelia Hughes</span>' in body
    assert "Next due" in body


def test_my_caseload_flags_an_overdue_visit(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(case_status="child_protection")
    AllocationFactory(child=child, worker=worker)
    visit(child, worker, visited_at=timezone.now() - timedelta(days=40))

    assert "Visit overdue" in client.get(reverse("caseload")).content.decode()


def test_my_caseload_makes_the_same_queries_for_5_children_as_for_200_with_the_visit_columns(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    caseload_children(worker, 5)
    client.get(reverse("caseload"))
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("caseload"))
    caseload_children(worker, 195, start=5)

    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(reverse("caseload"), {"page": 2})

    assert response.status_code == 200
    assert len(two_hundred.captured_queries) == len(five.captured_queries)


def test_latest_voice_finds_each_childs_newest_words_in_one_query():
    worker = StaffFactory()
    children = [PersonFactory() for _ in range(6)]
    for i, child in enumerate(children):
        for days_ago, words in [(30, "older"), (2, f"newest {i}"), (10, "middle")]:
            visit(child, worker, visited_at=timezone.now() - timedelta(days=days_ago), words=words)

    with CaptureQueriesContext(connection) as queries:
        result = latest_voice(children)

    assert len(queries.captured_queries) == 1
    assert {child.pk: result[child.pk].words for child in children} == {
        child.pk: f"newest {i}" for i, child in enumerate(children)
    }


def test_a_child_with_no_words_has_no_entry_and_the_page_prompts(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Isla")

    assert latest_voice([child]) == {}
    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "No words recorded from Isla in the last 90 days" in body


def test_an_unborn_child_has_no_voice_panel(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Baby", date_of_birth=None, expected_date_of_birth=date(2027, 1, 1))

    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()

    assert "last told us" not in body and "No words recorded" not in body


def test_the_latest_words_show_how_the_child_communicated_and_link_to_the_visit(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Noah")
    recorded = visit(
        child, worker, visited_at=aware(2026, 1, 5, 10), words="Thumbs up", communication=["signed"]
    )

    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()

    assert "“Thumbs up”" in body
    assert "5 January 2026 · Signed (BSL or Makaton) · Visit" in body
    assert f'href="/visits/{recorded.pk}/"' in body
