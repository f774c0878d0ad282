"""A finalised note or visit cannot be changed by any route (form, ORM, bulk update, SQL, admin, delete):
only corrected by an appended entry with a reason."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.recording import services
from carefile.recording.models import (
    CaseNote,
    ChildVoice,
    FinalisedRecordError,
    NoteCorrection,
    RecordingEvent,
    Visit,
    VisitCorrection,
)
from carefile.testing.factories import PersonFactory, StaffFactory, UserFactory
from carefile.workforce.models import Role

from .helpers import final_note, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def note():
    return final_note(
        PersonFactory(given_name="Amelia"), StaffFactory(), subject="Original subject", body="Original body"
    )


@pytest.fixture
def a_visit():
    return visit(PersonFactory(given_name="Amelia"), StaffFactory(), words="I like it here")


def raw_update(sql: str, pk: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [pk])


# ---- the form ------------------------------------------------------------------------------------------


def test_a_finalised_note_cannot_be_changed_through_the_note_form(signed_in, note):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    response = client.post(
        reverse("recording:note_edit", args=[note.pk]), {"action": "draft", "body": "Changed"}
    )

    assert response.status_code == 302 and response["Location"] == reverse("recording:note", args=[note.pk])
    note.refresh_from_db()
    assert note.body == "Original body"


def test_not_even_its_author_can_change_a_finalised_note_through_any_form(client, note):
    from carefile.testing.factories import TEST_PASSWORD

    client.login(username=note.author.user.username, password=TEST_PASSWORD)

    edit = client.post(
        reverse("recording:note_edit", args=[note.pk]), {"action": "finalise", "body": "Changed"}
    )
    new = client.post(
        reverse("recording:note_new", args=[note.child_id]),
        {"action": "draft", "note_id": note.pk, "body": "Changed"},
    )
    save = client.post(reverse("recording:note_autosave"), {"note_id": note.pk, "body": "Changed"})
    discard = client.post(reverse("recording:note_edit", args=[note.pk]), {"action": "discard"})

    assert (edit.status_code, new.status_code, save.status_code, discard.status_code) == (302, 404, 409, 302)
    note.refresh_from_db()
    assert note.body == "Original body"


# ---- the ORM and the database --------------------------------------------------------------------------


def test_a_finalised_note_refuses_save_update_and_delete(note):
    note.body = "Changed"

    with pytest.raises(FinalisedRecordError):
        note.save()
    with pytest.raises(FinalisedRecordError):
        CaseNote.objects.filter(pk=note.pk).update(body="Changed")
    with pytest.raises(FinalisedRecordError):
        note.delete()
    with pytest.raises(FinalisedRecordError):
        CaseNote.objects.filter(pk=note.pk).delete()
    assert CaseNote.objects.get(pk=note.pk).body == "Original body"


def test_the_database_refuses_to_change_a_finalised_note(note):
    with pytest.raises(IntegrityError):
        raw_update("UPDATE recording_casenote SET body = 'Changed' WHERE id = %s", note.pk)

    assert CaseNote.objects.get(pk=note.pk).body == "Original body"


def test_a_draft_can_still_be_changed_and_deleted():
    draft = services.note_draft_save(child=PersonFactory(), by=StaffFactory(), at=timezone.now(), body="One")

    CaseNote.objects.filter(pk=draft.pk).update(body="Two")
    raw_update("UPDATE recording_casenote SET body = 'Three' WHERE id = %s", draft.pk)
    draft.refresh_from_db()
    assert draft.body == "Three"
    draft.delete()
    assert not CaseNote.objects.exists()


def test_a_visit_refuses_save_update_and_delete(a_visit):
    a_visit.words = "Changed"

    with pytest.raises(FinalisedRecordError):
        a_visit.save()
    with pytest.raises(FinalisedRecordError):
        Visit.objects.filter(pk=a_visit.pk).update(words="Changed")
    with pytest.raises(FinalisedRecordError):
        a_visit.delete()
    with pytest.raises(FinalisedRecordError):
        Visit.objects.all().delete()
    assert Visit.objects.get(pk=a_visit.pk).words == "I like it here"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE recording_visit SET words = 'Changed' WHERE id = %s",
        "UPDATE recording_childvoice SET words = 'Changed' WHERE source_id = %s",
    ],
)
def test_the_database_refuses_to_change_a_visit_or_the_childs_words(a_visit, sql):
    with pytest.raises(IntegrityError):
        raw_update(sql, a_visit.pk)

    assert Visit.objects.get(pk=a_visit.pk).words == ChildVoice.objects.get().words == "I like it here"


def test_a_correction_cannot_be_changed_either(note):
    correction = services.correction_add(
        record=note, by=StaffFactory(), at=timezone.now(), text="t", reason="r"
    )

    with pytest.raises(FinalisedRecordError):
        correction.delete()
    with pytest.raises(IntegrityError):
        raw_update("UPDATE recording_notecorrection SET text = 'Changed' WHERE id = %s", correction.pk)


# ---- the admin -----------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", ["note", "visit"])
def test_the_admin_shows_a_final_record_but_cannot_change_add_or_delete_it(admin_client, note, a_visit, kind):
    record, model = (note, "casenote") if kind == "note" else (a_visit, "visit")
    change = reverse(f"admin:recording_{model}_change", args=[record.pk])

    page = admin_client.get(change)
    posted = admin_client.post(change, {"body": "Changed", "words": "Changed"})
    deleted = admin_client.post(reverse(f"admin:recording_{model}_delete", args=[record.pk]), {"post": "yes"})
    added = admin_client.get(reverse(f"admin:recording_{model}_add"))

    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert posted.status_code == 403 and deleted.status_code == 403 and added.status_code == 403
    record.refresh_from_db()
    assert (record.body if kind == "note" else record.words) in ("Original body", "I like it here")


def test_the_admin_lets_the_council_change_its_visit_standards(admin_client):
    response = admin_client.post(
        reverse("admin:recording_visitfrequency_add"),
        {
            "case_status": "child_in_need",
            "interval": 15,
            "unit": "working_days",
            "amber_within": 3,
            "enabled": "on",
        },
    )

    assert response.status_code == 302
    from carefile.recording.selectors import visit_rules

    assert visit_rules()["child_in_need"].interval == 15


# ---- corrections ---------------------------------------------------------------------------------------


def test_a_correction_is_appended_with_its_reason_and_the_note_is_unchanged(signed_in, note):
    client, worker = signed_in(Role.SOCIAL_WORKER)

    response = client.post(
        reverse("recording:note_correct", args=[note.pk]),
        {"text": "The call was from the school nurse, not the GP.", "reason": "Wrong caller recorded"},
        follow=True,
    )

    body = response.content.decode()
    assert "Correction added" in body
    assert "Original body" in body and "The call was from the school nurse, not the GP." in body
    assert "Wrong caller recorded" in body
    correction = NoteCorrection.objects.get()
    assert (correction.note, correction.by) == (note, worker)
    note.refresh_from_db()
    assert note.body == "Original body"
    event = ChronologyEvent.objects.get(kind=RecordingEvent.CORRECTION)
    assert event.summary == "Correction to the note “Original subject”: Wrong caller recorded"


def test_a_correction_to_a_visit_is_shown_under_the_visit(signed_in, a_visit):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    client.post(
        reverse("recording:visit_correct", args=[a_visit.pk]),
        {"text": "Mum's partner was also present.", "reason": "Left out by mistake"},
    )

    body = client.get(reverse("recording:visit", args=[a_visit.pk])).content.decode()
    assert "Mum&#x27;s partner was also present." in body
    assert VisitCorrection.objects.count() == 1


def test_a_correction_needs_the_text_and_a_reason(signed_in, note):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    response = client.post(reverse("recording:note_correct", args=[note.pk]), {"text": "", "reason": ""})

    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the correction" in body and "Enter why the record needs correcting" in body
    assert not NoteCorrection.objects.exists()


def test_an_inspector_cannot_add_a_correction(signed_in, note):
    client, _ = signed_in(Role.INSPECTOR)

    assert client.get(reverse("recording:note", args=[note.pk])).status_code == 200
    assert (
        client.post(
            reverse("recording:note_correct", args=[note.pk]), {"text": "t", "reason": "r"}
        ).status_code
        == 403
    )
    assert not NoteCorrection.objects.exists()


# ---- significance --------------------------------------------------------------------------------------


def test_marking_a_note_significant_marks_its_chronology_events_and_leaves_the_note_alone(signed_in, note):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    client.post(reverse("recording:note_significant", args=[note.pk]), {"significant": "yes"})

    assert ChronologyEvent.objects.get(kind=RecordingEvent.CASE_NOTE).significant
    body = client.get(reverse("recording:note", args=[note.pk])).content.decode()
    assert "Significant event" in body and "Remove significant event mark" in body
    client.post(reverse("recording:note_significant", args=[note.pk]), {"significant": "no"})
    assert not ChronologyEvent.objects.get(kind=RecordingEvent.CASE_NOTE).significant


def test_marking_a_visit_significant_shows_in_the_significant_chronology(signed_in, a_visit):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    client.post(reverse("recording:visit_significant", args=[a_visit.pk]), {"significant": "yes"})

    body = client.get(
        reverse("people:chronology", args=[a_visit.child_id]), {"significant": "on"}
    ).content.decode()
    assert "1 event" in body and "Child in need visit at the child&#x27;s home" in body
