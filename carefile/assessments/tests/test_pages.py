"""The assessment pages: a worker and a manager through the whole journey, GOV.UK errors on bad input with
nothing saved, permissions by role, and the access log on every page of an assessment."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import AccessLog, ChronologyEvent
from carefile.frontdoor.models import Referral
from carefile.testing.factories import PersonFactory, StaffFactory
from carefile.workforce.models import Role

from ..models import Assessment, AssessmentCorrection, AssessmentFactor, AssessmentReturn, InternalReview
from .conftest import COMPLETE, authorised, start, submitted, write

pytestmark = pytest.mark.django_db


def version(client, url) -> dict:
    """The version the edit form at `url` is filled from, to post back with it (optimistic concurrency)."""
    found = re.search(r'name="record_version" value="([0-9a-f]+)"', client.get(url).content.decode())
    return {"record_version": found.group(1)}


def date_fields(name, d):
    return {f"{name}_0": d.day, f"{name}_1": d.month, f"{name}_2": d.year}


def assert_error_summary(response, *messages):
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in body and "There is a problem" in body and "<title>Error:" in body
    for message in messages:
        assert message in body, message


def counts():
    return (
        Assessment.objects.count(),
        AssessmentFactor.objects.count(),
        AssessmentReturn.objects.count(),
        AssessmentCorrection.objects.count(),
        InternalReview.objects.exclude(held_on=None).count(),
        Referral.objects.exclude(closure_date=None).count(),
        ChronologyEvent.objects.count(),
    )


def test_a_worker_and_a_manager_complete_an_assessment_through_the_pages(
    client, referral, worker, manager, child
):
    client.force_login(worker.user)
    child_page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Start an assessment" in child_page

    started = client.post(
        reverse("assessments:start", args=[child.pk]), date_fields("start_date", date(2025, 12, 2))
    )
    assessment = Assessment.objects.get()
    assert started["Location"] == reverse("assessments:edit", args=[assessment.pk])
    edit_page = client.get(started["Location"]).content.decode()
    assert "Abuse and neglect" in edit_page and 'id="id_factors_0"' in edit_page

    saved = client.post(
        started["Location"], {**COMPLETE, **version(client, started["Location"]), "save": "1"}
    )
    sent = client.post(
        started["Location"], {**COMPLETE, **version(client, started["Location"]), "submit": "1"}
    )
    assert saved.status_code == 302 and sent["Location"] == reverse(
        "assessments:detail", args=[assessment.pk]
    )
    assert Assessment.objects.get().status == "submitted"

    client.force_login(manager.user)
    detail = client.get(sent["Location"]).content.decode()
    assert "Authorise or return" in detail
    decided = client.post(reverse("assessments:authorise", args=[assessment.pk]), {"decision": "authorise"})
    assert decided.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "authorised" and assessment.authorised_by == manager

    child_page = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Authorised" in child_page and "Close the episode" in child_page
    chronology = client.get(reverse("people:chronology", args=[child.pk])).content.decode()
    for text in ["Assessment started", "Assessment submitted for authorisation", "Assessment authorised by"]:
        assert text in chronology


def test_a_manager_returns_an_assessment_through_the_page(client, referral, worker, manager):
    assessment = submitted(referral, worker)
    client.force_login(manager.user)

    client.post(
        reverse("assessments:authorise", args=[assessment.pk]),
        {"decision": "return", "comment": "Add the school's view."},
    )

    client.force_login(worker.user)
    edit_page = client.get(reverse("assessments:edit", args=[assessment.pk])).content.decode()
    assert Assessment.objects.get().status == "draft"
    assert "Returned by" in edit_page and "Add the school&#x27;s view." in edit_page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"start_date_0": "", "start_date_1": "", "start_date_2": ""},
            "Enter the date the assessment started",
        ),
        ({"start_date_1": "13"}, "Start date must be a real date"),
        ({"start_date_2": "2025", "start_date_1": "11"}, "on or after the referral date, 1 December 2025"),
        ({"start_date_2": "2099"}, "The start date must be today or in the past"),
    ],
)
def test_a_start_with_a_bad_date_saves_nothing(client, referral, worker, changes, message):
    client.force_login(worker.user)
    before = counts()

    response = client.post(
        reverse("assessments:start", args=[referral.child_id]),
        {**date_fields("start_date", date(2025, 12, 2)), **changes},
    )

    assert_error_summary(response, message)
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"factors": ["21", "16A"], "save": "1"}, "Choose &#x27;No factors identified&#x27; on its own"),
        ({"factors": ["18A"], "save": "1"}, "Select a valid choice"),
        ({"outcome": "adopted", "save": "1"}, "Select a valid choice"),
        ({"child_voice": "", "submit": "1"}, "Record the child&#x27;s voice"),
        ({"factors": [], "submit": "1"}, "Choose the factors identified"),
        ({"outcome": "", "submit": "1"}, "Choose the outcome of the assessment"),
        ({"outcome": "other", "outcome_detail": "", "submit": "1"}, "Explain the outcome"),
        ({"primary_need": "", "submit": "1"}, "Choose the child&#x27;s primary need"),
        ({"factors": ["21"], "submit": "1"}, "fits only an outcome of no further action or early help"),
    ],
)
def test_a_draft_with_bad_or_missing_parts_saves_nothing(client, referral, worker, changes, message):
    assessment = start(referral, worker)
    client.force_login(worker.user)
    before = counts()

    response = client.post(reverse("assessments:edit", args=[assessment.pk]), {**COMPLETE, **changes})

    assert_error_summary(response, message)
    assert counts() == before
    assert Assessment.objects.get().analysis == "" and Assessment.objects.get().status == "draft"


def test_the_error_summary_links_to_the_first_factor_checkbox(client, referral, worker):
    assessment = start(referral, worker)
    client.force_login(worker.user)

    response = client.post(
        reverse("assessments:edit", args=[assessment.pk]), {**COMPLETE, "factors": [], "submit": "1"}
    )

    body = response.content.decode()
    assert '<a href="#id_factors_0">Choose the factors identified' in body and 'id="id_factors_0"' in body


def test_returning_without_a_comment_saves_nothing(client, referral, worker, manager):
    assessment = submitted(referral, worker)
    client.force_login(manager.user)
    before = counts()

    no_choice = client.post(reverse("assessments:authorise", args=[assessment.pk]), {})
    no_comment = client.post(reverse("assessments:authorise", args=[assessment.pk]), {"decision": "return"})

    assert_error_summary(no_choice, "Choose whether to authorise or return the assessment")
    assert_error_summary(no_comment, "Say what needs to change")
    assert counts() == before and Assessment.objects.get().status == "submitted"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"notes": ""}, "Enter the oversight and direction given at the review"),
        ({"review": ""}, "Choose which review was held"),
        ({"held_on_2": "2099"}, "The review date must be today or in the past"),
        ({"held_on_2": "2024"}, "on or after the start of the assessment"),
    ],
)
def test_an_internal_review_with_bad_input_saves_nothing(client, referral, worker, manager, changes, message):
    assessment = start(referral, worker)
    review = assessment.reviews.first()
    client.force_login(manager.user)
    before = counts()

    response = client.post(
        reverse("assessments:review", args=[assessment.pk]),
        {"review": review.pk, **date_fields("held_on", date(2025, 12, 15)), "notes": "On track", **changes},
    )

    assert_error_summary(response, message)
    assert counts() == before


def test_a_manager_records_an_internal_review_through_the_page(client, referral, worker, manager):
    assessment = start(referral, worker)
    review = assessment.reviews.first()
    client.force_login(manager.user)

    response = client.post(
        reverse("assessments:review", args=[assessment.pk]),
        {
            "review": review.pk,
            **date_fields("held_on", date(2025, 12, 15)),
            "notes": "Child seen alone; on track.",
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.held_on == date(2025, 12, 15)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"part": ""}, "Choose what needs correcting"),
        ({"correction": ""}, "Enter the correction"),
        ({"reason": ""}, "Enter the reason for the correction"),
    ],
)
def test_a_correction_with_bad_input_saves_nothing(client, referral, worker, manager, changes, message):
    assessment = authorised(referral, worker, manager)
    client.force_login(worker.user)
    before = counts()

    response = client.post(
        reverse("assessments:correct", args=[assessment.pk]),
        {"part": "analysis", "correction": "The right words", "reason": "Typing error", **changes},
    )

    assert_error_summary(response, message)
    assert counts() == before


def test_a_correction_shows_on_the_assessment(client, referral, worker, manager):
    assessment = authorised(referral, worker, manager)
    client.force_login(worker.user)

    client.post(
        reverse("assessments:correct", args=[assessment.pk]),
        {
            "part": "analysis",
            "correction": "Mother, not grandmother, attended.",
            "reason": "Wrong person named",
        },
    )

    page = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    assert "Mother, not grandmother, attended." in page and "Wrong person named" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Choose the reason for closure"),
        ({"closure_date_0": ""}, "Closure date must include a day"),
        ({"closure_date_2": "2025", "closure_date_1": "11"}, "on or after the referral date"),
        ({"closure_date_2": "2099"}, "The closure date must be today or in the past"),
        ({"reason": "RC8"}, "needs an authorised assessment in this episode"),
        ({"reason": "RC2"}, "date of death"),
    ],
)
def test_a_closure_with_bad_input_saves_nothing(client, referral, manager, changes, message):
    client.force_login(manager.user)
    before = counts()

    response = client.post(
        reverse("assessments:episode_close", args=[referral.child_id]),
        {**date_fields("closure_date", timezone.localdate() - timedelta(days=1)), "reason": "RC7", **changes},
    )

    assert_error_summary(response, message)
    assert counts() == before


def test_an_inspector_reads_an_assessment_but_cannot_change_it(client, referral, worker, manager):
    draft = write(start(referral, worker), worker)
    inspector = StaffFactory(role=Role.INSPECTOR)
    client.force_login(inspector.user)

    detail = client.get(reverse("assessments:detail", args=[draft.pk]))
    edit = client.get(reverse("assessments:edit", args=[draft.pk]))
    start_post = client.post(reverse("assessments:start", args=[referral.child_id]), {})

    assert detail.status_code == 200 and "Continue the assessment" not in detail.content.decode()
    assert edit.status_code == 403 and start_post.status_code == 403


def test_a_social_worker_cannot_authorise_through_the_page(client, referral, worker):
    assessment = submitted(referral, worker)
    other = StaffFactory(role=Role.SOCIAL_WORKER)
    client.force_login(other.user)

    response = client.post(reverse("assessments:authorise", args=[assessment.pk]), {"decision": "authorise"})

    assert response.status_code == 403
    assert Assessment.objects.get().status == "submitted"


def test_every_page_of_an_assessment_records_the_view_of_the_child(client, referral, worker, manager):
    assessment = submitted(referral, worker)
    client.force_login(manager.user)

    for name in ["assessments:detail", "assessments:authorise", "assessments:review"]:
        url = reverse(name, args=[assessment.pk])
        assert client.get(url).status_code == 200
        row = AccessLog.objects.order_by("-id").first()
        assert (row.person_ref, row.view_name, row.path) == (referral.child_id, name, url)


def test_an_assessment_of_a_restricted_child_is_hidden_from_someone_off_its_list(client, team, worker):
    from .conftest import open_referral

    child = PersonFactory(restricted=True, given_name="Hiddenname")
    assessment = start(open_referral(child, team, worker), worker)
    client.force_login(StaffFactory(role=Role.HEAD_OF_SERVICE).user)

    response = client.get(reverse("assessments:detail", args=[assessment.pk]))

    # `person_record` answers for the child: "not found", or the break-glass page where one is registered.
    assert response.status_code in {403, 404} and "Hiddenname" not in response.content.decode()
    assert not AccessLog.objects.filter(person_ref=child.pk).exists()


def test_the_start_page_explains_when_there_is_no_open_episode(client, worker):
    child = PersonFactory()
    client.force_login(worker.user)

    response = client.get(reverse("assessments:start", args=[child.pk]))

    assert response.status_code == 200 and "has no open episode of need" in response.content.decode()


def test_the_start_page_points_to_the_assessment_in_progress(client, referral, worker):
    assessment = start(referral, worker)
    client.force_login(worker.user)

    response = client.get(reverse("assessments:start", args=[referral.child_id]))

    body = response.content.decode()
    assert "already has an assessment in progress" in body
    assert reverse("assessments:detail", args=[assessment.pk]) in body


def test_the_child_page_shows_the_assessment_clocks(client, referral, worker):
    start(referral, worker)
    client.force_login(worker.user)

    body = client.get(reverse("people:detail", args=[referral.child_id])).content.decode()

    assert "Assessment: complete within 45 working days" in body
    assert "Assessment: day 25 management review" in body
