"""Contacts, screening decisions, referrals and the allocation queue."""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carefile.common.calendar import holiday_calendar
from carefile.common.deadlines import deadline_status
from carefile.common.models import AccessLog, ChronologyEvent
from carefile.frontdoor import selectors, services
from carefile.frontdoor.models import Contact, Referral, ScreeningDecision
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory, TeamFactory
from carefile.workforce.models import Role, ServiceArea

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime(y, m, d, hh, mm))


@pytest.fixture
def front_door():
    return TeamFactory(name="Front Door", service_area=ServiceArea.FRONT_DOOR)


@pytest.fixture
def worker(front_door):
    return StaffFactory(team=front_door, role=Role.SOCIAL_WORKER)


@pytest.fixture
def manager(front_door):
    return StaffFactory(team=front_door, role=Role.TEAM_MANAGER)


def record(worker, front_door, children, received_at, **extra):
    fields = {
        "source": "2A",
        "presenting_concerns": "Child came to school with bruising to the arm",
        "consent": "given",
    }
    fields.update(extra)
    return services.contact_record(
        by=worker,
        at=received_at + timedelta(minutes=5),
        holidays=holiday_calendar(),
        children=children,
        team=front_door,
        received_at=received_at,
        **fields,
    )


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 11, 18, 9), date(2026, 11, 19)),  # Wednesday → Thursday
        (at(2026, 11, 20, 16), date(2026, 11, 23)),  # Friday afternoon → Monday
        (at(2026, 11, 21, 11), date(2026, 11, 23)),  # Saturday → Monday
        (at(2026, 12, 24, 15), date(2026, 12, 29)),  # Christmas Eve → Tuesday after Boxing Day substitute
        (at(2026, 4, 2, 12), date(2026, 4, 7)),  # Thursday before Good Friday → Tuesday after Easter Monday
    ],
)
def test_the_screening_decision_is_due_one_working_day_after_receipt(worker, front_door, received, due):
    contact = record(worker, front_door, [PersonFactory()], received)

    assert contact.screening_due == due


def test_the_screening_clock_is_green_then_amber_on_the_day_then_red():
    due = date(2026, 11, 23)  # a Monday
    holidays = holiday_calendar()

    before = deadline_status(due=due, today=date(2026, 11, 20), holidays=holidays)
    on_day = deadline_status(due=due, today=due, holidays=holidays)
    after = deadline_status(due=due, today=date(2026, 11, 25), holidays=holidays)
    done_late = deadline_status(
        due=due, today=date(2026, 11, 25), done_on=date(2026, 11, 24), holidays=holidays
    )

    assert (before.rag, before.label) == ("green", "Due in 1 working day")
    assert (on_day.rag, on_day.state) == ("amber", "due_today")
    assert (after.rag, after.label) == ("red", "Overdue by 2 working days")
    assert (done_late.state, done_late.label) == ("met_late", "Done 1 working day late")


def test_a_contact_about_siblings_writes_to_each_childs_chronology(worker, front_door):
    a, b = PersonFactory(), PersonFactory()

    contact = record(worker, front_door, [a, b], at(2026, 11, 18))

    assert set(contact.children.all()) == {a, b}
    for child in (a, b):
        assert ChronologyEvent.objects.filter(person=child, kind="contact_received").count() == 1


def test_a_decision_cannot_be_saved_without_a_rationale(worker, front_door):
    contact = record(worker, front_door, [PersonFactory()], at(2026, 11, 18))

    with pytest.raises(services.FrontDoorError, match="rationale"):
        services.screening_decide(
            contact=contact,
            by=worker,
            at=at(2026, 11, 18, 12),
            outcome="nfa",
            options_considered=[],
            rationale="   ",
        )

    assert not ScreeningDecision.objects.exists()


def test_the_database_refuses_a_decision_without_rationale(worker, front_door):
    contact = record(worker, front_door, [PersonFactory()], at(2026, 11, 18))

    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningDecision.objects.create(
            contact=contact, outcome="nfa", rationale="", decided_by=worker, decided_at=at(2026, 11, 18, 12)
        )


def test_a_referral_decision_opens_an_episode_for_each_child_and_puts_them_in_the_queue(
    worker, front_door, manager
):
    assessment = TeamFactory(name="Assessment North", service_area=ServiceArea.ASSESSMENT)
    a, b = PersonFactory(), PersonFactory()
    contact = record(worker, front_door, [a, b], at(2026, 11, 16), priority="high")

    decision = services.screening_decide(
        contact=contact,
        by=worker,
        at=at(2026, 11, 16, 15),
        outcome="referral",
        options_considered=["early_help"],
        rationale="Unexplained bruising; the school has raised concerns twice this term.",
        referral_team=assessment,
    )

    assert decision.signed_off_at is None  # a social worker's decision waits for a manager
    assert decision.options_considered == ["early_help", "referral"]
    referrals = Referral.objects.filter(contact=contact)
    assert {r.child for r in referrals} == {a, b}
    assert all(
        r.referral_date == date(2026, 11, 16) and r.team == assessment and r.source == "2A" for r in referrals
    )
    a.refresh_from_db()
    assert a.case_status == "referral" and a.responsible_team == assessment
    queue = list(selectors.allocation_queue(user=manager.user, team=assessment))
    assert {r.child for r in queue} == {a, b}
    summaries = list(ChronologyEvent.objects.filter(person=a).values_list("summary", flat=True))
    assert any(
        s.startswith(
            "Screening decision: Referral to children's social care. Rationale: Unexplained bruising"
        )
        for s in summaries
    )


def test_a_managers_decision_is_signed_off_by_making_it(manager, front_door):
    contact = record(manager, front_door, [PersonFactory()], at(2026, 11, 18))

    decision = services.screening_decide(
        contact=contact,
        by=manager,
        at=at(2026, 11, 18, 12),
        outcome="information",
        options_considered=[],
        rationale="Advice given to the parent about the school's support.",
    )

    assert decision.signed_off_by == manager and decision.signed_off_at == at(2026, 11, 18, 12)


def test_a_manager_signs_off_a_workers_decision_on_the_chronology(worker, manager, front_door):
    child = PersonFactory()
    contact = record(worker, front_door, [child], at(2026, 11, 18))
    decision = services.screening_decide(
        contact=contact,
        by=worker,
        at=at(2026, 11, 18, 12),
        outcome="nfa",
        options_considered=[],
        rationale="Concern resolved by the school; no role for social care.",
    )

    services.screening_sign_off(decision=decision, by=manager, at=at(2026, 11, 18, 14), comment="Agreed.")

    decision.refresh_from_db()
    assert decision.signed_off_by == manager
    event = ChronologyEvent.objects.get(person=child, kind="decision_signed_off")
    assert event.by == manager and "Agreed." in event.summary


def test_a_social_worker_cannot_sign_off(worker, front_door):
    contact = record(worker, front_door, [PersonFactory()], at(2026, 11, 18))
    decision = services.screening_decide(
        contact=contact,
        by=worker,
        at=at(2026, 11, 18, 12),
        outcome="nfa",
        options_considered=[],
        rationale="Concern resolved by the school; no role for social care.",
    )

    with pytest.raises(services.FrontDoorError, match="Only a team manager"):
        services.screening_sign_off(decision=decision, by=worker, at=at(2026, 11, 18, 14))


def test_a_referral_within_twelve_months_of_another_is_flagged(worker, front_door):
    child = PersonFactory()
    first = services.referral_open(
        child=child,
        by=worker,
        at=at(2026, 1, 5),
        referral_date=date(2026, 1, 5),
        source="6",
        team=front_door,
        presenting_issue="Domestic abuse incident",
    )
    first.closure_date, first.closure_reason = date(2026, 3, 1), "RC8"
    first.save()

    second = services.referral_open(
        child=child,
        by=worker,
        at=at(2026, 11, 18),
        referral_date=date(2026, 11, 18),
        source="2A",
        team=front_door,
        presenting_issue="Neglect concerns",
    )

    assert second.re_referral is True
    assert (
        "Re-referral: previous referral 5 January 2026"
        in ChronologyEvent.objects.filter(person=child, kind="referral_opened").first().summary
    )


def test_a_child_cannot_have_two_open_episodes(worker, front_door):
    child = PersonFactory()
    services.referral_open(
        child=child,
        by=worker,
        at=at(2026, 11, 2),
        referral_date=date(2026, 11, 2),
        source="6",
        team=front_door,
        presenting_issue="x",
    )

    with pytest.raises(services.FrontDoorError, match="already has an open referral"):
        services.referral_open(
            child=child,
            by=worker,
            at=at(2026, 11, 3),
            referral_date=date(2026, 11, 3),
            source="6",
            team=front_door,
            presenting_issue="y",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            child=child,
            referral_date=date(2026, 11, 4),
            source="6",
            team=front_door,
            presenting_issue="z",
            opened_by=worker,
        )


def test_days_waiting_are_working_days_across_a_bank_holiday(worker, front_door):
    child = PersonFactory()
    referral = services.referral_open(
        child=child,
        by=worker,
        at=at(2026, 12, 23),
        referral_date=date(2026, 12, 23),
        source="6",
        team=front_door,
        presenting_issue="x",
    )

    waiting = selectors.days_waiting(referral, today=date(2026, 12, 30), holidays=holiday_calendar())

    assert waiting == 3  # 24, 29, 30 December: 25, 28 are bank holidays, 26-27 a weekend


def test_the_queue_puts_the_longest_waiting_first_and_leaves_out_allocated_children(
    worker, front_door, manager
):
    older, newer, allocated = (
        PersonFactory(family_name="Older"),
        PersonFactory(family_name="Newer"),
        PersonFactory(),
    )
    for child, day in ((newer, 10), (older, 2), (allocated, 1)):
        services.referral_open(
            child=child,
            by=worker,
            at=at(2026, 11, day),
            referral_date=date(2026, 11, day),
            source="6",
            team=front_door,
            presenting_issue="x",
        )
    AllocationFactory(child=allocated, worker=worker)

    queue = list(selectors.allocation_queue(user=manager.user, team=front_door))

    assert [r.child for r in queue] == [older, newer]


def test_a_restricted_child_is_not_in_the_queue_for_someone_off_its_list(worker, front_door, manager):
    hidden = PersonFactory(restricted=True)
    services.referral_open(
        child=hidden,
        by=worker,
        at=at(2026, 11, 2),
        referral_date=date(2026, 11, 2),
        source="6",
        team=front_door,
        presenting_issue="x",
    )

    assert list(selectors.allocation_queue(user=manager.user)) == []


def make_queue(front_door, worker, n):
    for i in range(n):
        child = PersonFactory(responsible_team=front_door)
        services.referral_open(
            child=child,
            by=worker,
            at=at(2026, 10, 1 + i % 28),
            referral_date=date(2026, 10, 1 + i % 28),
            source="6",
            team=front_door,
            presenting_issue="Neglect",
        )


def test_the_queue_page_makes_the_same_queries_for_5_rows_as_for_200(
    client, worker, front_door, manager, django_assert_num_queries
):
    from carefile.testing.factories import TEST_PASSWORD

    client.login(username=manager.user.username, password=TEST_PASSWORD)
    make_queue(front_door, worker, 5)
    client.get(reverse("frontdoor:queue"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(reverse("frontdoor:queue"), {"sort": "waiting"})
    make_queue(front_door, worker, 195)

    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get(reverse("frontdoor:queue"), {"sort": "waiting"})

    assert "200 children waiting" in response.content.decode()
    assert len(two_hundred.captured_queries) == len(five.captured_queries)


def test_the_contact_page_records_a_view_of_every_child_on_it(client, worker, front_door):
    from carefile.testing.factories import TEST_PASSWORD

    a, b = PersonFactory(), PersonFactory()
    contact = record(worker, front_door, [a, b], at(2026, 11, 18))
    client.login(username=worker.user.username, password=TEST_PASSWORD)

    response = client.get(reverse("frontdoor:contact", args=[contact.pk]))

    assert response.status_code == 200
    assert set(
        AccessLog.objects.filter(view_name="frontdoor:contact").values_list("person_ref", flat=True)
    ) == {a.pk, b.pk}


def test_a_contact_about_a_restricted_child_is_not_found_by_others(client, worker, front_door):
    from carefile.testing.factories import TEST_PASSWORD

    contact = record(worker, front_door, [PersonFactory(restricted=True)], at(2026, 11, 18))
    client.login(username=worker.user.username, password=TEST_PASSWORD)

    response = client.get(reverse("frontdoor:contact", args=[contact.pk]))

    assert response.status_code == 404
    assert Contact.objects.count() == 1


def test_the_childs_page_shows_the_screening_clock_and_the_episode(client, worker, front_door):
    from carefile.testing.factories import TEST_PASSWORD

    child = PersonFactory()
    record(worker, front_door, [child], timezone.now() - timedelta(hours=1))
    services.referral_open(
        child=child,
        by=worker,
        at=timezone.now(),
        referral_date=timezone.localdate(),
        source="6",
        team=front_door,
        presenting_issue="x",
    )
    client.login(username=worker.user.username, password=TEST_PASSWORD)

    body = client.get(reverse("people:detail", args=[child.pk])).content.decode()

    assert "Screening decision on a contact" in body
    assert "Episodes of need" in body and "Open" in body
