from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carefile.common.extensions import ActionItem, _action_sources, action_source, actions_due_for
from carefile.common.models import AccessLog
from carefile.oversight import services
from carefile.testing.factories import AllocationFactory, PersonFactory, StaffFactory
from carefile.workforce.models import Role


def test_children_without_oversight_for_longer_than_the_period_are_listed_per_team_and_worker(office, login):
    # Amelia had a decision today; Noah has had none since allocation 40 days ago.
    services.decision_record(
        child=office.child, by=office.manager, at=timezone.now(), decision_type="other", rationale="Seen"
    )
    recent = PersonFactory(given_name="Recent", case_status="child_in_need")
    AllocationFactory(child=recent, worker=office.other_worker, start=timezone.now() - timedelta(days=3))
    client = login(office.manager)
    before = AccessLog.objects.count()
    response = client.get(reverse("oversight:gaps"))
    body = response.content.decode()
    assert "HUGHES</a>" not in body  # names are shown family name first in capitals
    assert "HUGHES, Noah" in body
    assert "HUGHES, Amelia" not in body and "Recent" not in body
    assert "Children in Need East" in body and "Sam Patel" in body
    assert AccessLog.objects.count() == before + 1  # each child listed is access-logged

    url = reverse("oversight:gaps") + f"?team={office.team.pk}"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        c = PersonFactory(case_status="child_in_need")
        AllocationFactory(child=c, worker=office.worker, start=timezone.now() - timedelta(days=60))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("HUGHES, Noah") == 1
    assert response.context["page"].paginator.count == 7
    assert len(many) == len(few)  # the page's queries do not grow with its rows
    filtered = client.get(reverse("oversight:gaps") + f"?worker={office.other_worker.pk}").content.decode()
    assert "HUGHES, Noah" not in filtered


def test_a_management_note_counts_as_oversight(office, login):
    from carefile.recording import services as recording

    note = recording.note_draft_save(
        child=office.sibling,
        by=office.manager,
        at=timezone.now(),
        note_type="management",
        happened_on=timezone.localdate(),
        subject="Management oversight",
        body="Reviewed the case; plan on track.",
    )
    recording.note_finalise(note=note, by=office.manager, at=timezone.now(), may_write_management_notes=True)
    body = login(office.manager).get(reverse("oversight:gaps")).content.decode()
    assert "HUGHES, Noah" not in body


def test_restricted_children_are_not_listed_to_those_off_their_list(office, login):
    hidden = PersonFactory(given_name="Hiddenchild", restricted=True, case_status="child_in_need")
    AllocationFactory(child=hidden, worker=office.worker, start=timezone.now() - timedelta(days=60))
    body = login(office.manager).get(reverse("oversight:gaps")).content.decode()
    assert "Hiddenchild" not in body


def test_the_gap_page_is_for_managers(office, login):
    assert login(office.worker).get(reverse("oversight:gaps")).status_code == 403


def test_one_actions_list_gathers_every_source_overdue_first(office, login):
    today = timezone.localdate()
    services.decision_record(
        child=office.child,
        by=office.manager,
        at=timezone.now(),
        decision_type="other",
        rationale="Direction",
        directions=[services.Direction("Later decision action", office.worker, today + timedelta(days=20))],
    )
    services.supervision_record(
        supervisor=office.manager,
        supervisee=office.worker,
        by=office.manager,
        at=timezone.now() - timedelta(days=10),
        held_on=today - timedelta(days=10),
        discussions=[
            services.ChildDiscussion(
                office.sibling,
                "Discussed",
                actions=[
                    services.Direction("Overdue supervision action", office.worker, today - timedelta(days=2))
                ],
            )
        ],
        actions=[services.Direction("Book training", office.worker, today + timedelta(days=5))],
    )

    @action_source
    def audit_actions(owners, today):
        return [
            ActionItem(
                "Audit action from elsewhere", today + timedelta(days=1), office.worker.pk, "/", "Case audit"
            )
        ]

    try:
        items = actions_due_for(user=office.worker.user, owners=[office.worker], today=today)
        titles = [i.title for i in items]
        assert titles[0] == "Overdue supervision action"
        assert set(titles) == {
            "Overdue supervision action",
            "Later decision action",
            "Book training",
            "Audit action from elsewhere",
        }
        body = login(office.worker).get(reverse("oversight:actions")).content.decode()
        assert body.index("Overdue supervision action") < body.index("Later decision action")
        assert "Audit action from elsewhere" in body and "Case audit" in body
    finally:
        _action_sources.remove(audit_actions)


def test_plan_actions_owned_by_the_worker_are_on_their_list(office):
    from carefile.assessments.tests.conftest import open_referral
    from carefile.plans import services as plans

    open_referral(office.child, office.team, office.worker)
    now = timezone.now()
    plan = plans.plan_draft_start(child=office.child, by=office.worker, at=now, concerns="Attendance")
    outcome = plans.outcome_save(plan=plan, by=office.worker, at=now, text="Goes to school")
    plans.action_save(
        plan=plan,
        by=office.worker,
        at=now,
        what="Refer to the school nurse",
        owner_staff=office.worker,
        due=timezone.localdate() + timedelta(days=3),
        measure="Seen by the nurse",
        outcome=outcome,
    )
    plans.plan_finalise(plan=plan, by=office.manager, at=now, start=timezone.localdate())
    items = actions_due_for(user=office.worker.user, owners=[office.worker], today=timezone.localdate())
    assert [i.title for i in items] == ["Refer to the school nurse"]
    assert items[0].source == "Child in need plan"


def test_a_manager_can_view_a_workers_actions_but_a_social_worker_cannot(office, login):
    assert (
        login(office.manager).get(reverse("oversight:actions") + f"?staff={office.worker.pk}").status_code
        == 200
    )
    assert (
        login(office.other_worker)
        .get(reverse("oversight:actions") + f"?staff={office.worker.pk}")
        .status_code
        == 403
    )


def test_actions_about_a_restricted_child_are_left_out_for_those_off_its_list(office):
    hidden = PersonFactory(restricted=True)
    services.decision_record(
        child=hidden,
        by=office.manager,
        at=timezone.now(),
        decision_type="other",
        rationale="x",
        directions=[services.Direction("Hidden action", office.worker, timezone.localdate())],
    )
    other = StaffFactory(role=Role.TEAM_MANAGER)
    assert actions_due_for(user=other.user, owners=[office.worker], today=timezone.localdate()) == []


def test_the_actions_page_queries_do_not_grow_with_its_rows(office, login):
    def add(n):
        for i in range(n):
            child = PersonFactory()
            services.decision_record(
                child=child,
                by=office.manager,
                at=timezone.now(),
                decision_type="other",
                rationale="r",
                directions=[services.Direction(f"Action {i}", office.worker, timezone.localdate())],
            )

    client = login(office.worker)
    add(2)
    client.get(reverse("oversight:actions"))  # the first access-log row creates the chain head
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("oversight:actions"))
    add(6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("oversight:actions"))
    assert response.content.decode().count("Action ") >= 8
    assert len(many) == len(few)
