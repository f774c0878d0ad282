"""Statutory visits to children looked after (Care Planning, Placement and Case Review (England) Regulations
2010, regulation 28): `next_lac_visit_due` in every case the regulation names."""

from datetime import date

import pytest

from carefile.care.timescales import VisitRegime, next_lac_visit_due, visit_regime_for

START = date(2025, 1, 6)  # a Monday
TODAY = date(2026, 6, 1)


# ---- usual visits: reg 28(2) ---------------------------------------------------------------------------


def test_the_first_visit_is_due_within_a_week_of_the_placement_starting():
    assert next_lac_visit_due(START, None, False, TODAY) == date(2025, 1, 13)


def test_a_week_is_calendar_days_so_the_first_visit_can_fall_due_on_a_bank_holiday():
    due = next_lac_visit_due(date(2025, 12, 18), None, False, TODAY)

    assert due == date(2025, 12, 25)


def test_a_visit_before_the_placement_began_does_not_count():
    assert next_lac_visit_due(START, date(2025, 1, 2), False, TODAY) == date(2025, 1, 13)


def test_a_visit_on_the_day_the_placement_began_counts():
    assert next_lac_visit_due(START, START, False, TODAY) == date(2025, 2, 17)


def test_in_the_first_year_visits_are_at_most_six_weeks_apart():
    assert next_lac_visit_due(START, date(2025, 3, 3), False, TODAY) == date(2025, 4, 14)


def test_a_long_term_placement_is_still_visited_six_weekly_in_its_first_year():
    assert next_lac_visit_due(START, date(2025, 6, 2), True, TODAY) == date(2025, 7, 14)


def test_after_the_first_year_a_long_term_placement_is_visited_at_most_every_three_months():
    assert next_lac_visit_due(START, date(2026, 2, 2), True, TODAY) == date(2026, 5, 2)


def test_after_the_first_year_any_other_placement_is_still_visited_every_six_weeks():
    assert next_lac_visit_due(START, date(2026, 2, 2), False, TODAY) == date(2026, 3, 16)


def test_a_visit_on_the_first_anniversary_starts_the_three_monthly_interval():
    assert next_lac_visit_due(START, date(2026, 1, 6), True, TODAY) == date(2026, 4, 6)


def test_an_interval_that_begins_in_the_first_year_stays_six_weeks_across_the_anniversary():
    assert next_lac_visit_due(START, date(2026, 1, 5), True, TODAY) == date(2026, 2, 16)


def test_three_months_after_the_last_day_of_november_is_the_last_day_of_february():
    assert next_lac_visit_due(date(2023, 1, 2), date(2024, 11, 30), True, TODAY) == date(2025, 2, 28)


def test_three_months_after_the_last_day_of_november_in_a_leap_year_is_29_february():
    assert next_lac_visit_due(date(2022, 1, 3), date(2023, 11, 30), True, TODAY) == date(2024, 2, 29)


def test_the_first_year_of_a_placement_starting_on_29_february_ends_on_28_february():
    assert next_lac_visit_due(date(2024, 2, 29), date(2025, 2, 28), True, TODAY) == date(2025, 5, 28)


# ---- placed with a parent before the assessment: reg 19, 28(3) ------------------------------------------

REG19 = VisitRegime.PARENT_BEFORE_ASSESSMENT


def test_placed_with_a_parent_before_the_assessment_the_first_visit_is_within_a_week():
    assert next_lac_visit_due(START, None, False, TODAY, regime=REG19) == date(2025, 1, 13)


def test_placed_with_a_parent_before_the_assessment_visits_are_weekly_until_the_first_review():
    due = next_lac_visit_due(START, date(2025, 1, 20), False, TODAY, regime=REG19, first_review=None)

    assert due == date(2025, 1, 27)


def test_placed_with_a_parent_before_the_assessment_visits_are_six_weekly_after_the_first_review():
    due = next_lac_visit_due(
        START, date(2025, 2, 10), False, TODAY, regime=REG19, first_review=date(2025, 2, 3)
    )

    assert due == date(2025, 3, 24)


def test_a_first_review_dated_after_today_has_not_ended_the_weekly_visits():
    due = next_lac_visit_due(
        START, date(2025, 1, 20), False, date(2025, 1, 22), regime=REG19, first_review=date(2025, 2, 3)
    )

    assert due == date(2025, 1, 27)


def test_a_review_from_before_the_placement_does_not_end_the_weekly_visits():
    due = next_lac_visit_due(
        START, date(2025, 1, 20), False, TODAY, regime=REG19, first_review=date(2024, 12, 1)
    )

    assert due == date(2025, 1, 27)


# ---- a temporarily approved connected person (reg 24), or with a parent on an interim order: 28(4) ------


@pytest.mark.parametrize("regime", [VisitRegime.CONNECTED_PERSON, VisitRegime.INTERIM_ORDER_WITH_PARENT])
def test_with_a_connected_person_or_on_an_interim_order_at_home_visits_are_weekly_until_the_first_review(
    regime,
):
    assert next_lac_visit_due(START, date(2025, 1, 13), False, TODAY, regime=regime) == date(2025, 1, 20)


@pytest.mark.parametrize("regime", [VisitRegime.CONNECTED_PERSON, VisitRegime.INTERIM_ORDER_WITH_PARENT])
def test_with_a_connected_person_or_on_an_interim_order_at_home_visits_are_four_weekly_after_the_review(
    regime,
):
    due = next_lac_visit_due(
        START, date(2025, 2, 10), False, TODAY, regime=regime, first_review=date(2025, 2, 3)
    )

    assert due == date(2025, 3, 10)


def test_when_the_first_review_ends_the_weekly_visits_the_wider_interval_runs_from_the_last_weekly_visit():
    due = next_lac_visit_due(
        START,
        date(2025, 1, 27),
        False,
        TODAY,
        regime=VisitRegime.CONNECTED_PERSON,
        first_review=date(2025, 1, 30),
    )

    assert due == date(2025, 2, 24)


# ---- with a parent under a care order: 28(5) ------------------------------------------------------------

CARE_ORDER = VisitRegime.CARE_ORDER_WITH_PARENT


def test_with_a_parent_under_a_care_order_the_first_visit_is_within_a_week_of_the_order():
    due = next_lac_visit_due(
        START, date(2025, 4, 20), False, TODAY, regime=CARE_ORDER, order_date=date(2025, 5, 1)
    )

    assert due == date(2025, 5, 8)


def test_with_a_parent_under_a_care_order_visits_are_then_six_weekly_even_after_a_year():
    due = next_lac_visit_due(
        START, date(2026, 3, 2), True, TODAY, regime=CARE_ORDER, order_date=date(2025, 5, 1)
    )

    assert due == date(2026, 4, 13)


# ---- someone else arranges where the child lives (custody): 28(6) ---------------------------------------


def test_a_child_in_custody_is_visited_within_a_week_of_the_start():
    assert next_lac_visit_due(START, None, False, TODAY, regime=VisitRegime.OTHER_ARRANGEMENTS) == date(
        2025, 1, 13
    )


def test_a_child_in_custody_is_visited_six_weekly_even_after_the_first_year():
    due = next_lac_visit_due(START, date(2026, 3, 2), True, TODAY, regime=VisitRegime.OTHER_ARRANGEMENTS)

    assert due == date(2026, 4, 13)


# ---- short breaks: reg 48 -------------------------------------------------------------------------------

SHORT = VisitRegime.SHORT_BREAKS


def test_on_short_breaks_the_first_visit_is_within_three_months_of_the_first_break():
    assert next_lac_visit_due(START, None, False, TODAY, regime=SHORT) == date(2025, 4, 6)


def test_on_short_breaks_later_visits_are_at_most_six_months_apart():
    assert next_lac_visit_due(START, date(2025, 3, 31), False, TODAY, regime=SHORT) == date(2025, 9, 30)


def test_on_short_breaks_an_interval_agreed_with_the_reviewing_officer_applies_when_it_is_shorter():
    due = next_lac_visit_due(START, date(2025, 3, 31), False, TODAY, regime=SHORT, agreed_interval_days=56)

    assert due == date(2025, 5, 26)


def test_on_short_breaks_an_agreed_interval_longer_than_six_months_does_not_apply():
    due = next_lac_visit_due(START, date(2025, 3, 31), False, TODAY, regime=SHORT, agreed_interval_days=365)

    assert due == date(2025, 9, 30)


# ---- which regime applies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legal_status", "place", "chosen", "expected"),
    [
        ("C2", "U6", "", VisitRegime.STANDARD),
        ("V4", "U6", "", VisitRegime.SHORT_BREAKS),
        ("V3", "K2", "reg19", VisitRegime.SHORT_BREAKS),
        ("C1", "P1", "", VisitRegime.INTERIM_ORDER_WITH_PARENT),
        ("C1", "P1", "reg19", VisitRegime.INTERIM_ORDER_WITH_PARENT),
        ("C2", "P1", "", VisitRegime.CARE_ORDER_WITH_PARENT),
        ("C2", "P1", "reg19", VisitRegime.PARENT_BEFORE_ASSESSMENT),
        ("C2", "U3", "reg24", VisitRegime.CONNECTED_PERSON),
        ("J1", "R5", "", VisitRegime.OTHER_ARRANGEMENTS),
        ("C2", "R2", "reg28_6", VisitRegime.OTHER_ARRANGEMENTS),
    ],
)
def test_the_regime_follows_the_legal_status_and_placement_and_the_stricter_one_wins(
    legal_status, place, chosen, expected
):
    assert visit_regime_for(legal_status=legal_status, place=place, chosen=chosen) == expected
