"""The review, visit and return-interview clocks for many children at once, and the child-page panel."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from carefile.care import extensions, selectors, services
from carefile.care.services import PlacementDetails
from carefile.common.calendar import HolidayCalendar
from carefile.testing.factories import PersonFactory

from .conftest import FOSTER_2, HOLIDAY, NOW, at, move, start_care

pytestmark = pytest.mark.django_db

HOLIDAYS = HolidayCalendar(2020, 2030, added=set(), removed=set())
TODAY = date(2026, 6, 1)


def children_in_care(n, worker, iro):
    """`n` children in care with moves, reviews, short breaks and missing episodes of every kind."""
    children = []
    for i in range(n):
        child = PersonFactory(date_of_birth=date(2012, 1, 1))
        kind = i % 5
        if kind == 4:
            services.short_break_record(
                child=child,
                start=date(2026, 3, 6),
                end=date(2026, 3, 8),
                placement=PlacementDetails(place="K2", provider="PR4"),
                cin_need="N2",
                by=worker,
                at=NOW,
            )
        else:
            start_care(child, worker, on=date(2026, 1, 5), legal_status="C1" if kind == 1 else "C2")
            if kind == 1:
                move(child, worker, on=date(2026, 2, 2), placement=FOSTER_2)
            if kind == 2:
                services.review_record(
                    child=child,
                    held_on=date(2026, 1, 30),
                    reviewing_officer=iro,
                    participation="PN1",
                    by=worker,
                    at=NOW,
                )
            if kind == 3:
                move(child, worker, on=date(2026, 5, 20), placement=HOLIDAY)
        services.missing_record(
            child=child,
            kind="M",
            started_at=at(2026, 5, 28, 21),
            ended_at=at(2026, 5, 29, 8),
            by=worker,
            at=NOW,
        )
        children.append(child)
    return children


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "provider",
    [
        extensions.review_clock_provider,
        extensions.visit_clock_provider,
        extensions.return_interview_clock_provider,
    ],
)
def test_each_clock_provider_asks_the_same_number_of_queries_for_5_children_as_for_50(provider, worker, iro):
    children = children_in_care(50, worker, iro)

    few = count_queries(lambda: provider(children[:5], TODAY, HOLIDAYS))
    many = count_queries(lambda: provider(children, TODAY, HOLIDAYS))

    assert few == many <= 4
    assert len(provider(children, TODAY, HOLIDAYS)) == 50


def test_the_review_clock_follows_the_reviews_held(worker, iro):
    fresh, reviewed = PersonFactory(), PersonFactory()
    start_care(fresh, worker, on=date(2026, 5, 4))
    start_care(reviewed, worker, on=date(2026, 1, 5))
    services.review_record(
        child=reviewed,
        held_on=date(2026, 1, 30),
        reviewing_officer=iro,
        participation="PN1",
        by=worker,
        at=NOW,
    )

    clocks = selectors.review_clocks([fresh, reviewed], today=TODAY, holidays=HOLIDAYS)

    assert (clocks[fresh.pk].label, clocks[fresh.pk].due) == ("First looked-after review", date(2026, 6, 2))
    assert clocks[fresh.pk].state.rag == "amber"
    assert (clocks[reviewed.pk].label, clocks[reviewed.pk].due) == (
        "Second looked-after review",
        date(2026, 4, 30),
    )
    assert clocks[reviewed.pk].state.state == "overdue"


def test_a_child_out_of_care_has_no_review_or_visit_clock(worker):
    child = PersonFactory()
    start_care(child, worker, on=date(2026, 1, 5))
    services.care_end(child=child, on=date(2026, 2, 2), reason_ceased="E4A", by=worker, at=NOW)

    assert selectors.review_clocks([child], today=TODAY, holidays=HOLIDAYS) == {}
    assert selectors.visit_clocks([child], today=TODAY, holidays=HOLIDAYS) == {}


def test_the_visit_clock_reads_the_visits_the_recording_app_holds(worker):
    from carefile.recording.models import Visit

    child = PersonFactory()
    start_care(child, worker, on=date(2026, 1, 5))
    Visit.objects.create(
        child=child,
        visited_at=at(2026, 5, 18, 15),
        visit_type="looked_after",
        place="placement",
        child_seen=True,
        seen_alone=True,
        recorded_by=worker,
        recorded_at=NOW,
    )
    Visit.objects.create(
        child=child,
        visited_at=at(2026, 5, 25, 15),
        visit_type="looked_after",
        place="placement",
        child_seen=False,
        reason_not_seen="At school",
        recorded_by=worker,
        recorded_at=NOW,
    )

    clock = selectors.visit_clocks([child], today=TODAY, holidays=HOLIDAYS)[child.pk]

    assert clock.due == date(2026, 6, 29)
    assert clock.detail == "Last seen 18 May 2026"


def test_a_new_placement_needs_a_visit_within_a_week_whatever_the_visits_before(worker):
    from carefile.recording.models import Visit

    child = PersonFactory()
    start_care(child, worker, on=date(2026, 1, 5))
    Visit.objects.create(
        child=child,
        visited_at=at(2026, 5, 18, 15),
        visit_type="looked_after",
        place="placement",
        child_seen=True,
        recorded_by=worker,
        recorded_at=NOW,
    )
    move(child, worker, on=date(2026, 5, 26))

    clock = selectors.visit_clocks([child], today=TODAY, holidays=HOLIDAYS)[child.pk]

    assert (clock.due, clock.label) == (date(2026, 6, 2), "First visit in this placement (regulation 28)")


def test_a_child_on_a_series_of_v3_breaks_keeps_review_and_visit_clocks_between_breaks(worker):
    child = PersonFactory()
    services.short_break_record(
        child=child,
        start=date(2026, 3, 6),
        end=date(2026, 3, 8),
        placement=PlacementDetails(place="K2", provider="PR4"),
        cin_need="N2",
        by=worker,
        at=NOW,
    )

    review = selectors.review_clocks([child], today=TODAY, holidays=HOLIDAYS)[child.pk]
    visit = selectors.visit_clocks([child], today=TODAY, holidays=HOLIDAYS)[child.pk]

    assert review.due == visit.due == date(2026, 6, 6)


def test_the_return_interview_clock_counts_72_hours_from_the_return(worker):
    child = PersonFactory()
    services.missing_record(
        child=child, kind="A", started_at=at(2026, 5, 29, 20), ended_at=at(2026, 5, 30, 23), by=worker, at=NOW
    )

    clocks = selectors.interview_clocks([child.pk], now=NOW)[child.pk]

    assert clocks[0].due == at(2026, 6, 2, 23)
    assert clocks[0].state.label == "Offer within 35 hours"


def test_the_panel_shows_the_placement_the_clocks_and_the_missing_prompt(worker):
    child = PersonFactory(date_of_birth=date(2011, 3, 3))
    start_care(child, worker, on=date(2026, 1, 5))
    for day in (5, 15, 25):
        services.missing_record(
            child=child,
            kind="M",
            started_at=at(2026, 5, day, 21),
            ended_at=at(2026, 5, day + 1, 9),
            by=worker,
            at=NOW,
        )
    request = RequestFactory().get("/")
    request.user = worker.user

    panel = extensions.care_panel(request, child, TODAY)
    html = render_to_string(panel["template"], {"panel": panel, "person": child})

    assert panel["missing"].prompt
    assert "Going missing often" in html and "3 times in the last 30 days" in html
    assert "The Greens" in html and "Full care order" in html
    assert "First looked-after review" in html and "Next statutory visit" in html


def test_the_panel_stays_away_for_a_closed_case_never_in_care(worker):
    child = PersonFactory(case_status="")
    request = RequestFactory().get("/")
    request.user = worker.user

    assert extensions.care_panel(request, child, TODAY) is None


def test_the_panel_shows_for_an_open_case_with_the_way_to_record_care(worker):
    child = PersonFactory(case_status="child_protection")
    request = RequestFactory().get("/")
    request.user = worker.user

    panel = extensions.care_panel(request, child, TODAY)
    html = render_to_string(panel["template"], {"panel": panel, "person": child})

    assert "Never looked after" in html and "Record care starting" in html


def test_missing_summaries_for_many_children_take_one_query(worker):
    children = [PersonFactory() for _ in range(10)]
    for c in children:
        services.missing_record(
            child=c, kind="M", started_at=at(2026, 5, 20, 21), ended_at=at(2026, 5, 21, 9), by=worker, at=NOW
        )

    queries = count_queries(lambda: selectors.missing_summaries([c.pk for c in children], today=TODAY))

    assert queries == 1
    assert selectors.missing_summaries([children[0].pk], today=TODAY + timedelta(days=60)) == {}


def test_the_legal_status_is_dated_from_when_it_began_not_from_the_last_move(worker):
    child = PersonFactory()
    start_care(child, worker, on=date(2026, 1, 5), legal_status="C1")
    services.legal_status_change(child=child, on=date(2026, 2, 2), legal_status="C2", by=worker, at=NOW)
    current = move(child, worker, on=date(2026, 4, 1))

    assert selectors.legal_status_since(current) == date(2026, 2, 2)
