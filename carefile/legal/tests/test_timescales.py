"""Week counts, the 26-week target and the pre-proceedings limit, hand-computed."""

from datetime import date

import pytest
from django.test import override_settings

from carefile.common.workdays import england_bank_holidays
from carefile.legal import timescales

HOLIDAYS = england_bank_holidays(range(2024, 2028))


@pytest.mark.parametrize(
    ("start", "on", "weeks", "week"),
    [
        (date(2026, 1, 5), date(2026, 1, 5), 0, 1),
        (date(2026, 1, 5), date(2026, 1, 11), 0, 1),
        (date(2026, 1, 5), date(2026, 1, 12), 1, 2),
        (date(2026, 1, 5), date(2026, 7, 5), 25, 26),
        (date(2026, 1, 5), date(2026, 7, 6), 26, 27),
        (date(2026, 1, 5), date(2025, 12, 1), 0, 1),  # before the start: week 1, never negative
    ],
)
def test_week_counts(start, on, weeks, week):
    assert timescales.weeks_elapsed(start, on) == weeks
    assert timescales.week_number(start, on) == week


def test_the_26_week_target_is_calendar_weeks_even_across_christmas_and_easter():
    # 1 December 2025 + 182 days = 1 June 2026, although Christmas, Boxing Day, New Year, Good Friday, Easter
    # Monday and the May bank holidays fall in between.
    application = date(2025, 12, 1)
    assert sum(1 for h in HOLIDAYS if application <= h <= date(2026, 6, 1)) >= 6
    assert timescales.proceedings_target(application) == date(2026, 6, 1)


def test_proceedings_progress_is_red_after_the_target_and_amber_in_the_last_four_weeks():
    application = date(2025, 12, 1)
    on_track = timescales.proceedings_progress(
        application_on=application, concluded_on=None, today=date(2026, 3, 2), holidays=HOLIDAYS
    )
    assert (on_track.weeks, on_track.state.rag) == (13, "green")
    amber = timescales.proceedings_progress(
        application_on=application, concluded_on=None, today=date(2026, 5, 11), holidays=HOLIDAYS
    )
    assert amber.state.rag == "amber"
    late = timescales.proceedings_progress(
        application_on=application, concluded_on=None, today=date(2026, 6, 2), holidays=HOLIDAYS
    )
    assert (late.weeks, late.state.rag, late.drifting) == (26, "red", True)


def test_concluded_proceedings_count_weeks_to_the_final_order():
    application = date(2025, 12, 1)
    in_time = timescales.proceedings_progress(
        application_on=application, concluded_on=date(2026, 5, 29), today=date(2026, 9, 1), holidays=HOLIDAYS
    )
    assert (in_time.weeks, in_time.state.state, in_time.drifting) == (25, "met", False)
    late = timescales.proceedings_progress(
        application_on=application, concluded_on=date(2026, 7, 1), today=date(2026, 9, 1), holidays=HOLIDAYS
    )
    assert (late.weeks, late.state.state, late.drifting) == (30, "met_late", True)


def test_pre_proceedings_limit_and_review_follow_the_settings():
    assert timescales.pre_proceedings_limit(date(2026, 1, 5)) == date(2026, 4, 27)  # 16 weeks
    assert timescales.next_pre_proceedings_review(date(2026, 1, 5), None) == date(2026, 2, 16)  # 6 weeks
    assert timescales.next_pre_proceedings_review(date(2026, 1, 5), date(2026, 3, 2)) == date(2026, 4, 13)
    with override_settings(LEGAL_PRE_PROCEEDINGS_LIMIT_WEEKS=12, LEGAL_PRE_PROCEEDINGS_REVIEW_WEEKS=4):
        assert timescales.pre_proceedings_limit(date(2026, 1, 5)) == date(2026, 3, 30)
        assert timescales.next_pre_proceedings_review(date(2026, 1, 5), None) == date(2026, 2, 2)
