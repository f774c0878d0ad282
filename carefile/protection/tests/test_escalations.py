"""The manager is told before a breach: every app's clocks, turning amber or falling due within N working days."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from carefile.common.calendar import holiday_calendar
from carefile.frontdoor.models import Contact
from carefile.protection.escalations import about_to_be_missed, team_children
from carefile.protection.models import ClockEscalation
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

from .conftest import at, discuss

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(child, referral, worker, manager):
    # Started Monday 13 April 2026: outcome due Tuesday 5 May (the 4th is a bank holiday); amber from 5 working
    # days before it, Tuesday 28 April.
    manager.user.email = "grace.okafor@example.gov.uk"
    manager.user.save(update_fields=["email"])
    return discuss(child, by=worker, when=at(2026, 4, 13))[0].enquiry


def test_a_clock_turning_amber_within_the_horizon_is_about_to_be_missed(enquiry, team):
    warnings = about_to_be_missed(
        team_children([team]), on=date(2026, 4, 22), within=5, holidays=holiday_calendar()
    )

    assert [(w.clock.label, w.clock.due) for w in warnings] == [
        ("Section 47 enquiry: outcome signed off", date(2026, 5, 5))
    ]
    assert warnings[0].state.label == "Due in 8 working days"


def test_a_clock_further_off_is_not_yet_about_to_be_missed(enquiry, team):
    assert (
        about_to_be_missed(team_children([team]), on=date(2026, 4, 14), within=5, holidays=holiday_calendar())
        == []
    )


def test_a_clock_already_overdue_is_a_breach_not_a_warning(enquiry, team):
    assert (
        about_to_be_missed(team_children([team]), on=date(2026, 5, 6), within=5, holidays=holiday_calendar())
        == []
    )


def test_the_warning_covers_other_apps_clocks_too(team, worker):
    child = PersonFactory(responsible_team=team, case_status="referral")
    contact = Contact.objects.create(
        received_at=at(2026, 4, 30, 9),
        source="6",
        presenting_concerns="Police report",
        consent="given",
        team=team,
        screening_due=date(2026, 5, 1),
        recorded_by=worker,
        recorded_at=at(2026, 4, 30, 9),
    )
    contact.contact_children.create(child=child)

    warnings = about_to_be_missed([child], on=date(2026, 4, 30), within=2, holidays=holiday_calendar())

    assert [w.clock.label for w in warnings] == ["Screening decision on a contact"]


def test_the_command_tells_the_team_manager_once_by_email(enquiry, manager):
    out = StringIO()

    call_command("clock_escalations", "--on", "2026-04-22", stdout=out)
    call_command("clock_escalations", "--on", "2026-04-23", stdout=StringIO())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace.okafor@example.gov.uk"]
    assert "Section 47 enquiry: outcome signed off for Amelia Hughes" in message.body
    assert "due 5 May 2026" in message.body
    assert ClockEscalation.objects.get().recipient == manager
    assert "1 about to be missed, 1 new; emailed" in out.getvalue()


def test_the_command_refuses_a_date_it_cannot_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--on must be a date like 2026-03-02"):
        call_command("clock_escalations", "--on", "22/04/2026", stdout=StringIO())


def test_the_team_page_lists_timescales_about_to_be_missed_for_a_manager(
    enquiry, client, manager, time_machine
):
    time_machine.move_to("2026-04-22 09:00")
    client.force_login(manager.user)

    response = client.get(reverse("protection:team_timescales"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Timescales about to be missed in my team" in body
    assert "Section 47 enquiry: outcome signed off" in body and "HUGHES, Amelia" in body


def test_a_social_worker_cannot_see_the_team_page(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)

    assert client.get(reverse("protection:team_timescales")).status_code == 403
