"""The plan pages: the journey from draft to review, bad input refused whole, permissions, admin and the PDF."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse

from carefile.common.models import AccessLog, ChronologyEvent
from carefile.plans import services
from carefile.plans.models import (
    ActionStatus,
    Plan,
    PlanAction,
    PlanCorrection,
    PlanOutcome,
    PlanReview,
    PlanStatus,
)
from carefile.testing.factories import TEST_PASSWORD, PersonFactory, StaffFactory, UserFactory
from carefile.workforce.models import Role

from .conftest import at, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_2_march_2026(time_machine):
    time_machine.move_to(at(2026, 3, 2, 10))


def sign_in(client, staff):
    assert client.login(username=staff.user.username, password=TEST_PASSWORD)
    return client


def url(name, child, query=""):
    return reverse(f"plans:{name}", args=[child.pk]) + query


def date_fields(name, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def finalised(child, referral, worker, manager):
    plan = complete_draft(child, by=worker, when=at(2026, 2, 2), actions=2)
    return services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))


def test_a_worker_drafts_a_plan_and_a_manager_finalises_it_through_the_pages(
    client, child, referral, worker, manager
):
    sign_in(client, worker)

    client.post(url("start", child), {"concerns": "Amelia is missing school"})
    client.post(url("outcome", child), {"text": "Amelia goes to school every day", "another": "1"})
    client.post(url("outcome", child), {"text": "Amelia feels safe at home"})
    staff_action = {
        "what": "Visit every two weeks",
        "owner_staff": str(worker.pk),
        "owner_name": "",
        **date_fields("due", date(2026, 3, 31)),
        "measure": "Amelia is seen alone at every visit",
    }
    response = client.post(url("action", child), {**staff_action, "another": "1"})
    assert response["Location"] == url("action", child)
    client.post(
        url("action", child),
        {
            "what": "Take Amelia to school",
            "owner_name": "Mum",
            **date_fields("due", date(2026, 4, 30)),
            "measure": "95%",
        },
    )
    worker_finalise = client.get(url("finalise", child)).content.decode()
    refused = client.post(url("finalise", child), date_fields("start", date(2026, 3, 2)))
    client.logout()
    sign_in(client, manager)
    response = client.post(url("finalise", child), date_fields("start", date(2026, 3, 2)))

    assert "A team manager or head of service finalises the plan" in worker_finalise
    assert refused.status_code == 403
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ACTIVE and plan.start == date(2026, 3, 2)
    assert [o.text for o in plan.outcomes.all()] == [
        "Amelia goes to school every day",
        "Amelia feels safe at home",
    ]
    assert [(a.what, a.owner) for a in plan.actions.all()] == [
        ("Visit every two weeks", "Sam Patel (social worker)"),
        ("Take Amelia to school", "Mum"),
    ]
    page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Child in need plan" in page and "Amelia feels safe at home" in page
    assert "Child in need plan review" in page  # the review clock


def test_finalising_an_incomplete_plan_on_the_page_lists_everything_missing(
    client, child, referral, worker, manager
):
    plan = services.plan_draft_start(child=child, by=worker, at=at(2026, 2, 2))
    services.outcome_save(plan=plan, by=worker, at=at(2026, 2, 2), text="Amelia goes to school")
    services.action_save(plan=plan, by=worker, at=at(2026, 2, 2), what="Parenting course", owner_name="Dad")
    sign_in(client, manager)

    response = client.post(url("finalise", child), date_fields("start", date(2026, 3, 2)))

    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Write what we are worried about" in body
    assert "Action 1 (Parenting course) needs a due date and a measurable outcome" in body
    assert Plan.objects.get().status == PlanStatus.DRAFT
    assert not ChronologyEvent.objects.filter(kind="plan_finalised").exists()


def test_a_finalised_plan_cannot_be_changed_through_the_draft_forms(client, child, finalised, worker):
    sign_in(client, worker)
    outcome = PlanOutcome.objects.get(plan=finalised)
    action = PlanAction.objects.filter(plan=finalised).first()

    responses = [
        client.post(url("details", child), {"concerns": "Changed"}),
        client.post(url("outcome", child, f"?outcome={outcome.pk}"), {"text": "Changed"}),
        client.post(url("outcome", child, f"?outcome={outcome.pk}"), {"remove": "1"}),
        client.post(url("action", child, f"?action={action.pk}"), {"what": "Changed"}),
        client.post(url("action", child, f"?action={action.pk}"), {"remove": "1"}),
        client.post(url("discard", child), {"confirm": "yes"}),
    ]

    assert all(r.status_code == 200 and "can no longer change" in r.content.decode() for r in responses)
    assert Plan.objects.get().concerns == "Amelia misses school"
    assert PlanOutcome.objects.get().text == "Amelia goes to school every day"
    assert PlanAction.objects.filter(plan=finalised).count() == 2


def test_the_admin_cannot_change_or_delete_a_finalised_plan(client, finalised):
    admin = UserFactory(is_staff=True, is_superuser=True)
    StaffFactory(user=admin, role=Role.ADMINISTRATOR)
    client.force_login(admin)

    change = client.post(reverse("admin:plans_plan_change", args=[finalised.pk]), {"concerns": "Changed"})
    delete = client.post(reverse("admin:plans_plan_delete", args=[finalised.pk]), {"post": "yes"})

    assert change.status_code == 403 and delete.status_code == 403
    assert Plan.objects.get(pk=finalised.pk).concerns == "Amelia misses school"


def test_the_council_sets_review_timescales_in_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:plans_planreviewcadence_add"),
        {
            "kind": "child_in_need",
            "first_review_months": 2,
            "review_every_months": 4,
            "due_soon_working_days": 5,
        },
    )

    assert response.status_code == 302
    from carefile.plans.selectors import Cadence, review_cadence

    assert review_cadence("child_in_need") == Cadence(2, 4, 5)


def test_progress_on_an_action_is_updated_on_its_page_and_goes_on_the_chronology(
    client, child, finalised, worker
):
    sign_in(client, worker)
    action = PlanAction.objects.filter(plan=finalised).first()

    page = url("action_status", child, f"?action={action.pk}")
    version = re.search(r'name="record_version" value="([0-9a-f]+)"', client.get(page).content.decode())[1]

    response = client.post(
        page, {"status": "done", **date_fields("completed_on", date(2026, 2, 27)), "record_version": version}
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == date(2026, 2, 27)
    assert ChronologyEvent.objects.filter(kind="plan_action_updated").count() == 1


def test_a_review_with_a_new_action_is_recorded_on_its_page(client, child, finalised, worker):
    sign_in(client, worker)

    response = client.post(
        url("review", child),
        {
            **date_fields("held_on", date(2026, 3, 2)),
            "attendees": "Mum, school nurse",
            "progress": "Good progress",
            "child_views": "Amelia says things are better",
            "decision": "continue",
            **date_fields("next_review_on", date(2026, 6, 2)),
            "new_what": "Join an after-school club",
            "new_owner_name": "Mum",
            **date_fields("new_due", date(2026, 4, 1)),
            "new_measure": "Amelia goes every week",
        },
    )

    assert response.status_code == 302
    review = PlanReview.objects.get()
    assert review.next_review_on == date(2026, 6, 2)
    assert PlanAction.objects.get(added_at_review=review).what == "Join an after-school club"


def test_a_correction_is_appended_on_its_page(client, child, finalised, worker):
    sign_in(client, worker)

    response = client.post(
        url("correction", child),
        {
            "applies_to": "What we are worried about",
            "correction": "Mondays and Fridays",
            "reason": "Left out",
        },
    )

    assert response.status_code == 302
    assert PlanCorrection.objects.get().correction == "Mondays and Fridays"
    assert "Mondays and Fridays" in client.get(url("index", child)).content.decode()


def test_ending_the_plan_on_its_page_sets_the_end_date(client, child, finalised, worker):
    sign_in(client, worker)

    response = client.post(
        url("end", child), {**date_fields("end", date(2026, 3, 1)), "reason": "outcomes_met"}
    )

    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ENDED and plan.end == date(2026, 3, 1)
    assert response["Location"] == url("index", child, f"?plan={plan.pk}")


def test_an_inspector_can_read_a_plan_but_not_write_to_it(client, child, finalised):
    sign_in(client, StaffFactory(role=Role.INSPECTOR))

    read = client.get(url("index", child))
    pdf = client.get(url("pdf", child))
    write = client.get(url("review", child))
    post = client.post(url("end", child), {**date_fields("end", date(2026, 3, 1)), "reason": "outcomes_met"})

    assert read.status_code == 200 and pdf.status_code == 200
    assert write.status_code == 403 and post.status_code == 403
    assert Plan.objects.get().status == PlanStatus.ACTIVE


def test_the_familys_copy_is_a_real_pdf_with_the_childs_name_and_the_view_is_logged(
    client, child, finalised, worker
):
    from pypdf import PdfReader

    sign_in(client, worker)

    response = client.get(url("pdf", child))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'inline; filename="amelia-hughes-child-in-need-plan-2026-02-03.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for words in [
        "Amelia Hughes",
        "What we are worried about",
        "What we want to be different",
        "Who will do what by when",
        "When we will meet again",
        "Sunday 3 May 2026",
    ]:
        assert words in " ".join(text.split()), words
    assert "child_in_need" not in text and "T000" not in text
    log = AccessLog.objects.get(person_ref=child.pk)
    assert log.view_name == "plans:pdf" and log.user == worker.user


def test_plan_pages_for_a_child_without_an_episode_explain_what_is_needed(client, worker):
    child = PersonFactory(given_name="Leo", family_name="Ward")
    sign_in(client, worker)

    start = client.get(url("start", child)).content.decode()
    review = client.get(url("review", child)).content.decode()

    assert "Leo Ward has no open referral" in start
    assert "Leo Ward has no finalised child in need plan" in review
    assert not Plan.objects.exists()


def _counts():
    return (
        Plan.objects.count(),
        PlanOutcome.objects.count(),
        PlanAction.objects.count(),
        PlanReview.objects.count(),
        PlanCorrection.objects.count(),
        ChronologyEvent.objects.count(),
        list(Plan.objects.values_list("status", "start", "end", "concerns")),
        list(PlanAction.objects.values_list("status", "what", "due")),
    )


BAD_INPUT = [
    (
        "start",
        "draft_free",
        {**date_fields("start", date(2026, 1, 5))},
        "on or after the referral on 12 January 2026",
    ),
    (
        "start",
        "draft_free",
        {"start_0": "31", "start_1": "2", "start_2": "2026"},
        "Start date must be a real date",
    ),
    (
        "details",
        "draft",
        {"start_0": "3", "start_1": "", "start_2": "2026"},
        "Start date must include a month",
    ),
    ("outcome", "draft", {"text": ""}, "Enter what we want to be different for the child"),
    ("outcome", "draft", {"text": "x" * 1001}, "must be 1000 characters or fewer"),
    ("action", "draft", {"what": ""}, "Enter what will be done"),
    ("action", "draft", {"what": "Visit", "owner_staff": "worker", "owner_name": "Mum"}, "not both"),
    (
        "action",
        "draft",
        {"what": "Visit", **date_fields("due", date(2026, 1, 2))},
        "The due date must be on or after",
    ),
    ("finalise", "draft", {}, "Enter the date the plan starts"),
    ("finalise", "draft", {**date_fields("start", date(2026, 3, 9))}, "cannot start in the future"),
    ("discard", "draft", {}, "Choose whether to discard the draft"),
    ("action_status", "active", {}, "Choose the action&#x27;s progress"),
    ("action_status", "active", {"status": "done"}, "Enter the date the action was done"),
    ("action_status", "active", {"status": "not_done"}, "Explain why the action was not done"),
    ("review", "active", {}, "Enter who came to the review"),
    (
        "review",
        "active",
        {
            **date_fields("held_on", date(2026, 3, 2)),
            "attendees": "Mum",
            "progress": "Ok",
            "child_views": "Ok",
            "decision": "continue",
            **date_fields("next_review_on", date(2026, 6, 2)),
            "new_what": "Club",
        },
        "Enter the new action&#x27;s due date",
    ),
    (
        "review",
        "active",
        {
            **date_fields("held_on", date(2026, 3, 2)),
            "attendees": "Mum",
            "progress": "Ok",
            "child_views": "Ok",
            "decision": "continue",
            **date_fields("next_review_on", date(2026, 3, 1)),
        },
        "The next review must be after this one",
    ),
    ("correction", "active", {"correction": "Fix", "reason": ""}, "Enter why the correction is needed"),
    (
        "correction",
        "active",
        {"applies_to": "Made up part", "correction": "Fix", "reason": "Why"},
        "Select a valid choice",
    ),
    ("end", "active", {"reason": "outcomes_met"}, "Enter the date the plan ended"),
    (
        "end",
        "active",
        {**date_fields("end", date(2026, 3, 1)), "reason": "other"},
        "Explain why the plan is ending",
    ),
    (
        "end",
        "active",
        {**date_fields("end", date(2026, 1, 30)), "reason": "outcomes_met"},
        "cannot end before",
    ),
]


@pytest.mark.parametrize(
    ("page", "state", "data", "message"), BAD_INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)]
)
def test_bad_input_on_every_plan_form_shows_the_error_summary_and_saves_nothing(
    client, child, referral, worker, manager, page, state, data, message
):
    if state == "draft":
        complete_draft(child, by=worker, when=at(2026, 2, 2))
    elif state == "active":
        plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
        services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))
    data = {k: (str(worker.pk) if v == "worker" else v) for k, v in data.items()}
    query = ""
    if page == "action_status":
        query = f"?action={PlanAction.objects.first().pk}"
    sign_in(client, manager)
    before = _counts()

    response = client.post(url(page, child, query), data)

    body = response.content.decode()
    assert response.status_code == 200, body[:500]
    assert "There is a problem" in body and "govuk-error-summary" in body
    assert message in body
    assert body.count("<title>Error: ") == 1
    assert _counts() == before


def test_every_plan_page_answers_for_a_child_with_a_draft_and_with_a_finalised_plan(
    client, child, referral, worker, manager
):
    sign_in(client, manager)
    names = [
        "index",
        "start",
        "details",
        "outcome",
        "action",
        "discard",
        "finalise",
        "action_status",
        "review",
        "correction",
        "end",
        "pdf",
    ]

    plan = complete_draft(child, by=worker, when=at(2026, 2, 2))
    draft = {n: client.get(url(n, child)).status_code for n in names}
    services.plan_finalise(plan=plan, by=manager, at=at(2026, 2, 3))
    active = {n: client.get(url(n, child)).status_code for n in names}

    assert draft == {n: 200 for n in names}
    assert active == {**{n: 200 for n in names}, "action_status": 302}
