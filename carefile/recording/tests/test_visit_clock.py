"""The visit clock: due dates by the child's status, across bank holidays, configurable by the council."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import open_clocks
from carefile.common.models import BankHolidayOverride
from carefile.common.workdays import england_bank_holidays, is_working_day, working_days_between
from carefile.frontdoor.models import Referral
from carefile.recording.models import IntervalUnit, VisitFrequency
from carefile.recording.selectors import DEFAULT_VISIT_FREQUENCIES, VisitRule, visit_clocks, visit_due
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory

from .helpers import aware, visit

pytestmark = pytest.mark.django_db

HOLIDAYS = england_bank_holidays(range(2024, 2028))


def clock_for(child, today):
    return visit_clocks([child], today=today, holidays=holiday_calendar()).get(child.pk)


def test_a_child_protection_visit_is_due_10_working_days_after_last_seen_skipping_easter():
    child, worker = PersonFactory(case_status="child_protection"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 4, 10, 15, 0))  # Thursday before Good Friday

    clock = clock_for(child, today=date(2025, 4, 14))

    # Good Friday 18 and Easter Monday 21 April 2025 are not working days: 24 April becomes 28 April.
    assert clock.due == date(2025, 4, 28)
    assert clock.state.rag == "green"
    assert clock.label == "Next visit: child seen every 10 working days"


def test_a_child_in_need_visit_is_due_20_working_days_later_skipping_christmas_and_new_year():
    child, worker = PersonFactory(case_status="child_in_need"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 12, 12, 10, 0))

    clock = clock_for(child, today=date(2025, 12, 15))

    assert clock.due == date(2026, 1, 14)


def looked_after_child(worker, *, since=date(2025, 9, 1)):
    """A child in care since `since` (so their visits follow regulation 28 from that placement)."""
    from carefile.care import services as care
    from carefile.care.services import PlacementDetails

    child = PersonFactory(case_status="child_in_need", date_of_birth=date(2012, 5, 17))
    care.care_start(
        child=child,
        start=since,
        legal_status="C2",
        placement=PlacementDetails(place="U6", provider="PR1", postcode="DH1 5AB", urn="SC123456"),
        cin_need="N1",
        home_postcode="DH7 8XL",
        by=worker,
        at=aware(2025, 9, 1, 12, 0),
    )
    child.refresh_from_db()
    return child


def test_a_looked_after_visit_comes_from_the_care_app_s_regulation_28_clock():
    worker = StaffFactory()
    child = looked_after_child(worker)
    visit(child, worker, visited_at=aware(2025, 12, 1, 10, 0))

    clock = clock_for(child, today=date(2025, 12, 2))

    assert clock.due == date(2026, 1, 12)  # 6 weeks in the first year of the placement
    assert clock.label == "Statutory visit (regulation 28)"


def test_a_looked_after_child_has_one_visit_clock_not_two():
    worker = StaffFactory()
    child = looked_after_child(worker)
    visit(child, worker, visited_at=aware(2025, 12, 1, 10, 0))

    clocks = open_clocks([child], today=date(2025, 12, 2), holidays=holiday_calendar())[child.pk]

    assert [c.label for c in clocks].count("Statutory visit (regulation 28)") == 1
    assert not [c for c in clocks if c.label.startswith("Next visit: child seen")]


def test_a_visit_late_in_the_evening_counts_on_its_local_day():
    child, worker = PersonFactory(case_status="care_leaver"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 7, 1, 23, 30))  # 22:30 UTC, still 1 July in London

    assert clock_for(child, today=date(2025, 7, 2)).due == date(2025, 8, 26)


def test_a_visit_where_the_child_was_not_seen_does_not_reset_the_clock():
    child, worker = PersonFactory(case_status="child_protection"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 3, 3, 10, 0))
    visit(child, worker, visited_at=aware(2025, 3, 14, 10, 0), seen=False)

    clock = clock_for(child, today=date(2025, 3, 19))

    assert clock.due == date(2025, 3, 17)
    assert clock.state.rag == "red"
    assert clock.state.label == "Overdue by 2 working days"


def test_a_child_never_seen_is_due_from_the_open_referral():
    child, worker = PersonFactory(case_status="assessment"), StaffFactory()
    AllocationFactory(child=child, worker=worker, start=aware(2025, 6, 20, 9, 0))
    Referral.objects.create(
        child=child,
        referral_date=date(2025, 6, 2),
        source="1A",
        team=worker.team,
        presenting_issue="Concerns raised by school",
        opened_by=worker,
    )

    clock = clock_for(child, today=date(2025, 6, 20))

    assert clock.never_seen
    assert clock.due == date(2025, 6, 16)
    assert clock.label == "First visit: child not seen yet (every 10 working days)"


def test_a_child_never_seen_without_a_referral_is_due_from_their_allocation():
    child, worker = PersonFactory(case_status="child_in_need"), StaffFactory()
    AllocationFactory(child=child, worker=worker, start=aware(2025, 5, 1, 9, 0))

    clock = clock_for(child, today=date(2025, 5, 2))

    assert clock.due == date(2025, 6, 2)  # 20 working days: the bank holidays of 5 and 26 May skipped


def test_children_without_a_visit_standard_have_no_visit_clock():
    early_help, not_open = PersonFactory(case_status="early_help"), PersonFactory(case_status="")
    unborn = PersonFactory(
        case_status="child_protection", date_of_birth=None, expected_date_of_birth=date(2026, 1, 1)
    )
    for child in (early_help, not_open, unborn):
        AllocationFactory(child=child)

    assert visit_clocks([early_help, not_open, unborn], today=date(2025, 5, 2), holidays=HOLIDAYS) == {}


def test_the_council_can_set_its_own_standard_in_the_table():
    child, worker = PersonFactory(case_status="care_leaver"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 12, 1, 10, 0))
    VisitFrequency.objects.create(
        case_status="care_leaver", interval=20, unit=IntervalUnit.WORKING_DAYS, amber_within=5
    )

    clock = clock_for(child, today=date(2025, 12, 2))

    assert clock.due == date(2025, 12, 31)  # 20 working days, Christmas Day and Boxing Day skipped


def test_a_disabled_row_switches_the_visit_clock_off_for_that_status():
    child, worker = PersonFactory(case_status="child_in_need"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 12, 1, 10, 0))
    VisitFrequency.objects.create(
        case_status="child_in_need", interval=20, unit="working_days", enabled=False
    )

    assert clock_for(child, today=date(2025, 12, 2)) is None


def test_a_one_off_bank_holiday_added_by_the_council_moves_the_due_date():
    child, worker = PersonFactory(case_status="child_protection"), StaffFactory()
    visit(child, worker, visited_at=aware(2026, 6, 1, 10, 0))
    before = clock_for(child, today=date(2026, 6, 2)).due
    BankHolidayOverride.objects.create(date=date(2026, 6, 5), name="Council closure day")

    after = clock_for(child, today=date(2026, 6, 2)).due

    assert (before, after) == (date(2026, 6, 15), date(2026, 6, 16))


def test_the_clock_turns_amber_when_the_standards_amber_days_remain():
    child, worker = PersonFactory(case_status="child_protection"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 3, 3, 10, 0))  # due Monday 17 March

    assert clock_for(child, today=date(2025, 3, 11)).state.rag == "green"  # 4 working days left
    assert clock_for(child, today=date(2025, 3, 12)).state.rag == "amber"  # 3 left
    assert clock_for(child, today=date(2025, 3, 17)).state.label == "Due today"


def test_the_visit_clock_is_among_the_childs_open_clocks_and_links_to_the_visit_form():
    child, worker = PersonFactory(case_status="child_protection"), StaffFactory()
    visit(child, worker, visited_at=aware(2025, 3, 3, 10, 0))

    clocks = open_clocks([child], date(2025, 3, 4), HOLIDAYS)[child.pk]

    visit_clock = next(c for c in clocks if c.label.startswith("Next visit"))
    assert visit_clock.due == date(2025, 3, 17)
    assert visit_clock.url == f"/people/{child.pk}/visits/new/"


def test_the_visit_clocks_of_many_children_take_the_same_queries_as_of_a_few():
    worker = StaffFactory()

    def children(n):
        made = []
        for i in range(n):
            child = PersonFactory(case_status=["child_protection", "child_in_need", "looked_after"][i % 3])
            AllocationFactory(child=child, worker=worker)
            if i % 2:
                visit(child, worker, visited_at=aware(2025, 3, 3, 10, 0))
            made.append(child)
        return made

    few, many = children(3), children(30)
    with CaptureQueriesContext(connection) as few_queries:
        visit_clocks(few, today=date(2025, 3, 4), holidays=HOLIDAYS)
    with CaptureQueriesContext(connection) as many_queries:
        result = visit_clocks(many, today=date(2025, 3, 4), holidays=HOLIDAYS)

    # Four here, and the care app's regulation 28 clock for the looked-after children (a few more).
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries) <= 8
    # Looked-after children's visits run from their placement (the care app's clock): none is recorded here.
    assert len(result) == len([c for c in many if c.case_status != "looked_after"]) == 20


@settings(max_examples=200, deadline=None)
@given(
    since=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30)),
    interval=st.integers(min_value=1, max_value=40),
)
def test_a_working_day_standard_is_always_due_on_a_working_day_exactly_that_many_working_days_on(
    since, interval
):
    rule = VisitRule("child_protection", interval, IntervalUnit.WORKING_DAYS, 3)

    due = visit_due(since=since, rule=rule, holidays=HOLIDAYS)

    assert is_working_day(due, holidays=HOLIDAYS)
    assert working_days_between(since, due, holidays=HOLIDAYS) == interval
    assert due - since <= timedelta(days=interval * 2 + 10)


def test_the_defaults_say_which_are_working_days_and_which_calendar_days():
    units = {status: rule.unit for status, rule in DEFAULT_VISIT_FREQUENCIES.items()}

    assert units == {
        "child_protection": "working_days",
        "child_in_need": "working_days",
        "assessment": "working_days",
        "care_leaver": "calendar_days",
    }
