"""An authorised assessment cannot be changed by any route: the form, the services, the ORM or the admin.
It is put right only by appending a correction with a reason."""

import pytest
from django.urls import reverse
from django.utils import timezone

from carefile.common.models import ChronologyEvent
from carefile.testing.factories import StaffFactory, UserFactory
from carefile.workforce.models import Role

from .. import services
from ..models import Assessment, AssessmentCorrection, AssessmentFactor, AssessmentLocked, InternalReview
from .conftest import COMPLETE, authorised

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(referral, worker, manager):
    return authorised(referral, worker, manager)


def test_the_edit_form_does_not_change_an_authorised_assessment(done, client, worker):
    client.force_login(worker.user)
    data = {**COMPLETE, "analysis": "Rewritten after the event", "submit": "1"}

    response = client.post(reverse("assessments:edit", args=[done.pk]), data)

    assert response.status_code == 302 and response["Location"] == reverse(
        "assessments:detail", args=[done.pk]
    )
    assert Assessment.objects.get().analysis == COMPLETE["analysis"]


def test_the_services_refuse_to_change_an_authorised_assessment(done, worker, manager):
    with pytest.raises(services.AssessmentError, match="authorised and cannot be changed"):
        services.assessment_save_draft(assessment=done, by=worker, at=timezone.now(), **COMPLETE)
    with pytest.raises(services.AssessmentError):
        services.assessment_return(assessment=done, by=manager, at=timezone.now(), comment="Reopen")


def test_saving_an_authorised_assessment_through_the_orm_is_refused(done):
    done.analysis = "Quietly changed"

    with pytest.raises(AssessmentLocked, match="add a correction"):
        done.save()

    assert Assessment.objects.get().analysis == COMPLETE["analysis"]


def test_a_stale_copy_loaded_before_authorisation_cannot_overwrite_it(referral, worker, manager):
    from .conftest import submitted

    assessment = submitted(referral, worker)
    stale = Assessment.objects.get(pk=assessment.pk)
    services.assessment_authorise(assessment=assessment, by=manager, at=timezone.now())
    stale.analysis = "Overwritten"

    with pytest.raises(AssessmentLocked):
        stale.save()


def test_updating_or_deleting_authorised_assessments_in_bulk_is_refused(done):
    with pytest.raises(AssessmentLocked):
        Assessment.objects.filter(pk=done.pk).update(analysis="Bulk change")
    with pytest.raises(AssessmentLocked):
        Assessment.objects.all().delete()
    with pytest.raises(AssessmentLocked):
        done.delete()

    assert Assessment.objects.get().analysis == COMPLETE["analysis"]


def test_the_factors_and_reviews_of_an_authorised_assessment_cannot_change(done):
    factor = done.factors.first()
    review = done.reviews.first()

    with pytest.raises(AssessmentLocked):
        AssessmentFactor.objects.create(assessment=done, code="16A")
    with pytest.raises(AssessmentLocked):
        factor.delete()
    with pytest.raises(AssessmentLocked):
        AssessmentFactor.objects.filter(assessment=done).delete()
    with pytest.raises(AssessmentLocked):
        InternalReview.objects.filter(pk=review.pk).update(notes="Backdated")

    assert sorted(done.factors.values_list("code", flat=True)) == ["3B", "4B"]


def test_the_admin_shows_an_authorised_assessment_but_cannot_change_or_delete_it(done, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:assessments_assessment_change", args=[done.pk])

    page = client.get(url)
    change = client.post(url, {"analysis": "Changed in the admin", "status": "draft"})
    delete = client.post(reverse("admin:assessments_assessment_delete", args=[done.pk]), {"post": "yes"})

    assert page.status_code == 200 and b"Save" not in page.content
    assert change.status_code == 403 and delete.status_code == 403
    assert Assessment.objects.get().analysis == COMPLETE["analysis"]


def test_a_correction_is_appended_with_a_reason(done, worker, child):
    correction = services.assessment_correct(
        assessment=done,
        by=worker,
        at=timezone.now(),
        part="child_voice",
        correction="The words were said to the teacher, not to me.",
        reason="Recorded against the wrong conversation",
    )

    assert AssessmentCorrection.objects.get() == correction
    assert Assessment.objects.get().child_voice == COMPLETE["child_voice"]
    assert ChronologyEvent.objects.filter(person=child, kind="assessment_corrected").exists()


def test_a_correction_needs_a_reason_and_cannot_itself_be_changed(done, worker):
    with pytest.raises(services.AssessmentError, match="reason"):
        services.assessment_correct(
            assessment=done, by=worker, at=timezone.now(), part="analysis", correction="Better", reason=" "
        )
    correction = services.assessment_correct(
        assessment=done, by=worker, at=timezone.now(), part="analysis", correction="Better", reason="Typo"
    )
    correction.reason = "Something else"

    with pytest.raises(AssessmentLocked):
        correction.save()
    with pytest.raises(AssessmentLocked):
        correction.delete()


def test_an_inspector_cannot_correct_an_assessment(done):
    with pytest.raises(services.AssessmentError):
        services.assessment_correct(
            assessment=done,
            by=StaffFactory(role=Role.INSPECTOR),
            at=timezone.now(),
            part="analysis",
            correction="x",
            reason="y",
        )
