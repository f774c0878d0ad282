"""The legal pages as a manager and a worker use them, and the tracker's access rules."""

from datetime import date

import pytest
from django.urls import reverse

from carefile.common.models import AccessLog
from carefile.legal import services
from carefile.legal.models import CareProceedings, LegalPlanningMeeting, PreProceedings
from carefile.people.models import RestrictedAccess
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import Allocation, Role

from .conftest import NOW, date_fields

pytestmark = pytest.mark.django_db

MEETING = {
    **date_fields("held_on", date(2026, 5, 11)),
    "attendees": "Team manager, social worker, solicitor",
    "legal_advice": "Threshold met",
    "decision": "pre_proceedings",
    "rationale": "Neglect has continued for nine months on a child protection plan",
}


def in_proceedings(child, by, *, on=date(2026, 1, 5), court="Family Court at Hereford"):
    return services.issue_proceedings(
        child=child, application_on=on, court=court, case_number="HR26C1", judge="HHJ Example", by=by, at=NOW
    )


def test_a_manager_records_a_meeting_that_starts_pre_proceedings(signed_in, team, child):
    client, manager = signed_in(Role.TEAM_MANAGER, team=team)
    response = client.post(reverse("legal:meeting_new", args=[child.pk]), MEETING)
    assert response.status_code == 302
    page = client.get(reverse("legal:child", args=[child.pk])).content.decode()
    assert "Pre-proceedings" in page and "11 May 2026" in page and "Week 4" not in page
    assert PreProceedings.objects.get(child=child).started_on == date(2026, 5, 11)


def test_a_meeting_form_with_problems_shows_the_error_summary_and_saves_nothing(signed_in, team, child):
    client, _ = signed_in(Role.TEAM_MANAGER, team=team)
    response = client.post(
        reverse("legal:meeting_new", args=[child.pk]),
        {**MEETING, "rationale": "", "held_on_0": "31", "held_on_1": "2"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Enter the reasons for the decision" in page
    assert not LegalPlanningMeeting.objects.exists()


def test_a_social_worker_cannot_record_the_management_decision(signed_in, team, child):
    client, _ = signed_in(Role.SOCIAL_WORKER, team=team)
    assert client.post(reverse("legal:meeting_new", args=[child.pk]), MEETING).status_code == 403
    assert client.get(reverse("legal:child", args=[child.pk])).status_code == 200


def test_the_final_order_page_puts_a_service_refusal_on_its_field(signed_in, team, child, worker):
    from .conftest import into_care

    into_care(child, worker, on=date(2026, 1, 5), legal_status="C1")
    in_proceedings(child, worker, on=date(2026, 1, 12))
    client, _ = signed_in(Role.SOCIAL_WORKER, team=team)
    response = client.post(
        reverse("legal:final_order", args=[child.pk]),
        {"order": "child_arrangements", **date_fields("on", date(2026, 5, 20)), "reason_ceased": ""},
    )
    assert response.status_code == 200
    assert "This order ends" in response.content.decode()
    assert CareProceedings.objects.get().is_open


def test_pages_of_steps_that_are_not_running_say_so(signed_in, team, child):
    client, _ = signed_in(Role.TEAM_MANAGER, team=team)
    for name, what in [("legal:steps", "pre-proceedings"), ("legal:hearing_new", "care proceedings")]:
        response = client.get(reverse(name, args=[child.pk]))
        assert response.status_code == 200 and f"No {what} are running" in response.content.decode()
    response = client.post(reverse("legal:final_order", args=[child.pk]), {"order": "care_order"})
    assert response.status_code == 200 and not CareProceedings.objects.exists()


def test_the_tracker_lists_drift_first_and_never_names_restricted_children(signed_in, team, worker):
    late = PersonFactory(given_name="Latechild", responsible_team=team)
    recent = PersonFactory(given_name="Recentchild", responsible_team=team)
    hidden = PersonFactory(given_name="Hiddenchild", restricted=True, responsible_team=team)
    in_proceedings(late, worker, on=date(2025, 11, 3))  # past 26 weeks on 1 June 2026
    in_proceedings(recent, worker, on=date(2026, 5, 4))
    in_proceedings(hidden, worker, on=date(2025, 10, 6))
    client, manager = signed_in(Role.HEAD_OF_SERVICE)
    response = client.get(reverse("legal:tracker"))
    page = response.content.decode()
    assert "Hiddenchild" not in page
    assert page.index("Latechild") < page.index("Recentchild")
    assert "Overdue" in page
    logged = set(AccessLog.objects.filter(view_name="legal:tracker").values_list("person_ref", flat=True))
    assert logged == {late.pk, recent.pk}
    RestrictedAccess.objects.create(person=hidden, user=manager.user, granted_at=NOW)
    assert "Hiddenchild" in client.get(reverse("legal:tracker")).content.decode()


def test_the_tracker_filters_by_team_and_court(signed_in, team, worker):
    other = StaffFactory(role=Role.SOCIAL_WORKER)
    ours = PersonFactory(given_name="Ourchild")
    theirs = PersonFactory(given_name="Theirchild")
    Allocation.objects.create(child=ours, worker=worker, start=NOW, reason="new_case")
    Allocation.objects.create(child=theirs, worker=other, start=NOW, reason="new_case")
    in_proceedings(ours, worker)
    in_proceedings(theirs, worker, court="Family Court at Worcester")
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    page = client.get(reverse("legal:tracker"), {"team": team.pk}).content.decode()
    assert "Ourchild" in page and "Theirchild" not in page
    page = client.get(reverse("legal:tracker"), {"court": "Family Court at Worcester"}).content.decode()
    assert "Theirchild" in page and "Ourchild" not in page


def test_a_team_manager_sees_their_own_team_first_and_a_social_worker_no_tracker(signed_in, team, worker):
    client, _ = signed_in(Role.SOCIAL_WORKER, team=team)
    assert client.get(reverse("legal:tracker")).status_code == 403


def test_the_tracker_query_count_does_not_grow_with_its_rows(
    signed_in, worker, django_assert_max_num_queries
):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    for i in range(3):
        child = PersonFactory()
        Allocation.objects.create(child=child, worker=worker, start=NOW, reason="new_case")
        in_proceedings(child, worker, on=date(2026, 1, 5 + i))
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("legal:tracker"))
    for i in range(12):
        child = PersonFactory()
        Allocation.objects.create(child=child, worker=worker, start=NOW, reason="new_case")
        in_proceedings(child, worker, on=date(2026, 2, 2 + i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("legal:tracker"))


def test_the_childs_page_shows_the_legal_panel_once_there_is_legal_work(signed_in, team, child, worker):
    client, _ = signed_in(Role.TEAM_MANAGER, team=team)
    assert (
        "Legal planning and proceedings"
        not in client.get(reverse("people:detail", args=[child.pk])).content.decode()
    )
    in_proceedings(child, worker)
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Legal planning and proceedings" in page and "Care proceedings: 26 weeks" in page
