"""Break-glass access: a restricted record opened with a typed reason, for 24 hours, logged and alerted."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from carefile.common.audit import audit_chain_verify
from carefile.common.models import AccessLog
from carefile.governance.models import Alert, BreakGlassAccess
from carefile.people.models import Person, RestrictedAccess
from carefile.people.selectors import person_search
from carefile.testing.factories import PersonFactory, StaffFactory, UserFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db

REASON = "Police called out of hours: need the safety plan now"


@pytest.fixture
def restricted_child():
    child = PersonFactory(restricted=True, given_name="Zebedee", family_name="Quorn", la_child_id="CF0000777")
    owner = StaffFactory(role=Role.TEAM_MANAGER, user=UserFactory(email="owner@council.example"))
    RestrictedAccess.objects.create(person=child, user=owner.user, granted_at=timezone.now())
    return child, owner


def open_with_reason(client, child, reason=REASON, next_url=""):
    return client.post(
        reverse("governance:break_glass"),
        {"record": child.pk, "reason": reason, "next": next_url or reverse("people:detail", args=[child.pk])},
    )


def test_opening_a_restricted_record_off_the_list_shows_the_restricted_page_not_the_record(
    signed_in, restricted_child
):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    response = client.get(reverse("people:detail", args=[child.pk]))

    body = response.content.decode()
    assert response.status_code == 403
    assert "This record is restricted" in body
    assert "Zebedee" not in body and "Quorn" not in body and "CF0000777" not in body
    assert not AccessLog.objects.exists()


def test_a_reason_shorter_than_20_characters_is_refused_and_nothing_is_granted(signed_in, restricted_child):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    response = open_with_reason(client, child, reason="Just checking    it")

    assert response.status_code == 403
    assert "Reason must be at least 20 characters" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not BreakGlassAccess.objects.exists()
    assert not Alert.objects.exists()
    assert not AccessLog.objects.exists()


def test_an_empty_reason_is_refused(signed_in, restricted_child):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    response = open_with_reason(client, child, reason="")

    assert "Enter why you need to see this record" in response.content.decode()
    assert not BreakGlassAccess.objects.exists()


def test_a_good_reason_grants_24_hours_and_opens_the_record(signed_in, restricted_child):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    response = open_with_reason(client, child)

    grant = BreakGlassAccess.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[child.pk])
    assert (grant.user, grant.person, grant.reason) == (staff.user, child, REASON)
    assert grant.expires - grant.at == timedelta(hours=24)
    page = client.get(reverse("people:chronology", args=[child.pk]))
    assert page.status_code == 200 and "Zebedee" in page.content.decode()


def test_the_grant_and_every_view_under_it_are_logged_with_the_reason(signed_in, restricted_child):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    open_with_reason(client, child)
    client.get(reverse("people:chronology", args=[child.pk]))

    rows = list(AccessLog.objects.filter(person_ref=child.pk).order_by("id"))
    assert [r.view_name for r in rows] == ["governance:break_glass", "people:chronology"]
    assert all(r.reason == f"Break-glass: {REASON}" for r in rows)
    assert all(r.user_id == staff.user_id for r in rows)
    assert audit_chain_verify() == 2


def test_the_records_owners_get_an_alert_and_an_email(
    signed_in, restricted_child, django_capture_on_commit_callbacks
):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child, owner = restricted_child

    with django_capture_on_commit_callbacks(execute=True):
        open_with_reason(client, child)

    alert = Alert.objects.get()
    assert alert.recipient == owner.user and alert.la_child_id == "CF0000777"
    assert staff.name in alert.message and REASON in alert.message
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@council.example"]
    assert REASON in mail.outbox[0].body and "Zebedee" not in mail.outbox[0].body


def test_the_owner_sees_the_alert_on_their_alerts_page(client, signed_in, restricted_child):
    worker, _ = signed_in(Role.SOCIAL_WORKER)
    child, owner = restricted_child
    open_with_reason(worker, child)
    client.logout()
    client.force_login(owner.user)

    response = client.get(reverse("governance:alerts"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Break-glass access to a restricted record" in body and REASON in body
    assert Alert.objects.get().read_at is not None


def test_the_access_ends_after_24_hours(signed_in, restricted_child):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child
    open_with_reason(client, child)

    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        client.force_login(staff.user)  # signed out by the idle timeout meanwhile
        response = client.get(reverse("people:chronology", args=[child.pk]))

    assert response.status_code == 403
    assert "This record is restricted" in response.content.decode()


def test_typing_the_la_child_id_on_the_break_glass_page_shows_the_restricted_page_with_only_that_id(
    signed_in, restricted_child
):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    response = client.get(reverse("governance:break_glass"), {"la_child_id": "cf0000777"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "This record is restricted" in body and "CF0000777" in body
    assert "Zebedee" not in body and "Quorn" not in body
    assert not AccessLog.objects.exists()


def test_an_unknown_la_child_id_on_the_break_glass_page_is_an_error(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    response = client.get(reverse("governance:break_glass"), {"la_child_id": "CF9999999"})

    assert "No record has this LA child ID" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_an_unrestricted_record_typed_on_the_break_glass_page_just_opens(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(la_child_id="CF0000123")

    response = client.get(reverse("governance:break_glass"), {"la_child_id": "CF0000123"})

    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[child.pk])
    assert not BreakGlassAccess.objects.exists()


def test_a_restricted_record_stays_out_of_search_for_someone_without_a_grant(signed_in, restricted_child):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    by_name = client.get(reverse("people:search"), {"q": "Zebedee Quorn"})
    by_id = client.get(reverse("people:search"), {"q": "CF0000777"})

    assert list(by_name.context["page"]) == [] and list(by_id.context["page"]) == []
    assert reverse("people:detail", args=[restricted_child[0].pk]) not in by_name.content.decode()


def test_the_visibility_filter_counts_a_live_grant_and_not_an_expired_one(signed_in, restricted_child):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child
    before = list(Person.objects.visible_to(staff.user).filter(pk=child.pk))
    open_with_reason(client, child)

    during = list(Person.objects.visible_to(staff.user).filter(pk=child.pk))
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        after = list(Person.objects.visible_to(staff.user).filter(pk=child.pk))

    assert before == [] and during == [child] and after == []
    assert list(person_search(user=staff.user, query="CF0000777")) == [child]


def test_the_next_address_after_break_glass_must_be_on_this_site(signed_in, restricted_child):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child, _ = restricted_child

    response = open_with_reason(client, child, next_url="https://evil.example/")

    assert response["Location"] == reverse("people:detail", args=[child.pk])


def test_someone_on_the_list_needs_no_break_glass(restricted_child, client):
    child, owner = restricted_child
    client.force_login(owner.user)

    response = client.get(reverse("people:chronology", args=[child.pk]))

    assert response.status_code == 200
    assert AccessLog.objects.get().reason == ""
