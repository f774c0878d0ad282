"""No lost updates on the plan forms: a second save of a stale form shows both versions and saves nothing;
saving again, with both in view, replaces the saved version deliberately (docs/adr/0006)."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from carefile.plans import services
from carefile.plans.models import Plan, PlanAction, PlanOutcome

from .conftest import at, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_2_march_2026(time_machine):
    time_machine.move_to(at(2026, 3, 2, 10))


def url(name, child, query=""):
    return reverse(f"plans:{name}", args=[child.pk]) + query


def opened(client, address) -> dict:
    """The form at `address` as a browser would post it back, version included."""
    response = client.get(address)
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field.widget, "decompress"):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        else:
            data[name] = "" if value is None else value
    assert re.fullmatch(r"[0-9a-f]{32}", data["record_version"])
    return data


def two_editors(worker, manager):
    first, second = Client(), Client()
    first.force_login(worker.user)
    second.force_login(manager.user)
    return first, second


def assert_stale(response, label, saved, yours):
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in body
    assert "Someone else saved changes to this record while you were editing it" in body
    rows = {c["label"]: (c["saved"], c["yours"]) for c in response.context["conflicts"]}
    assert rows[label] == (saved, yours)
    return body


def test_two_editors_of_the_plan_details_the_second_sees_both_and_nothing_is_lost(
    child, referral, worker, manager
):
    complete_draft(child, by=worker, when=at(2026, 2, 2))
    first, second = two_editors(worker, manager)
    page = url("details", child)
    first_form, second_form = opened(first, page), opened(second, page)

    saved = first.post(page, {**first_form, "concerns": "Amelia has missed 20 days of school"})
    stale = second.post(page, {**second_form, "concerns": "Amelia is often hungry at school"})

    assert saved.status_code == 302
    body = assert_stale(
        stale,
        "What we are worried about",
        "Amelia has missed 20 days of school",
        "Amelia is often hungry at school",
    )
    assert "Amelia is often hungry at school" in body  # the manager's words are still in the form
    assert Plan.objects.get().concerns == "Amelia has missed 20 days of school"

    new_version = re.search(r'name="record_version" value="([0-9a-f]+)"', body)[1]
    again = second.post(
        page, {**second_form, "record_version": new_version, "concerns": "Amelia is often hungry at school"}
    )
    assert again.status_code == 302
    assert Plan.objects.get().concerns == "Amelia is often hungry at school"


def test_two_editors_of_a_plan_action_the_second_sees_both_and_nothing_is_lost(
    child, referral, worker, manager
):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
    action = PlanAction.objects.get(plan=plan)
    first, second = two_editors(worker, manager)
    page = url("action", child, f"?action={action.pk}")
    first_form, second_form = opened(first, page), opened(second, page)

    saved = first.post(page, {**first_form, "measure": "At school every day for 4 weeks"})
    stale = second.post(page, {**second_form, "measure": "Attendance over 90%"})

    assert saved.status_code == 302
    assert_stale(
        stale, "How we will know it has worked", "At school every day for 4 weeks", "Attendance over 90%"
    )
    assert PlanAction.objects.get().measure == "At school every day for 4 weeks"


def test_two_editors_of_an_outcome_the_second_sees_both(child, referral, worker, manager):
    complete_draft(child, by=worker, when=at(2026, 2, 2))
    outcome = PlanOutcome.objects.get()
    first, second = two_editors(worker, manager)
    page = url("outcome", child, f"?outcome={outcome.pk}")
    first_form, second_form = opened(first, page), opened(second, page)

    first.post(page, {**first_form, "text": "Amelia is at school on time"})
    stale = second.post(page, {**second_form, "text": "Amelia enjoys school"})

    assert_stale(
        stale,
        "What we want to be different for the child",
        "Amelia is at school on time",
        "Amelia enjoys school",
    )
    assert PlanOutcome.objects.get().text == "Amelia is at school on time"


def test_two_editors_of_an_actions_progress_the_second_sees_both(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
    services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))
    action = PlanAction.objects.get()
    first, second = two_editors(worker, manager)
    page = url("action_status", child, f"?action={action.pk}")
    first_form, second_form = opened(first, page), opened(second, page)
    done = {"completed_on_0": "27", "completed_on_1": "2", "completed_on_2": "2026"}

    saved = first.post(page, {**first_form, "status": "done", **done})
    stale = second.post(page, {**second_form, "status": "not_done", "not_done_reason": "Mum declined"})

    assert saved.status_code == 302
    assert stale.status_code == 200 and "Someone else saved changes" in stale.content.decode()
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == date(2026, 2, 27)


def test_adding_a_new_action_needs_no_version(child, referral, worker, client):
    complete_draft(child, by=worker, when=at(2026, 2, 2))
    client.force_login(worker.user)

    response = client.post(url("action", child), {"what": "Refer to the food bank"})

    assert response.status_code == 302
    assert PlanAction.objects.count() == 2
