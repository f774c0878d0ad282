"""The child protection pages: explanatory pages for a child with nothing yet, the forms with their GOV.UK errors,
and the journey from strategy discussion to a plan with its due dates."""

import re
from datetime import date

import pytest
from django.urls import reverse

from carefile.protection.models import ChildProtectionPlan, Conference, Section47Enquiry
from carefile.testing.factories import PersonFactory
from carefile.workforce.models import Role

from .conftest import at, enquiry_needing_conference, plan_from_journey

pytestmark = pytest.mark.django_db

CHILD_PAGES = [
    "protection:index",
    "protection:strategy_new",
    "protection:strategy",
    "protection:enquiry",
    "protection:conference",
    "protection:conference_schedule",
    "protection:conference_record",
    "protection:transfer_in",
    "protection:plan",
    "protection:plan_outcome",
    "protection:plan_action",
    "protection:plan_finalise",
    "protection:core_group",
    "protection:plan_end",
]


@pytest.fixture
def now(time_machine):
    time_machine.move_to("2026-04-13 15:00")


def url(name, child, query=""):
    return reverse(name, args=[child.pk]) + query


@pytest.mark.parametrize("name", CHILD_PAGES)
def test_every_page_explains_itself_for_a_child_with_nothing_recorded(name, signed_in):
    client, _ = signed_in(Role.TEAM_MANAGER)
    child = PersonFactory()

    response = client.get(url(name, child))

    assert response.status_code == 200
    assert b"govuk-back-link" in response.content


def test_a_strategy_discussion_needs_an_open_referral_first(signed_in):
    client, _ = signed_in(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Leo")

    body = client.get(url("protection:strategy_new", child)).content.decode()

    assert "Leo" in body and "has no open referral" in body


def _strategy_post(**overrides):
    data = {
        "held_date_0": "13",
        "held_date_1": "4",
        "held_date_2": "2026",
        "held_time": "10:30",
        "participant1_name": "Sam Patel",
        "participant1_agency": "social_care",
        "participant1_role": "Social worker",
        "participant2_name": "DC Sarah Jones",
        "participant2_agency": "police",
        "participant2_role": "CAIT",
        "information_shared": "Bruising seen at school; two police call-outs this month.",
        "decision": "s47",
        "rationale": "Reasonable cause to suspect significant harm.",
        "immediate_safety_actions": "Dad stays away tonight.",
    }
    data.update(overrides)
    return data


def test_recording_a_strategy_discussion_starts_the_enquiry_and_shows_its_target(
    now, client, worker, child, referral
):
    client.force_login(worker.user)

    response = client.post(url("protection:strategy_new", child), _strategy_post(), follow=True)

    body = response.content.decode()
    enquiry = Section47Enquiry.objects.get(child=child)
    assert response.redirect_chain[-1][0].endswith(f"?enquiry={enquiry.pk}")
    assert "an initial conference, if needed, is due by 5 May 2026" in body
    assert "Tuesday 5 May 2026" in body


def test_a_strategy_discussion_without_the_police_shows_the_error_summary(
    now, client, worker, child, referral
):
    client.force_login(worker.user)

    response = client.post(
        url("protection:strategy_new", child), _strategy_post(participant2_name="", participant2_agency="")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "Add who took part from the police" in body
    assert not Section47Enquiry.objects.exists()


def test_a_participant_without_an_agency_is_an_error_on_that_field(now, client, worker, child, referral):
    client.force_login(worker.user)

    response = client.post(
        url("protection:strategy_new", child), _strategy_post(participant3_name="Helen Bell")
    )

    assert "Choose the agency Helen Bell was from" in response.content.decode()
    assert 'href="#id_participant3_agency"' in response.content.decode()


def test_signing_off_an_enquiry_without_an_outcome_says_what_to_do(
    now, client, worker, manager, child, referral
):
    from .conftest import discuss

    enquiry = discuss(child, by=worker, when=at(2026, 4, 13, 10))[0].enquiry
    client.force_login(manager.user)

    response = client.post(
        url("protection:enquiry", child, f"?enquiry={enquiry.pk}"), {"sign_off": "1", "comment": ""}
    )

    body = response.content.decode()
    assert "There is a problem" in body and "Record the outcome of the enquiry before closing it" in body
    enquiry.refresh_from_db()
    assert enquiry.is_open


def test_findings_and_outcome_then_sign_off_close_the_enquiry(now, client, worker, manager, child, referral):
    from .conftest import discuss

    enquiry = discuss(child, by=worker, when=at(2026, 4, 13, 10))[0].enquiry
    client.force_login(worker.user)
    page = client.get(url("protection:enquiry", child)).content.decode()
    version = re.search(r'name="record_version" value="([0-9a-f]+)"', page)[1]
    client.post(
        url("protection:enquiry", child),
        {
            "save_findings": "1",
            "findings": "Seen alone; consistent account.",
            "outcome": "conference",
            "record_version": version,
        },
    )
    client.force_login(manager.user)

    client.post(url("protection:enquiry", child), {"sign_off": "1", "comment": "Agreed: conference"})

    enquiry.refresh_from_db()
    assert enquiry.outcome == "conference" and enquiry.closed_on == date(2026, 4, 13)


def test_a_conference_dated_before_its_enquiry_is_an_error_on_the_date(
    now, client, worker, manager, child, referral
):
    enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 4, 13, 10))
    client.force_login(worker.user)

    response = client.post(
        url("protection:conference_schedule", child, "?for=initial"),
        {"day_0": "10", "day_1": "4", "day_2": "2026", "start_time": "10:00"},
    )

    body = response.content.decode()
    assert "The conference cannot be before the section 47 enquiry started on 13 April 2026" in body
    assert 'href="#id_day_0"' in body


def test_booking_and_recording_the_initial_conference_starts_the_plan_with_its_due_dates(
    time_machine, client, worker, manager, chair, child, referral
):
    time_machine.move_to("2026-04-13 15:00")
    enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 4, 13, 10))
    client.force_login(worker.user)
    client.post(
        url("protection:conference_schedule", child, "?for=initial"),
        {
            "day_0": "28",
            "day_1": "4",
            "day_2": "2026",
            "start_time": "10:00",
            "venue": "Family centre",
            "chair": str(chair.pk),
            "invitee1_name": "Rachel Hughes",
            "invitee1_role": "parent",
            "invitee1_detail": "Mum",
        },
    )
    conference = Conference.objects.get(child=child)
    assert conference.scheduled_at == at(2026, 4, 28, 10) and conference.chair == chair
    time_machine.move_to("2026-04-28 16:00")
    client.force_login(chair.user)
    invitee = conference.invitees.get()

    response = client.post(
        url("protection:conference_record", child, f"?conference={conference.pk}"),
        {
            "held_on_0": "28",
            "held_on_1": "4",
            "held_on_2": "2026",
            f"attendance_{invitee.pk}": "attended",
            "child_views": "Amelia wants the shouting to stop.",
            "summary": "Risks remain high.",
            "decision": "plan",
            "category": "EMO",
            "previous_plans_elsewhere": "0",
        },
        follow=True,
    )

    body = response.content.decode()
    plan = ChildProtectionPlan.objects.get(child=child)
    assert plan.start == date(2026, 4, 28) and plan.initial_category == "EMO"
    assert "First core group meeting" in body and "13 May 2026" in body
    assert "First review conference" in body and "28 Jul 2026" in body
    assert "every 10 working days" in body


def test_what_the_plan_says_is_written_and_finalised_from_the_plan_page(
    time_machine, client, worker, manager, chair, child, referral
):
    time_machine.move_to("2026-02-20 12:00")
    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )
    client.force_login(worker.user)
    client.post(url("protection:plan_outcome", child), {"text": "Amelia is safe at home"})
    outcome = ChildProtectionPlan.objects.get().plan.outcomes.get()
    client.post(
        url("protection:plan_action", child),
        {
            "what": "Dad stays away from the home",
            "outcome": str(outcome.pk),
            "owner_name": "Mum",
            "due_0": "30",
            "due_1": "4",
            "due_2": "2026",
            "measure": "No police call-outs",
        },
    )
    client.force_login(chair.user)

    response = client.post(url("protection:plan_finalise", child), follow=True)

    assert "The child protection plan has been finalised" in response.content.decode()
    assert ChildProtectionPlan.objects.get().plan.status == "active"


def test_a_core_group_in_the_future_is_an_error(
    time_machine, client, worker, manager, chair, child, referral
):
    time_machine.move_to("2026-02-20 12:00")
    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )
    client.force_login(worker.user)

    response = client.post(
        url("protection:core_group", child),
        {"held_on_0": "27", "held_on_1": "2", "held_on_2": "2026", "attendees": "Mum", "progress": "Fine"},
    )

    assert "The core group meeting cannot be in the future" in response.content.decode()


def test_ending_the_plan_from_its_page(time_machine, client, worker, manager, chair, child, referral):
    time_machine.move_to("2026-03-20 12:00")
    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )
    client.force_login(chair.user)

    client.post(
        url("protection:plan_end", child), {"end_0": "19", "end_1": "3", "end_2": "2026", "reason": "moved"}
    )

    plan = ChildProtectionPlan.objects.get()
    assert plan.end == date(2026, 3, 19) and plan.end_reason == "moved"


def test_the_childs_page_shows_the_child_protection_panel(
    time_machine, client, worker, manager, chair, child, referral
):
    time_machine.move_to("2026-02-20 12:00")
    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )
    client.force_login(worker.user)

    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()

    assert "Child protection" in body and "Since 18 Feb 2026" in body
    assert "Core group meeting" in body and "Review child protection conference" in body


def test_a_review_conference_is_booked_and_recorded_from_the_plan(
    time_machine, client, worker, manager, chair, child, referral
):
    time_machine.move_to("2026-04-20 12:00")
    plan_from_journey(
        child, worker=worker, manager=manager, chair=chair, started=at(2026, 2, 2), held_on=date(2026, 2, 18)
    )
    client.force_login(worker.user)
    client.post(
        url("protection:conference_schedule", child, "?for=review"),
        {"day_0": "12", "day_1": "5", "day_2": "2026", "start_time": "14:00", "chair": str(chair.pk)},
    )
    review = Conference.objects.get(kind="review")
    assert review.target_date == date(2026, 5, 18)
    time_machine.move_to("2026-05-12 17:00")
    client.force_login(chair.user)

    client.post(
        url("protection:conference_record", child, f"?conference={review.pk}"),
        {
            "held_on_0": "12",
            "held_on_1": "5",
            "held_on_2": "2026",
            "child_views": "Home is calmer.",
            "decision": "continue",
            "category": "PHY",
        },
    )

    plan = ChildProtectionPlan.objects.get()
    assert plan.latest_category == "PHY" and plan.initial_category == "NEG"
    body = client.get(url("protection:plan", child)).content.decode()
    assert "Next review conference" in body and "12 Nov 2026" in body


def test_a_social_worker_is_told_who_records_a_conference(
    now, client, worker, manager, child, referral, chair
):
    enquiry = enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 4, 13, 10))
    from carefile.protection import services

    services.initial_conference_schedule(
        enquiry=enquiry, by=worker, at=at(2026, 4, 13, 11), scheduled_at=at(2026, 4, 28, 10), chair=chair
    )
    client.force_login(worker.user)

    body = client.get(url("protection:conference_record", child)).content.decode()

    assert "recorded by its chair" in body
