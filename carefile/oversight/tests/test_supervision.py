"""Supervision: the part about each child is filed on the child's record; the reflective part never leaves the
supervision record (not the child's page, the chronology, search, the subject access export)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.oversight import selectors, services
from carefile.oversight.models import (
    OversightAction,
    OversightEvent,
    OversightSettings,
    SupervisionAgreement,
    SupervisionDiscussion,
    SupervisionSession,
)
from carefile.testing.factories import StaffFactory
from carefile.workforce.models import Role

SECRET = "Zanzibarquokka feels burnt out after the Hughes court hearing"


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _record(office, login):
    client = login(office.manager)
    today = timezone.localdate()
    due = today + timedelta(days=10)
    c, s = office.child.pk, office.sibling.pk
    response = client.post(
        reverse("oversight:supervision_new", args=[office.worker.pk]),
        {
            **_date("held_on", today),
            "private_notes": SECRET,
            f"c{c}_discussed": "on",
            f"c{c}_discussion": "Amelia is settled at school; attendance up to 92%.",
            f"c{c}_direction": "Continue the plan; review at the next core group.",
            f"c{c}_action1_what": "Share the attendance data with the core group",
            f"c{c}_action1_owner": str(office.worker.pk),
            **_date(f"c{c}_action1_due", due),
            f"c{s}_discussed": "on",
            f"c{s}_discussion": "Noah's contact with his father needs a risk assessment.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return SupervisionSession.objects.get()


def test_a_manager_records_supervision_discussing_two_children_each_filed_on_their_record(office, login):
    session = _record(office, login)
    assert session.supervisor == office.manager and session.supervisee == office.worker
    assert session.private_notes == SECRET
    assert SupervisionDiscussion.objects.filter(session=session).count() == 2
    action = OversightAction.objects.get()
    assert action.child == office.child and action.owner == office.worker and action.discussion is not None

    for child, text in ((office.child, "attendance up to 92%"), (office.sibling, "risk assessment")):
        event = ChronologyEvent.objects.get(person=child, kind=OversightEvent.SUPERVISION)
        assert text in event.summary
        client = login(office.worker)
        page = client.get(reverse("oversight:child", args=[child.pk])).content.decode()
        assert text in page
    # Each child's record shows only its own part.
    amelia = login(office.worker).get(reverse("oversight:child", args=[office.child.pk])).content.decode()
    assert "risk assessment" not in amelia


def test_the_private_notes_are_never_on_the_childs_record_chronology_search_or_export(office, login):
    from carefile.governance.subject_access import export_html, subject_access_export

    _record(office, login)
    secret_word = "Zanzibarquokka"
    for staff in (office.manager, office.worker):
        client = login(staff)
        for url in (
            reverse("people:detail", args=[office.child.pk]),
            reverse("people:chronology", args=[office.child.pk]),
            reverse("people:chronology", args=[office.child.pk]) + "?print=1",
            reverse("oversight:child", args=[office.child.pk]),
            reverse("oversight:child", args=[office.sibling.pk]),
            reverse("people:search") + f"?q={secret_word}",
            reverse("people:search") + "?q=Hughes",
            reverse("oversight:actions"),
            reverse("oversight:gaps") if staff == office.manager else reverse("caseload"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            # The search page repeats the words searched for: what it must not show is the notes themselves.
            assert "feels burnt out" not in body, url
            assert "?q=" in url or secret_word not in body, url
            if "?q=Z" in url:
                assert office.child.family_name not in body, url
    assert not ChronologyEvent.objects.filter(summary__contains=secret_word).exists()
    assert not any(secret_word in str(e.data) for e in ChronologyEvent.objects.all())
    for child in (office.child, office.sibling):
        export = subject_access_export(person=child, redact_junior_staff=False, at=timezone.now())
        html = export_html(export)
        assert "Discussed in supervision" in html
        assert secret_word not in html


def test_only_the_supervisor_and_supervisee_read_the_private_notes(office, login):
    session = _record(office, login)
    url = reverse("oversight:session", args=[session.pk])
    for staff in (office.manager, office.worker):
        assert "Zanzibarquokka" in login(staff).get(url).content.decode()
    other_manager = StaffFactory(role=Role.TEAM_MANAGER)
    body = login(other_manager).get(url).content.decode()
    assert "Zanzibarquokka" not in body and "private to the supervisor and the worker" in body
    assert login(office.other_worker).get(url).status_code == 403


def test_a_ticked_child_without_a_discussion_is_an_error_and_nothing_is_saved(office, login):
    client = login(office.manager)
    today = timezone.localdate()
    response = client.post(
        reverse("oversight:supervision_new", args=[office.worker.pk]),
        {**_date("held_on", today), f"c{office.child.pk}_discussed": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Record what was discussed about Amelia Hughes" in body
    assert not SupervisionSession.objects.exists()
    # A date in the future is refused too.
    response = client.post(
        reverse("oversight:supervision_new", args=[office.worker.pk]),
        {**_date("held_on", today + timedelta(days=2)), "private_notes": "x"},
    )
    assert "must be today or in the past" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_the_form_lists_the_supervisees_caseload_as_checkboxes(office, login):
    body = (
        login(office.manager)
        .get(reverse("oversight:supervision_new", args=[office.worker.pk]))
        .content.decode()
    )
    assert f'name="c{office.child.pk}_discussed"' in body and f'name="c{office.sibling.pk}_discussed"' in body
    assert "govuk-checkboxes__conditional" in body


def test_social_workers_cannot_record_supervision_or_see_compliance(office, login):
    client = login(office.worker)
    assert client.get(reverse("oversight:supervision_new", args=[office.other_worker.pk])).status_code == 403
    assert client.get(reverse("oversight:compliance")).status_code == 403
    assert client.get(reverse("oversight:worker", args=[office.worker.pk])).status_code == 200
    assert client.get(reverse("oversight:worker", args=[office.other_worker.pk])).status_code == 403


# ---- expected frequency and compliance --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asye_start", "last", "expected_days", "overdue"),
    [
        (None, date(2026, 10, 1), 28, True),  # monthly: due 29 Oct
        (None, date(2026, 11, 1), 28, False),  # due 29 Nov
        (date(2026, 9, 1), date(2026, 11, 1), 14, True),  # ASYE fortnightly: due 15 Nov
        (date(2026, 1, 5), date(2026, 11, 1), 28, False),  # ASYE began over six months ago: monthly again
    ],
)
def test_expected_frequency_is_fortnightly_for_newly_qualified_workers_then_monthly(
    office, asye_start, last, expected_days, overdue
):
    today = date(2026, 11, 20)
    if asye_start:
        SupervisionAgreement.objects.create(supervisee=office.worker, asye_start=asye_start)
    SupervisionSession.objects.create(
        supervisor=office.manager,
        supervisee=office.worker,
        held_on=last,
        recorded_by=office.manager,
        recorded_at=timezone.now(),
    )
    rows = {r.staff.pk: r for r in selectors.compliance(today=today)}
    row = rows[office.worker.pk]
    assert row.every_days == expected_days
    assert row.overdue is overdue
    assert row.supervisor == office.manager
    assert rows[office.other_worker.pk].last is None


def test_the_councils_setting_changes_the_standard(office):
    OversightSettings.objects.create(supervision_days=21)
    row = next(r for r in selectors.compliance(today=date(2026, 11, 20)) if r.staff == office.worker)
    assert row.every_days == 21


def test_the_compliance_view_lists_overdue_workers_first_per_team(
    office, login, django_assert_max_num_queries
):
    SupervisionSession.objects.create(
        supervisor=office.manager,
        supervisee=office.other_worker,
        held_on=timezone.localdate(),
        recorded_by=office.manager,
        recorded_at=timezone.now(),
    )
    client = login(office.manager)
    for _ in range(5):
        StaffFactory(team=office.team, role=Role.SOCIAL_WORKER)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("oversight:compliance") + "?overdue=on")
    body = response.content.decode()
    assert "Sam Patel" in body and "Jo Reid" not in body.split('<h2 class="govuk-heading-m">Workers</h2>')[1]
    assert "Children in Need East" in body


def test_supervision_counts_as_oversight_for_the_gap(office):
    services.supervision_record(
        supervisor=office.manager,
        supervisee=office.worker,
        by=office.manager,
        at=timezone.now(),
        held_on=timezone.localdate(),
        discussions=[services.ChildDiscussion(office.child, "Discussed")],
    )
    assert selectors.last_oversight(office.child) == timezone.localdate()
    assert selectors.last_oversight(office.sibling) is None


def test_a_child_action_with_only_its_preset_owner_is_not_an_action(office, login):
    """The form presets each child's action owner to the worker: that alone is no action."""
    client = login(office.manager)
    c = office.child.pk
    response = client.post(
        reverse("oversight:supervision_new", args=[office.worker.pk]),
        {
            **_date("held_on", timezone.localdate()),
            f"c{c}_discussed": "on",
            f"c{c}_discussion": "Going well",
            f"c{c}_action1_owner": str(office.worker.pk),
            f"c{office.sibling.pk}_action1_owner": str(office.worker.pk),
            "general_1_owner": str(office.worker.pk),
        },
    )
    assert response.status_code == 302
    assert SupervisionDiscussion.objects.count() == 1 and not OversightAction.objects.exists()
