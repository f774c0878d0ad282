"""Child protection's part of the CIN census: element order, which modules go in a year, as of 31 March."""

from datetime import date

import pytest

from carefile.common.calendar import holiday_calendar
from carefile.protection import services
from carefile.protection.cin_census import (
    PlanFacts,
    S47Facts,
    census_period,
    episode_protection,
    plan_blocks,
    section47_blocks,
)
from carefile.protection.codes import ConferenceDecision
from carefile.protection.codes import PlanEndReason as CpEndReason

from .conftest import at, hold_initial, plan_from_journey

S47_ORDER = ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]
PLAN_ORDER = [
    "CPPstartDate",
    "CPPendDate",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP",
    "Reviews",
]


def test_the_census_year_runs_from_1_april_to_31_march():
    assert census_period(2026) == (date(2025, 4, 1), date(2026, 3, 31))


def test_a_section_47_module_is_in_xsd_order_with_its_conference():
    (block,) = section47_blocks(
        [S47Facts(date(2026, 1, 12), date(2026, 2, 2), icpc_held=date(2026, 1, 30))], year=2026
    )

    assert list(block) == S47_ORDER
    assert block == {
        "S47ActualStartDate": date(2026, 1, 12),
        "InitialCPCtarget": date(2026, 2, 2),
        "DateOfInitialCPC": date(2026, 1, 30),
        "ICPCnotRequired": False,
    }


def test_an_enquiry_concluded_without_a_conference_says_icpc_not_required():
    (block,) = section47_blocks(
        [
            S47Facts(
                date(2026, 1, 12), date(2026, 2, 2), no_conference_needed=True, concluded_on=date(2026, 1, 26)
            )
        ],
        year=2026,
    )

    assert block["DateOfInitialCPC"] is None and block["ICPCnotRequired"] is True


def test_a_conference_after_the_reference_date_is_not_in_that_years_return():
    (block,) = section47_blocks(
        [S47Facts(date(2026, 3, 20), date(2026, 4, 13), icpc_held=date(2026, 4, 2))], year=2026
    )

    assert block["DateOfInitialCPC"] is None and block["ICPCnotRequired"] is False


def test_an_enquiry_whose_conference_was_in_an_earlier_year_is_left_out():
    facts = [S47Facts(date(2025, 3, 3), date(2025, 3, 24), icpc_held=date(2025, 3, 20))]

    assert section47_blocks(facts, year=2026) == []


def test_an_enquiry_still_under_way_at_the_start_of_the_year_is_in():
    facts = [S47Facts(date(2025, 3, 24), date(2025, 4, 14))]

    assert len(section47_blocks(facts, year=2026)) == 1


def test_a_plan_module_is_in_xsd_order_with_reviews_held_in_the_year_and_the_latest_category_then():
    facts = PlanFacts(
        start=date(2024, 11, 4),
        end=None,
        initial_category="NEG",
        latest_category="EMO",
        previous_plans=1,
        reviews=[date(2025, 1, 30), date(2025, 7, 28), date(2026, 1, 26), date(2026, 4, 20)],
        category_changes=[(date(2025, 1, 30), "NEG"), (date(2025, 7, 28), "PHY"), (date(2026, 4, 20), "EMO")],
    )

    (block,) = plan_blocks([facts], year=2026)

    assert list(block) == PLAN_ORDER
    assert block["LatestCategoryOfAbuse"] == "PHY"
    assert block["Reviews"] == {"CPPreviewDate": [date(2025, 7, 28), date(2026, 1, 26)]}
    assert block["CPPendDate"] is None and block["NumberOfPreviousCPP"] == 1


def test_a_plan_that_ended_before_the_year_is_left_out():
    facts = PlanFacts(date(2024, 1, 8), date(2025, 3, 10), "NEG", "NEG", 0)

    assert plan_blocks([facts], year=2026) == []


@pytest.mark.django_db
def test_an_episode_gives_its_enquiry_and_plan_from_what_was_recorded(
    child, referral, worker, manager, chair
):
    cp_plan = plan_from_journey(
        child,
        worker=worker,
        manager=manager,
        chair=chair,
        started=at(2026, 1, 21),
        held_on=date(2026, 2, 4),
        previous_plans_elsewhere=1,
    )
    services.cp_plan_end(
        cp_plan=cp_plan, by=chair, at=at(2026, 3, 20), end=date(2026, 3, 20), reason=CpEndReason.MOVED
    )

    result = episode_protection([referral.pk], year=2026)[referral.pk]

    assert result == {
        "DateOfInitialCPC": None,
        "Section47": [
            {
                "S47ActualStartDate": date(2026, 1, 21),
                "InitialCPCtarget": date(2026, 2, 11),
                "DateOfInitialCPC": date(2026, 2, 4),
                "ICPCnotRequired": False,
            }
        ],
        "ChildProtectionPlans": [
            {
                "CPPstartDate": date(2026, 2, 4),
                "CPPendDate": date(2026, 3, 20),
                "InitialCategoryOfAbuse": "NEG",
                "LatestCategoryOfAbuse": "NEG",
                "NumberOfPreviousCPP": 1,
                "Reviews": None,
            }
        ],
    }


@pytest.mark.django_db
def test_a_transfer_in_conference_is_the_episodes_own_date_of_initial_conference(
    child, referral, worker, chair
):
    conference = services.transfer_in_conference_schedule(
        child=child,
        by=worker,
        at=at(2026, 2, 2),
        holidays=holiday_calendar(),
        notified_on=date(2026, 2, 2),
        transfer_from="Gateshead",
    )
    hold_initial(conference, chair=chair, held_on=date(2026, 2, 16), decision=ConferenceDecision.PLAN)

    result = episode_protection([referral.pk], year=2026)[referral.pk]

    assert result["DateOfInitialCPC"] == date(2026, 2, 16)
    assert result["Section47"] == []
    assert result["ChildProtectionPlans"][0]["CPPstartDate"] == date(2026, 2, 16)
