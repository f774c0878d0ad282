"""Subject access: the child's whole record as a PDF, third parties redacted and labelled, reviewed before
release, every generation logged."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from carefile.common.models import AccessLog
from carefile.frontdoor.models import Contact, ContactChild
from carefile.governance import subject_access
from carefile.governance.models import SubjectAccessRequest
from carefile.governance.subject_access import Table, export_html, export_pdf, subject_access_export
from carefile.people import services as people_services
from carefile.people.models import RestrictedAccess
from carefile.testing.factories import (
    AdultFactory,
    AllocationFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)
from carefile.workforce.models import Role

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2025, 3, 3, 10, 0))


@pytest.fixture
def record():
    """A child with a mother, an address, a social worker, a manager's entry and a contact from a neighbour."""
    team = TeamFactory(name="North Assessment")
    worker = StaffFactory(given_name="Wanda", family_name="Junior", role=Role.SOCIAL_WORKER, team=team)
    manager = StaffFactory(given_name="Morag", family_name="Senior", role=Role.TEAM_MANAGER, team=team)
    child = PersonFactory(
        given_name="Sam", family_name="Example", la_child_id="CF0000101", responsible_team=team
    )
    mother = AdultFactory(given_name="Jacinta", family_name="Motherwell", date_of_birth=date(1990, 7, 14))
    people_services.relationship_add(
        person=mother,
        other=child,
        kind="mother",
        parental_responsibility=True,
        start=None,
        by=manager,
        at=NOW,
    )
    people_services.address_add(
        person=child,
        by=worker,
        at=NOW,
        line1="1 Acacia Avenue",
        line2="",
        town="Durham",
        postcode="DH1 5UQ",
        start=date(2020, 1, 1),
    )
    AllocationFactory(child=child, worker=worker, start=NOW)
    contact = Contact.objects.create(
        received_at=NOW,
        source="1B",
        referrer_name="Nigel Neighbour",
        referrer_contact="07700 900123",
        presenting_concerns="Nigel Neighbour heard shouting; Jacinta said Sam was at school. Wanda Junior to visit.",
        consent="given",
        team=team,
        screening_due=date(2025, 3, 4),
        recorded_by=worker,
        recorded_at=NOW,
    )
    ContactChild.objects.create(contact=contact, child=child)
    return child, mother, worker, manager


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_export_names_the_child_and_redacts_other_peoples_details_with_a_reason(record):
    child, mother, worker, manager = record

    export = subject_access_export(person=child, redact_junior_staff=True, at=NOW)
    html = export_html(export)

    assert "Sam Example" in html and "CF0000101" in html and "1 Acacia Avenue" in html
    assert "Jacinta" not in html and "Motherwell" not in html and "14 July 1990" not in html
    assert "Nigel Neighbour" not in html and "07700 900123" not in html
    assert "Wanda Junior" not in html
    assert "Morag Senior, team manager" in html
    assert "[Redacted: third party – relative]" in html
    assert "[Redacted: third party – relative&#x27;s date of birth]" in html
    assert "[Redacted: third party – referrer]" in html
    assert "[Redacted: third party – member of staff (social worker)]" in html
    assert export.redactions >= 6


def test_names_in_free_text_are_redacted_too(record):
    child, *_ = record

    export = subject_access_export(person=child, redact_junior_staff=True, at=NOW)
    concerns = dict(next(s for s in export.sections if s.title == "Contacts and referrals").parts[0].items)[
        "Concerns"
    ]

    assert concerns == (
        "[Redacted: third party – referrer] heard shouting; [Redacted: third party – relative] said Sam was at "
        "school. [Redacted: third party – member of staff] to visit."
    )


def test_the_council_may_choose_to_name_staff_below_manager_level(record):
    child, *_ = record

    html = export_html(subject_access_export(person=child, redact_junior_staff=False, at=NOW))

    assert "Wanda Junior, social worker" in html
    assert "Jacinta" not in html


def test_the_pdf_is_readable_text_with_the_redaction_labels(record):
    child, *_ = record

    content = export_pdf(subject_access_export(person=child, redact_junior_staff=True, at=NOW))

    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    assert "Record of Sam Example" in text
    assert "Redacted: third party" in text and "relative" in text
    assert "Motherwell" not in text and "Nigel" not in text
    assert "DRAFT FOR REVIEW" in text


def test_a_looked_after_childs_current_address_is_redacted_as_the_carers(record):
    child, *_ = record
    child.case_status = "looked_after"
    child.save()

    html = export_html(subject_access_export(person=child, redact_junior_staff=True, at=NOW))

    assert "1 Acacia Avenue" not in html
    assert "[Redacted: third party – carer&#x27;s or placement address]" in html


def test_another_app_can_register_a_section(record):
    child, *_ = record

    @subject_access.register_section(title="Visits (test)", order=55)
    def visits(person, redact):
        return [Table(["Date", "Notes"], [[date(2025, 2, 1), redact.text("Saw Sam with Jacinta at home")]])]

    try:
        html = export_html(subject_access_export(person=child, redact_junior_staff=True, at=NOW))
    finally:
        subject_access._sections[:] = [s for s in subject_access._sections if s[2] is not visits]

    assert "Visits (test)" in html
    assert "Saw Sam with [Redacted: third party – relative] at home" in html


def new_request(client, la_child_id="CF0000101"):
    return client.post(
        reverse("governance:sar_new"),
        {
            "la_child_id": la_child_id,
            "requester": "The young person",
            "received_on_0": "1",
            "received_on_1": "3",
            "received_on_2": "2025",
            "redact_junior_staff": "on",
        },
    )


def test_an_administrator_requests_previews_and_downloads_the_export_each_logged(signed_in, record):
    client, admin = signed_in(Role.ADMINISTRATOR)
    child, *_ = record

    created = new_request(client)
    sar = SubjectAccessRequest.objects.get()
    preview = client.get(reverse("governance:sar_preview", args=[sar.pk]))
    pdf = client.get(reverse("governance:sar_pdf", args=[sar.pk]))

    assert created.status_code == 302 and created["Location"] == reverse(
        "governance:sar_preview", args=[sar.pk]
    )
    assert (sar.person, sar.requested_by, sar.redact_junior_staff) == (child, admin.user, True)
    assert preview.status_code == 200 and "[Redacted: third party – relative]" in preview.content.decode()
    assert "Motherwell" not in preview.content.decode()
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    rows = list(AccessLog.objects.filter(person_ref=child.pk, user=admin.user).order_by("id"))
    assert [(r.view_name, r.reason) for r in rows] == [
        ("governance:sar_preview", f"Subject access request {sar.pk}: preview"),
        ("governance:sar_pdf", f"Subject access request {sar.pk}: PDF generated"),
    ]
    sar.refresh_from_db()
    assert sar.generated_count == 1


def test_the_export_is_approved_for_release_after_review(signed_in, record):
    client, admin = signed_in(Role.ADMINISTRATOR)
    new_request(client)
    sar = SubjectAccessRequest.objects.get()

    refused = client.post(reverse("governance:sar_preview", args=[sar.pk]), {})
    approved = client.post(reverse("governance:sar_preview", args=[sar.pk]), {"confirmed": "on"})

    assert "Confirm you have read the export" in refused.content.decode()
    assert approved.status_code == 302
    sar.refresh_from_db()
    assert sar.reviewed_by == admin.user and sar.reviewed_at is not None
    assert "DRAFT FOR REVIEW" not in pdf_text(
        client.get(reverse("governance:sar_pdf", args=[sar.pk])).content
    )


def test_a_restricted_child_cannot_be_exported_by_an_administrator_off_its_list(signed_in, record):
    client, _ = signed_in(Role.ADMINISTRATOR)
    child, *_ = record
    child.restricted = True
    child.save()

    response = new_request(client)

    assert "No record you can see has this LA child ID" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_a_restricted_child_can_be_exported_by_an_administrator_on_its_list(signed_in, record):
    client, admin = signed_in(Role.ADMINISTRATOR)
    child, *_ = record
    child.restricted = True
    child.save()
    RestrictedAccess.objects.create(person=child, user=admin.user, granted_at=NOW)

    response = new_request(client)

    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.INSPECTOR])
def test_only_administrators_handle_subject_access(signed_in, record, role):
    client, _ = signed_in(role)

    assert client.get(reverse("governance:sar_new")).status_code == 403
    assert client.get(reverse("governance:sar_list")).status_code == 403
