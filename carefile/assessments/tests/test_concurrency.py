"""No lost updates on the assessment draft: a second save of a stale form shows both versions, saves
nothing, and a deliberate save after that replaces the saved version (docs/adr/0006)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ..models import Assessment
from .conftest import COMPLETE, start, write

pytestmark = pytest.mark.django_db


def opened(client, url) -> dict:
    """The form as a browser would post it back: the record's values and the version it was filled from."""
    body = client.get(url).content.decode()
    return {**COMPLETE, "record_version": re.search(r'name="record_version" value="([0-9a-f]+)"', body)[1]}


def test_a_second_save_of_a_stale_assessment_shows_both_versions_and_loses_neither(referral, worker, manager):
    assessment = write(start(referral, worker), worker)
    url = reverse("assessments:edit", args=[assessment.pk])
    first, second = Client(), Client()
    first.force_login(worker.user)
    second.force_login(manager.user)
    first_form, second_form = opened(first, url), opened(second, url)

    saved = first.post(url, {**first_form, "analysis": "The worker's analysis, saved first."})
    stale = second.post(url, {**second_form, "analysis": "The manager's analysis, typed at the same time."})

    body = stale.content.decode()
    assert saved.status_code == 302 and stale.status_code == 200
    assert 'class="govuk-error-summary"' in body
    assert "Someone else saved changes to this record while you were editing it" in body
    rows = {c["label"]: (c["saved"], c["yours"]) for c in stale.context["conflicts"]}
    assert rows["Analysis of risk and strengths"] == (
        "The worker's analysis, saved first.",
        "The manager's analysis, typed at the same time.",
    )
    assert "The manager&#x27;s analysis, typed at the same time." in body  # still in the form
    assert Assessment.objects.get().analysis == "The worker's analysis, saved first."

    new_version = re.search(r'name="record_version" value="([0-9a-f]+)"', body)[1]
    again = second.post(
        url,
        {
            **second_form,
            "record_version": new_version,
            "analysis": "The manager's analysis, typed at the same time.",
        },
    )
    assert again.status_code == 302
    assert Assessment.objects.get().analysis == "The manager's analysis, typed at the same time."


def test_a_post_without_a_version_is_treated_as_stale(referral, worker, client):
    assessment = write(start(referral, worker), worker)
    client.force_login(worker.user)

    response = client.post(reverse("assessments:edit", args=[assessment.pk]), {**COMPLETE, "analysis": "X"})

    assert response.status_code == 200 and "Someone else saved changes" in response.content.decode()
    assert Assessment.objects.get().analysis == COMPLETE["analysis"]


def test_a_fresh_form_submits_for_authorisation(referral, worker, client):
    assessment = write(start(referral, worker), worker)
    client.force_login(worker.user)
    url = reverse("assessments:edit", args=[assessment.pk])

    response = client.post(url, {**opened(client, url), "submit": "1"})

    assert response.status_code == 302
    assert Assessment.objects.get().status == "submitted"
