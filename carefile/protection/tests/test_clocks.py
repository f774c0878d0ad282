"""The child protection clocks: what shows, red/amber/green, and a fixed number of queries for many children."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carefile.common.calendar import holiday_calendar
from carefile.common.extensions import open_clocks
from carefile.protection import services
from carefile.protection.extensions import protection_clocks
from carefile.protection.models import ProtectionSettings
from carefile.testing.factories import PersonFactory

from .conftest import at, discuss, enquiry_needing_conference, open_referral, plan_from_journey

pytestmark = pytest.mark.django_db


def labels(child, today):
    return {c.label: c for c in protection_clocks([child], today, holiday_calendar()).get(child.pk, [])}


def test_an_open_enquiry_has_a_clock_for_its_signed_off_outcome(child, referral, worker):
    discuss(child, by=worker, when=at(2026, 4, 13))

    clocks = labels(child, date(2026, 4, 28))

    enquiry = clocks["Section 47 enquiry: outcome signed off"]
    assert enquiry.due == date(2026, 5, 5)
    assert enquiry.state.rag == "amber" and enquiry.state.label == "Due in 4 working days"
    assert "Initial child protection conference" not in clocks


def test_an_enquiry_needing_a_conference_has_the_initial_conference_clock_until_it_is_held(
    child, referral, worker, manager
):
    enquiry_needing_conference(
        child, worker=worker, manager=manager, started=at(2026, 4, 13), signed_off=at(2026, 4, 24)
    )

    green = labels(child, date(2026, 4, 24))["Initial child protection conference"]
    red = labels(child, date(2026, 5, 6))["Initial child protection conference"]

    assert green.due == date(2026, 5, 5) and green.state.rag == "green"
    assert red.state.rag == "red" and red.state.label == "Overdue by 1 working day"
    assert "Section 47 enquiry: outcome signed off" not in labels(child, date(2026, 4, 24))


def test_a_plan_has_core_group_and_review_conference_clocks(child, referral, worker, manager, chair):
    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 1, 21), held_on=date(2026, 2, 4)
    )

    clocks = labels(child, date(2026, 2, 5))

    assert clocks["Core group meeting"].due == date(2026, 2, 18)
    assert clocks["Review child protection conference"].due == date(2026, 5, 1)
    assert "Initial child protection conference" not in clocks


def test_the_next_core_group_follows_the_councils_cadence(child, referral, worker, manager, chair):
    cp_plan = plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 1, 21), held_on=date(2026, 2, 4)
    )
    services.core_group_record(
        cp_plan=cp_plan,
        by=worker,
        at=at(2026, 2, 16),
        held_on=date(2026, 2, 16),
        attendees="Mum",
        progress="Fine",
    )
    ProtectionSettings.objects.create(core_group_every_weeks=4)

    assert labels(child, date(2026, 2, 17))["Core group meeting"].due == date(2026, 3, 16)


def test_the_clocks_show_on_the_childs_page_with_every_other_apps(child, referral, worker):
    discuss(child, by=worker, when=at(2026, 4, 13))

    clocks = open_clocks([child], date(2026, 4, 14), holiday_calendar())[child.pk]

    assert "Section 47 enquiry: outcome signed off" in [c.label for c in clocks]


def _children_on_plans(n, *, team, worker, manager, chair):
    children = []
    for i in range(n):
        kid = PersonFactory(responsible_team=team)
        open_referral(kid, on=date(2026, 1, 5), team=team, by=worker)
        if i % 2:
            plan_from_journey(
                kid,
                worker=worker,
                manager=manager,
                chair=chair,
                started=at(2026, 1, 21),
                held_on=date(2026, 2, 4),
            )
        else:
            enquiry_needing_conference(kid, worker=worker, manager=manager, started=at(2026, 1, 21))
        children.append(kid)
    return children


def test_the_clocks_of_5_or_50_children_take_the_same_number_of_queries(team, worker, manager, chair):
    children = _children_on_plans(50, team=team, worker=worker, manager=manager, chair=chair)
    holidays = holiday_calendar()

    with CaptureQueriesContext(connection) as five:
        few = protection_clocks(children[:5], date(2026, 2, 10), holidays)
    with CaptureQueriesContext(connection) as fifty:
        many = protection_clocks(children, date(2026, 2, 10), holidays)

    assert len(five.captured_queries) == len(fifty.captured_queries) <= 4
    assert sum(len(c) for c in few.values()) < sum(len(c) for c in many.values())
    # An enquiry awaiting its conference: 2 clocks; a plan whose enquiry is not signed off yet: 3.
    assert sum(len(c) for c in many.values()) == 25 * 2 + 25 * 3
