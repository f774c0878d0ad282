"""Recording a visit: the rules, the chronology, the child's words, and the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import AccessLog, ChronologyEvent
from carefile.recording import services
from carefile.recording.models import ChildVoice, Place, RecordingEvent, Visit, VoiceSource
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory
from carefile.workforce.models import Role

from .helpers import visit, visit_post

pytestmark = pytest.mark.django_db


def test_a_visit_where_the_child_was_not_seen_needs_a_reason():
    child, worker = PersonFactory(given_name="Amelia"), StaffFactory()

    with pytest.raises(services.RecordingError) as caught:
        visit(child, worker, seen=False, reason_not_seen="   ")

    assert caught.value.errors == {"reason_not_seen": "Explain why Amelia was not seen"}
    assert not Visit.objects.exists()


def test_a_child_can_be_seen_alone_only_if_they_were_seen():
    child, worker = PersonFactory(given_name="Amelia"), StaffFactory()
    now = timezone.now()

    with pytest.raises(services.RecordingError) as caught:
        services.visit_record(
            child=child,
            by=worker,
            at=now,
            visited_at=now,
            visit_type="child_in_need",
            place=Place.HOME,
            child_seen=False,
            seen_alone=True,
            reason_not_seen="Out with grandparents",
        )

    assert caught.value.errors == {"seen_alone": "Amelia can only have been seen alone if they were seen"}


def test_a_seen_child_needs_an_answer_about_being_seen_alone():
    child, worker = PersonFactory(given_name="Amelia"), StaffFactory()
    now = timezone.now()

    with pytest.raises(services.RecordingError) as caught:
        services.visit_record(
            child=child,
            by=worker,
            at=now,
            visited_at=now,
            visit_type="child_in_need",
            place=Place.HOME,
            child_seen=True,
            seen_alone=None,
        )

    assert "seen_alone" in caught.value.errors


def test_the_database_refuses_a_not_seen_visit_without_a_reason():
    from django.db import IntegrityError

    child, worker = PersonFactory(), StaffFactory()
    now = timezone.now()

    with pytest.raises(IntegrityError):
        Visit.objects.create(
            child=child,
            visited_at=now,
            visit_type="other",
            place="home",
            child_seen=False,
            seen_alone=False,
            reason_not_seen="",
            recorded_by=worker,
            recorded_at=now,
        )


def test_a_visit_in_the_future_is_refused():
    child, worker = PersonFactory(), StaffFactory()
    now = timezone.now()

    with pytest.raises(services.RecordingError) as caught:
        visit(child, worker, at=now, visited_at=now + timedelta(hours=2))

    assert caught.value.errors == {"visit_date": "The date and time of the visit must be in the past"}


def test_words_need_to_say_how_the_child_communicated():
    child, worker = PersonFactory(given_name="Amelia"), StaffFactory()

    with pytest.raises(services.RecordingError) as caught:
        visit(child, worker, words="I want to stay with Nan", communication=[])

    assert caught.value.errors == {"communication": "Choose how Amelia communicated"}


def test_a_visit_writes_a_chronology_event_and_the_childs_words():
    child, worker = PersonFactory(given_name="Amelia"), StaffFactory()
    when = timezone.now() - timedelta(days=1)

    recorded = visit(
        child, worker, visited_at=when, words="I like my new school", communication=["spoken", "drawing"]
    )

    event = ChronologyEvent.objects.get(person=child, kind=RecordingEvent.VISIT)
    assert event.at == when and event.by == worker and event.data == {"visit": recorded.pk}
    assert "Amelia seen alone" in event.summary
    voice = ChildVoice.objects.get(child=child)
    assert voice.words == "I like my new school"
    assert voice.communication == ["spoken", "drawing"]
    assert voice.source == VoiceSource.VISIT and voice.source_record == recorded
    assert voice.said_on == timezone.localtime(when).date()
    words_event = ChronologyEvent.objects.get(person=child, kind=RecordingEvent.CHILD_VOICE)
    assert "I like my new school" in words_event.summary


def test_a_visit_without_words_writes_no_voice_record():
    child, worker = PersonFactory(), StaffFactory()

    visit(child, worker, words="")

    assert not ChildVoice.objects.exists()
    assert not ChronologyEvent.objects.filter(kind=RecordingEvent.CHILD_VOICE).exists()


def test_a_visit_marked_significant_marks_its_chronology_event():
    child, worker = PersonFactory(), StaffFactory()

    visit(child, worker, significant=True)

    assert ChronologyEvent.objects.get(kind=RecordingEvent.VISIT).significant


def test_voice_record_can_be_called_by_other_apps_without_a_source_record():
    child, worker = PersonFactory(), StaffFactory()
    now = timezone.now()

    voice = services.voice_record(
        child=child,
        by=worker,
        at=now,
        words="I want my brother at my review",
        communication=["spoken"],
        source=VoiceSource.REVIEW,
        source_ref=None,
    )

    assert voice.source_record is None and voice.source == "review"
    assert ChronologyEvent.objects.filter(person=child, kind=RecordingEvent.CHILD_VOICE).count() == 1


# ---- the page ------------------------------------------------------------------------------------------


def test_recording_a_visit_through_the_form_goes_back_to_the_child_with_a_banner(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Amelia", family_name="Hughes")

    response = client.post(reverse("recording:visit_new", args=[child.pk]), visit_post(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("people:detail", args=[child.pk])
    body = response.content.decode()
    assert "Visit to Amelia Hughes recorded" in body
    assert "I like my new school" in body
    saved = Visit.objects.get()
    assert saved.recorded_by == worker and saved.seen_alone and saved.child_seen


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"child_seen": "no", "seen_alone": None, "reason_not_seen": ""}, "Explain why Amelia was not seen"),
        (
            {"child_seen": "no", "reason_not_seen": "Asleep"},
            "Amelia can only have been seen alone if they were seen",
        ),
        ({"child_seen": None}, "Select yes if you saw Amelia"),
        ({"seen_alone": None}, "Select yes if you saw Amelia alone"),
        ({"communication": None}, "Choose how Amelia communicated"),
        ({"visit_time": "25:00"}, "Enter a real time in the 24-hour clock, like 09:15 or 14:30"),
        ({"visit_date_1": ""}, "Date of the visit must include a month"),
        ({"visit_type": None}, "Choose type of visit"),
    ],
)
def test_a_bad_visit_shows_the_error_summary_and_saves_nothing(signed_in, overrides, message):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Amelia")

    response = client.post(reverse("recording:visit_new", args=[child.pk]), visit_post(**overrides))

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert not Visit.objects.exists() and not ChildVoice.objects.exists()


def test_the_visit_form_starts_on_the_type_of_visit_for_the_childs_status(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(case_status="child_protection")

    body = client.get(reverse("recording:visit_new", args=[child.pk])).content.decode()

    assert 'value="child_protection" checked' in body
    assert 'value="home" checked' in body


def test_an_inspector_reads_visits_but_cannot_record_one(signed_in):
    client, _ = signed_in(Role.INSPECTOR)
    child = PersonFactory()
    recorded = visit(child, StaffFactory())

    assert client.get(reverse("recording:visit", args=[recorded.pk])).status_code == 200
    assert client.get(reverse("recording:visit_new", args=[child.pk])).status_code == 403
    assert client.post(reverse("recording:visit_new", args=[child.pk]), visit_post()).status_code == 403
    assert Visit.objects.count() == 1


def test_opening_a_visit_is_written_to_the_access_log(signed_in):
    client, staff = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory()
    recorded = visit(child, StaffFactory())

    client.get(reverse("recording:visit", args=[recorded.pk]))

    row = AccessLog.objects.get(person_ref=child.pk)
    assert row.user == staff.user and row.view_name == "recording:visit"


def test_a_visit_to_a_restricted_child_is_not_found_by_someone_off_its_list(signed_in):
    client, _ = signed_in(Role.HEAD_OF_SERVICE)
    child = PersonFactory(restricted=True)
    recorded = visit(child, StaffFactory())

    assert client.get(reverse("recording:visit", args=[recorded.pk])).status_code == 404
    assert not AccessLog.objects.filter(person_ref=child.pk).exists()


def test_the_childs_page_shows_the_visit_and_what_they_last_said(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Amelia")
    AllocationFactory(child=child, worker=worker)
    visit(child, worker, words="Can my dog come to the meeting?")

    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()

    assert "What Amelia last told us" in body
    assert "Can my dog come to the meeting?" in body
    assert "Seen alone" in body
    assert "No words recorded" not in body


def test_the_childs_page_prompts_when_no_words_were_recorded_lately(signed_in):
    client, worker = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Amelia")
    visit(
        child,
        worker,
        at=timezone.now(),
        visited_at=timezone.now() - timedelta(days=120),
        words="I miss my brother",
    )

    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()

    assert "I miss my brother" in body
    assert "No words recorded from Amelia in the last 90 days" in body
