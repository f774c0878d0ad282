from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import AccessLog, ChronologyEvent
from carefile.oversight import services
from carefile.oversight.models import ActionStatus, ManagementDecision, OversightAction, OversightEvent
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import AllocationChangeReason, Role
from carefile.workforce.services import case_allocate


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_manager_records_a_decision_whose_direction_becomes_the_workers_action_on_their_caseload(
    office, login
):
    client = login(office.manager)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("oversight:decision_new", args=[office.child.pk]),
        {
            "decision_type": "step_up_down",
            "options_considered": "Stay at child in need; step down to early help",
            "rationale": "Risks have reduced and the family engage well with the family support worker.",
            "direction_1_what": "Arrange a step-down meeting with early help",
            "direction_1_owner": str(office.worker.pk),
            **_date("direction_1_due", due),
        },
    )
    assert response.status_code == 302
    decision = ManagementDecision.objects.get(child=office.child)
    assert decision.decided_by == office.manager and decision.decision_type == "step_up_down"
    action = OversightAction.objects.get(decision=decision)
    assert action.owner == office.worker and action.due == due and action.child == office.child
    event = ChronologyEvent.objects.get(person=office.child, kind=OversightEvent.DECISION)
    assert "Step up or step down decision" in event.summary and "1 direction" in event.summary

    client = login(office.worker)
    caseload = client.get(reverse("caseload")).content.decode()
    assert "Arrange a step-down meeting with early help" in caseload
    actions = client.get(reverse("oversight:actions")).content.decode()
    assert "Arrange a step-down meeting with early help" in actions
    page = client.get(reverse("oversight:child", args=[office.child.pk])).content.decode()
    assert "Risks have reduced" in page


def test_bad_decision_input_shows_the_error_summary_and_saves_nothing(office, login):
    client = login(office.manager)
    response = client.post(
        reverse("oversight:decision_new", args=[office.child.pk]),
        {"decision_type": "threshold", "rationale": "", "direction_1_what": "Visit within a week"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Give the rationale for the decision" in body
    assert "Choose who will do it" in body and "Enter the due date" in body
    assert not ManagementDecision.objects.exists() and not OversightAction.objects.exists()


def test_a_due_date_in_the_past_is_refused(office, login):
    client = login(office.manager)
    past = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("oversight:decision_new", args=[office.child.pk]),
        {
            "decision_type": "threshold",
            "rationale": "Meets the threshold for a child in need plan",
            "direction_1_what": "Visit",
            "direction_1_owner": str(office.worker.pk),
            **_date("direction_1_due", past),
        },
    )
    assert "The due date must be today or later" in response.content.decode()
    assert not ManagementDecision.objects.exists()


def test_only_managers_record_decisions(office, login):
    client = login(office.worker)
    assert client.get(reverse("oversight:decision_new", args=[office.child.pk])).status_code == 403
    with pytest.raises(services.OversightError):
        services.decision_record(
            child=office.child, by=office.worker, at=timezone.now(), decision_type="other", rationale="x"
        )


def test_the_oversight_view_is_access_logged_and_hides_restricted_children(office, login):
    client = login(office.manager)
    before = AccessLog.objects.count()
    assert client.get(reverse("oversight:child", args=[office.child.pk])).status_code == 200
    assert AccessLog.objects.count() == before + 1
    hidden = PersonFactory(restricted=True, given_name="Hiddenname")
    response = client.get(reverse("oversight:child", args=[hidden.pk]))
    assert "Hiddenname" not in response.content.decode()
    assert AccessLog.objects.count() == before + 1


def test_the_child_page_shows_the_oversight_panel(office, login):
    services.decision_record(
        child=office.child,
        by=office.manager,
        at=timezone.now(),
        decision_type="threshold",
        rationale="Open as CIN",
    )
    client = login(office.worker)
    body = client.get(reverse("people:detail", args=[office.child.pk])).content.decode()
    assert "Management oversight" in body and "Open as CIN" in body


# ---- threshold points ----------------------------------------------------------------------------------


def test_allocation_by_a_manager_files_an_allocation_decision_and_by_anyone_else_does_not(office):
    child = PersonFactory()
    case_allocate(
        child=child,
        worker=office.other_worker,
        by=office.manager,
        at=timezone.now(),
        reason=AllocationChangeReason.NEW_CASE,
    )
    decision = ManagementDecision.objects.get(child=child)
    assert decision.decision_type == "allocation" and decision.source == "workforce.allocate"
    assert "Jo Reid" in decision.rationale
    other = PersonFactory()
    case_allocate(
        child=other,
        worker=office.other_worker,
        by=office.worker,
        at=timezone.now(),
        reason=AllocationChangeReason.NEW_CASE,
    )
    assert not ManagementDecision.objects.filter(child=other).exists()
    # The allocating service wrote its own chronology event; the decision log adds no second one.
    assert not ChronologyEvent.objects.filter(person=child, kind=OversightEvent.DECISION).exists()


def test_a_screening_decision_is_filed_when_a_manager_makes_it_or_signs_it_off(office):
    from carefile.common.calendar import holiday_calendar
    from carefile.frontdoor import services as frontdoor

    def contact(child):
        now = timezone.now()
        return frontdoor.contact_record(
            by=office.worker,
            at=now,
            holidays=holiday_calendar(),
            children=[child],
            team=office.team,
            received_at=now - timedelta(minutes=5),
            source="2A",
            presenting_concerns="Bruising seen at school",
            consent="given",
        )

    by_manager = PersonFactory()
    frontdoor.screening_decide(
        contact=contact(by_manager),
        by=office.manager,
        at=timezone.now(),
        outcome="early_help",
        options_considered=["nfa"],
        rationale="Needs are met by early help",
    )
    decision = ManagementDecision.objects.get(child=by_manager)
    assert decision.decision_type == "screening" and "Needs are met by early help" in decision.rationale
    assert "No further action" in decision.options_considered

    by_worker = PersonFactory()
    screening = frontdoor.screening_decide(
        contact=contact(by_worker),
        by=office.worker,
        at=timezone.now(),
        outcome="nfa",
        options_considered=[],
        rationale="Single incident, explained",
    )
    assert not ManagementDecision.objects.filter(child=by_worker).exists()
    frontdoor.screening_sign_off(decision=screening, by=office.manager, at=timezone.now(), comment="Agreed")
    filed = ManagementDecision.objects.get(child=by_worker)
    assert filed.decided_by == office.manager and "Agreed" in filed.rationale


def test_authorising_an_assessment_and_closing_the_episode_file_decisions(office):
    from carefile.assessments import services as assessments
    from carefile.assessments.tests.conftest import authorised, open_referral

    child = PersonFactory()
    referral = open_referral(child, office.team, office.worker)
    assessment = authorised(referral, office.worker, office.manager, outcome="nfa")
    decision = ManagementDecision.objects.get(child=child, decision_type="assessment_authorisation")
    assert decision.source_ref == str(assessment.pk) and "Outcome" in decision.rationale
    assessments.episode_close(
        referral=referral,
        by=office.manager,
        at=timezone.now(),
        closure_date=timezone.localdate(),
        reason="RC8",
    )
    assert ManagementDecision.objects.filter(child=child, decision_type="closure").exists()


def test_completing_an_action_writes_the_childs_chronology(office, login):
    decision = services.decision_record(
        child=office.child,
        by=office.manager,
        at=timezone.now(),
        decision_type="other",
        rationale="Needs a visit",
        directions=[services.Direction("Visit Amelia at school", office.worker, timezone.localdate())],
    )
    action = decision.actions.get()
    client = login(office.worker)
    response = client.post(reverse("oversight:action_done", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == timezone.localdate()
    assert ChronologyEvent.objects.filter(person=office.child, kind=OversightEvent.DIRECTION_DONE).exists()
    # Someone else's action cannot be changed by another social worker.
    other = StaffFactory(role=Role.SOCIAL_WORKER)
    second = services.decision_record(
        child=office.child,
        by=office.manager,
        at=timezone.now(),
        decision_type="other",
        rationale="Another",
        directions=[services.Direction("Call the school", office.worker, timezone.localdate())],
    ).actions.get()
    client = login(other)
    assert (
        client.post(reverse("oversight:action_done", args=[second.pk]), {"status": "done"}).status_code == 403
    )
