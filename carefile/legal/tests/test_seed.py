"""The demo council's legal work obeys the same rules as the services."""

from datetime import date

import pytest
from django.core.management import call_command

from carefile.care.models import Episode
from carefile.common.calendar import holiday_calendar
from carefile.common.workdays import is_working_day
from carefile.legal.models import CareProceedings, Hearing, LegalPlanningMeeting, PreProceedings

ON = date(2026, 3, 31)


@pytest.fixture
def demo(db, frozen_clock):
    call_command("seed_council", size="demo", seed=1, on=ON, verbosity=0)


@pytest.fixture
def frozen_clock():  # the seed takes its own date; no frozen clock needed
    yield


def test_children_under_interim_care_orders_are_in_proceedings_and_hearings_fall_on_working_days(demo):
    c1 = set(Episode.objects.filter(end__isnull=True, legal_status="C1").values_list("child_id", flat=True))
    proceedings = set(CareProceedings.objects.values_list("child_id", flat=True))
    assert c1 and proceedings == c1
    holidays = holiday_calendar()
    for hearing in Hearing.objects.select_related("proceedings"):
        assert is_working_day(hearing.on, holidays=holidays)
        assert hearing.on >= hearing.proceedings.application_on
        assert bool(hearing.outcome) == (hearing.on <= ON)
    assert all(p.application_on <= ON for p in CareProceedings.objects.all())


def test_pre_proceedings_follow_their_meeting_and_their_steps_are_in_order(demo):
    assert LegalPlanningMeeting.objects.exists()
    for pp in PreProceedings.objects.select_related("meeting"):
        assert pp.meeting.decision == "pre_proceedings" and pp.started_on == pp.meeting.held_on <= ON
        steps = [d for d in (pp.started_on, pp.letter_sent_on, pp.initial_meeting_on) if d]
        assert steps == sorted(steps) and steps[-1] <= ON
        if pp.fgdm_held_on:
            assert pp.fgdm_offered_on <= pp.fgdm_held_on <= ON
        assert all(pp.started_on < r.held_on <= ON for r in pp.reviews.all())
