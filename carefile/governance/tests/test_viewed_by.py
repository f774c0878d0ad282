"""Who has viewed this child: the access log of one child, for managers and information governance."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.audit import access_record
from carefile.common.models import AccessLog
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def view(user, child, when, reason=""):
    return access_record(
        user=user,
        person=child,
        at=when,
        view_name="people:detail",
        path=f"/people/{child.pk}/",
        reason=reason,
    )


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR])
def test_managers_and_information_governance_see_who_viewed_a_child(signed_in, role):
    client, _ = signed_in(role)
    child = PersonFactory()
    viewer = StaffFactory(given_name="Wendy", family_name="Viewer")
    view(viewer.user, child, at(2025, 3, 3))

    response = client.get(reverse("governance:viewed_by", args=[child.pk]))

    assert response.status_code == 200
    assert "Wendy Viewer" in response.content.decode()


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.INSPECTOR, Role.PERFORMANCE_ANALYST])
def test_other_roles_may_not_see_who_viewed_a_child(signed_in, role):
    client, _ = signed_in(role)
    child = PersonFactory()

    response = client.get(reverse("governance:viewed_by", args=[child.pk]))

    assert response.status_code == 403


def test_the_views_are_newest_first_and_the_page_itself_is_logged(signed_in):
    client, manager = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory()
    early, late = (
        StaffFactory(given_name="Early", family_name="Bird"),
        StaffFactory(given_name="Late", family_name="Owl"),
    )
    view(early.user, child, at(2025, 3, 3, 9))
    view(late.user, child, at(2025, 3, 4, 9))

    response = client.get(reverse("governance:viewed_by", args=[child.pk]))

    rows = list(response.context["page"])
    assert [r.user_id for r in rows] == [manager.user_id, late.user_id, early.user_id]
    assert rows[0].view_name == "governance:viewed_by"


def test_break_glass_views_are_highlighted_with_their_reason(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)
    child = PersonFactory()
    viewer = StaffFactory()
    view(
        viewer.user, child, at(2025, 3, 3), reason="Break-glass: police called about a missing child tonight"
    )
    view(viewer.user, child, at(2025, 3, 2))

    response = client.get(reverse("governance:viewed_by", args=[child.pk]))

    body = response.content.decode()
    assert body.count("carefile-break-glass") == 1
    assert "Break-glass: police called about a missing child tonight" in body
    flagged = [r for r in response.context["page"] if r.break_glass]
    assert [r.at for r in flagged] == [at(2025, 3, 3)]


def test_the_views_can_be_filtered_by_user_and_by_date(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)
    child = PersonFactory()
    alice, bob = StaffFactory(), StaffFactory()
    view(alice.user, child, at(2025, 3, 1))
    view(alice.user, child, at(2025, 3, 5))
    view(bob.user, child, at(2025, 3, 5))
    view(alice.user, child, at(2025, 3, 9))

    by_user = client.get(reverse("governance:viewed_by", args=[child.pk]), {"user": alice.user_id})
    by_date = client.get(
        reverse("governance:viewed_by", args=[child.pk]),
        {
            "user": alice.user_id,
            "date_from_0": "2",
            "date_from_1": "3",
            "date_from_2": "2025",
            "date_to_0": "5",
            "date_to_1": "3",
            "date_to_2": "2025",
        },
    )

    assert {r.user_id for r in by_user.context["page"]} == {alice.user_id}
    assert by_user.context["page"].paginator.count == 3
    assert [r.at for r in by_date.context["page"]] == [at(2025, 3, 5)]


def test_a_date_range_ending_before_it_starts_is_an_error(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)
    child = PersonFactory()

    response = client.get(
        reverse("governance:viewed_by", args=[child.pk]),
        {
            "date_from_0": "9",
            "date_from_1": "3",
            "date_from_2": "2025",
            "date_to_0": "1",
            "date_to_1": "3",
            "date_to_2": "2025",
        },
    )

    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_the_views_are_paged(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)
    child = PersonFactory()
    viewer = StaffFactory()
    start = at(2025, 1, 1)
    for i in range(60):
        view(viewer.user, child, start + timedelta(minutes=i))

    first = client.get(reverse("governance:viewed_by", args=[child.pk]))
    second = client.get(reverse("governance:viewed_by", args=[child.pk]), {"page": 2})

    assert len(first.context["page"]) == 50
    assert first.context["page"].paginator.count == 61
    assert len(second.context["page"]) == 12  # the 60, and the two views of this page
    assert AccessLog.objects.filter(person_ref=child.pk).count() == 62
