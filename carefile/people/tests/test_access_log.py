"""Every view of a person's record leaves an access-log row; restricted records are invisible (their address
shows only the break-glass page)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carefile.common.audit import AuditChainBroken, audit_chain_verify
from carefile.common.models import AccessLog
from carefile.people.models import RestrictedAccess
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db


def person_scoped_url_names() -> list[str]:
    """Every named URL whose route takes a person_id, found by walking the URL configuration."""
    names = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and "person_id" in p.pattern.regex.groupindex and p.name:
                names.append(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return sorted(names)


def test_the_walk_finds_the_child_scoped_pages():
    names = person_scoped_url_names()

    assert {"people:detail", "people:chronology", "people:edit", "allocate"} <= set(names)


@pytest.mark.parametrize("url_name", person_scoped_url_names())
def test_every_child_scoped_page_records_the_view(url_name, signed_in):
    client, staff = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory()

    response = client.get(reverse(url_name, args=[child.pk]))

    assert response.status_code == 200
    rows = list(AccessLog.objects.filter(person_ref=child.pk))
    assert len(rows) == 1
    assert rows[0].user_id == staff.user_id
    assert rows[0].view_name == url_name
    assert rows[0].path == reverse(url_name, args=[child.pk])


@pytest.mark.parametrize("url_name", person_scoped_url_names())
def test_a_restricted_child_shows_only_the_break_glass_page_to_someone_off_its_list(url_name, signed_in):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    child = PersonFactory(restricted=True, given_name="Hiddenname", family_name="Secretfamily")

    response = client.get(reverse(url_name, args=[child.pk]))

    body = response.content.decode()
    assert response.status_code == 403
    assert "This record is restricted" in body
    assert 'name="reason"' in body and reverse("governance:break_glass") in body
    assert "Hiddenname" not in body and "Secretfamily" not in body and child.la_child_id not in body
    assert not AccessLog.objects.filter(person_ref=child.pk).exists()


def test_a_person_who_does_not_exist_is_not_found(signed_in):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)

    response = client.get(reverse("people:detail", args=[987654]))

    assert response.status_code == 404


def test_a_restricted_child_is_visible_to_someone_on_its_list(signed_in):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(restricted=True, given_name="Hidden", family_name="Childname")
    RestrictedAccess.objects.create(person=child, user=staff.user, granted_at=child.created_at)

    response = client.get(reverse("people:detail", args=[child.pk]))

    assert response.status_code == 200
    assert b"Restricted record" in response.content


def test_a_restricted_child_is_absent_from_search_for_others(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    PersonFactory(restricted=True, given_name="Zebedee", family_name="Quorn")
    PersonFactory(given_name="Zebedee", family_name="Quinn")

    response = client.get(reverse("people:search"), {"q": "zebedee"})

    assert b"Quinn" in response.content.upper() or b"QUINN" in response.content
    assert b"QUORN" not in response.content and b"Quorn" not in response.content


def test_the_access_log_chain_verifies_when_untouched(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    for _ in range(3):
        client.get(reverse("people:detail", args=[child.pk]))

    checked = audit_chain_verify()

    assert checked == 3


def test_an_altered_access_log_row_is_caught(signed_in):
    client, _ = signed_in()
    child, other = PersonFactory(), PersonFactory()
    for _ in range(3):
        client.get(reverse("people:detail", args=[child.pk]))
    AccessLog.objects.filter(pk=AccessLog.objects.order_by("id")[1].pk).update(person_ref=other.pk)

    with pytest.raises(AuditChainBroken, match="altered"):
        audit_chain_verify()


def test_a_deleted_access_log_row_is_caught(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    for _ in range(3):
        client.get(reverse("people:detail", args=[child.pk]))
    AccessLog.objects.order_by("id")[1].delete()

    with pytest.raises(AuditChainBroken, match="removed"):
        audit_chain_verify()


def test_a_row_deleted_from_the_end_is_caught(signed_in):
    client, _ = signed_in()
    child = PersonFactory()
    for _ in range(3):
        client.get(reverse("people:detail", args=[child.pk]))
    AccessLog.objects.order_by("-id")[0].delete()

    with pytest.raises(AuditChainBroken, match="removed from the end"):
        audit_chain_verify()
