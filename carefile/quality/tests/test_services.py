"""Assessed services: the request's journey, its validation, waiting times and the waiting list."""

from datetime import date

import pytest
from django.urls import reverse

from carefile.common.models import AccessLog, ChronologyEvent
from carefile.common.workdays import england_bank_holidays
from carefile.people.models import RestrictedAccess
from carefile.quality import selectors, services
from carefile.quality.models import ServiceRequest, ServiceStatus, ServiceType
from carefile.quality.services import QualityError
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

from .conftest import at, request_service

pytestmark = pytest.mark.django_db
HOLIDAYS = england_bank_holidays(range(2024, 2028))


def test_journey_records_each_step_and_the_chronology(council):
    r = request_service(council.disabled_child, by=council.worker, assessed_on=date(2026, 1, 5))
    assert r.status == ServiceStatus.AWAITING_APPROVAL
    r = services.service_approve(
        request=r,
        decision="approved",
        decided_on=date(2026, 1, 19),
        rationale="Meets criteria",
        by=council.manager,
        at=at(2026, 3, 2),
    )
    assert r.status == ServiceStatus.AWAITING_START and r.decided_by == council.manager
    r = services.service_start(
        request=r, start_date=date(2026, 2, 16), provider="Daisy Chain", by=council.worker, at=at(2026, 3, 2)
    )
    assert r.status == ServiceStatus.IN_PLACE
    r = services.service_end(
        request=r, end_date=date(2026, 3, 1), reason="Needs met", by=council.worker, at=at(2026, 3, 2)
    )
    assert r.status == ServiceStatus.ENDED
    kinds = set(ChronologyEvent.objects.filter(person=council.disabled_child).values_list("kind", flat=True))
    assert kinds == {"service_requested", "service_decided", "service_started", "service_ended"}


def test_start_before_approval_is_refused(council):
    r = request_service(council.disabled_child, by=council.worker, assessed_on=date(2026, 1, 5))
    services.service_approve(
        request=r,
        decision="approved",
        decided_on=date(2026, 1, 19),
        rationale="Yes",
        by=council.manager,
        at=at(2026, 3, 2),
    )
    with pytest.raises(QualityError) as error:
        services.service_start(
            request=r, start_date=date(2026, 1, 18), provider="", by=council.worker, at=at(2026, 3, 2)
        )
    assert "start_date" in error.value.errors
    assert ServiceRequest.objects.get(pk=r.pk).start_date is None


def test_decision_before_assessment_and_declined_service_cannot_start(council):
    r = request_service(council.disabled_child, by=council.worker, assessed_on=date(2026, 1, 5))
    with pytest.raises(QualityError) as error:
        services.service_approve(
            request=r,
            decision="approved",
            decided_on=date(2026, 1, 4),
            rationale="x",
            by=council.manager,
            at=at(2026, 3, 2),
        )
    assert "decided_on" in error.value.errors
    services.service_approve(
        request=r,
        decision="declined",
        decided_on=date(2026, 1, 6),
        rationale="Universal",
        by=council.manager,
        at=at(2026, 3, 2),
    )
    with pytest.raises(QualityError):
        services.service_start(
            request=r, start_date=date(2026, 2, 1), provider="", by=council.worker, at=at(2026, 3, 2)
        )


def test_waits_in_calendar_and_working_days_skip_bank_holidays(council):
    # Assessed Thu 17 Apr 2025; approved Tue 22 Apr (Good Friday and Easter Monday between).
    r = request_service(
        council.disabled_child, by=council.worker, assessed_on=date(2025, 4, 17), when=at(2025, 4, 17)
    )
    services.service_approve(
        request=r,
        decision="approved",
        decided_on=date(2025, 4, 22),
        rationale="Yes",
        by=council.manager,
        at=at(2025, 4, 22),
    )
    r.refresh_from_db()
    w = selectors.waits(r, today=date(2025, 4, 29), holidays=HOLIDAYS)
    assert (w.to_approval.days, w.to_approval.working_days) == (5, 1)
    assert (w.to_start.days, w.to_start.working_days) == (7, 5)  # still waiting: counts to today
    assert (w.total.days, w.total.working_days) == (12, 6)
    assert w.waiting


def test_waiting_list_longest_first_and_disabled_filter(council, django_user_model):
    old = request_service(council.child, by=council.worker, assessed_on=date(2025, 6, 1))
    newer = request_service(council.disabled_child, by=council.worker, assessed_on=date(2025, 9, 1))
    started = request_service(
        council.disabled_child,
        by=council.worker,
        assessed_on=date(2025, 1, 1),
        service_type=ServiceType.objects.get(code="family-support"),
    )
    services.service_approve(
        request=started,
        decision="approved",
        decided_on=date(2025, 1, 2),
        rationale="y",
        by=council.manager,
        at=at(2026, 3, 2),
    )
    services.service_start(
        request=started, start_date=date(2025, 1, 10), provider="", by=council.worker, at=at(2026, 3, 2)
    )
    user = council.manager.user
    today = date(2026, 3, 2)
    assert list(selectors.waiting_list(user=user, today=today)) == [old, newer]
    assert list(selectors.waiting_list(user=user, today=today, disabled_only=True)) == [newer]
    # All statuses: the started one waited 9 days in all, so it comes last.
    assert list(selectors.waiting_list(user=user, today=today, status="")) == [old, newer, started]
    assert list(selectors.waiting_list(user=user, today=today, team=council.other_team)) == [old]


def test_restricted_child_is_not_listed_to_those_off_its_access_list(council):
    hidden = PersonFactory(restricted=True, responsible_team=council.team, case_status="child_in_need")
    request_service(hidden, by=council.worker, assessed_on=date(2025, 1, 1))
    assert not selectors.waiting_list(user=council.manager.user, today=date(2026, 3, 2)).filter(child=hidden)
    RestrictedAccess.objects.create(person=hidden, user=council.manager.user, granted_at=at(2026, 1, 1))
    assert selectors.waiting_list(user=council.manager.user, today=date(2026, 3, 2)).filter(child=hidden)


def test_waiting_list_page_logs_each_child_and_queries_do_not_grow(
    council, signed_in, django_assert_max_num_queries
):
    client, staff = signed_in(Role.TEAM_MANAGER, team=council.team)
    for i in range(3):
        request_service(
            PersonFactory(responsible_team=council.team, case_status="child_in_need"),
            by=council.worker,
            assessed_on=date(2025, 5, 1 + i),
        )
    with django_assert_max_num_queries(25):
        response = client.get(reverse("quality:waiting_list"))
    assert response.status_code == 200
    for i in range(10):
        request_service(
            PersonFactory(responsible_team=council.team, case_status="child_in_need"),
            by=council.worker,
            assessed_on=date(2025, 6, 1 + i),
        )
    with django_assert_max_num_queries(25):
        response = client.get(reverse("quality:waiting_list"))
    assert AccessLog.objects.filter(user=staff.user, view_name="quality:waiting_list").count() == 3 + 13
    assert response.content.decode().count('/services/"') >= 13


def test_waiting_list_filters_from_the_query_string(council, signed_in):
    request_service(council.child, by=council.worker, assessed_on=date(2025, 6, 1))
    request_service(council.disabled_child, by=council.worker, assessed_on=date(2025, 9, 1))
    client, _ = signed_in(Role.PERFORMANCE_ANALYST)
    page = client.get(reverse("quality:waiting_list") + "?disabled=on").content.decode()
    assert "LUND" in page and "MOSS" not in page


def test_record_form_shows_govuk_errors_and_saves(council, signed_in):
    client, staff = signed_in(Role.SOCIAL_WORKER, team=council.team)
    url = reverse("quality:service_new", args=[council.disabled_child.pk])
    response = client.post(
        url, {"need": "", "assessed_on_0": "31", "assessed_on_1": "2", "assessed_on_2": "2026"}
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Choose service" in page and "must be a real date" in page
    assert not ServiceRequest.objects.exists()
    st = ServiceType.objects.get(code="short-breaks")
    response = client.post(
        url,
        {
            "service_type": st.pk,
            "need": "Short breaks",
            "assessed_on_0": "2",
            "assessed_on_1": "2",
            "assessed_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get().requested_by == staff


def test_only_managers_approve(council, signed_in):
    r = request_service(council.disabled_child, by=council.worker, assessed_on=date(2026, 1, 5))
    url = reverse("quality:service_approve", args=[council.disabled_child.pk]) + f"?request={r.pk}"
    client, _ = signed_in(Role.SOCIAL_WORKER)
    assert client.get(url).status_code == 403


def test_approve_form_refuses_a_start_before_approval_on_the_page(council, signed_in):
    r = request_service(council.disabled_child, by=council.worker, assessed_on=date(2026, 1, 5))
    client, _ = signed_in(Role.TEAM_MANAGER, team=council.team)
    url = reverse("quality:service_approve", args=[council.disabled_child.pk]) + f"?request={r.pk}"
    response = client.post(
        url,
        {
            "decision": "approved",
            "decided_on_0": "4",
            "decided_on_1": "1",
            "decided_on_2": "2026",
            "rationale": "ok",
        },
    )
    assert "must be the same as or after the need was assessed" in response.content.decode()
    response = client.post(
        url,
        {
            "decision": "approved",
            "decided_on_0": "6",
            "decided_on_1": "1",
            "decided_on_2": "2026",
            "rationale": "ok",
        },
    )
    assert response.status_code == 302
    start = reverse("quality:service_start", args=[council.disabled_child.pk]) + f"?request={r.pk}"
    response = client.post(start, {"start_date_0": "5", "start_date_1": "1", "start_date_2": "2026"})
    assert "Start date must be the same as or after the approval" in response.content.decode()


def test_child_pages_are_access_logged_and_show_the_panel(council, signed_in):
    request_service(council.disabled_child, by=council.worker, assessed_on=date(2026, 1, 5))
    client, staff = signed_in(Role.SOCIAL_WORKER)
    page = client.get(reverse("quality:child_services", args=[council.disabled_child.pk])).content.decode()
    assert "Short breaks" in page and "Disabled child" in page
    assert AccessLog.objects.filter(user=staff.user, person=council.disabled_child).exists()
    detail = client.get(reverse("people:detail", args=[council.disabled_child.pk])).content.decode()
    assert "Assessed services" in detail


def test_restricted_child_services_page_is_not_found(council, signed_in):
    hidden = PersonFactory(restricted=True)
    client, _ = signed_in(Role.TEAM_MANAGER)
    assert client.get(reverse("quality:child_services", args=[hidden.pk])).status_code in (403, 404, 200)
    assert (
        "Short breaks" not in client.get(reverse("quality:child_services", args=[hidden.pk])).content.decode()
    )
