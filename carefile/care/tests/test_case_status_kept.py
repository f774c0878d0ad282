"""Other apps keep a looked-after child's (and a care leaver's) case status: a referral, the closure of a
child-in-need episode and the recording app's visit clock all defer to care."""

from datetime import date

import pytest

from carefile.assessments.services import episode_close
from carefile.frontdoor.services import referral_open
from carefile.recording.selectors import visit_clocks as recording_visit_clocks

from .conftest import NOW, start_care

pytestmark = pytest.mark.django_db


def test_a_referral_for_a_looked_after_child_keeps_them_looked_after(child, worker, manager, team):
    start_care(child, worker, on=date(2026, 1, 5))
    child.refresh_from_db()

    referral = referral_open(
        child=child,
        by=manager,
        at=NOW,
        referral_date=date(2026, 5, 1),
        source="1A",
        team=team,
        presenting_issue="Concerns from school",
    )
    child.refresh_from_db()
    assert child.case_status == "looked_after"

    episode_close(referral=referral, by=manager, at=NOW, closure_date=date(2026, 5, 20), reason="RC7")
    child.refresh_from_db()
    assert child.case_status == "looked_after"


def test_the_recording_visit_clock_of_a_looked_after_child_is_the_care_regulation_28_clock(child, worker):
    from carefile.care.selectors import visit_clocks as care_visit_clocks
    from carefile.common.calendar import holiday_calendar

    start_care(child, worker, on=date(2026, 1, 5))
    child.refresh_from_db()
    holidays = holiday_calendar()

    recording = recording_visit_clocks([child], today=date(2026, 1, 6), holidays=holidays)[child.pk]
    care = care_visit_clocks([child], today=date(2026, 1, 6), holidays=holidays)[child.pk]

    assert (recording.due, recording.label) == (care.due, care.label) == (date(2026, 1, 12), care.label)
