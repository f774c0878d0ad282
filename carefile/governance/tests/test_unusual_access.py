"""The daily unusual-access report: outside team and caseload, shared surnames, bulk and out-of-hours viewing."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from carefile.common.audit import access_record
from carefile.common.calendar import holiday_calendar
from carefile.governance.unusual_access import unusual_access_report
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 3)


def at(day: date, hh=10, mm=0, ss=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hh, mm, ss))


def view(staff, child, when):
    access_record(
        user=staff.user, person=child, at=when, view_name="people:detail", path=f"/people/{child.pk}/"
    )


def report(on=MONDAY, **kwargs):
    return unusual_access_report(on=on, holidays=holiday_calendar(), **kwargs)


def test_a_child_outside_the_viewers_team_and_caseload_is_reported():
    team, other_team = TeamFactory(), TeamFactory()
    viewer = StaffFactory(team=team)
    theirs, elsewhere = PersonFactory(responsible_team=team), PersonFactory(responsible_team=other_team)
    view(viewer, theirs, at(MONDAY))
    view(viewer, elsewhere, at(MONDAY))
    view(viewer, elsewhere, at(MONDAY, 11))

    result = report()

    assert [(r.viewer.user_id, r.child.person_ref, r.views) for r in result.outside_team] == [
        (viewer.user_id, elsewhere.pk, 2)
    ]


def test_a_child_on_the_viewers_caseload_in_another_team_is_not_reported():
    viewer = StaffFactory()
    child = PersonFactory(responsible_team=TeamFactory())
    AllocationFactory(child=child, worker=viewer, start=at(MONDAY) - timedelta(days=10))
    view(viewer, child, at(MONDAY))

    assert report().outside_team == []


def test_a_caseload_that_ended_before_the_day_does_not_count():
    viewer = StaffFactory()
    child = PersonFactory(responsible_team=TeamFactory())
    AllocationFactory(
        child=child, worker=viewer, start=at(MONDAY) - timedelta(days=10), end=at(MONDAY) - timedelta(days=2)
    )
    view(viewer, child, at(MONDAY))

    assert [r.child.person_ref for r in report().outside_team] == [child.pk]


def test_the_manager_of_the_childs_team_is_not_reported():
    manager = StaffFactory(role=Role.TEAM_MANAGER)
    managed = TeamFactory(manager=manager)
    child = PersonFactory(responsible_team=managed)
    view(manager, child, at(MONDAY))

    assert report().outside_team == []


def test_a_child_with_no_team_is_outside_everyones_team():
    viewer = StaffFactory()
    child = PersonFactory(responsible_team=None)
    view(viewer, child, at(MONDAY))

    assert [r.child.person_ref for r in report().outside_team] == [child.pk]


def test_a_viewer_sharing_the_childs_surname_is_reported_whatever_the_spelling_of_accents_and_case():
    viewer = StaffFactory(family_name="O'Brien")
    relative, stranger = PersonFactory(family_name="OBRIEN"), PersonFactory(family_name="Smith")
    view(viewer, relative, at(MONDAY))
    view(viewer, stranger, at(MONDAY))

    result = report()

    assert [r.child.person_ref for r in result.shared_surname] == [relative.pk]


def test_more_than_30_children_in_an_hour_is_bulk_viewing():
    viewer = StaffFactory()
    children = PersonFactory.create_batch(31)
    for i, child in enumerate(children):
        view(viewer, child, at(MONDAY, 14) + timedelta(seconds=110 * i))  # 31 children in 55 minutes

    result = report()

    assert [(r.viewer.user_id, r.peak_children) for r in result.bulk] == [(viewer.user_id, 31)]


def test_30_children_in_an_hour_is_not_bulk_viewing():
    viewer = StaffFactory()
    for i, child in enumerate(PersonFactory.create_batch(30)):
        view(viewer, child, at(MONDAY, 14) + timedelta(seconds=110 * i))

    assert report().bulk == []


def test_the_same_child_many_times_is_not_bulk_viewing():
    viewer = StaffFactory()
    child = PersonFactory()
    for i in range(100):
        view(viewer, child, at(MONDAY, 14) + timedelta(seconds=30 * i))

    assert report().bulk == []


def test_many_children_spread_over_the_day_is_not_bulk_viewing():
    viewer = StaffFactory()
    for i, child in enumerate(PersonFactory.create_batch(40)):
        view(viewer, child, at(MONDAY, 8) + timedelta(minutes=5 * i))  # 12 an hour, 40 in the day

    assert report().bulk == []


def test_the_bulk_threshold_is_configurable(settings):
    settings.UNUSUAL_ACCESS_BULK_THRESHOLD = 5
    viewer = StaffFactory()
    for i, child in enumerate(PersonFactory.create_batch(6)):
        view(viewer, child, at(MONDAY, 14) + timedelta(minutes=i))

    assert [r.peak_children for r in report().bulk] == [6]
    assert report(bulk_threshold=6).bulk == []


@pytest.mark.parametrize(
    ("hh", "mm", "out_of_hours"),
    [(6, 59, True), (7, 0, False), (12, 0, False), (19, 59, False), (20, 0, True), (23, 30, True)],
)
def test_out_of_hours_is_before_7_or_from_8_in_the_evening_local_time(hh, mm, out_of_hours):
    viewer = StaffFactory()
    view(viewer, PersonFactory(), at(MONDAY, hh, mm))

    assert bool(report().out_of_hours) is out_of_hours


def test_the_day_and_the_hours_are_local_time_in_summer():
    summer = date(2025, 6, 30)
    viewer = StaffFactory()
    view(viewer, PersonFactory(), at(summer, 23, 30))  # 22:30 UTC

    on_the_day, next_day = report(on=summer), report(on=summer + timedelta(days=1))

    assert [r.views for r in on_the_day.out_of_hours] == [1]
    assert next_day.views == 0


def test_any_view_at_a_weekend_is_out_of_hours():
    saturday = date(2025, 3, 8)
    viewer = StaffFactory()
    view(viewer, PersonFactory(), at(saturday, 11))

    result = report(on=saturday)

    assert [r.views for r in result.out_of_hours] == [1]
    assert result.out_of_hours_reason == "a weekend"


def test_any_view_on_a_bank_holiday_is_out_of_hours():
    early_may = date(2025, 5, 5)
    viewer = StaffFactory()
    view(viewer, PersonFactory(), at(early_may, 11))

    result = report(on=early_may)

    assert [r.views for r in result.out_of_hours] == [1]
    assert result.out_of_hours_reason == "a bank holiday"


def test_the_report_counts_views_in_the_database_not_one_query_per_row(django_assert_max_num_queries):
    team = TeamFactory()
    viewers = StaffFactory.create_batch(5, team=team)
    children = PersonFactory.create_batch(20, responsible_team=TeamFactory())
    for i, child in enumerate(children):
        for v in viewers:
            view(v, child, at(MONDAY, 6) + timedelta(minutes=i))

    with django_assert_max_num_queries(20):
        result = report()

    assert result.views == 100 and len(result.outside_team) == 100


def test_the_command_prints_the_report_for_a_day():
    viewer = StaffFactory(given_name="Nina", family_name="Night")
    view(viewer, PersonFactory(la_child_id="CF0000042"), at(MONDAY, 22))
    out = StringIO()

    call_command("unusual_access_report", "--on", "2025-03-03", stdout=out)

    text = out.getvalue()
    assert "Unusual access on Monday 03 March 2025: 1 views by 1 people." in text
    assert "Nina Night" in text and "CF0000042" in text
    assert "Out of hours, before 07:00 or from 20:00 (1):" in text


def test_the_command_explains_a_bad_date():
    with pytest.raises(CommandError, match="is not a date"):
        call_command("unusual_access_report", "--on", "3/3/2025")


def test_administrators_see_the_report_page(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)
    view(StaffFactory(given_name="Nina", family_name="Night"), PersonFactory(), at(MONDAY, 22))

    response = client.get(reverse("governance:unusual_access"), {"on_0": "3", "on_1": "3", "on_2": "2025"})

    assert response.status_code == 200
    assert response.context["report"].on == MONDAY
    assert "Nina Night" in response.content.decode()


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.INSPECTOR])
def test_only_administrators_see_the_report_page(signed_in, role):
    client, _ = signed_in(role)

    response = client.get(reverse("governance:unusual_access"))

    assert response.status_code == 403
