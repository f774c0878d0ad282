"""Initial, transfer-in and review conferences: booking, the decision, and who may record it."""

from datetime import date

import pytest

from carefile.common.calendar import holiday_calendar
from carefile.common.models import ChronologyEvent
from carefile.protection import services
from carefile.protection.codes import (
    Attendance,
    ConferenceDecision,
    ConferenceKind,
    EnquiryOutcome,
    InviteeRole,
    ProtectionEvent,
)
from carefile.protection.models import Conference

from .conftest import at, discuss, enquiry_needing_conference, hold_initial

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(child, referral, worker, manager):
    # Monday 13 April 2026: the 15th weekday is the early May bank holiday, so the target is Tuesday 5 May.
    return enquiry_needing_conference(child, worker=worker, manager=manager, started=at(2026, 4, 13))


def book(enquiry, *, by, chair, day: date, invitees=()):
    return services.initial_conference_schedule(
        enquiry=enquiry,
        by=by,
        at=at(2026, 4, 14),
        scheduled_at=at(day.year, day.month, day.day, 10),
        chair=chair,
        invitees=invitees,
    )


def test_a_conference_booked_for_an_enquiry_is_due_by_its_target_never_a_bank_holiday(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 5, 1))

    assert conference.kind == ConferenceKind.INITIAL
    assert conference.target_date == date(2026, 5, 5)
    assert conference.target_date.weekday() < 5


def test_a_conference_cannot_be_booked_before_its_enquiry_started(enquiry, worker, chair):
    with pytest.raises(
        services.ProtectionError,
        match="The conference cannot be before the section 47 enquiry started on 13 April 2026",
    ):
        book(enquiry, by=worker, chair=chair, day=date(2026, 4, 10))


def test_a_conference_cannot_be_dated_before_its_enquiry_started(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    with pytest.raises(
        services.ProtectionError,
        match="The conference cannot be before the section 47 enquiry started on 13 April 2026",
    ):
        hold_initial(conference, chair=chair, held_on=date(2026, 4, 10), now=at(2026, 4, 28, 17))


def test_the_chair_must_be_a_reviewing_officer_or_a_manager(enquiry, worker):
    with pytest.raises(services.ProtectionError, match="independent reviewing officer or a manager"):
        book(enquiry, by=worker, chair=worker, day=date(2026, 4, 28))


def test_a_social_worker_cannot_record_the_conferences_decision(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    with pytest.raises(services.ProtectionError, match="Only the chair"):
        hold_initial(conference, chair=worker, held_on=date(2026, 4, 28))


def test_a_conference_held_inside_the_target_records_attendance_and_says_so(enquiry, worker, chair):
    conference = book(
        enquiry,
        by=worker,
        chair=chair,
        day=date(2026, 4, 28),
        invitees=[
            services.Invitee("Rachel Hughes", InviteeRole.PARENT, "Mum"),
            services.Invitee("Mrs Bell", InviteeRole.EDUCATION, "Head teacher"),
        ],
    )
    mum, teacher = conference.invitees.order_by("id")

    hold_initial(
        conference,
        chair=chair,
        held_on=date(2026, 4, 28),
        attendance={mum.pk: Attendance.ATTENDED, teacher.pk: Attendance.REPORT},
    )

    conference.refresh_from_db()
    assert conference.held_on == date(2026, 4, 28) and conference.decision == ConferenceDecision.PLAN
    assert list(conference.invitees.order_by("id").values_list("attendance", flat=True)) == [
        "attended",
        "report",
    ]
    held = ChronologyEvent.objects.get(person=conference.child, kind=ProtectionEvent.CONFERENCE_HELD)
    assert "within the target of 5 May 2026" in held.summary


def test_a_late_conference_says_by_how_many_working_days(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 5, 7))

    hold_initial(conference, chair=chair, held_on=date(2026, 5, 7))

    held = ChronologyEvent.objects.get(person=conference.child, kind=ProtectionEvent.CONFERENCE_HELD)
    assert "2 working days after the target of 5 May 2026" in held.summary


def test_a_conference_is_never_recorded_on_a_weekend(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    with pytest.raises(services.ProtectionError, match="cannot be a Saturday or a Sunday"):
        hold_initial(conference, chair=chair, held_on=date(2026, 4, 25), now=at(2026, 4, 28))


def test_a_plan_decision_needs_a_category_of_abuse(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    with pytest.raises(services.ProtectionError, match="Choose the category of abuse"):
        hold_initial(conference, chair=chair, held_on=date(2026, 4, 28), category="")


def test_the_conference_needs_the_childs_views(enquiry, worker, chair):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    with pytest.raises(services.ProtectionError, match="the child's views"):
        services.initial_conference_record(
            conference=conference,
            by=chair,
            at=at(2026, 4, 28, 17),
            holidays=holiday_calendar(),
            held_on=date(2026, 4, 28),
            decision=ConferenceDecision.NO_PLAN,
            child_views=" ",
        )


def test_a_conference_is_recorded_only_once_the_enquiry_found_one_is_needed(child, referral, worker, chair):
    enquiry = discuss(child, by=worker, when=at(2026, 4, 13))[0].enquiry
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    with pytest.raises(services.ProtectionError, match="Record the enquiry's outcome"):
        hold_initial(conference, chair=chair, held_on=date(2026, 4, 28))


def test_a_booked_conference_goes_when_the_enquiry_finds_none_is_needed(child, referral, worker, chair):
    enquiry = discuss(child, by=worker, when=at(2026, 4, 13))[0].enquiry
    book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    services.enquiry_findings_save(
        enquiry=enquiry,
        by=worker,
        at=at(2026, 4, 20),
        findings="Not substantiated",
        outcome=EnquiryOutcome.NOT_SUBSTANTIATED,
    )

    assert not Conference.objects.exists()
    with pytest.raises(services.ProtectionError, match="no conference is needed"):
        book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))


def test_a_no_plan_decision_starts_no_plan(enquiry, worker, chair, child):
    conference = book(enquiry, by=worker, chair=chair, day=date(2026, 4, 28))

    hold_initial(
        conference, chair=chair, held_on=date(2026, 4, 28), decision=ConferenceDecision.NO_PLAN, category=""
    )

    assert not child.child_protection_plans.exists()
    child.refresh_from_db()
    assert child.case_status != "child_protection"


def test_rebooking_a_conference_replaces_its_time_and_invitees(enquiry, worker, chair):
    first = book(
        enquiry, by=worker, chair=chair, day=date(2026, 4, 28), invitees=[services.Invitee("Mum", "parent")]
    )

    second = book(
        enquiry, by=worker, chair=chair, day=date(2026, 4, 30), invitees=[services.Invitee("Dad", "parent")]
    )

    assert first.pk == second.pk
    assert second.scheduled_at == at(2026, 4, 30, 10)
    assert list(second.invitees.values_list("name", flat=True)) == ["Dad"]


def test_a_transfer_in_conference_is_due_15_working_days_after_notification_and_starts_a_plan(
    child, referral, worker, chair
):
    conference = services.transfer_in_conference_schedule(
        child=child,
        by=worker,
        at=at(2026, 12, 14),
        holidays=holiday_calendar(),
        notified_on=date(2026, 12, 14),
        transfer_from="Sunderland",
    )
    assert conference.kind == ConferenceKind.TRANSFER_IN and conference.enquiry is None
    assert conference.target_date == date(2027, 1, 7)

    hold_initial(conference, chair=chair, held_on=date(2027, 1, 5), previous_plans_elsewhere=1)

    plan = child.child_protection_plans.get()
    assert plan.start == date(2027, 1, 5) and plan.previous_plans_elsewhere == 1
