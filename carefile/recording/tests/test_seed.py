"""The synthetic recording that seed_council loads: realistic frequency, voices, notes, and its chronology."""

import random
from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.common.workdays import england_bank_holidays
from carefile.recording.models import CaseNote, ChildVoice, NoteFiling, RecordingEvent, Visit
from carefile.recording.seed import seed_recording
from carefile.recording.selectors import DEFAULT_VISIT_FREQUENCIES, LOOKED_AFTER_RULE, visit_due
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory, TeamFactory

from .helpers import aware

pytestmark = pytest.mark.django_db

ON = date(2025, 6, 30)
HOLIDAYS = england_bank_holidays(range(2022, 2027))


@pytest.fixture
def council():
    team = TeamFactory()
    team.manager = StaffFactory(team=team, role="team_manager")
    team.save()
    worker = StaffFactory(team=team)
    children = {}
    for status, born in [
        ("child_protection", date(2015, 3, 1)),
        ("child_in_need", date(2012, 7, 9)),
        ("looked_after", date(2009, 1, 20)),
        ("child_protection", date(2024, 2, 2)),  # a baby
    ]:
        child = PersonFactory(case_status=status, date_of_birth=born, responsible_team=team)
        AllocationFactory(child=child, worker=worker, start=aware(2023, 1, 9, 9))
        children[child.pk] = child
    PersonFactory(case_status="", responsible_team=None)  # closed: nothing is written for them
    return children


def test_every_open_child_gets_a_year_of_visits_at_about_their_statuss_frequency(council):
    counts = seed_recording(rng=random.Random(7), on=ON, holidays=HOLIDAYS)

    per_child = Counter(Visit.objects.values_list("child_id", flat=True))
    assert set(per_child) == set(council)
    by_status = {
        council[pk].case_status: n for pk, n in per_child.items() if council[pk].date_of_birth.year < 2020
    }
    assert 24 <= by_status["child_protection"] <= 40  # every 10 working days
    assert 12 <= by_status["child_in_need"] <= 20  # every 20 working days
    assert 8 <= by_status["looked_after"] <= 12  # every 6 weeks
    assert counts["visits"] == Visit.objects.count()
    assert not Visit.objects.filter(visited_at__gt=aware(2025, 6, 30, 23, 59)).exists()
    assert not Visit.objects.filter(visited_at__lt=aware(2024, 6, 29, 0, 0)).exists()


def test_most_seeded_visits_are_on_time_and_some_are_late(council):
    seed_recording(rng=random.Random(7), on=ON, holidays=HOLIDAYS)

    on_time = late = 0
    for pk, child in council.items():
        rule = {**DEFAULT_VISIT_FREQUENCIES, "looked_after": LOOKED_AFTER_RULE}[child.case_status]
        days = [
            timezone.localtime(v).date()
            for v in Visit.objects.filter(child_id=pk, child_seen=True)
            .order_by("visited_at")
            .values_list("visited_at", flat=True)
        ]
        for before, after in zip(days, days[1:], strict=False):
            if after <= visit_due(since=before, rule=rule, holidays=HOLIDAYS):
                on_time += 1
            else:
                late += 1
    assert late > 0
    assert on_time / (on_time + late) > 0.7


def test_most_seeded_visits_record_the_childs_words_and_older_children_are_mostly_seen_alone(council):
    seed_recording(rng=random.Random(7), on=ON, holidays=HOLIDAYS)

    seen = Visit.objects.filter(child_seen=True)
    assert seen.exclude(words="").count() / seen.count() > 0.7
    older = seen.exclude(child__date_of_birth__year=2024)
    assert older.filter(seen_alone=True).count() / older.count() > 0.65
    baby = seen.filter(child__date_of_birth__year=2024)
    assert baby.filter(seen_alone=True).count() / baby.count() < 0.3
    assert set(c for v in baby.exclude(words="") for c in v.communication) <= {"non_verbal", "play"}
    assert (
        Visit.objects.filter(child_seen=False).exclude(reason_not_seen="").count()
        == Visit.objects.filter(child_seen=False).count()
    )
    assert ChildVoice.objects.count() == Visit.objects.exclude(words="").count()


def test_seeded_notes_are_final_two_to_six_a_month_and_on_the_chronology(council):
    counts = seed_recording(rng=random.Random(7), on=ON, holidays=HOLIDAYS)

    per_child = Counter(
        NoteFiling.objects.filter(note__child_id__in=council).values_list("note__child_id", flat=True)
    )
    for n in per_child.values():
        assert 24 <= n <= 72
    assert not CaseNote.objects.drafts().exists()
    assert counts["case notes"] == CaseNote.objects.count()
    assert (
        NoteFiling.objects.count()
        == ChronologyEvent.objects.filter(
            kind__in=[RecordingEvent.CASE_NOTE, RecordingEvent.MANAGEMENT_NOTE]
        ).count()
    )
    assert ChronologyEvent.objects.filter(kind=RecordingEvent.VISIT).count() == Visit.objects.count()
    assert (
        ChronologyEvent.objects.filter(kind=RecordingEvent.CHILD_VOICE).count() == ChildVoice.objects.count()
    )
    assert counts["recording chronology events"] == ChronologyEvent.objects.count()
    managers = CaseNote.objects.filter(note_type="management").values_list("author__role", flat=True)
    assert set(managers) == {"team_manager"}


def test_the_same_rng_and_date_give_the_same_records(council):
    first = seed_recording(rng=random.Random(3), on=ON, holidays=HOLIDAYS)
    rows = list(Visit.objects.order_by("id").values_list("child_id", "visited_at", "words"))
    from django.db import connection

    with connection.cursor() as cursor:
        for table in [
            "recording_notefiling",
            "recording_childvoice",
            "recording_visit",
            "recording_casenote",
        ]:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    ChronologyEvent.objects.all().delete()

    second = seed_recording(rng=random.Random(3), on=ON, holidays=HOLIDAYS)

    assert first == second
    assert list(Visit.objects.order_by("id").values_list("child_id", "visited_at", "words")) == rows


def test_a_child_whose_case_closed_during_the_year_has_records_only_until_it_closed(council):
    worker = StaffFactory()
    closed = PersonFactory(case_status="", responsible_team=None, date_of_birth=date(2014, 4, 4))
    AllocationFactory(child=closed, worker=worker, start=aware(2024, 9, 2, 9), end=aware(2025, 2, 28, 17))

    seed_recording(rng=random.Random(7), on=ON, holidays=HOLIDAYS)

    visits = Visit.objects.filter(child=closed)
    assert visits.exists()
    assert not visits.filter(visited_at__gt=aware(2025, 2, 28, 18, 0)).exists()
    assert not visits.filter(visited_at__lt=aware(2024, 9, 2, 0, 0)).exists()
    assert set(visits.values_list("recorded_by", flat=True)) == {worker.pk}
    assert not NoteFiling.objects.filter(child=closed, happened_on__gt=date(2025, 2, 28)).exists()


def test_records_made_after_the_seed_take_new_ids(council):
    from .helpers import final_note, visit

    seed_recording(rng=random.Random(7), on=ON, holidays=HOLIDAYS)
    child, worker = next(iter(council.values())), StaffFactory()

    new_visit, new_note = visit(child, worker, words="Hello"), final_note(child, worker)

    assert new_visit.pk > Visit.objects.exclude(pk=new_visit.pk).latest("id").pk
    assert new_note.pk > CaseNote.objects.exclude(pk=new_note.pk).latest("id").pk
