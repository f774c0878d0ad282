"""Retention: rules as data, the disposal preview, two-administrator approval, legal holds, disposal in one
transaction and a record of what was disposed of with no names."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common import chronology
from carefile.common.audit import access_record, audit_chain_verify
from carefile.common.models import AccessLog, ChronologyEvent, EventKind
from carefile.frontdoor.models import Contact, ContactChild, Referral, ScreeningDecision
from carefile.governance import retention
from carefile.governance.models import (
    DisposalProposal,
    DisposalRecord,
    LegalHold,
    ProposalStatus,
    RetentionCategory,
    RetentionRule,
)
from carefile.people.models import Address, Person, Relationship
from carefile.testing.factories import (
    AdultFactory,
    AllocationFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)
from carefile.workforce.models import Allocation, Role

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 3)
NOW = timezone.make_aware(datetime(2025, 3, 3, 10, 0))


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


def closed_case(child, *, closed: date, staff=None):
    """A referral opened and closed, a contact that led to it and an allocation that ended."""
    staff = staff or StaffFactory()
    contact = Contact.objects.create(
        received_at=at(closed - timedelta(days=100)),
        source="2A",
        referrer_name="Teacher Tom",
        presenting_concerns="Concerns from school",
        consent="given",
        team=staff.team,
        screening_due=closed - timedelta(days=99),
        recorded_by=staff,
        recorded_at=at(closed - timedelta(days=100)),
    )
    ContactChild.objects.create(contact=contact, child=child)
    ScreeningDecision.objects.create(
        contact=contact,
        outcome="referral",
        rationale="Needs assessment",
        decided_by=staff,
        decided_at=at(closed - timedelta(days=99)),
    )
    Referral.objects.create(
        child=child,
        contact=contact,
        referral_date=closed - timedelta(days=99),
        source="2A",
        team=staff.team,
        presenting_issue="School concerns",
        closure_date=closed,
        closure_reason="RC8",
        opened_by=staff,
    )
    AllocationFactory(
        child=child, worker=staff, start=at(closed - timedelta(days=99)), end=at(closed - timedelta(days=1))
    )
    chronology.record(person=child, kind=EventKind.REFERRAL_CLOSED, by=staff, at=at(closed), summary="Closed")


def state_of(child, today=TODAY):
    return retention.retention_states(today=today, person_ids=[child.pk])[0]


def test_the_default_rules_are_in_the_table():
    rules = {r.category: r for r in RetentionRule.objects.all()}

    assert rules[RetentionCategory.LOOKED_AFTER].years_from_birth == 75
    assert rules[RetentionCategory.ADOPTION].years_from_adoption_order == 100
    other = rules[RetentionCategory.OTHER]
    assert (other.years_from_birth, other.years_from_closure) == (25, 6)


def test_other_records_are_kept_to_the_25th_birthday_or_6_years_after_closure_whichever_is_later():
    born_1995 = PersonFactory(date_of_birth=date(1995, 6, 1))
    closed_case(born_1995, closed=date(2016, 1, 10))  # 25th birthday 2020 < closure + 6 = 2022
    born_2001 = PersonFactory(date_of_birth=date(2001, 6, 1))
    closed_case(born_2001, closed=date(2010, 1, 10))  # 25th birthday 2026 > 2016

    assert state_of(born_1995).retained_until == date(2022, 1, 10)
    assert state_of(born_1995).past_retention
    assert state_of(born_2001).retained_until == date(2026, 6, 1)
    assert not state_of(born_2001).past_retention


def test_a_looked_after_childs_record_is_kept_to_the_75th_birthday():
    child = PersonFactory(date_of_birth=date(1949, 2, 1), case_status="")
    child.case_status = "looked_after"
    child.save()

    state = state_of(child)

    assert state.category == RetentionCategory.LOOKED_AFTER
    assert state.retained_until == date(2024, 2, 1)
    assert state.kept_because == "the case is open"  # looked after now: open, so kept whatever the date


def test_was_ever_looked_after_comes_from_a_registered_provider():
    child = PersonFactory(date_of_birth=date(1949, 2, 1))
    closed_case(child, closed=date(1967, 1, 1))

    def looked_after_once(ids, facts):
        if child.pk in facts:
            facts[child.pk].looked_after = True

    retention.retention_facts(looked_after_once)
    try:
        state = state_of(child)
    finally:
        retention._providers.remove(looked_after_once)

    assert state.category == RetentionCategory.LOOKED_AFTER
    assert state.retained_until == date(2024, 2, 1) and state.past_retention


def test_an_adoption_record_is_kept_100_years_from_the_order_and_kept_while_the_order_date_is_unknown():
    child = PersonFactory(date_of_birth=date(1910, 1, 1))
    closed_case(child, closed=date(1920, 1, 1))
    order = {"date": None}

    def adopted(ids, facts):
        if child.pk in facts:
            facts[child.pk].adoption = True
            facts[child.pk].adoption_order = order["date"]

    retention.retention_facts(adopted)
    try:
        unknown = state_of(child)
        order["date"] = date(1920, 6, 1)
        known = state_of(child)
    finally:
        retention._providers.remove(adopted)

    assert unknown.category == RetentionCategory.ADOPTION
    assert not unknown.past_retention and unknown.kept_because == "date of the adoption order not recorded"
    assert known.retained_until == date(2020, 6, 1) and known.past_retention


def test_an_open_case_or_an_unknown_date_of_birth_is_kept():
    open_case = PersonFactory(date_of_birth=date(1980, 1, 1))
    AllocationFactory(child=open_case, start=at(date(2000, 1, 1)))
    no_birth_date = PersonFactory(date_of_birth=None, expected_date_of_birth=None)
    closed_case(no_birth_date, closed=date(2000, 1, 1))

    assert state_of(open_case).kept_because == "the case is open"
    assert state_of(no_birth_date).kept_because == "date of birth not known"


def test_the_local_policy_is_data_the_council_can_change():
    child = PersonFactory(date_of_birth=date(1998, 1, 1))
    closed_case(child, closed=date(2018, 1, 1))
    assert state_of(child).past_retention  # 25th birthday 2023, closed + 6 years 2024

    RetentionRule.objects.filter(category=RetentionCategory.OTHER).update(years_from_birth=30)

    assert state_of(child).retained_until == date(2028, 1, 1)
    assert not state_of(child).past_retention


def test_the_preview_lists_only_records_past_retention_today_and_marks_held_ones():
    due, held = PersonFactory.create_batch(2, date_of_birth=date(1990, 1, 1))
    closed_case(due, closed=date(2008, 1, 1))
    closed_case(held, closed=date(2008, 1, 1))
    LegalHold.objects.create(person=held, reason="Claim", placed_by=StaffFactory().user, placed_at=NOW)
    young = PersonFactory(date_of_birth=date(2015, 1, 1))
    closed_case(young, closed=date(2016, 1, 1))

    preview = retention.disposal_preview(today=TODAY)

    assert {s.person_id: s.on_hold for s in preview} == {due.pk: False, held.pk: True}


def two_admins():
    return StaffFactory(role=Role.ADMINISTRATOR), StaffFactory(role=Role.ADMINISTRATOR)


def test_disposal_needs_a_second_administrator():
    child = PersonFactory(date_of_birth=date(1990, 1, 1))
    closed_case(child, closed=date(2008, 1, 1))
    first, _ = two_admins()
    proposal = retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)

    with pytest.raises(retention.DisposalRefused, match="second administrator"):
        retention.disposal_approve(proposal=proposal, by=first.user, at=NOW, today=TODAY)

    assert Person.objects.filter(pk=child.pk).exists()
    assert DisposalProposal.objects.get().status == ProposalStatus.PROPOSED


def test_approved_disposal_deletes_the_childs_records_and_keeps_a_record_without_names():
    team = TeamFactory()
    staff = StaffFactory(team=team)
    child = PersonFactory(
        date_of_birth=date(1990, 1, 1),
        given_name="Disposable",
        family_name="Childname",
        la_child_id="CF0000500",
    )
    mother = AdultFactory(given_name="Only", family_name="Mother")
    aunt = AdultFactory()
    cousin = PersonFactory(date_of_birth=date(2012, 1, 1))
    Relationship.objects.create(person=mother, other=child, kind="mother")
    Relationship.objects.create(person=aunt, other=child, kind="aunt_uncle")
    Relationship.objects.create(person=aunt, other=cousin, kind="mother")
    Address.objects.create(
        person=child, line1="2 Gone Street", town="Durham", postcode="DH1 1AA", start=date(1995, 1, 1)
    )
    closed_case(child, closed=date(2008, 1, 1), staff=staff)
    access_record(
        user=staff.user, person=child, at=NOW, view_name="people:detail", path=f"/people/{child.pk}/"
    )
    first, second = two_admins()
    proposal = retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)

    records = retention.disposal_approve(proposal=proposal, by=second.user, at=NOW, today=TODAY)

    assert not Person.objects.filter(pk__in=[child.pk, mother.pk]).exists()
    assert Person.objects.filter(pk__in=[aunt.pk, cousin.pk]).count() == 2  # known through another child
    assert not Address.objects.filter(line1="2 Gone Street").exists()
    assert not ChronologyEvent.objects.filter(person_id=child.pk).exists()
    assert not Referral.objects.filter(child_id=child.pk).exists()
    assert not Contact.objects.filter(referrer_name="Teacher Tom").exists()
    assert not Allocation.objects.filter(child_id=child.pk).exists()
    assert not Person.history.filter(id__in=[child.pk, mother.pk]).exists()
    (record,) = records
    assert (record.la_child_id, record.person_ref, record.approved_by, record.proposed_by) == (
        "CF0000500",
        child.pk,
        second.user,
        first.user,
    )
    assert record.category == RetentionCategory.OTHER and "25th birthday" in record.rule
    assert record.deleted["people.Person"] == 2
    assert "Disposable" not in str(DisposalRecord.objects.values().get())
    log = AccessLog.objects.get(person_ref=child.pk)
    assert log.person_id is None
    assert audit_chain_verify() == 1


def test_a_failure_part_way_leaves_the_childs_records_whole():
    child = PersonFactory(date_of_birth=date(1990, 1, 1))
    closed_case(child, closed=date(2008, 1, 1))
    Address.objects.create(
        person=child, line1="3 Kept Street", town="Durham", postcode="DH1 1AA", start=date(1995, 1, 1)
    )
    first, second = two_admins()
    proposal = retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)

    def fail_after_deleting(person):
        def after():
            raise RuntimeError("disk full")

        return after

    retention.disposal_step(fail_after_deleting)
    try:
        with pytest.raises(RuntimeError):
            retention.disposal_approve(proposal=proposal, by=second.user, at=NOW, today=TODAY)
    finally:
        retention._steps.remove(fail_after_deleting)

    assert Person.objects.filter(pk=child.pk).exists()
    assert Address.objects.filter(line1="3 Kept Street").exists()
    assert Referral.objects.filter(child=child).exists()
    assert not DisposalRecord.objects.exists()


def test_a_legal_hold_blocks_a_proposal():
    child = PersonFactory(date_of_birth=date(1990, 1, 1))
    closed_case(child, closed=date(2008, 1, 1))
    first, _ = two_admins()
    LegalHold.objects.create(
        person=child, reason="Claim against the council", placed_by=first.user, placed_at=NOW
    )

    with pytest.raises(retention.DisposalRefused):
        retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)


def test_a_legal_hold_placed_after_the_proposal_keeps_the_record_at_approval():
    child = PersonFactory(date_of_birth=date(1990, 1, 1))
    closed_case(child, closed=date(2008, 1, 1))
    first, second = two_admins()
    proposal = retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)
    LegalHold.objects.create(person=child, reason="Public inquiry", placed_by=first.user, placed_at=NOW)

    records = retention.disposal_approve(proposal=proposal, by=second.user, at=NOW, today=TODAY)

    assert records == []
    assert Person.objects.filter(pk=child.pk).exists()
    assert proposal.items.get().outcome == "Kept: a legal hold was placed"


def test_a_released_hold_no_longer_blocks():
    child = PersonFactory(date_of_birth=date(1990, 1, 1))
    closed_case(child, closed=date(2008, 1, 1))
    first, _ = two_admins()
    LegalHold.objects.create(
        person=child,
        reason="Claim",
        placed_by=first.user,
        placed_at=NOW,
        released_by=first.user,
        released_at=NOW,
    )

    proposal = retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)

    assert proposal.items.count() == 1


def test_a_rejected_proposal_keeps_the_records():
    child = PersonFactory(date_of_birth=date(1990, 1, 1))
    closed_case(child, closed=date(2008, 1, 1))
    first, second = two_admins()
    proposal = retention.disposal_propose(person_ids=[child.pk], by=first.user, at=NOW, today=TODAY)

    retention.disposal_reject(proposal=proposal, by=second.user, at=NOW, note="Check with legal first")

    assert Person.objects.filter(pk=child.pk).exists()
    assert DisposalProposal.objects.get().status == ProposalStatus.REJECTED


def test_the_pages_take_administrators_through_propose_and_approve(client, signed_in):
    child = PersonFactory(date_of_birth=date(1990, 1, 1), la_child_id="CF0000900")
    closed_case(child, closed=date(2008, 1, 1))
    first_client, first = signed_in(Role.ADMINISTRATOR)

    preview = first_client.get(reverse("governance:retention"))
    proposed = first_client.post(reverse("governance:retention"), {"person": [str(child.pk)]})
    proposal = DisposalProposal.objects.get()
    own_page = first_client.get(reverse("governance:disposal_proposal", args=[proposal.pk]))
    second = StaffFactory(role=Role.ADMINISTRATOR)
    client.force_login(second.user)
    approved = client.post(
        reverse("governance:disposal_proposal", args=[proposal.pk]), {"decision": "approve"}
    )
    disposed = client.get(reverse("governance:disposed"))

    assert "CF0000900" in preview.content.decode()
    assert proposed.status_code == 302
    assert "A second administrator must approve" in own_page.content.decode()
    assert approved.status_code == 302
    assert not Person.objects.filter(pk=child.pk).exists()
    assert "CF0000900" in disposed.content.decode()


def test_proposing_nothing_is_an_error(signed_in):
    client, _ = signed_in(Role.ADMINISTRATOR)

    response = client.post(reverse("governance:retention"), {})

    assert response.status_code == 400
    assert "Choose the records to propose for disposal" in response.content.decode()


def test_a_legal_hold_is_placed_and_released_through_the_pages(signed_in):
    client, admin = signed_in(Role.ADMINISTRATOR)
    child = PersonFactory(la_child_id="CF0000321")

    placed = client.post(reverse("governance:legal_holds"), {"la_child_id": "cf0000321", "reason": "Claim"})
    hold = LegalHold.objects.get()
    released = client.post(reverse("governance:legal_hold_release", args=[hold.pk]))

    assert placed.status_code == 302 and hold.person == child and hold.placed_by == admin.user
    assert released.status_code == 302
    hold.refresh_from_db()
    assert hold.released_by == admin.user


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HEAD_OF_SERVICE])
def test_only_administrators_manage_retention(signed_in, role):
    client, _ = signed_in(role)

    assert client.get(reverse("governance:retention")).status_code == 403
    assert client.get(reverse("governance:legal_holds")).status_code == 403
