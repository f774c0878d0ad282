"""Case notes: drafts saved as the worker types, finalising, filing to siblings, management notes."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import AccessLog, ChronologyEvent
from carefile.people.codes import RelationshipKind
from carefile.people.models import Address, Relationship, RestrictedAccess
from carefile.recording import services
from carefile.recording.models import CaseNote, NoteFiling, RecordingEvent
from carefile.testing.factories import TEST_PASSWORD, AdultFactory, PersonFactory, StaffFactory
from carefile.workforce.models import Role

from .helpers import final_note

pytestmark = pytest.mark.django_db


def family():
    """A mother and her three children; the youngest's record is restricted."""
    mother = AdultFactory(given_name="Rachel", family_name="Hughes")
    amelia = PersonFactory(given_name="Amelia", family_name="Hughes", date_of_birth=date(2015, 5, 17))
    noah = PersonFactory(given_name="Noah", family_name="Hughes", date_of_birth=date(2012, 9, 3))
    hidden = PersonFactory(
        given_name="Zara", family_name="Hughes", restricted=True, date_of_birth=date(2019, 1, 2)
    )
    for child in (amelia, noah, hidden):
        Relationship.objects.create(person=mother, other=child, kind=RelationshipKind.MOTHER)
    return mother, amelia, noah, hidden


def autosave(client, **data):
    return client.post(reverse("recording:note_autosave"), data)


# ---- drafts and autosave -------------------------------------------------------------------------------


def test_the_first_autosave_creates_a_draft_and_later_ones_update_it(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    first = autosave(client, person_id=child.pk, subject="Home visit follow-up", body="Spoke to mum")
    note_id = first.json()["note_id"]
    second = autosave(
        client,
        person_id=child.pk,
        note_id=note_id,
        subject="Home visit follow-up",
        body="Spoke to mum and dad",
    )

    assert first.status_code == second.status_code == 200
    assert second.json()["note_id"] == note_id
    assert second.json()["edit_url"] == reverse("recording:note_edit", args=[note_id])
    note = CaseNote.objects.get()
    assert (note.author, note.child, note.body, note.is_final) == (
        worker,
        child,
        "Spoke to mum and dad",
        False,
    )
    assert not ChronologyEvent.objects.filter(kind=RecordingEvent.CASE_NOTE).exists()


def test_autosave_keeps_what_was_saved_when_a_date_is_half_typed(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    note_id = autosave(
        client, person_id=child.pk, happened_on_0="3", happened_on_1="6", happened_on_2="2025", body="One"
    ).json()["note_id"]

    response = autosave(
        client, note_id=note_id, happened_on_0="3", happened_on_1="", happened_on_2="2025", body="Two"
    )

    assert response.status_code == 200
    note = CaseNote.objects.get(pk=note_id)
    assert (note.happened_on, note.body) == (date(2025, 6, 3), "Two")


def test_autosave_requires_the_author_of_the_draft(signed_in, client):
    author = StaffFactory()
    child = PersonFactory()
    note = services.note_draft_save(child=child, by=author, at=timezone.now(), body="Mine")
    _, _other = signed_in(Role.SOCIAL_WORKER)

    response = autosave(client, note_id=note.pk, body="Overwritten by someone else")

    assert response.status_code == 403
    note.refresh_from_db()
    assert note.body == "Mine"


def test_autosave_needs_the_csrf_token(signed_in):
    from django.test import Client

    _, worker = signed_in(Role.SOCIAL_WORKER)
    strict = Client(enforce_csrf_checks=True)
    strict.login(username=worker.user.username, password=TEST_PASSWORD)
    child = PersonFactory()

    response = strict.post(reverse("recording:note_autosave"), {"person_id": child.pk, "body": "x"})

    assert response.status_code == 403
    assert not CaseNote.objects.exists()


def test_autosave_refuses_a_finalised_note(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    note = final_note(PersonFactory(), worker)

    response = autosave(client, note_id=note.pk, body="Changed after finalising")

    assert response.status_code == 409
    note.refresh_from_db()
    assert note.body == "School called."


def test_autosave_is_refused_to_an_inspector(signed_in):
    client, _ = signed_in(Role.INSPECTOR)
    child = PersonFactory()

    assert autosave(client, person_id=child.pk, body="x").status_code == 403
    assert not CaseNote.objects.exists()


def test_autosave_cannot_start_a_note_on_a_restricted_child_off_the_list(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(restricted=True)

    assert autosave(client, person_id=child.pk, body="x").status_code == 404
    assert not CaseNote.objects.exists()


def test_a_draft_survives_the_session_ending_and_is_there_after_signing_in_again(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    note_id = autosave(
        client, person_id=child.pk, subject="Core group", body="Everything typed so far"
    ).json()["note_id"]

    client.logout()  # the session times out
    late = autosave(client, note_id=note_id, body="Typed after the session ended")
    assert late.status_code == 302 and late["Location"].startswith(reverse("login"))
    assert client.login(username=worker.user.username, password=TEST_PASSWORD)
    page = client.get(reverse("recording:note_edit", args=[note_id]))

    assert page.status_code == 200
    assert "Everything typed so far" in page.content.decode()
    assert CaseNote.objects.get(pk=note_id).body == "Everything typed so far"
    assert f'data-note-id="{note_id}"' in page.content.decode()


def test_the_note_page_loads_the_autosave_script_and_no_inline_script(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    body = client.get(reverse("recording:note_new", args=[child.pk])).content.decode()

    assert '<script type="module" src="/static/recording/autosave.js"></script>' in body
    import re

    inline = [s for s in re.findall(r"<script([^>]*)>(.*?)</script>", body, flags=re.S) if s[1].strip()]
    assert inline == []


def test_saving_a_draft_without_javascript_keeps_it_for_later(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    response = client.post(
        reverse("recording:note_new", args=[child.pk]),
        {"action": "draft", "subject": "Half done", "body": "To be continued"},
    )

    note = CaseNote.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "recording:note_edit", args=[note.pk]
    )
    assert note.subject == "Half done" and not note.is_final
    child_page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Your draft notes" in child_page and "Half done" in child_page


def test_the_form_carries_on_with_the_draft_the_autosave_made(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    note_id = autosave(client, person_id=child.pk, body="Started").json()["note_id"]

    client.post(
        reverse("recording:note_new", args=[child.pk]),
        {"action": "draft", "note_id": note_id, "subject": "Continued", "body": "Started and continued"},
    )

    assert CaseNote.objects.count() == 1
    assert CaseNote.objects.get().body == "Started and continued"


def test_a_draft_is_only_its_authors(signed_in):
    author, child = StaffFactory(), PersonFactory()
    note = services.note_draft_save(
        child=child, by=author, at=timezone.now(), subject="Private", body="Draft"
    )
    client, _ = signed_in(Role.TEAM_MANAGER)

    assert client.get(reverse("recording:note_edit", args=[note.pk])).status_code == 404
    assert client.get(reverse("recording:note", args=[note.pk])).status_code == 404
    assert (
        client.post(reverse("recording:note_edit", args=[note.pk]), {"action": "discard"}).status_code == 404
    )
    assert "Private" not in client.get(reverse("recording:records", args=[child.pk])).content.decode()
    assert CaseNote.objects.filter(pk=note.pk).exists()


def test_the_author_can_delete_a_draft(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    note = services.note_draft_save(child=PersonFactory(), by=worker, at=timezone.now(), body="Not needed")

    client.post(reverse("recording:note_edit", args=[note.pk]), {"action": "discard"})

    assert not CaseNote.objects.exists()


# ---- finalising ----------------------------------------------------------------------------------------


def test_finalising_needs_the_type_date_subject_and_note_and_saves_nothing_otherwise(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    response = client.post(
        reverse("recording:note_new", args=[child.pk]),
        {"action": "finalise", "happened_on_0": "", "happened_on_1": "", "happened_on_2": ""},
    )

    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    for message in [
        "Choose the type of note",
        "Enter the date it happened",
        "Enter a subject",
        "Enter the note",
    ]:
        assert message in body
    assert not CaseNote.objects.exists()


def test_finalising_files_the_note_and_writes_the_chronology(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Amelia")
    today = timezone.localdate()

    response = client.post(
        reverse("recording:note_new", args=[child.pk]),
        {
            "action": "finalise",
            "note_type": "phone_call",
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "subject": "Call from the school nurse",
            "body": "Amelia has missed two appointments.",
            "significant": "on",
        },
        follow=True,
    )

    assert "Case note finalised" in response.content.decode()
    note = CaseNote.objects.get()
    assert note.is_final and note.author == worker
    event = ChronologyEvent.objects.get(person=child, kind=RecordingEvent.CASE_NOTE)
    assert event.summary == "Phone call: Call from the school nurse" and event.significant
    assert event.data["note"] == note.pk


def test_a_note_dated_another_day_goes_on_the_chronology_on_that_day():
    child, worker = PersonFactory(), StaffFactory()
    now = timezone.now()
    note = services.note_draft_save(
        child=child,
        by=worker,
        at=now,
        note_type="meeting",
        happened_on=date(2025, 3, 7),
        subject="Strategy",
        body="x",
    )

    services.note_finalise(note=note, by=worker, at=now)

    event = ChronologyEvent.objects.get(kind=RecordingEvent.CASE_NOTE)
    assert timezone.localtime(event.at).date() == date(2025, 3, 7)


def test_a_note_filed_to_siblings_goes_on_each_childs_chronology(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    _mother, amelia, noah, _hidden = family()
    today = timezone.localdate()

    client.post(
        reverse("recording:note_new", args=[amelia.pk]),
        {
            "action": "finalise",
            "note_type": "meeting",
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "subject": "Family meeting",
            "body": "Both children attended.",
            "also_for": [str(noah.pk)],
        },
    )

    note = CaseNote.objects.get()
    assert set(NoteFiling.objects.filter(note=note).values_list("child_id", flat=True)) == {
        amelia.pk,
        noah.pk,
    }
    for child in (amelia, noah):
        event = ChronologyEvent.objects.get(person=child, kind=RecordingEvent.CASE_NOTE)
        assert event.summary == "Meeting: Family meeting (filed to 2 children)"
    noah_list = client.get(reverse("recording:records", args=[noah.pk])).content.decode()
    assert "Family meeting" in noah_list


def test_a_restricted_sibling_you_cannot_see_is_not_offered(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    _mother, amelia, noah, hidden = family()

    body = client.get(reverse("recording:note_new", args=[amelia.pk])).content.decode()

    assert "Noah Hughes" in body
    assert "Zara" not in body
    response = client.post(
        reverse("recording:note_new", args=[amelia.pk]),
        {"action": "draft", "body": "x", "also_for": [str(hidden.pk)]},
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_sibling_on_your_access_list_is_offered(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    _mother, amelia, _noah, hidden = family()
    RestrictedAccess.objects.create(person=hidden, user=worker.user, granted_at=timezone.now())

    body = client.get(reverse("recording:note_new", args=[amelia.pk])).content.decode()

    assert "Zara Hughes" in body


def test_children_at_the_same_address_are_offered_for_filing(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    amelia, cousin = PersonFactory(given_name="Amelia"), PersonFactory(given_name="Kai", family_name="Okoro")
    for child in (amelia, cousin):
        Address.objects.create(
            person=child, line1="14 Prebends Walk", town="Durham", postcode="DH1 4QW", start=date(2024, 1, 1)
        )

    body = client.get(reverse("recording:note_new", args=[amelia.pk])).content.decode()

    assert "Kai Okoro" in body


def test_a_note_filed_to_a_restricted_child_is_hidden_from_those_off_its_list(signed_in):
    _mother, amelia, _noah, hidden = family()
    writer = StaffFactory()
    final_note(amelia, writer, also_for=[hidden.pk], subject="About both girls")
    client, _ = signed_in(Role.SOCIAL_WORKER)
    note = CaseNote.objects.get()

    assert (
        "About both girls" not in client.get(reverse("recording:records", args=[amelia.pk])).content.decode()
    )
    assert client.get(reverse("recording:note", args=[note.pk])).status_code == 404


def test_only_managers_write_management_notes(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()

    assert (
        "Management note" not in client.get(reverse("recording:note_new", args=[child.pk])).content.decode()
    )
    note = services.note_draft_save(
        child=child,
        by=worker,
        at=timezone.now(),
        note_type="management",
        happened_on=date(2025, 1, 6),
        subject="s",
        body="b",
    )
    with pytest.raises(services.RecordingError):
        services.note_finalise(note=note, by=worker, at=timezone.now())


def test_a_managers_management_note_is_its_own_kind_on_the_chronology(signed_in):
    client, manager = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory()
    note = services.note_draft_save(
        child=child,
        by=manager,
        at=timezone.now(),
        note_type="management",
        happened_on=date(2025, 1, 6),
        subject="Case direction",
        body="Convene a strategy discussion.",
    )

    services.note_finalise(note=note, by=manager, at=timezone.now(), may_write_management_notes=True)

    assert ChronologyEvent.objects.get(person=child).kind == RecordingEvent.MANAGEMENT_NOTE


def test_opening_a_note_filed_to_two_children_logs_a_view_of_each(signed_in):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    _mother, amelia, noah, _hidden = family()
    note = final_note(amelia, StaffFactory(), also_for=[noah.pk])

    client.get(reverse("recording:note", args=[note.pk]))

    assert set(AccessLog.objects.filter(user=staff.user).values_list("person_ref", flat=True)) == {
        amelia.pk,
        noah.pk,
    }


# ---- the list ------------------------------------------------------------------------------------------


def test_the_list_of_visits_and_notes_is_filtered_by_type_and_paged(signed_in, settings):
    from .helpers import visit

    settings.PAGE_SIZE = 3
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    for i in range(4):
        visit(child, worker, visit_type="child_protection" if i % 2 else "unannounced")
    final_note(child, worker, subject="A phone call")
    url = reverse("recording:records", args=[child.pk])

    everything = client.get(url).content.decode()
    unannounced = client.get(url, {"show": "visit:unannounced"}).content.decode()
    notes = client.get(url, {"show": "notes"}).content.decode()
    second_page = client.get(url, {"page": 2}).content.decode()

    assert "5 records" in everything and "Page 1 of 2" in everything
    assert (
        "2 records" in unannounced
        and "Child protection visit" not in unannounced.split("records, latest first")[1]
    )
    assert "1 record," in notes and "A phone call" in notes
    assert "Page 2 of 2" in second_page


def test_the_list_can_show_only_significant_events(signed_in):
    from .helpers import visit

    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    visit(child, worker, significant=True, visit_type="unannounced")
    visit(child, worker, visit_type="child_protection")

    body = client.get(reverse("recording:records", args=[child.pk]), {"significant": "on"}).content.decode()

    assert "1 record," in body and "Unannounced visit" in body
