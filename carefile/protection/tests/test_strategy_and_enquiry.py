"""Strategy discussions and section 47 enquiries, through the services."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from carefile.common.calendar import holiday_calendar
from carefile.common.models import ChronologyEvent
from carefile.protection import services
from carefile.protection.codes import Agency, EnquiryOutcome, ProtectionEvent, StrategyDecision
from carefile.protection.models import Section47Enquiry, StrategyDiscussion
from carefile.testing.factories import PersonFactory

from .conftest import at, discuss, open_referral

pytestmark = pytest.mark.django_db


def test_a_discussion_deciding_on_an_enquiry_starts_it_on_the_day_of_the_discussion(child, referral, worker):
    (discussion,) = discuss(child, by=worker, when=at(2026, 2, 6, 15, 30))

    enquiry = discussion.enquiry
    assert enquiry.start_date == date(2026, 2, 6)
    assert enquiry.started_by == discussion
    assert enquiry.icpc_target == date(2026, 2, 27)
    assert enquiry.is_open
    assert list(discussion.participants.values_list("agency", flat=True)) == [
        "social_care",
        "police",
        "health",
    ]


def test_a_discussion_deciding_against_an_enquiry_starts_none(child, referral, worker):
    (discussion,) = discuss(child, by=worker, when=at(2026, 2, 6), decision=StrategyDecision.NO_SECTION_47)

    assert discussion.enquiry is None
    assert not Section47Enquiry.objects.exists()


def test_a_strategy_discussion_needs_the_police_and_childrens_social_care(child, referral, worker):
    with pytest.raises(services.ProtectionError, match="Add who took part from the police"):
        services.strategy_discussion_record(
            child=child,
            by=worker,
            at=at(2026, 2, 6),
            holidays=holiday_calendar(),
            held_at=at(2026, 2, 6),
            participants=[services.Participant("Sam Patel", Agency.SOCIAL_CARE)],
            information_shared="Bruising seen at school",
            decision=StrategyDecision.SECTION_47,
            rationale="Threshold met",
        )


def test_a_strategy_discussion_needs_its_rationale(child, referral, worker):
    with pytest.raises(services.ProtectionError, match="Give the rationale for the decision"):
        services.strategy_discussion_record(
            child=child,
            by=worker,
            at=at(2026, 2, 6),
            holidays=holiday_calendar(),
            held_at=at(2026, 2, 6),
            participants=[
                services.Participant("Sam Patel", Agency.SOCIAL_CARE),
                services.Participant("DC Jones", Agency.POLICE),
            ],
            information_shared="Bruising seen at school",
            decision=StrategyDecision.SECTION_47,
            rationale="  ",
        )


def test_a_strategy_discussion_belongs_to_an_open_episode_of_need(child, worker):
    with pytest.raises(services.ProtectionError, match="has no open referral"):
        discuss(child, by=worker, when=at(2026, 2, 6))


def test_a_strategy_discussion_cannot_be_before_the_referral(child, referral, worker):
    with pytest.raises(
        services.ProtectionError, match="cannot be before Amelia Hughes's referral on 12 January 2026"
    ):
        discuss(child, by=worker, when=at(2026, 1, 9))


def test_earlier_discussions_lead_up_to_the_enquiry_and_later_ones_inform_it(child, referral, worker):
    (first,) = discuss(child, by=worker, when=at(2026, 2, 2), decision=StrategyDecision.NO_SECTION_47)
    (second,) = discuss(child, by=worker, when=at(2026, 2, 5))
    (third,) = discuss(child, by=worker, when=at(2026, 2, 10))

    enquiry = second.enquiry
    first.refresh_from_db()
    assert Section47Enquiry.objects.count() == 1
    assert enquiry.start_date == date(2026, 2, 5)
    assert first.enquiry == enquiry and third.enquiry == enquiry
    assert list(enquiry.discussions.order_by("held_at")) == [first, second, third]


def test_brothers_and_sisters_discussed_together_each_get_a_record_and_an_enquiry(
    child, referral, worker, team
):
    brother = PersonFactory(given_name="Noah", family_name="Hughes", responsible_team=team)
    open_referral(brother, on=date(2026, 1, 12), team=team, by=worker)

    mine, his = discuss(child, by=worker, when=at(2026, 2, 6), also_about=[brother])

    assert mine.meeting == his.meeting
    assert {mine.child, his.child} == {child, brother}
    assert mine.enquiry != his.enquiry and his.enquiry.child == brother
    summary = ChronologyEvent.objects.get(person=brother, kind=ProtectionEvent.STRATEGY_DISCUSSION).summary
    assert "Discussed with Amelia" in summary


def test_a_discussion_writes_the_chronology(child, referral, worker):
    discuss(child, by=worker, when=at(2026, 2, 6))

    kinds = list(ChronologyEvent.objects.filter(person=child).values_list("kind", flat=True))
    assert ProtectionEvent.STRATEGY_DISCUSSION in kinds and ProtectionEvent.S47_STARTED in kinds
    started = ChronologyEvent.objects.get(person=child, kind=ProtectionEvent.S47_STARTED)
    assert "must be held by 27 February 2026" in started.summary and started.significant


def test_an_enquiry_cannot_close_without_an_outcome(child, referral, worker, manager):
    enquiry = discuss(child, by=worker, when=at(2026, 2, 6))[0].enquiry
    services.enquiry_findings_save(
        enquiry=enquiry, by=worker, at=at(2026, 2, 9), findings="Seen alone", outcome=""
    )

    with pytest.raises(
        services.ProtectionError, match="^Record the outcome of the enquiry before closing it$"
    ):
        services.enquiry_close(enquiry=enquiry, by=manager, at=at(2026, 2, 10))

    enquiry.refresh_from_db()
    assert enquiry.is_open


def test_the_database_refuses_a_closed_enquiry_without_an_outcome(child, referral, worker, manager):
    enquiry = discuss(child, by=worker, when=at(2026, 2, 6))[0].enquiry

    with pytest.raises(IntegrityError), transaction.atomic():
        Section47Enquiry.objects.filter(pk=enquiry.pk).update(
            closed_on=date(2026, 2, 10), signed_off_by=manager, signed_off_at=at(2026, 2, 10)
        )


def test_only_a_manager_signs_off_an_enquiry(child, referral, worker):
    enquiry = discuss(child, by=worker, when=at(2026, 2, 6))[0].enquiry
    services.enquiry_findings_save(
        enquiry=enquiry,
        by=worker,
        at=at(2026, 2, 9),
        findings="Seen alone",
        outcome=EnquiryOutcome.NOT_SUBSTANTIATED,
    )

    with pytest.raises(services.ProtectionError, match="Only a team manager or head of service"):
        services.enquiry_close(enquiry=enquiry, by=worker, at=at(2026, 2, 10))


def test_a_signed_off_enquiry_is_closed_and_its_outcome_fixed(child, referral, worker, manager):
    enquiry = discuss(child, by=worker, when=at(2026, 2, 6))[0].enquiry
    services.enquiry_findings_save(
        enquiry=enquiry,
        by=worker,
        at=at(2026, 2, 9),
        findings="Seen alone",
        outcome=EnquiryOutcome.NOT_SUBSTANTIATED,
    )

    services.enquiry_close(enquiry=enquiry, by=manager, at=at(2026, 2, 10), comment="Agreed")

    enquiry.refresh_from_db()
    assert enquiry.closed_on == date(2026, 2, 10) and enquiry.signed_off_by == manager
    with pytest.raises(services.ProtectionError, match="signed off on 10 February 2026"):
        services.enquiry_findings_save(
            enquiry=enquiry, by=worker, at=at(2026, 2, 11), findings="More", outcome=EnquiryOutcome.CONFERENCE
        )
    assert ChronologyEvent.objects.filter(person=child, kind=ProtectionEvent.S47_CONCLUDED).exists()


def test_a_child_has_one_open_enquiry_at_a_time(child, referral, worker):
    discussion = discuss(child, by=worker, when=at(2026, 2, 6))[0]
    another = StrategyDiscussion.objects.create(
        child=child,
        episode=referral,
        held_at=at(2026, 2, 7),
        information_shared="More",
        decision=StrategyDecision.SECTION_47,
        rationale="More",
        recorded_by=worker,
        recorded_at=at(2026, 2, 7),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Section47Enquiry.objects.create(
            child=child,
            episode=referral,
            started_by=another,
            start_date=date(2026, 2, 7),
            icpc_target=date(2026, 3, 2),
        )
    assert discussion.enquiry.is_open


def test_a_new_enquiry_can_start_once_the_last_one_concluded_without_a_conference(
    child, referral, worker, manager
):
    first = discuss(child, by=worker, when=at(2026, 2, 6))[0].enquiry
    services.enquiry_findings_save(
        enquiry=first,
        by=worker,
        at=at(2026, 2, 9),
        findings="Seen alone",
        outcome=EnquiryOutcome.NO_CONFERENCE,
    )
    services.enquiry_close(enquiry=first, by=manager, at=at(2026, 2, 10))

    second = discuss(child, by=worker, when=at(2026, 3, 2))[0].enquiry

    assert second != first and second.start_date == date(2026, 3, 2)


def test_an_enquiry_awaiting_its_conference_is_still_under_way(child, referral, worker, manager):
    first = discuss(child, by=worker, when=at(2026, 2, 6))[0].enquiry
    services.enquiry_findings_save(
        enquiry=first, by=worker, at=at(2026, 2, 9), findings="Seen alone", outcome=EnquiryOutcome.CONFERENCE
    )
    services.enquiry_close(enquiry=first, by=manager, at=at(2026, 2, 10))

    later = discuss(child, by=worker, when=at(2026, 2, 12))[0]

    assert later.enquiry == first
    assert Section47Enquiry.objects.count() == 1
